"""The DBML export, read by the DBML CLI (``@dbml/cli``'s dbml2sql, pinned in package.json).

pydbml reads it in ``tests/core/exporters/test_dbml.py``; here the reference parser of the
language must accept every case too, and for the demo design (no sequences, which DBML cannot
create) the SQL that dbml2sql writes from our DBML builds the same tables, columns and foreign
keys in PostgreSQL as the design has.
"""

from __future__ import annotations

import pytest

from designer.core.exporters import export
from tests.conformance.materialize import BIN, run, workspace
from tests.support.cases import CASES, load_case
from tests.support.catalog import snapshot
from tests.support.pgdb import run_sql, scratch_database

pytestmark = pytest.mark.conformance


def dbml2sql(text: str) -> str:
    with workspace({"schema.dbml": text}) as root:  # dbml2sql leaves dbml-error.log in its folder
        return run([str(BIN / "dbml2sql"), "--postgres", "schema.dbml"], root)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_dbml_cli_reads_every_case(name: str) -> None:
    schema = load_case(name)
    sql = dbml2sql(export(schema, "dbml").main)
    assert sql.count("CREATE TABLE ") == len(schema.tables)


@pytest.mark.postgres
def test_the_dbml_clis_sql_builds_the_designs_tables_columns_and_keys() -> None:
    schema = load_case("fitness")
    with scratch_database("dbmlcli") as url:
        run_sql(url, dbml2sql(export(schema, "dbml").main))
        tables = snapshot(url)["tables"]
    assert set(tables) == {f"{t.namespace}.{t.name}" for t in schema.tables}
    for table in schema.tables:
        got = tables[f"{table.namespace}.{table.name}"]
        assert [c["name"] for c in got["columns"]] == [c.name for c in table.columns]
        assert [c["not_null"] for c in got["columns"]] == [not c.nullable for c in table.columns]
        kinds = sorted(c["type"] for c in got["constraints"].values())
        assert kinds.count("f") == len(table.foreign_keys)
        assert kinds.count("p") == (table.primary_key is not None)

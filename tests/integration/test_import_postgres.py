"""Imports checked against a real PostgreSQL: a pg_dump of a database the test builds, and the
live database itself, must both come back as the same catalog when exported and applied again."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from designer.core import document, ir
from designer.core.exporters import export
from designer.core.importers import ImportFailed, import_source
from projects.introspect import IntrospectionError, import_database, redact
from tests.support.catalog import differences, snapshot
from tests.support.pgdb import run_sql, scratch_database

pytestmark = pytest.mark.postgres

RICH = Path(__file__).resolve().parent.parent / "cases" / "rich.json"


def rich_sql() -> str:
    return export(document.loads(RICH.read_text("utf-8")), "sql").main


def pg_dump(url: str) -> str:
    return subprocess.run(["pg_dump", "--schema-only", "-d", url], capture_output=True, text=True,
                          check=True).stdout


def same_catalog_after_export(original_url: str, schema: ir.Schema) -> list[str]:
    """Export ``schema`` to SQL, apply it to a fresh database, compare catalogs with ``original_url``."""
    with scratch_database("reimport") as url:
        run_sql(url, export(schema, "sql").main)
        return differences(snapshot(original_url), snapshot(url))


def by_name(schema: ir.Schema) -> ir.Schema:
    """The schema in name order: a dump sorts by name, the catalog lists in creation order."""
    def table(t: ir.Table) -> ir.Table:
        return replace(t, foreign_keys=tuple(sorted(t.foreign_keys, key=lambda f: f.name)),
                       indexes=tuple(sorted(t.indexes, key=lambda i: i.name)),
                       uniques=tuple(sorted(t.uniques, key=lambda u: u.name)),
                       checks=tuple(sorted(t.checks, key=lambda c: c.name)))
    return replace(schema, tables=tuple(sorted((table(t) for t in schema.tables), key=lambda t: t.key)),
                   enums=tuple(sorted(schema.enums, key=lambda e: e.key)))


def test_pg_dump_of_a_built_database_imports_to_the_same_catalog(scratch_db: str) -> None:
    run_sql(scratch_db, rich_sql())
    dump = pg_dump(scratch_db)
    result = import_source({"rich.dump.sql": dump}, "sql")
    assert result.summary.tables == 9 and result.summary.enums == 3
    if "\n\\restrict " in dump:  # pg_dump 15.14 and later fence the script with \restrict ... \unrestrict
        assert result.summary.skipped["psql \\restrict"] == result.summary.skipped["psql \\unrestrict"] == 1
    assert "SET" in result.summary.skipped and "ALTER TABLE ... OWNER TO" in result.summary.skipped
    assert same_catalog_after_export(scratch_db, result.schema) == []


def test_live_database_imports_to_the_same_catalog_and_matches_its_dump(scratch_db: str) -> None:
    run_sql(scratch_db, rich_sql() + "\nCREATE VIEW live_accounts AS SELECT id FROM accounts;\n")
    live = import_database(scratch_db)
    assert live.summary.tables == 9 and live.summary.skipped == {"view": 1}
    assert same_catalog_after_export(scratch_db, live.schema) == []
    dumped = import_source(pg_dump(scratch_db), "sql", name=live.schema.name)
    assert by_name(live.schema) == by_name(dumped.schema)


def test_live_import_of_chosen_schemas_only(scratch_db: str) -> None:
    run_sql(scratch_db, "CREATE SCHEMA a; CREATE SCHEMA b; CREATE TABLE a.t (id int PRIMARY KEY);"
                        "CREATE TABLE b.u (id int PRIMARY KEY); CREATE TABLE public.v (id int);")
    result = import_database(scratch_db, ["a"])
    assert [t.path for t in result.schema.tables] == ["a.t"]
    with pytest.raises(ImportFailed, match="no schema nope"):
        import_database(scratch_db, ["nope"])


def test_an_unreachable_database_fails_without_showing_the_password() -> None:
    url = "postgresql://someone:s3cr%40t-pw@127.0.0.1:1/nowhere"
    with pytest.raises(IntrospectionError) as failure:
        import_database(url)
    text = str(failure.value)
    assert "cannot read the database" in text
    assert "s3cr" not in text and "***" in text


def test_redact_removes_raw_and_decoded_passwords() -> None:
    url = "postgresql://u:p%40ss@h/db"
    assert redact(f"failed for {url} with p@ss and password=p@ss", url) == \
        "failed for postgresql://u:***@h/db with *** and password=***"

"""The Sequelize export, proven by Sequelize 6 itself (pinned in package.json) and node.

For every case: ``node --check`` accepts every file; the migration's ``up``, run through
queryInterface by ``sequelize_run.js``, builds a database that, read back from pg_catalog,
equals the one the SQL export builds apart from differences the exporter reported as
diagnostics on those very objects; ``down`` leaves the database empty. Separately,
``sequelize.sync()`` of the models builds another database, compared the same way: what models
cannot declare (checks, constraint names, composite keys...) must each be announced.
Hypothesis then tries hostile names and comments: every file still parses and the migration
builds exactly them.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from designer.core import ir
from designer.core.diagnostics import Diagnostic
from designer.core.exporters import ExportResult, export
from tests.conformance.coverage import Explains, table_path, uncovered
from tests.conformance.materialize import run, workspace
from tests.support.cases import CASES, load_case
from tests.support.catalog import snapshot
from tests.support.pgdb import run_sql, scratch_database
from tests.support.strategies import schemas

pytestmark = [pytest.mark.conformance, pytest.mark.postgres]

RUNNER = Path(__file__).resolve().parent / "sequelize_run.js"

#: The migration builds exactly the design: no diagnostic may explain a difference.
MIGRATION_EXPLAINS: Explains = {}

#: Which differences each diagnostic about ``sync()`` announces (on the object it names).
SYNC_EXPLAINS: Explains = {
    "sequelize.sync-check": {("constraints", "missing")},
    # The rule is there, as a unique index of the same name rather than a constraint.
    "sequelize.sync-unique-index": {("constraints", "missing"), ("indexes", "unexpected")},
    "sequelize.sync-nulls-not-distinct": {("indexes", "definition")},
    "sequelize.sync-index": {("indexes", "missing")},
    "sequelize.sync-identity": {("columns", "identity")},
    "sequelize.sync-composite-fk": {("constraints", "missing")},
    "sequelize.sync-late-fk": {("constraints", "missing")},
    "sequelize.sync-deferrable": {("constraints", "definition")},
}


def node(root: Path, *args: str) -> str:
    return run(["node", *args], root)


def check_syntax(root: Path, result: ExportResult) -> None:
    for path in result.files:
        node(root, "--check", str(root / path))


def baseline(schema: ir.Schema) -> dict[str, Any]:
    with scratch_database("sqlbase") as url:
        run_sql(url, export(schema, "sql").main)
        return snapshot(url)


@functools.cache
def case_baseline(name: str) -> dict[str, Any]:
    """The SQL export's database of a case, built once for every test that compares with it."""
    return baseline(load_case(name))


def assert_covered(expected: dict[str, Any], actual: dict[str, Any], result: ExportResult,
                   explains: Explains) -> None:
    missing = uncovered(expected, actual, result.diagnostics, explains)
    assert not missing, "differences no diagnostic announced:\n" + "\n".join(map(str, missing))


def announced(diagnostics: tuple[Diagnostic, ...], code: str) -> set[str]:
    return {d.path for d in diagnostics if d.code == code}


def sync_normalized(expected: dict[str, Any], actual: dict[str, Any],
                    diagnostics: tuple[Diagnostic, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two snapshots with what the exporter announced about ``sync()`` taken out.

    - A table announced as ``sequelize.sync-quoted-name`` cannot be built by sync() at all
      (Sequelize drops quotes from names): it leaves both pictures.
    - Models cannot name a primary or foreign key (``sequelize.sync-pk-name``,
      ``sequelize.sync-fk-name``), so PostgreSQL names them: the key of the same kind on the
      same columns gets its designed name back. Its definition is still compared.
    """
    expected, actual = copy.deepcopy(expected), copy.deepcopy(actual)
    for key in [k for k in expected["tables"] if table_path(k) in announced(diagnostics, "sequelize.sync-quoted-name")]:
        del expected["tables"][key]
        actual["tables"].pop(key, None)
    renamed = announced(diagnostics, "sequelize.sync-pk-name") | announced(diagnostics, "sequelize.sync-fk-name")
    for key, table in expected["tables"].items():
        got = actual["tables"].get(key)
        if got is None:
            continue
        for name, constraint in table["constraints"].items():
            if f"{table_path(key)}.{name}" not in renamed or name in got["constraints"]:
                continue
            head = _key_head(constraint["definition"])
            twins = [n for n, c in got["constraints"].items() if n not in table["constraints"]
                     and c["type"] == constraint["type"] and _key_head(c["definition"]) == head]
            if len(twins) == 1:
                got["constraints"][name] = got["constraints"].pop(twins[0])
    return expected, actual


def _key_head(definition: str) -> str:
    """``PRIMARY KEY (a, b)`` / ``FOREIGN KEY (a) REFERENCES t(b)``: the definition without its actions."""
    return definition.split(" ON ", 1)[0].split(" DEFERRABLE", 1)[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_file_parses(name: str) -> None:
    result = export(load_case(name), "sequelize")
    with workspace(result.files) as root:
        check_syntax(root, result)


@pytest.mark.parametrize("name", sorted(CASES))
def test_migration_up_builds_the_database_of_the_sql_export_and_down_empties_it(name: str) -> None:
    schema = load_case(name)
    result = export(schema, "sequelize")
    with workspace(result.files) as root, scratch_database("sequelize") as url:
        empty = snapshot(url)
        node(root, str(RUNNER), str(root), url, "up")
        actual = snapshot(url)
        node(root, str(RUNNER), str(root), url, "down")
        assert snapshot(url) == empty
    assert_covered(case_baseline(name), actual, result, MIGRATION_EXPLAINS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_sync_of_the_models_differs_only_where_announced(name: str) -> None:
    schema = load_case(name)
    result = export(schema, "sequelize")
    with workspace(result.files) as root, scratch_database("sequelize_sync") as url:
        node(root, str(RUNNER), str(root), url, "sync")
        actual = snapshot(url)
    expected, actual = sync_normalized(case_baseline(name), actual, result.diagnostics)
    assert_covered(expected, actual, result, SYNC_EXPLAINS)


# Each example runs node three times: no shrinking (minutes), the failing schema is printed as is.
@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(schema=schemas(names="hostile", max_tables=3))
def test_hostile_names_reach_the_database_unchanged(schema: ir.Schema) -> None:
    result = export(schema, "sequelize")
    with workspace(result.files) as root, scratch_database("sequelize") as url:
        check_syntax(root, result)
        node(root, str(RUNNER), str(root), url, "up")
        actual = snapshot(url)
        node(root, str(RUNNER), str(root), url, "down")
        assert not snapshot(url)["tables"]
    assert set(actual["tables"]) == {f"{t.namespace}.{t.name}" for t in schema.tables}
    assert_covered(baseline(schema), actual, result, MIGRATION_EXPLAINS)

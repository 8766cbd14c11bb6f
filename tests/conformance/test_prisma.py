"""The Prisma export, proven by Prisma's own toolchain (Prisma 7, pinned in package.json).

For every case: ``prisma validate`` accepts the schema and ``prisma format`` leaves it as it is;
Prisma's schema engine (its WebAssembly build, as the CLI cannot fetch its native one offline)
writes the migration from an empty database, psql applies it and then ``constraints.sql``; the
database read back from pg_catalog equals the one the SQL export builds, apart from differences
the exporter reported as diagnostics on those very objects (``EXPLAINS``). Hypothesis then tries
hostile names and comments: the schema still validates and the database holds exactly those names.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from designer.core import ir
from designer.core.exporters import ExportResult, export
from designer.core.exporters.prisma import PrismaExporter
from tests.conformance.coverage import Explains, uncovered
from tests.conformance.hostile import PRISMA_ENUM_VALUES, PRISMA_NAMES, without
from tests.conformance.materialize import prisma_format, prisma_migration_sql, prisma_validate, workspace
from tests.support.cases import CASES, load_case
from tests.support.catalog import snapshot
from tests.support.pgdb import run_sql, scratch_database
from tests.support.strategies import schemas

pytestmark = [pytest.mark.conformance, pytest.mark.postgres]

SCHEMA = PrismaExporter.SCHEMA_PATH
EXTRAS = PrismaExporter.SQL_PATH

#: Which database differences each Prisma diagnostic announces. Anything else is a failure.
EXPLAINS: Explains = {
    # constraints.sql re-creates a generated column at the end of its table.
    "prisma.generated-column": {("table", "order")},
    # Prisma's now() is a database default where the design has a client-side one.
    "prisma.client-default": {("columns", "default")},
}


def build(schema: ir.Schema, url: str, result: ExportResult) -> None:
    """Materialize ``result`` into the empty database at ``url`` the way a Prisma user would."""
    with workspace(result.files) as root:
        run_sql(url, prisma_migration_sql(root, SCHEMA, url))
    if EXTRAS in result.files:
        run_sql(url, result.files[EXTRAS])


def baseline(schema: ir.Schema) -> dict[str, Any]:
    with scratch_database("sqlbase") as url:
        run_sql(url, export(schema, "sql").main)
        return snapshot(url)


def materialized(schema: ir.Schema, result: ExportResult) -> dict[str, Any]:
    with scratch_database("prisma") as url:
        build(schema, url, result)
        return snapshot(url)


@pytest.mark.parametrize("name", sorted(CASES))
def test_prisma_validates_and_is_formatted(name: str) -> None:
    result = export(load_case(name), "prisma")
    with workspace(result.files) as root:
        prisma_validate(root, SCHEMA)
        assert prisma_format(root, SCHEMA) == result.files[SCHEMA], "prisma format would change the schema"


def test_partial_indexes_can_stay_out_of_the_schema() -> None:
    """With the preview feature turned off, constraints.sql creates the partial indexes instead."""
    schema = load_case("fitness")
    result = export(schema, "prisma", {"partial_indexes": False})
    assert "previewFeatures" not in result.files[SCHEMA]
    with workspace(result.files) as root:
        prisma_validate(root, SCHEMA)
    missing = uncovered(baseline(schema), materialized(schema, result), result.diagnostics, EXPLAINS)
    assert not missing, "differences no diagnostic announced:\n" + "\n".join(map(str, missing))


def unsupported(result: ExportResult) -> bool:
    return any(d.code == "prisma.unsupported-name" for d in result.diagnostics)


@pytest.mark.parametrize("name", sorted(CASES))
def test_prisma_builds_the_database_of_the_sql_export(name: str) -> None:
    schema = load_case(name)
    result = export(schema, "prisma")
    if unsupported(result):
        # The exporter's error is true: Prisma's own migration breaks on those names. (When a
        # Prisma release escapes them, this fails and the diagnostic can go.)
        with pytest.raises(AssertionError, match="psql failed"):
            materialized(schema, result)
        # Everything else in the case must still come through: swap just those characters.
        schema = without(schema, PRISMA_NAMES, PRISMA_ENUM_VALUES)
        result = export(schema, "prisma")
        assert not unsupported(result)
    missing = uncovered(baseline(schema), materialized(schema, result), result.diagnostics, EXPLAINS)
    assert not missing, "differences no diagnostic announced:\n" + "\n".join(map(str, missing))


# Each example runs node twice and builds two databases: no shrinking (minutes per failure); the
# failing example is printed as drawn.
@settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(schema=schemas(names="hostile", max_tables=3))
def test_hostile_names_reach_the_database_unchanged(schema: ir.Schema) -> None:
    result = export(schema, "prisma")
    with workspace(result.files) as root:
        prisma_validate(root, SCHEMA)
    if unsupported(result):
        # Only the names Prisma Migrate cannot write change; every other hostile character stays.
        schema = without(schema, PRISMA_NAMES, PRISMA_ENUM_VALUES)
        result = export(schema, "prisma")
        assert not unsupported(result)
    expected, actual = baseline(schema), materialized(schema, result)
    assert set(actual["tables"]) == {f"{t.namespace}.{t.name}" for t in schema.tables}
    missing = uncovered(expected, actual, result.diagnostics, EXPLAINS)
    assert not missing, "differences no diagnostic announced:\n" + "\n".join(map(str, missing))

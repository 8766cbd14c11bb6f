"""The SQL export, applied by psql to real PostgreSQL databases and read back from pg_catalog.

For every case: the plain script builds the design; the idempotent script run twice builds the
same database; and the catalog says what the design says (tables, column types, nullability,
identity, generated columns, literal defaults, constraint names and kinds, indexes, comments).
Hypothesis then throws hostile names and comments at it: nothing may change meaning.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from psycopg import sql

from designer.core import ir
from designer.core.exporters import export
from designer.core.identifiers import DEFAULT_NAMESPACE
from designer.core.types import ColumnType, LogicalType, parse_type
from tests.support.cases import CASES, load_case
from tests.support.catalog import differences, snapshot
from tests.support.pgdb import run_sql, scratch_database
from tests.support.strategies import schemas

pytestmark = pytest.mark.postgres


def build(schema: ir.Schema) -> tuple[str, str]:
    """The plain and the idempotent script."""
    return export(schema, "sql").main, export(schema, "sql", {"idempotent": True}).main


def key(namespace: str, name: str) -> str:
    return f"{namespace}.{name}"


def same_type(catalog: ColumnType, design: ColumnType) -> bool:
    """Equal types as PostgreSQL sees them: ``numeric(p)`` is ``numeric(p,0)``, and an array of any
    declared dimensions is one array type (``format_type`` says ``integer[]`` for ``integer[][]``)."""
    if design.logical is LogicalType.NUMERIC and design.precision is not None and design.scale is None:
        design = replace(design, scale=0)
    return catalog == replace(design, array_dims=min(design.array_dims, 1))


def assert_catalog_matches(schema: ir.Schema, url: str, snap: dict[str, Any]) -> None:
    """The database at ``url`` (whose snapshot is ``snap``) holds exactly the design."""
    assert set(snap["schemas"]) == {DEFAULT_NAMESPACE, *(n.name for n in schema.namespaces)}
    assert snap["enums"] == {key(e.namespace, e.name): list(e.values) for e in schema.enums}
    assert set(snap["tables"]) == {key(t.namespace, t.name) for t in schema.tables}
    for table in schema.tables:
        got = snap["tables"][key(table.namespace, table.name)]
        where = table.path
        assert got["comment"] == table.comment, where
        assert [c["name"] for c in got["columns"]] == [c.name for c in table.columns], where
        for column, col in zip(table.columns, got["columns"], strict=True):
            at = f"{where}.{column.name}"
            assert same_type(parse_type(col["type"], schema.enum_keys()), column.type), (at, col["type"])
            assert col["not_null"] == (not column.nullable), at
            assert col["identity"] == ({ir.Identity.ALWAYS: "a", ir.Identity.BY_DEFAULT: "d"}[column.identity]
                                       if column.identity else None), at
            assert (col["generated"] is None) == (column.generated is None), at
            has_default = column.default is not None and column.default.kind is not ir.DefaultKind.CLIENT
            assert (col["default"] is not None) == has_default, at
            assert col["comment"] == column.comment, at
        constraints = got["constraints"]
        expected = {u.name: "u" for u in table.uniques if u.where is None}
        expected |= {c.name: "c" for c in table.checks} | {fk.name: "f" for fk in table.foreign_keys}
        if table.primary_key is not None and table.primary_key.name is not None:
            expected[table.primary_key.name] = "p"
        assert {n: c["type"] for n, c in constraints.items() if n in expected} == expected, where
        unnamed_pk = table.primary_key is not None and table.primary_key.name is None
        assert len(constraints) == len(expected) + unnamed_pk, (where, sorted(constraints))
        for fk in table.foreign_keys:
            definition = constraints[fk.name]["definition"]
            for action, label in ((fk.on_delete, "ON DELETE"), (fk.on_update, "ON UPDATE")):
                assert (f"{label} {action.sql}" in definition) == (action is not ir.Action.NO_ACTION), definition
            assert ("DEFERRABLE" in definition) == fk.deferrable, definition
            assert ("INITIALLY DEFERRED" in definition) == fk.initially_deferred, definition
        for u in table.uniques:
            definition = constraints[u.name]["definition"] if u.where is None else got["indexes"][u.name]
            assert ("NULLS NOT DISTINCT" in definition) == u.nulls_not_distinct, definition
        partial = {u.name for u in table.uniques if u.where is not None}
        assert set(got["indexes"]) == partial | {i.name for i in table.indexes}, where
    assert_literal_defaults(schema, url)
    assert_type_and_schema_comments(schema, url)


def assert_literal_defaults(schema: ir.Schema, url: str) -> None:
    """Each literal default, evaluated by PostgreSQL, gives back the design's text exactly."""
    with psycopg.connect(url) as conn:
        for table in schema.tables:
            for column in table.columns:
                if column.default is None or column.default.kind is not ir.DefaultKind.LITERAL:
                    continue
                row = conn.execute(
                    "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "
                    "ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                    "JOIN pg_class r ON r.oid = d.adrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
                    "WHERE n.nspname = %s AND r.relname = %s AND a.attname = %s",
                    (table.namespace, table.name, column.name)).fetchone()
                assert row is not None
                value = conn.execute(f"SELECT ({row[0]})::text").fetchone()
                assert value is not None
                expected = column.default.value
                if column.type.logical is LogicalType.BOOLEAN:
                    expected = expected.lower()
                assert value[0] == expected, (table.path, column.name, row[0])


def assert_type_and_schema_comments(schema: ir.Schema, url: str) -> None:
    with psycopg.connect(url) as conn:
        for enum in schema.enums:
            row = conn.execute(
                "SELECT obj_description(t.oid, 'pg_type') FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                "WHERE n.nspname = %s AND t.typname = %s", (enum.namespace, enum.name)).fetchone()
            assert row is not None and row[0] == enum.comment, enum.path
        for namespace in schema.namespaces:
            row = conn.execute("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
                               (namespace.name,)).fetchone()
            assert row is not None and row[0] == namespace.comment, namespace.name


def assert_builds_the_design(schema: ir.Schema, once: str, twice: str) -> None:
    """Plain script into ``once``, idempotent script twice into ``twice``: same database, the design's."""
    plain, idempotent = build(schema)
    run_sql(once, plain)
    run_sql(twice, idempotent)
    run_sql(twice, idempotent)
    built, rebuilt = snapshot(once), snapshot(twice)
    assert differences(built, rebuilt) == []
    assert_catalog_matches(schema, once, built)


def empty(url: str) -> None:
    """Drop every user schema and recreate ``public``: an empty database without CREATE DATABASE."""
    with psycopg.connect(url, autocommit=True) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND nspname NOT LIKE 'pg\\_%'").fetchall()]
        for name in names:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
        conn.execute("CREATE SCHEMA public")


@pytest.mark.parametrize("name", sorted(CASES))
def test_sql_export_builds_the_design_and_the_idempotent_script_runs_twice(name: str) -> None:
    with scratch_database("sqlexport") as once, scratch_database("sqlexport") as twice:
        assert_builds_the_design(load_case(name), once, twice)


def test_hostile_names_and_comments_reach_the_catalog_unchanged() -> None:
    """Quotes, ``$$``, backslashes, newlines and comment markers in any name cannot inject SQL."""
    with scratch_database("sqlexport") as once, scratch_database("sqlexport") as twice:

        @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(schemas(names="hostile"))
        def check(schema: ir.Schema) -> None:
            empty(once)
            empty(twice)
            assert_builds_the_design(schema, once, twice)

        check()


def test_the_script_without_transaction_builds_the_same_database() -> None:
    """``transaction=False`` (for designs too big for one transaction's locks) builds what the plain script builds."""
    schema = load_case("rich")
    with scratch_database("sqlexport") as wrapped, scratch_database("sqlexport") as bare:
        run_sql(wrapped, export(schema, "sql").main)
        run_sql(bare, export(schema, "sql", {"transaction": False}).main)
        assert differences(snapshot(wrapped), snapshot(bare)) == []


def test_cycle_case_needs_alter_table_for_the_cycle_only() -> None:
    """The cycle case is applied in one pass although its tables reference each other."""
    plain, _ = build(load_case("cycle"))
    assert "Foreign keys that close a cycle" in plain
    with scratch_database("sqlexport") as url:
        run_sql(url, plain)
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f'").fetchone()
    assert row is not None and row[0] == sum(len(t.foreign_keys) for t in load_case("cycle").tables)

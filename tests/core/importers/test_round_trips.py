"""``import(export(schema)) == schema`` for every format with both an exporter and an importer.

Where a format cannot say something, the comparison is made modulo that documented loss (each
``*_view`` below lists them, and the exporters diagnose every one); everything else must come
back exactly. Expressions are compared in the importers' canonical spelling (``canonical_schema``).
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from designer.core import ir
from designer.core.exporters import export
from designer.core.importers import import_source
from designer.core.importers.canonical import canonical_schema
from tests.support.strategies import schemas

ROUND_TRIP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def design_only_removed(schema: ir.Schema) -> ir.Schema:
    """Without what only the designer holds: groups, tags, notes, positions, relation names, the schema comment."""
    return replace(
        schema, groups=(), notes=(), comment=None,
        tables=tuple(replace(t, tags=(), group=None, position=None, orm_name=None,
                             columns=tuple(replace(c, orm_name=None) for c in t.columns),
                             foreign_keys=tuple(replace(fk, relation_name=None, back_relation_name=None)
                                                for fk in t.foreign_keys))
                     for t in schema.tables))


def sql_view(schema: ir.Schema) -> ir.Schema:
    return design_only_removed(canonical_schema(schema))


def prisma_view(schema: ir.Schema) -> ir.Schema:
    """Prisma cannot declare checks, deferrable keys, NULLS NOT DISTINCT, NOT NULL arrays or identity (it
    writes serials); the exporter puts them in constraints.sql, which the Prisma importer does not read."""
    schema = canonical_schema(schema)
    tables = []
    for t in schema.tables:
        columns = tuple(
            replace(c, identity=None, default=ir.Default.sequence(f"{t.name}_{c.name}_seq")) if c.identity
            else replace(c, nullable=True) if c.type.array_dims else c
            for c in t.columns)
        tables.append(replace(
            t, columns=columns, checks=(), tags=(), group=None, position=None,
            uniques=tuple(replace(u, nulls_not_distinct=False) for u in t.uniques),
            foreign_keys=tuple(replace(fk, deferrable=False, initially_deferred=False) for fk in t.foreign_keys)))
    return replace(schema, tables=tuple(tables), groups=(), notes=(), comment=None)


def dbml_view(schema: ir.Schema) -> ir.Schema:
    """DBML has no partial indexes, index order, checks, constraint kinds or enum comments."""
    schema = design_only_removed(canonical_schema(schema))
    tables = []
    for t in schema.tables:
        uniques = [replace(u, where=None, nulls_not_distinct=False) for u in t.uniques]
        indexes = []
        for i in t.indexes:
            elements = tuple(replace(e, descending=False, nulls=None, opclass=None) for e in i.elements)
            if i.unique and i.method is ir.IndexMethod.BTREE and all(e.column for e in elements):
                uniques.append(ir.Unique(i.name, i.columns))
            else:
                indexes.append(replace(i, elements=elements, where=None, include=()))
        tables.append(replace(t, uniques=tuple(uniques), indexes=tuple(indexes), checks=()))
    return replace(schema, tables=tuple(tables), enums=tuple(replace(e, comment=None) for e in schema.enums))


@ROUND_TRIP
@given(schemas(names="hostile"))
def test_json_round_trip_is_exact(schema: ir.Schema) -> None:
    assert import_source(export(schema, "json").files, "json", name=schema.name).schema == schema


@ROUND_TRIP
@given(schemas(names="quoted"))
def test_sql_round_trip(schema: ir.Schema) -> None:
    result = export(schema, "sql")
    assert import_source(result.files, "sql", name=schema.name).schema == sql_view(schema)


@ROUND_TRIP
@given(schemas(names="plain"))
def test_prisma_round_trip(schema: ir.Schema) -> None:
    result = export(schema, "prisma")
    files = {path: text for path, text in result.files.items() if path.endswith(".prisma")}
    imported = import_source(files, "prisma", name=schema.name).schema
    assert design_only_removed(imported) == design_only_removed(prisma_view(schema))


@ROUND_TRIP
@given(schemas(names="plain"))
def test_dbml_round_trip(schema: ir.Schema) -> None:
    result = export(schema, "dbml")
    imported = import_source(result.files, "dbml", name=schema.name).schema
    assert design_only_removed(imported) == dbml_view(schema)

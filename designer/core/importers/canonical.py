"""The canonical spelling of a schema's SQL expressions, as every importer writes them.

Importers print expressions with pglast's ``RawStream`` (``pgtree.deparse``), so a check
written ``(a>0)`` and one written ``a > 0`` import as the same text. A schema designed by hand
(or by an exporter's test) can spell them differently; :func:`canonical_schema` respells them
so the two compare with ``==``.
"""

from __future__ import annotations

from dataclasses import replace

from designer.core import ir
from designer.core.importers.pgtree import canonical_expression


def _opt(text: str | None) -> str | None:
    return None if text is None else canonical_expression(text)


def canonical_column(column: ir.Column) -> ir.Column:
    default = column.default
    if default is not None and default.kind is ir.DefaultKind.EXPRESSION:
        default = ir.Default.expression(canonical_expression(default.value))
    return replace(column, default=default, generated=_opt(column.generated))


def canonical_table(table: ir.Table) -> ir.Table:
    return replace(
        table,
        columns=tuple(canonical_column(c) for c in table.columns),
        uniques=tuple(replace(u, where=_opt(u.where)) for u in table.uniques),
        indexes=tuple(replace(i, where=_opt(i.where), elements=tuple(
            replace(e, expression=_opt(e.expression)) for e in i.elements)) for i in table.indexes),
        checks=tuple(replace(c, expression=canonical_expression(c.expression)) for c in table.checks),
    )


def canonical_schema(schema: ir.Schema) -> ir.Schema:
    """``schema`` with every SQL expression in the importers' canonical spelling."""
    return replace(schema, tables=tuple(canonical_table(t) for t in schema.tables))

"""Column layout: how much alignment padding a column order costs (types.column-alignment).

PostgreSQL aligns each fixed-width value to its type's alignment (``pg_type.typalign``), so a
boolean followed by a bigint wastes seven bytes in every row. Fixes that add columns use
:func:`best_position` so they do not create the padding this rule reports.
"""

from __future__ import annotations

from designer.core import ir
from designer.core.types import LogicalType

#: (size, alignment) of fixed-width types (pg_type.typlen, typalign).
FIXED: dict[LogicalType, tuple[int, int]] = {
    LogicalType.SMALLINT: (2, 2), LogicalType.INTEGER: (4, 4), LogicalType.BIGINT: (8, 8),
    LogicalType.REAL: (4, 4), LogicalType.DOUBLE: (8, 8), LogicalType.BOOLEAN: (1, 1), LogicalType.DATE: (4, 4),
    LogicalType.TIME: (8, 8), LogicalType.TIMETZ: (12, 8), LogicalType.TIMESTAMP: (8, 8),
    LogicalType.TIMESTAMPTZ: (8, 8), LogicalType.INTERVAL: (16, 8), LogicalType.UUID: (16, 1),
    LogicalType.MONEY: (8, 8), LogicalType.MACADDR: (6, 4), LogicalType.ENUM: (4, 4),
}
VARIABLE = (1, 1)
"""A variable-width value counts as a short one with a one-byte header."""


def layout(column: ir.Column) -> tuple[int, int]:
    """(size, alignment) of a column's values."""
    return VARIABLE if column.type.array_dims else FIXED.get(column.type.logical, VARIABLE)


def padding(layouts: list[tuple[int, int]]) -> int:
    """Bytes of alignment padding in a row whose columns have ``layouts``, in that order."""
    offset = total = 0
    for size, align in layouts:
        gap = -offset % align
        total += gap
        offset += gap + size
    return total


def ideal_order(table: ir.Table, layouts: list[tuple[int, int]]) -> list[int]:
    """Column positions in the padding-free order: the primary key first, then fixed widths widest first."""
    pk = set(table.primary_key.columns) if table.primary_key else set()
    head = [i for i, c in enumerate(table.columns) if c.name in pk]
    rest = [i for i, c in enumerate(table.columns) if c.name not in pk]
    rest.sort(key=lambda i: (layouts[i] is VARIABLE, -layouts[i][1]))
    return head + rest


def best_position(columns: list[ir.Column], new: ir.Column, after: int = 0) -> int:
    """Where to insert ``new`` among ``columns`` (not before position ``after``) with the least
    padding; the last such place, so new columns go to the end when the order does not matter."""
    layouts = [layout(c) for c in columns]
    mine = layout(new)
    best, best_padding = len(columns), None
    for position in range(len(columns), after - 1, -1):
        cost = padding(layouts[:position] + [mine] + layouts[position:])
        if best_padding is None or cost < best_padding:
            best, best_padding = position, cost
    return best

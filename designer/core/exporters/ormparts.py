"""Pieces the ORM exporters (Prisma, Drizzle) share: who references a table, and audit columns."""

from __future__ import annotations

import re
from functools import lru_cache

from designer.core import ir
from designer.core.exporters import naming
from designer.core.types import LogicalType

TableKey = tuple[str, str]

_UPDATED_AT = re.compile(r"updated_?at", re.IGNORECASE)
_TIMESTAMPS = frozenset({LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ})


def referrers(schema: ir.Schema) -> dict[TableKey, list[tuple[ir.Table, ir.ForeignKey]]]:
    """Every (table, foreign key) pointing at each table, in schema order, built once.

    ``Schema.referencing`` scans every table per call: asking it for each of a thousand tables
    is a million steps; this is one pass.
    """
    out: dict[TableKey, list[tuple[ir.Table, ir.ForeignKey]]] = {t.key: [] for t in schema.tables}
    for table in schema.tables:
        for fk in table.foreign_keys:
            out.setdefault(fk.ref_key, []).append((table, fk))
    return out


def is_updated_at(column: ir.Column) -> bool:
    """An ``updated_at`` / ``updatedAt`` timestamp, which ORMs can maintain on every update."""
    return (column.type.logical in _TIMESTAMPS and not column.type.array_dims
            and _UPDATED_AT.fullmatch(column.name) is not None)


# Name conversions, cached: a design repeats the same column names (id, created_at...) in every
# table, and a thousand-table export would otherwise redo the same regex work thousands of times.


@lru_cache(maxsize=65536)
def camel(name: str) -> str:
    return naming.camel(name)


@lru_cache(maxsize=65536)
def pascal(name: str) -> str:
    return naming.pascal(name)


@lru_cache(maxsize=65536)
def identifier(candidate: str, reserved: frozenset[str] = frozenset(), fallback: str = "x") -> str:
    return naming.identifier(candidate, reserved, fallback)


@lru_cache(maxsize=65536)
def js_string(text: str) -> str:
    return naming.js_string(text)

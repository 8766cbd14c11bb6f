"""Pieces of PostgreSQL text that several exporters need (defaults, literals, names).

The SQL exporter writes them into DDL; the ORM exporters put the same text into
``server_default``, ``sql`...```, ``dbgenerated("...")`` or ``Sequelize.literal``, so all targets
give the database the same default.
"""

from __future__ import annotations

import heapq
import re

from designer.core import ir
from designer.core.identifiers import qualified, quote_identifier
from designer.core.memo import per_schema
from designer.core.types import NUMBER_TYPES, ColumnType, LogicalType

# Enum members bound once: looking one up on its class (``LogicalType.ENUM``) costs a Python-level
# attribute hook in Python 3.11, and these are read for every column of a thousand-table design.
_LITERAL, _EXPRESSION, _SEQUENCE = ir.DefaultKind.LITERAL, ir.DefaultKind.EXPRESSION, ir.DefaultKind.SEQUENCE
_BOOLEAN = LogicalType.BOOLEAN
#: Numbers whose literal default is written bare (money takes a quoted string).
_BARE_NUMBER_TYPES = NUMBER_TYPES - {LogicalType.MONEY}
_BOOLEAN_WORDS = frozenset({"true", "false"})
_NOT_NUMBERS = frozenset({"nan", "inf", "-inf", "infinity", "-infinity"})
#: Text that :func:`string_literal` writes as E'...' (a backslash or a control character).
_NEEDS_ESCAPES = re.compile(r"[\\\x00-\x1f]")


def string_literal(text: str) -> str:
    """A SQL string literal: ``'it''s'``; an E'' literal when it holds a backslash or control character."""
    if _NEEDS_ESCAPES.search(text) is not None:
        escaped = "".join(
            "\\\\" if ch == "\\" else "''" if ch == "'" else f"\\x{ord(ch):02x}" if ord(ch) < 32 else ch for ch in text
        )
        return f"E'{escaped}'"
    return "'" + text.replace("'", "''") + "'"


def literal_sql(value: str, column_type: ColumnType) -> str:
    """A literal default's SQL: numbers and booleans bare, everything else a quoted string."""
    if column_type.array_dims == 0:
        logical = column_type.logical
        if logical in _BARE_NUMBER_TYPES and _is_number(value):
            return value
        if logical is _BOOLEAN and value.lower() in _BOOLEAN_WORDS:
            return value.lower()
    return string_literal(value)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return value.strip() == value and value.lower() not in _NOT_NUMBERS


def default_sql(column: ir.Column) -> str | None:
    """The ``DEFAULT`` expression of a column, or None (client-side defaults have none)."""
    d = column.default
    if d is None:
        return None
    kind = d.kind
    if kind is _EXPRESSION:
        return d.value
    if kind is _LITERAL:
        return literal_sql(d.value, column.type)
    if kind is _SEQUENCE:
        return f"nextval({string_literal(quote_identifier(d.value))}::regclass)"
    return None


def table_sql_name(table: ir.Table) -> str:
    return qualified(table.namespace, table.name)


def columns_sql(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(quote_identifier(n) for n in names)


def dollar_quoted(body: str, tag: str = "") -> str:
    """``body`` as a dollar-quoted string (``$$...$$``) whose delimiter does not occur in it.

    DO blocks hold names and comments in string literals; a ``$$`` inside one of them would
    end a fixed ``$$`` quote early, so the tag grows until the body cannot contain it.
    """
    n = 0
    delimiter = f"${tag}$"
    while delimiter in body:
        n += 1
        delimiter = f"${tag or 'q'}{n}$"
    return f"{delimiter}{body}{delimiter}"


#: (table key, foreign key name): how :func:`dependency_order` names a foreign key.
ForeignKeyRef = tuple[tuple[str, str], str]


@per_schema
def dependency_order(schema: ir.Schema) -> tuple[list[ir.Table], set[ForeignKeyRef]]:
    """The tables in an order where each comes after the tables its foreign keys reference.

    Ties keep the user's order. When foreign keys form a cycle, the earliest remaining table
    is taken anyway and its foreign keys to tables not yet placed are returned as *deferred*:
    a script adds them once every table exists. Self-references are never a dependency (and
    never deferred). Runs in O((tables + foreign keys) log tables).

    Computed once per schema object (the SQL and ORM exporters all ask); the result must not be
    changed.
    """
    position = {(t.namespace, t.name): i for i, t in enumerate(schema.tables)}
    waiting_on: list[set[int]] = [set() for _ in schema.tables]
    dependents: list[list[int]] = [[] for _ in schema.tables]
    # Each foreign key's target position, looked up once (None: a table outside the design).
    targets: list[list[int | None]] = []
    for i, table in enumerate(schema.tables):
        found = [position.get((fk.ref_namespace, fk.ref_table)) for fk in table.foreign_keys]
        targets.append(found)
        for j in found:
            if j is not None and j != i and j not in waiting_on[i]:
                waiting_on[i].add(j)
                dependents[j].append(i)
    remaining = [len(w) for w in waiting_on]
    ready = [i for i, n in enumerate(remaining) if n == 0]
    heapq.heapify(ready)
    placed = [False] * len(schema.tables)
    order: list[ir.Table] = []
    deferred: set[ForeignKeyRef] = set()
    next_unplaced = 0
    while len(order) < len(schema.tables):
        if ready:
            i = heapq.heappop(ready)
            if placed[i]:
                continue
        else:  # a cycle: take the earliest table still waiting
            while placed[next_unplaced]:
                next_unplaced += 1
            i = next_unplaced
        table = schema.tables[i]
        for fk, j in zip(table.foreign_keys, targets[i], strict=True):
            if j is not None and j != i and not placed[j]:
                deferred.add((table.key, fk.name))
        placed[i] = True
        order.append(table)
        for k in dependents[i]:
            remaining[k] -= 1
            if remaining[k] == 0 and not placed[k]:
                heapq.heappush(ready, k)
    return order, deferred


def unique_columns(table: ir.Table) -> list[str]:
    """Columns unique on their own in every row: a one-column UNIQUE, or a one-column unique
    index without condition (the "UK" marker of docs and diagrams), in column order."""
    found = {u.columns[0] for u in table.uniques if u.where is None and len(u.columns) == 1}
    found |= {i.columns[0] for i in table.indexes
              if i.unique and i.where is None and len(i.elements) == 1 and i.elements[0].is_plain}
    return [c.name for c in table.columns if c.name in found]


@per_schema
def sequence_users(schema: ir.Schema) -> dict[str, list[tuple[ir.Table, ir.Column]]]:
    """Each sequence that a column default draws from, with the columns that use it, in schema order.

    Computed once per schema object; the result must not be changed.
    """
    users: dict[str, list[tuple[ir.Table, ir.Column]]] = {}
    for table in schema.tables:
        for column in table.columns:
            default = column.default
            if default is not None and default.kind is _SEQUENCE:
                users.setdefault(default.value, []).append((table, column))
    return users

"""Hostile designs that an ORM's own migration tool can still write correctly.

Prisma Migrate and drizzle-kit put names between double quotes without doubling the ``"``
inside; Prisma writes enum values between single quotes without doubling the ``'``; drizzle-kit
keeps constraints in its snapshot as ``;``/``,``-joined strings. The exporters report such names
as errors (``prisma.unsupported-name``, ``drizzle.unsupported-name``), since no spelling of the
schema avoids them. To still push every *other* hostile character through the tools, the
conformance tests replace just those characters with look-alikes (typographic quotes, full-width
punctuation) when the exporter reports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from designer.core import edits, ir

#: What Prisma Migrate cannot write: a double quote in a name, a single quote in an enum value.
PRISMA_NAMES = {'"': "\u201d"}
PRISMA_ENUM_VALUES = {"'": "\u2019"}
#: What drizzle-kit cannot write: a double quote, and its snapshot separators.
DRIZZLE_NAMES = {'"': "\u201d", ";": "\uff1b", ",": "\uff0c", "--": "-\u2010"}


def _swap(text: str, replacements: Mapping[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def without(schema: ir.Schema, names: Mapping[str, str], enum_values: Mapping[str, str] | None = None) -> ir.Schema:
    """``schema`` with ``names`` replaced in every name (and ``enum_values`` in enum values).

    Renames go through the product's own edits, so keys, references and expressions follow them.
    """
    assert all(_swap(n.name, names) == n.name for n in schema.namespaces), "no edit renames a namespace"
    value_swaps = enum_values or {}
    for enum in schema.enums:
        values = tuple(_swap(v, value_swaps) for v in enum.values)
        new = replace(enum, name=_swap(enum.name, names), values=tuple(dict.fromkeys(enum.values + values)))
        schema = edits.UpdateEnum(enum.path, new).apply(schema)
        for table in schema.tables:
            for column in table.columns:
                d = column.default
                if column.type.enum == new.name and d is not None and d.value not in values:
                    fixed = replace(column, default=ir.Default.literal(_swap(d.value, value_swaps)))
                    schema = edits.UpdateColumn(table.path, column.name, fixed).apply(schema)
        schema = edits.UpdateEnum(new.path, replace(new, values=values)).apply(schema)
    for table in schema.tables:
        path = table.path
        for column in table.columns:
            if _swap(column.name, names) != column.name:
                schema = edits.RenameColumn(path, column.name, _swap(column.name, names)).apply(schema)
        current = schema.find_table(path)
        assert current is not None
        pk = current.primary_key
        if pk is not None and pk.name is not None and _swap(pk.name, names) != pk.name:
            schema = edits.SetPrimaryKey(path, replace(pk, name=_swap(pk.name, names))).apply(schema)
        items: list[edits.Constraint] = [*current.foreign_keys, *current.uniques, *current.indexes, *current.checks]
        for item in items:
            if _swap(item.name, names) != item.name:
                schema = edits.UpdateConstraint(path, item.name, replace(item, name=_swap(item.name, names))).apply(
                    schema)
        if _swap(table.name, names) != table.name:
            schema = edits.RenameTable(path, _swap(table.name, names)).apply(schema)
    return schema

"""What changed between two versions of a schema, in words.

The history page shows these lines; the migration rules of the validator will read the same
structured changes later.
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.core import ir


@dataclass(frozen=True)
class Change:
    """One difference: ``kind`` is added, removed or changed; ``path`` the object."""

    kind: str
    what: str
    path: str
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.kind.capitalize()} {self.what} {self.path}"
        return f"{text}: {self.detail}" if self.detail else text


def _column_detail(old: ir.Column, new: ir.Column) -> str:
    parts = []
    if old.type != new.type:
        parts.append(f"type {old.type.sql} → {new.type.sql}")
    if old.nullable != new.nullable:
        parts.append("now nullable" if new.nullable else "now NOT NULL")
    if old.default != new.default:
        before = old.default.value if old.default else "none"
        after = new.default.value if new.default else "none"
        parts.append(f"default {before} → {after}")
    if old.identity != new.identity:
        parts.append(f"identity {old.identity or 'none'} → {new.identity or 'none'}")
    if old.generated != new.generated:
        parts.append("generated expression changed")
    if old.comment != new.comment:
        parts.append("comment changed")
    if old.orm_name != new.orm_name:
        parts.append("ORM name changed")
    return ", ".join(parts)


def _named_items(what: str, table: str, old: tuple[ir.ForeignKey | ir.Unique | ir.Index | ir.Check, ...],
                 new: tuple[ir.ForeignKey | ir.Unique | ir.Index | ir.Check, ...]) -> list[Change]:
    before, after = {i.name: i for i in old}, {i.name: i for i in new}
    out = [Change("removed", what, f"{table}.{n}") for n in before if n not in after]
    out += [Change("added", what, f"{table}.{n}") for n in after if n not in before]
    out += [Change("changed", what, f"{table}.{n}") for n in after if n in before and before[n] != after[n]]
    return out


def _table_changes(old: ir.Table, new: ir.Table) -> list[Change]:
    path = new.path
    out: list[Change] = []
    before, after = {c.name: c for c in old.columns}, {c.name: c for c in new.columns}
    out += [Change("removed", "column", f"{path}.{n}") for n in before if n not in after]
    out += [Change("added", "column", f"{path}.{n}", after[n].type.sql) for n in after if n not in before]
    for name in after:
        if name in before and before[name] != after[name]:
            out.append(Change("changed", "column", f"{path}.{name}", _column_detail(before[name], after[name])))
    if [c.name for c in old.columns if c.name in after] != [c.name for c in new.columns if c.name in before]:
        out.append(Change("changed", "column order of", path))
    if old.primary_key != new.primary_key:
        cols = ", ".join(new.primary_key.columns) if new.primary_key else "none"
        out.append(Change("changed", "primary key of", path, f"now ({cols})" if new.primary_key else "removed"))
    out += _named_items("foreign key", path, old.foreign_keys, new.foreign_keys)
    out += _named_items("unique constraint", path, old.uniques, new.uniques)
    out += _named_items("index", path, old.indexes, new.indexes)
    out += _named_items("check constraint", path, old.checks, new.checks)
    if old.comment != new.comment:
        out.append(Change("changed", "comment of", path))
    if old.tags != new.tags:
        out.append(Change("changed", "tags of", path, ", ".join(new.tags) or "none"))
    if old.group != new.group:
        out.append(Change("changed", "group of", path, new.group or "none"))
    if old.position != new.position:
        out.append(Change("moved", "table", path))
    if old.orm_name != new.orm_name:
        out.append(Change("changed", "ORM name of", path, new.orm_name or "derived"))
    return out


def schema_changes(old: ir.Schema, new: ir.Schema) -> list[Change]:
    """Every difference from ``old`` to ``new``, tables in the new order."""
    out: list[Change] = []
    if old.name != new.name:
        out.append(Change("renamed", "schema", new.name, f"was {old.name}"))
    if old.comment != new.comment:
        out.append(Change("changed", "description of", "the schema"))
    old_ns, new_ns = {n.name for n in old.namespaces}, {n.name for n in new.namespaces}
    out += [Change("removed", "namespace", n) for n in sorted(old_ns - new_ns)]
    out += [Change("added", "namespace", n) for n in sorted(new_ns - old_ns)]
    old_enums, new_enums = {e.key: e for e in old.enums}, {e.key: e for e in new.enums}
    out += [Change("removed", "enum", e.path) for k, e in old_enums.items() if k not in new_enums]
    out += [Change("added", "enum", e.path, ", ".join(e.values)) for k, e in new_enums.items() if k not in old_enums]
    for k, e in new_enums.items():
        if k in old_enums and old_enums[k] != e:
            out.append(Change("changed", "enum", e.path, f"values {', '.join(e.values)}"))
    old_tables = {t.key: t for t in old.tables}
    new_keys = {t.key for t in new.tables}
    out += [Change("removed", "table", t.path) for t in old.tables if t.key not in new_keys]
    for t in new.tables:
        before = old_tables.get(t.key)
        if before is None:
            out.append(Change("added", "table", t.path, f"{len(t.columns)} columns"))
        elif before != t:
            out += _table_changes(before, t)
    if old.groups != new.groups:
        out.append(Change("changed", "groups of", "the schema"))
    if old.notes != new.notes:
        out.append(Change("changed", "notes of", "the diagram"))
    return out

"""Relationships derived from keys: cardinality, junction tables and relation names.

Nothing here is stored: a foreign key whose columns are also unique is one-to-one, a nullable
one is optional, a table whose key is two foreign keys is a many-to-many junction. ORM exporters
all take their relation names from :func:`relation_names`, so every target names the same
relation the same way (in snake_case; each exporter applies its own casing).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from designer.core import ir
from designer.core.memo import per_schema

TableKey = tuple[str, str]


class Cardinality(StrEnum):
    ONE_TO_ONE = "one_to_one"
    MANY_TO_ONE = "many_to_one"
    """Many rows of the referencing table to one row of the referenced table (1:N seen from it)."""
    MANY_TO_MANY = "many_to_many"


@dataclass(frozen=True)
class Relationship:
    """The relationship a foreign key makes, seen from the referencing ("child") table.

    Attributes:
        optional: a child row may have no parent (some FK column is nullable).
        via_junction: set when the child is a junction table (the FK is one leg of an N:M).
    """

    table: ir.Table
    fk: ir.ForeignKey
    cardinality: Cardinality
    optional: bool
    via_junction: bool

    def describe(self) -> str:
        """In words: ``each workout belongs to one user; a user has many workouts``."""
        child, parent = self.table.name, self.fk.ref_table
        if self.cardinality is Cardinality.ONE_TO_ONE:
            many = f"{_a(singular(parent))} has at most one {singular(child)}"
        else:
            many = f"{_a(singular(parent))} has many {child}"
        belongs = "may belong to one" if self.optional else "belongs to one"
        return f"each {singular(child)} {belongs} {singular(parent)}; {many}"


def _a(noun: str) -> str:
    """The indefinite article by sound, near enough for table names: an order, a user, an upload."""
    lower = noun.lower()
    vowel = lower[:1] in "aeio" or (lower[:1] == "u" and not lower.startswith(("uni", "us", "uti", "ur", "eu")))
    return f"an {noun}" if vowel else f"a {noun}"


def singular(word: str) -> str:
    """A plain English singular, enough for table names (``categories`` to ``category``)."""
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if lower.endswith(("sses", "shes", "ches", "xes", "zes", "uses")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


def plural(word: str) -> str:
    """A plain English plural (``category`` to ``categories``); plural words stay as they are."""
    lower = word.lower()
    if singular(word) != word:
        return word
    if lower.endswith("y") and len(word) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


#: Bookkeeping columns that do not make a junction table a data table.
AUDIT_COLUMNS = frozenset({"created_at", "updated_at", "deleted_at", "created_by", "updated_by", "deleted_by",
                           "createdAt", "updatedAt", "deletedAt", "createdBy", "updatedBy", "version"})


def is_junction(table: ir.Table) -> bool:
    """A many-to-many junction: tagged ``junction``, or keyed by exactly two foreign keys.

    The heuristic: two foreign keys to tables, their columns together unique (the primary key,
    or a unique rule, also one over live rows only), and besides the bookkeeping columns
    (timestamps, soft delete, actors) at most three others (an order, a role...).
    """
    if "junction" in table.tags:
        return True
    if len(table.foreign_keys) != 2:
        return False
    fk_columns = {c for fk in table.foreign_keys for c in fk.columns}
    unique = table.is_unique_on(tuple(fk_columns)) or any(set(u.columns) <= fk_columns for u in table.uniques)
    if not unique:
        return False
    pk_columns = set(table.primary_key.columns) if table.primary_key else set()
    others = [c for c in table.columns
              if c.name not in fk_columns and c.name not in pk_columns and c.name not in AUDIT_COLUMNS]
    return len(others) <= 3 and (not pk_columns or pk_columns <= fk_columns or len(pk_columns) == 1)


def relationship(table: ir.Table, fk: ir.ForeignKey) -> Relationship:
    """The relationship ``fk`` of ``table`` makes."""
    optional = any((c := table.column(name)) is None or c.nullable for name in fk.columns)
    one = table.is_unique_on(fk.columns)
    return Relationship(
        table=table,
        fk=fk,
        cardinality=Cardinality.ONE_TO_ONE if one else Cardinality.MANY_TO_ONE,
        optional=optional,
        via_junction=is_junction(table),
    )


def relationships(schema: ir.Schema) -> list[Relationship]:
    return [relationship(t, fk) for t in schema.tables for fk in t.foreign_keys]


@dataclass(frozen=True)
class ManyToMany:
    """A many-to-many relationship through ``junction`` between the targets of two FKs."""

    junction: ir.Table
    left: ir.ForeignKey
    right: ir.ForeignKey


def many_to_many(schema: ir.Schema) -> list[ManyToMany]:
    return [ManyToMany(t, t.foreign_keys[0], t.foreign_keys[1])
            for t in schema.tables if len(t.foreign_keys) == 2 and is_junction(t)]


def _strip_key_suffix(column: str) -> str:
    for suffix in ("_id", "_uuid", "_key", "Id", "ID", "_fk"):
        if column.endswith(suffix) and len(column) > len(suffix):
            return column[: -len(suffix)]
    return column


@dataclass(frozen=True)
class RelationName:
    forward: str
    """The name on the referencing table (``author``)."""
    back: str
    """The name on the referenced table (``posts``)."""


@per_schema
def relation_names(schema: ir.Schema) -> dict[tuple[TableKey, str], RelationName]:
    """Unambiguous relation names for every foreign key, keyed by (table key, FK name).

    Forward names come from ``relation_name``, else the FK column without its ``_id`` suffix,
    else the referenced table in the singular. Back names come from ``back_relation_name``, else
    the referencing table (singular for one-to-one); when a table would get the same name twice
    (two FKs from ``posts`` to ``users``, or a self-reference) the forward name is prefixed:
    ``author_posts``, ``editor_posts``. No name equals a column name of its table.

    Computed once per schema object (every ORM exporter asks); the result must not be changed.
    """
    tables = schema.tables
    taken: dict[TableKey, set[str]] = {t.key: {c.name for c in t.columns} for t in tables}
    # Forward names in schema order (read back in the same order below), and how many FKs from
    # each child point at each parent, to know when a plain child-table name is ambiguous.
    forward: list[str] = []
    counts: dict[tuple[TableKey, TableKey], int] = {}
    for t in tables:
        key = t.key
        used = taken[key]
        for fk in t.foreign_keys:
            if fk.relation_name:
                name = fk.relation_name
            elif len(fk.columns) == 1:
                name = _strip_key_suffix(fk.columns[0])
            else:
                name = singular(fk.ref_table)
            if name in used:
                parent = singular(fk.ref_table)
                name = f"{name}_{parent}" if name != parent else f"{name}_ref"
            base, n = name, 2
            while name in used:
                name, n = f"{base}{n}", n + 1
            used.add(name)
            forward.append(name)
            pair = (key, fk.ref_key)
            counts[pair] = counts.get(pair, 0) + 1
    out: dict[tuple[TableKey, str], RelationName] = {}
    forward_names = iter(forward)
    for t in tables:
        key = t.key
        for fk in t.foreign_keys:
            fwd = next(forward_names)
            ref_key = fk.ref_key
            parent_used = taken.get(ref_key)
            if parent_used is None:
                parent_used = taken[ref_key] = set()
            if fk.back_relation_name:
                back = fk.back_relation_name
            else:
                one = t.is_unique_on(fk.columns)
                base = singular(t.name) if one else t.name
                ambiguous = counts[(key, ref_key)] > 1 or key == ref_key
                back = f"{fwd}_{base}" if ambiguous else base
            name, n = back, 2
            while name in parent_used:
                name, n = f"{back}{n}", n + 1
            parent_used.add(name)
            out[(key, fk.name)] = RelationName(fwd, name)
    return out

"""Edits: every change a person (or a validator fix, or an import) can make to a schema.

An edit is a small frozen dataclass; ``apply(schema)`` returns the new schema or raises
:class:`EditError` saying what is wrong and where. Edits are pure, so the page, the API, the
command line and the validator's auto-fixes all describe changes the same way, and the storage
layer applies them in one transaction and records each as a version.

Renames keep every reference (foreign keys, indexes, checks, partial-index conditions,
generated columns); deleting something still referenced is refused with the list of
references unless ``cascade`` is asked for.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from designer.core import ir
from designer.core.identifiers import DEFAULT_NAMESPACE, IdentifierError, check_identifier
from designer.core.relations import singular
from designer.core.sqltext import rename_identifier
from designer.core.types import LogicalType

TableKey = tuple[str, str]
Constraint = ir.ForeignKey | ir.Unique | ir.Index | ir.Check
T = TypeVar("T")


class EditError(ValueError):
    """An edit that cannot be applied.

    Attributes:
        path: the object concerned (``users.email``).
        field: the input field that caused it, so a form can show the message next to it.
    """

    def __init__(self, message: str, *, path: str = "", field: str | None = None) -> None:
        self.message = message
        self.path = path
        self.field = field
        super().__init__(message)


class Edit(ABC):
    """One change to a schema."""

    @abstractmethod
    def apply(self, schema: ir.Schema) -> ir.Schema:
        """The schema after the change."""

    @property
    @abstractmethod
    def summary(self) -> str:
        """One line for the history: ``Added column users.email``."""

    def table_renames(self, before: ir.Schema) -> dict[TableKey, TableKey]:
        """Tables this edit renames in ``before`` (old key to new key), so storage keeps their rows."""
        return {}


# Helpers ------------------------------------------------------------------------------------


def _table(schema: ir.Schema, path: str) -> ir.Table:
    table = schema.find_table(path)
    if table is None:
        raise EditError(f"there is no table {path!r}", path=path, field="table")
    return table


def _put_table(schema: ir.Schema, old_key: TableKey, table: ir.Table) -> ir.Schema:
    return replace(schema, tables=tuple(table if t.key == old_key else t for t in schema.tables))


def _name(name: str, what: str, field_name: str = "name") -> str:
    try:
        check_identifier(name, what)
    except IdentifierError as exc:
        raise EditError(str(exc), field=field_name) from None
    return name


def _move(items: Sequence[T], index: int, to: int) -> tuple[T, ...]:
    out = list(items)
    item = out.pop(index)
    to = max(0, min(to, len(out)))
    out.insert(to, item)
    return tuple(out)


def _insert(items: Sequence[T], item: T, at: int | None) -> tuple[T, ...]:
    out = list(items)
    out.insert(len(out) if at is None else max(0, min(at, len(out))), item)
    return tuple(out)


def _rename_in(names: Iterable[str], old: str, new: str) -> tuple[str, ...]:
    return tuple(new if n == old else n for n in names)


def _rename_expr(expression: str | None, old: str, new: str) -> str | None:
    return None if expression is None else rename_identifier(expression, old, new)


def _rename_column_in_table(table: ir.Table, old: str, new: str) -> ir.Table:
    """``table`` with column ``old`` called ``new`` in every constraint and expression."""
    columns = tuple(
        replace(c, name=new if c.name == old else c.name, generated=_rename_expr(c.generated, old, new))
        for c in table.columns
    )
    pk = table.primary_key
    if pk is not None:
        pk = replace(pk, columns=_rename_in(pk.columns, old, new))
    fks = []
    for fk in table.foreign_keys:
        fk = replace(fk, columns=_rename_in(fk.columns, old, new))
        if fk.ref_key == table.key:  # a self-reference also names the column on the other side
            fk = replace(fk, ref_columns=_rename_in(fk.ref_columns, old, new))
        fks.append(fk)
    uniques = tuple(replace(u, columns=_rename_in(u.columns, old, new), where=_rename_expr(u.where, old, new))
                    for u in table.uniques)
    indexes = tuple(
        replace(
            i,
            elements=tuple(replace(e, column=new if e.column == old else e.column,
                                   expression=_rename_expr(e.expression, old, new)) for e in i.elements),
            include=_rename_in(i.include, old, new),
            where=_rename_expr(i.where, old, new),
        )
        for i in table.indexes
    )
    checks = tuple(replace(c, expression=rename_identifier(c.expression, old, new)) for c in table.checks)
    return replace(table, columns=columns, primary_key=pk, foreign_keys=tuple(fks), uniques=uniques,
                   indexes=indexes, checks=checks)


def column_references(schema: ir.Schema, table: ir.Table, column: str) -> list[str]:
    """Where ``table.column`` is used, in words (``foreign key posts.fk_posts_user``)."""
    refs = []
    if table.primary_key and column in table.primary_key.columns:
        refs.append(f"the primary key of {table.path}")
    for fk in table.foreign_keys:
        if column in fk.columns:
            refs.append(f"foreign key {table.path}.{fk.name}")
    for u in table.uniques:
        if column in u.columns:
            refs.append(f"unique constraint {table.path}.{u.name}")
    for i in table.indexes:
        if column in i.columns or column in i.include:
            refs.append(f"index {table.path}.{i.name}")
    for other, fk in schema.referencing(*table.key):
        if column in fk.ref_columns and not (other.key == table.key and column in fk.columns):
            refs.append(f"foreign key {other.path}.{fk.name}")
    return refs


def _constraint_field(item: Constraint) -> str:
    if isinstance(item, ir.ForeignKey):
        return "foreign_keys"
    if isinstance(item, ir.Unique):
        return "uniques"
    if isinstance(item, ir.Index):
        return "indexes"
    return "checks"


_KIND_WORDS = {"foreign_keys": "foreign key", "uniques": "unique constraint", "indexes": "index",
               "checks": "check constraint"}


def _with_items(table: ir.Table, kind: str, items: tuple[Constraint, ...]) -> ir.Table:
    """``table`` with the collection ``kind`` (foreign_keys, uniques, indexes, checks) replaced."""
    changes: dict[str, Any] = {kind: items}
    return replace(table, **changes)


def _constraint_kind(kind: str) -> str:
    if kind not in _KIND_WORDS:
        raise EditError(f"unknown constraint kind {kind!r}: use one of {', '.join(_KIND_WORDS)}", field="kind")
    return kind


# Tables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateTable(Edit):
    table: ir.Table
    at: int | None = None

    def apply(self, schema: ir.Schema) -> ir.Schema:
        _name(self.table.name, "table name")
        if schema.table(self.table.name, self.table.namespace) is not None:
            raise EditError(f"a table named {self.table.path!r} already exists", path=self.table.path, field="name")
        return replace(schema, tables=_insert(schema.tables, self.table, self.at))

    @property
    def summary(self) -> str:
        return f"Added table {self.table.path}"


@dataclass(frozen=True)
class UpdateTable(Edit):
    """Replace a table's own attributes (comment, tags, group, position, ORM name).

    Columns, keys and constraints have their own edits; the name has :class:`RenameTable`.
    """

    table: str
    comment: str | None = None
    tags: tuple[str, ...] = ()
    group: str | None = None
    position: ir.Position | None = None
    orm_name: str | None = None

    def apply(self, schema: ir.Schema) -> ir.Schema:
        old = _table(schema, self.table)
        if self.group is not None and self.group not in {g.name for g in schema.groups}:
            raise EditError(f"there is no group {self.group!r}", path=old.path, field="group")
        new = replace(old, comment=self.comment or None, tags=tuple(dict.fromkeys(t.strip() for t in self.tags
                                                                                  if t.strip())),
                      group=self.group, position=self.position, orm_name=self.orm_name or None)
        return _put_table(schema, old.key, new)

    @property
    def summary(self) -> str:
        return f"Changed table {self.table}"


@dataclass(frozen=True)
class RenameTable(Edit):
    """Rename a table (or move it to another namespace); references follow."""

    table: str
    new_name: str
    new_namespace: str | None = None

    def apply(self, schema: ir.Schema) -> ir.Schema:
        old = _table(schema, self.table)
        namespace = self.new_namespace or old.namespace
        _name(self.new_name, "table name", "new_name")
        if (namespace, self.new_name) != old.key and schema.table(self.new_name, namespace) is not None:
            raise EditError(f"a table named {self.new_name!r} already exists", path=old.path, field="new_name")
        tables = []
        for t in schema.tables:
            if t.key == old.key:
                t = replace(t, name=self.new_name, namespace=namespace)
            if any(fk.ref_key == old.key for fk in t.foreign_keys):
                t = replace(t, foreign_keys=tuple(
                    replace(fk, ref_table=self.new_name, ref_namespace=namespace) if fk.ref_key == old.key else fk
                    for fk in t.foreign_keys))
            tables.append(t)
        new_path = self.new_name if namespace == DEFAULT_NAMESPACE else f"{namespace}.{self.new_name}"
        notes = tuple(replace(n, table=new_path) if n.table == old.path else n for n in schema.notes)
        return replace(schema, tables=tuple(tables), notes=notes)

    def table_renames(self, before: ir.Schema) -> dict[TableKey, TableKey]:
        old = _table(before, self.table).key
        return {old: (self.new_namespace or old[0], self.new_name)}

    @property
    def summary(self) -> str:
        target = self.new_name if not self.new_namespace else f"{self.new_namespace}.{self.new_name}"
        return f"Renamed table {self.table} to {target}"


@dataclass(frozen=True)
class DeleteTable(Edit):
    """Delete a table; refused while other tables reference it, unless ``cascade``
    (which drops those foreign keys too)."""

    table: str
    cascade: bool = False

    def apply(self, schema: ir.Schema) -> ir.Schema:
        old = _table(schema, self.table)
        refs = [(t, fk) for t, fk in schema.referencing(*old.key) if t.key != old.key]
        if refs and not self.cascade:
            names = ", ".join(f"{t.path}.{fk.name}" for t, fk in refs)
            raise EditError(f"table {old.path} is referenced by {names}; delete those foreign keys first, "
                            "or delete with cascade", path=old.path, field="table")
        tables = []
        for t in schema.tables:
            if t.key == old.key:
                continue
            if any(fk.ref_key == old.key for fk in t.foreign_keys):
                t = replace(t, foreign_keys=tuple(fk for fk in t.foreign_keys if fk.ref_key != old.key))
            tables.append(t)
        notes = tuple(n for n in schema.notes if n.table != old.path)
        return replace(schema, tables=tuple(tables), notes=notes)

    @property
    def summary(self) -> str:
        return f"Deleted table {self.table}" + (" and the foreign keys to it" if self.cascade else "")


@dataclass(frozen=True)
class MoveTable(Edit):
    """Change a table's place in the table order."""

    table: str
    to: int

    def apply(self, schema: ir.Schema) -> ir.Schema:
        old = _table(schema, self.table)
        index = schema.tables.index(old)
        return replace(schema, tables=_move(schema.tables, index, self.to))

    @property
    def summary(self) -> str:
        return f"Moved table {self.table}"


# Columns ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddColumn(Edit):
    table: str
    column: ir.Column
    at: int | None = None

    def apply(self, schema: ir.Schema) -> ir.Schema:
        t = _table(schema, self.table)
        _name(self.column.name, f"column name in {t.path}")
        if t.column(self.column.name) is not None:
            raise EditError(f"{t.path} already has a column named {self.column.name!r}",
                            path=f"{t.path}.{self.column.name}", field="name")
        return _put_table(schema, t.key, replace(t, columns=_insert(t.columns, self.column, self.at)))

    @property
    def summary(self) -> str:
        return f"Added column {self.table}.{self.column.name}"


@dataclass(frozen=True)
class UpdateColumn(Edit):
    """Replace a column's definition; a new name renames it everywhere it is used."""

    table: str
    column: str
    new: ir.Column

    def apply(self, schema: ir.Schema) -> ir.Schema:
        t = _table(schema, self.table)
        old = t.column(self.column)
        if old is None:
            raise EditError(f"{t.path} has no column {self.column!r}", path=f"{t.path}.{self.column}", field="column")
        if self.new.name != old.name:
            _name(self.new.name, f"column name in {t.path}")
            if t.column(self.new.name) is not None:
                raise EditError(f"{t.path} already has a column named {self.new.name!r}",
                                path=f"{t.path}.{self.column}", field="name")
        pk_columns = t.primary_key.columns if t.primary_key else ()
        if old.name in pk_columns and self.new.nullable:
            raise EditError(f"{t.path}.{old.name} is part of the primary key and cannot be nullable",
                            path=f"{t.path}.{old.name}", field="nullable")
        new_table = replace(t, columns=tuple(replace(self.new, name=old.name) if c.name == old.name else c
                                             for c in t.columns))
        schema = _put_table(schema, t.key, new_table)
        if self.new.name != old.name:
            schema = _rename_column(schema, t.key, old.name, self.new.name)
        return schema

    @property
    def summary(self) -> str:
        if self.new.name != self.column:
            return f"Renamed column {self.table}.{self.column} to {self.new.name}"
        return f"Changed column {self.table}.{self.column}"


def _rename_column(schema: ir.Schema, key: TableKey, old: str, new: str) -> ir.Schema:
    tables = []
    for t in schema.tables:
        if t.key == key:
            t = _rename_column_in_table(t, old, new)
        elif any(fk.ref_key == key for fk in t.foreign_keys):
            t = replace(t, foreign_keys=tuple(
                replace(fk, ref_columns=_rename_in(fk.ref_columns, old, new)) if fk.ref_key == key else fk
                for fk in t.foreign_keys))
        tables.append(t)
    return replace(schema, tables=tuple(tables))


@dataclass(frozen=True)
class RenameColumn(Edit):
    table: str
    column: str
    new_name: str

    def apply(self, schema: ir.Schema) -> ir.Schema:
        t = _table(schema, self.table)
        old = t.column(self.column)
        if old is None:
            raise EditError(f"{t.path} has no column {self.column!r}", path=f"{t.path}.{self.column}", field="column")
        return UpdateColumn(self.table, self.column, replace(old, name=self.new_name)).apply(schema)

    @property
    def summary(self) -> str:
        return f"Renamed column {self.table}.{self.column} to {self.new_name}"


@dataclass(frozen=True)
class DeleteColumn(Edit):
    """Delete a column; refused while keys or indexes use it, unless ``cascade`` (which drops them)."""

    table: str
    column: str
    cascade: bool = False

    def apply(self, schema: ir.Schema) -> ir.Schema:
        t = _table(schema, self.table)
        if t.column(self.column) is None:
            raise EditError(f"{t.path} has no column {self.column!r}", path=f"{t.path}.{self.column}", field="column")
        refs = column_references(schema, t, self.column)
        if refs and not self.cascade:
            raise EditError(f"{t.path}.{self.column} is used by {', '.join(refs)}; remove those first, "
                            "or delete with cascade", path=f"{t.path}.{self.column}", field="column")
        col = self.column
        pk = t.primary_key if t.primary_key is None or col not in t.primary_key.columns else None
        new = replace(
            t,
            columns=tuple(c for c in t.columns if c.name != col),
            primary_key=pk,
            foreign_keys=tuple(fk for fk in t.foreign_keys
                               if col not in fk.columns and not (fk.ref_key == t.key and col in fk.ref_columns)),
            uniques=tuple(u for u in t.uniques if col not in u.columns),
            indexes=tuple(i for i in t.indexes if col not in i.columns and col not in i.include),
        )
        schema = _put_table(schema, t.key, new)
        tables = tuple(
            replace(o, foreign_keys=tuple(fk for fk in o.foreign_keys
                                          if not (fk.ref_key == t.key and col in fk.ref_columns)))
            if o.key != t.key else o
            for o in schema.tables
        )
        return replace(schema, tables=tables)

    @property
    def summary(self) -> str:
        return f"Deleted column {self.table}.{self.column}"


@dataclass(frozen=True)
class MoveColumn(Edit):
    table: str
    column: str
    to: int

    def apply(self, schema: ir.Schema) -> ir.Schema:
        t = _table(schema, self.table)
        names = [c.name for c in t.columns]
        if self.column not in names:
            raise EditError(f"{t.path} has no column {self.column!r}", path=f"{t.path}.{self.column}", field="column")
        return _put_table(schema, t.key, replace(t, columns=_move(t.columns, names.index(self.column), self.to)))

    @property
    def summary(self) -> str:
        return f"Moved column {self.table}.{self.column}"


# Keys, constraints and indexes --------------------------------------------------------------


@dataclass(frozen=True)
class SetPrimaryKey(Edit):
    """Set (or, with None, drop) a table's primary key; its columns become NOT NULL."""

    table: str
    primary_key: ir.PrimaryKey | None

    def apply(self, schema: ir.Schema) -> ir.Schema:
        t = _table(schema, self.table)
        pk = self.primary_key
        if pk is None:
            refs = [f"{o.path}.{fk.name}" for o, fk in schema.referencing(*t.key)
                    if t.primary_key and set(fk.ref_columns) == set(t.primary_key.columns)]
            if refs:
                raise EditError(f"the primary key of {t.path} is referenced by {', '.join(refs)}",
                                path=t.path, field="columns")
            return _put_table(schema, t.key, replace(t, primary_key=None))
        if not pk.columns:
            raise EditError("a primary key needs at least one column", path=t.path, field="columns")
        for name in pk.columns:
            if t.column(name) is None:
                raise EditError(f"{t.path} has no column {name!r}", path=t.path, field="columns")
        if pk.name is not None:
            _name(pk.name, f"primary key name of {t.path}")
        columns = tuple(replace(c, nullable=False) if c.name in pk.columns else c for c in t.columns)
        return _put_table(schema, t.key, replace(t, primary_key=pk, columns=columns))

    @property
    def summary(self) -> str:
        if self.primary_key is None:
            return f"Removed the primary key of {self.table}"
        return f"Set the primary key of {self.table} to ({', '.join(self.primary_key.columns)})"


@dataclass(frozen=True)
class AddConstraint(Edit):
    """Add a foreign key, unique constraint, index or check constraint to a table."""

    table: str
    item: Constraint

    def apply(self, schema: ir.Schema) -> ir.Schema:
        t = _table(schema, self.table)
        kind = _constraint_field(self.item)
        _name(self.item.name, f"{_KIND_WORDS[kind]} name on {t.path}")
        if self.item.name in set(t.constraint_names()):
            raise EditError(f"{t.path} already has a constraint or index named {self.item.name!r}",
                            path=f"{t.path}.{self.item.name}", field="name")
        items: tuple[Constraint, ...] = getattr(t, kind)
        return _put_table(schema, t.key, _with_items(t, kind, (*items, self.item)))

    @property
    def summary(self) -> str:
        return f"Added {_KIND_WORDS[_constraint_field(self.item)]} {self.table}.{self.item.name}"


@dataclass(frozen=True)
class UpdateConstraint(Edit):
    """Replace the constraint or index called ``name`` (of the new item's kind) by ``item``."""

    table: str
    name: str
    item: Constraint

    def apply(self, schema: ir.Schema) -> ir.Schema:
        t = _table(schema, self.table)
        kind = _constraint_field(self.item)
        items: tuple[Constraint, ...] = getattr(t, kind)
        if self.name not in {i.name for i in items}:
            raise EditError(f"{t.path} has no {_KIND_WORDS[kind]} named {self.name!r}",
                            path=f"{t.path}.{self.name}", field="name")
        if self.item.name != self.name:
            _name(self.item.name, f"{_KIND_WORDS[kind]} name on {t.path}")
            if self.item.name in set(t.constraint_names()):
                raise EditError(f"{t.path} already has a constraint or index named {self.item.name!r}",
                                path=f"{t.path}.{self.name}", field="name")
        new_items = tuple(self.item if i.name == self.name else i for i in items)
        return _put_table(schema, t.key, _with_items(t, kind, new_items))

    @property
    def summary(self) -> str:
        return f"Changed {_KIND_WORDS[_constraint_field(self.item)]} {self.table}.{self.name}"


@dataclass(frozen=True)
class DeleteConstraint(Edit):
    """Delete a constraint or index; ``kind`` is foreign_keys, uniques, indexes or checks."""

    table: str
    kind: str
    name: str

    def apply(self, schema: ir.Schema) -> ir.Schema:
        t = _table(schema, self.table)
        kind = _constraint_kind(self.kind)
        items: tuple[Constraint, ...] = getattr(t, kind)
        if self.name not in {i.name for i in items}:
            raise EditError(f"{t.path} has no {_KIND_WORDS[kind]} named {self.name!r}",
                            path=f"{t.path}.{self.name}", field="name")
        if kind == "uniques":
            unique = next(u for u in t.uniques if u.name == self.name)
            refs = [f"{o.path}.{fk.name}" for o, fk in schema.referencing(*t.key)
                    if set(fk.ref_columns) == set(unique.columns)
                    and not (t.primary_key and set(t.primary_key.columns) == set(unique.columns))]
            if refs:
                raise EditError(f"unique constraint {t.path}.{self.name} is referenced by {', '.join(refs)}",
                                path=f"{t.path}.{self.name}", field="name")
        return _put_table(schema, t.key, _with_items(t, kind, tuple(i for i in items if i.name != self.name)))

    @property
    def summary(self) -> str:
        return f"Deleted {_KIND_WORDS.get(self.kind, self.kind)} {self.table}.{self.name}"


# Enums --------------------------------------------------------------------------------------


def _enum(schema: ir.Schema, path: str) -> ir.Enum:
    namespace, _, name = path.rpartition(".") if "." in path and schema.enum(path) is None else ("", "", path)
    found = schema.enum(name, namespace or DEFAULT_NAMESPACE)
    if found is None:
        raise EditError(f"there is no enum {path!r}", path=path, field="enum")
    return found


def _enum_users(schema: ir.Schema, enum: ir.Enum) -> list[tuple[ir.Table, ir.Column]]:
    return [(t, c) for t in schema.tables for c in t.columns
            if c.type.logical is LogicalType.ENUM and (c.type.enum_namespace, c.type.enum) == enum.key]


@dataclass(frozen=True)
class CreateEnum(Edit):
    enum: ir.Enum

    def apply(self, schema: ir.Schema) -> ir.Schema:
        _name(self.enum.name, "enum name")
        _enum_values(self.enum)
        if schema.enum(self.enum.name, self.enum.namespace) is not None:
            raise EditError(f"an enum named {self.enum.path!r} already exists", path=self.enum.path, field="name")
        return replace(schema, enums=(*schema.enums, self.enum))

    @property
    def summary(self) -> str:
        return f"Added enum {self.enum.path}"


def _enum_values(enum: ir.Enum) -> None:
    if not enum.values:
        raise EditError(f"enum {enum.path} needs at least one value", path=enum.path, field="values")
    seen = set()
    for v in enum.values:
        _name(v, f"value of enum {enum.path}", "values")
        if v in seen:
            raise EditError(f"enum {enum.path} lists {v!r} twice", path=enum.path, field="values")
        seen.add(v)


@dataclass(frozen=True)
class UpdateEnum(Edit):
    """Replace an enum (name, values, comment); columns using it follow a rename.

    Removing a value that a column default uses is refused.
    """

    enum: str
    new: ir.Enum

    def apply(self, schema: ir.Schema) -> ir.Schema:
        old = _enum(schema, self.enum)
        _enum_values(self.new)
        if self.new.key != old.key:
            _name(self.new.name, "enum name")
            if schema.enum(self.new.name, self.new.namespace) is not None:
                raise EditError(f"an enum named {self.new.path!r} already exists", path=old.path, field="name")
        users = _enum_users(schema, old)
        removed = set(old.values) - set(self.new.values)
        for t, c in users:
            if c.default and c.default.kind is ir.DefaultKind.LITERAL and c.default.value in removed:
                raise EditError(f"value {c.default.value!r} is the default of {t.path}.{c.name}",
                                path=old.path, field="values")
        enums = tuple(self.new if e.key == old.key else e for e in schema.enums)
        tables = []
        for t in schema.tables:
            if any(u[0].key == t.key for u in users):
                t = replace(t, columns=tuple(
                    replace(c, type=replace(c.type, enum=self.new.name, enum_namespace=self.new.namespace))
                    if c.type.logical is LogicalType.ENUM and (c.type.enum_namespace, c.type.enum) == old.key else c
                    for c in t.columns))
            tables.append(t)
        return replace(schema, enums=enums, tables=tuple(tables))

    @property
    def summary(self) -> str:
        if self.new.path != self.enum:
            return f"Renamed enum {self.enum} to {self.new.path}"
        return f"Changed enum {self.enum}"


@dataclass(frozen=True)
class DeleteEnum(Edit):
    enum: str

    def apply(self, schema: ir.Schema) -> ir.Schema:
        old = _enum(schema, self.enum)
        users = _enum_users(schema, old)
        if users:
            names = ", ".join(f"{t.path}.{c.name}" for t, c in users)
            raise EditError(f"enum {old.path} is used by {names}; change their type first", path=old.path,
                            field="enum")
        return replace(schema, enums=tuple(e for e in schema.enums if e.key != old.key))

    @property
    def summary(self) -> str:
        return f"Deleted enum {self.enum}"


# Schema-wide --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateSchemaInfo(Edit):
    name: str
    comment: str | None = None
    dialect_version: str = "16"

    def apply(self, schema: ir.Schema) -> ir.Schema:
        if not self.name.strip():
            raise EditError("the schema needs a name", field="name")
        return replace(schema, name=self.name.strip(), comment=self.comment or None,
                       dialect_version=self.dialect_version)

    @property
    def summary(self) -> str:
        return "Changed the schema's name or description"


@dataclass(frozen=True)
class CreateNamespace(Edit):
    namespace: ir.Namespace

    def apply(self, schema: ir.Schema) -> ir.Schema:
        _name(self.namespace.name, "namespace name")
        if self.namespace.name == DEFAULT_NAMESPACE or self.namespace.name in {n.name for n in schema.namespaces}:
            raise EditError(f"namespace {self.namespace.name!r} already exists", field="name")
        return replace(schema, namespaces=(*schema.namespaces, self.namespace))

    @property
    def summary(self) -> str:
        return f"Added namespace {self.namespace.name}"


@dataclass(frozen=True)
class DeleteNamespace(Edit):
    name: str

    def apply(self, schema: ir.Schema) -> ir.Schema:
        if self.name not in {n.name for n in schema.namespaces}:
            raise EditError(f"there is no namespace {self.name!r}", field="name")
        used = [t.path for t in schema.tables if t.namespace == self.name]
        used += [e.path for e in schema.enums if e.namespace == self.name]
        if used:
            raise EditError(f"namespace {self.name} still holds {', '.join(used)}", field="name")
        return replace(schema, namespaces=tuple(n for n in schema.namespaces if n.name != self.name))

    @property
    def summary(self) -> str:
        return f"Deleted namespace {self.name}"


@dataclass(frozen=True)
class SaveGroup(Edit):
    """Create a group, or replace the group called ``name`` (tables follow a rename)."""

    group: ir.Group
    name: str | None = None

    def apply(self, schema: ir.Schema) -> ir.Schema:
        if not self.group.name.strip():
            raise EditError("a group needs a name", field="name")
        existing = {g.name for g in schema.groups}
        if self.group.name != self.name and self.group.name in existing:
            raise EditError(f"a group named {self.group.name!r} already exists", field="name")
        if self.name is None:
            return replace(schema, groups=(*schema.groups, self.group))
        if self.name not in existing:
            raise EditError(f"there is no group {self.name!r}", field="name")
        groups = tuple(self.group if g.name == self.name else g for g in schema.groups)
        tables = tuple(replace(t, group=self.group.name) if t.group == self.name else t for t in schema.tables)
        return replace(schema, groups=groups, tables=tables)

    @property
    def summary(self) -> str:
        return f"Added group {self.group.name}" if self.name is None else f"Changed group {self.name}"


@dataclass(frozen=True)
class DeleteGroup(Edit):
    """Delete a group; its tables stay, ungrouped."""

    name: str

    def apply(self, schema: ir.Schema) -> ir.Schema:
        if self.name not in {g.name for g in schema.groups}:
            raise EditError(f"there is no group {self.name!r}", field="name")
        return replace(schema, groups=tuple(g for g in schema.groups if g.name != self.name),
                       tables=tuple(replace(t, group=None) if t.group == self.name else t for t in schema.tables))

    @property
    def summary(self) -> str:
        return f"Deleted group {self.name}"


@dataclass(frozen=True)
class SetNotes(Edit):
    """Replace the diagram's notes."""

    notes: tuple[ir.Note, ...]

    def apply(self, schema: ir.Schema) -> ir.Schema:
        for n in self.notes:
            if n.table is not None and schema.find_table(n.table) is None:
                raise EditError(f"a note is attached to {n.table!r}, which does not exist", field="table")
        return replace(schema, notes=self.notes)

    @property
    def summary(self) -> str:
        return "Changed the notes"


@dataclass(frozen=True)
class ReplaceSchema(Edit):
    """Replace the whole schema: an import, a restore or a document upload."""

    schema: ir.Schema
    reason: str = "Replaced the schema"

    def apply(self, schema: ir.Schema) -> ir.Schema:
        return self.schema

    @property
    def summary(self) -> str:
        return self.reason


@dataclass(frozen=True)
class Batch(Edit):
    """Several edits applied together as one change (one version)."""

    edits: tuple[Edit, ...]
    description: str = ""

    def apply(self, schema: ir.Schema) -> ir.Schema:
        for edit in self.edits:
            schema = edit.apply(schema)
        return schema

    def table_renames(self, before: ir.Schema) -> dict[TableKey, TableKey]:
        merged: dict[TableKey, TableKey] = {}
        schema = before
        for edit in self.edits:
            for old, new in edit.table_renames(schema).items():
                origin = next((k for k, v in merged.items() if v == old), old)
                merged[origin] = new
            schema = edit.apply(schema)
        return merged

    @property
    def summary(self) -> str:
        return self.description or "; ".join(e.summary for e in self.edits)


# Composite helpers --------------------------------------------------------------------------


def many_to_many(schema: ir.Schema, left: str, right: str, name: str | None = None) -> Batch:
    """The edit that creates a junction table between two tables (``workout_exercises``).

    The junction gets one foreign key column per side (named ``{singular}_id``), a composite
    primary key over them (so a pair cannot repeat), cascading deletes from both sides, and an
    index on the second column (the primary key already serves lookups by the first).
    """
    a, b = _table(schema, left), _table(schema, right)
    for t in (a, b):
        if t.primary_key is None:
            raise EditError(f"{t.path} has no primary key to reference", path=t.path, field="table")
    table_name = name or f"{singular(a.name)}_{b.name}"
    columns: list[ir.Column] = []
    fks: list[ir.ForeignKey] = []
    for side in (a, b):
        assert side.primary_key is not None
        prefix = singular(side.name)
        local = []
        for ref in side.primary_key.columns:
            ref_col = side.column(ref)
            assert ref_col is not None
            col_name = f"{prefix}_{ref}"
            if any(c.name == col_name for c in columns):  # a self-referencing pair
                col_name = f"related_{prefix}_{ref}"
            columns.append(ir.Column(col_name, ref_col.type, nullable=False))
            local.append(col_name)
        fks.append(ir.ForeignKey(name=f"fk_{table_name}_{'_'.join(local)}"[:63], columns=tuple(local),
                                 ref_table=side.name, ref_namespace=side.namespace,
                                 ref_columns=side.primary_key.columns, on_delete=ir.Action.CASCADE))
    second = fks[1].columns
    junction = ir.Table(
        name=table_name,
        namespace=a.namespace,
        columns=tuple(columns),
        primary_key=ir.PrimaryKey(columns=tuple(c.name for c in columns), name=f"{table_name}_pkey"[:63]),
        foreign_keys=tuple(fks),
        indexes=(ir.Index(name=f"idx_{table_name}_{'_'.join(second)}"[:63],
                          elements=tuple(ir.IndexElement(column=c) for c in second)),),
        tags=("junction",),
        group=a.group,
    )
    return Batch((CreateTable(junction),), description=f"Added many-to-many {a.path} and {b.path} through {table_name}")

"""Import PostgreSQL DDL (hand-written, or a ``pg_dump --schema-only`` script) with pglast.

Phase 1 (``sqlscript``, ``sqlread``) parses every statement with PostgreSQL's own parser into
blueprints. Phase 2, here, applies them in order to a mutable picture of the database, then
resolves names (search path, enums, referenced tables and keys), classifies defaults (a
literal, an expression, a serial's sequence) and builds the model in its canonical form:

- a UNIQUE constraint, or a partial unique index over plain columns, is a ``Unique``; any other
  unique index is an ``Index(unique=True)``;
- column CHECKs become table checks named as PostgreSQL names them (``t_col_check``);
- unnamed constraints and indexes get PostgreSQL's own names (``t_email_key``, ``t_pkey``);
- expressions are printed by pglast's ``RawStream``, so the same expression written two ways
  (``(a>0)``, ``a > 0``) is the same text, and a dump and a live database agree.

Statements the model does not hold are counted by kind and reported, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from designer.core import ir
from designer.core.diagnostics import Diagnostic, info, warning
from designer.core.gcpause import no_cycle_collection
from designer.core.identifiers import DEFAULT_NAMESPACE
from designer.core.importers import register_importer
from designer.core.importers.base import (
    Importer,
    ImportFailed,
    ImportResult,
    LineIndex,
    Skips,
    SourceFormat,
    SourceLocation,
    finish,
)
from designer.core.importers.pgnames import choose_name, column_part
from designer.core.importers.pgtree import Json, body, column_refs, const_value, deparse, kind, strings
from designer.core.importers.sqlread import (
    AlterAction,
    AlterEnum,
    AlterTable,
    ColumnBP,
    Comment,
    ConstraintBP,
    CreateEnum,
    CreateIndex,
    CreateSchema,
    CreateSequence,
    CreateTable,
    Drop,
    ElementBP,
    Op,
    QName,
    Reader,
    Skip,
    TypeRef,
)
from designer.core.importers.sqlscript import parse_statements, read_script
from designer.core.types import ALIASES, ColumnType, LogicalType, TypeSyntaxError, enum_type, parse_type

Key = tuple[str, str]

_SKIPPED_NOUNS = {"CREATE TABLE ... PARTITION OF": "partition", "CREATE TEMPORARY TABLE": "temporary table",
                  "CREATE FOREIGN TABLE": "foreign table", "CREATE VIEW": "view",
                  "CREATE MATERIALIZED VIEW": "materialized view", "CREATE TABLE AS": "table created by a query"}
_METHODS = {m.value: m for m in ir.IndexMethod}
#: Identity sequence options pg_dump always writes; anything else is a real choice the model loses.
_PLAIN_IDENTITY = {"start": 1, "increment": 1, "cache": 1, "minvalue": None, "maxvalue": None}


# The mutable picture of the database that statements are applied to ------------------------------


@dataclass
class _Index:
    name: str
    bp: CreateIndex


@dataclass
class _Table:
    key: Key
    at: SourceLocation
    columns: dict[str, ColumnBP] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    comment: str | None = None
    primary: ConstraintBP | None = None
    foreign: list[ConstraintBP] = field(default_factory=list)
    #: UNIQUE constraints and partial unique indexes, in the order they were made.
    uniques: list[ConstraintBP | _Index] = field(default_factory=list)
    indexes: list[_Index] = field(default_factory=list)
    checks: list[ConstraintBP] = field(default_factory=list)

    @property
    def path(self) -> str:
        ns, name = self.key
        return name if ns == DEFAULT_NAMESPACE else f"{ns}.{name}"


@dataclass
class _Enum:
    values: list[str]
    at: SourceLocation
    comment: str | None = None


class Builder:
    """Phase 2: applies operations, then builds the schema."""

    def __init__(self) -> None:
        self.namespaces: dict[str, str | None] = {}
        self.enums: dict[Key, _Enum] = {}
        self.tables: dict[Key, _Table] = {}
        self.skipped: dict[Key, str] = {}
        self.sequences: dict[Key, SourceLocation] = {}
        self.domains: dict[Key, SourceLocation] = {}
        self.names: dict[str, set[str]] = {}
        self.skips = Skips()
        self.diagnostics: list[Diagnostic] = []
        self._types: dict[tuple[Any, ...], ColumnType] = {}
        self._literals: dict[str, ir.Default] = {}

    # Names -------------------------------------------------------------------------------------------

    def _exists(self, namespace: str) -> bool:
        return namespace == DEFAULT_NAMESPACE or namespace in self.namespaces

    def creation_key(self, q: QName) -> Key:
        if q.namespace is not None:
            return (q.namespace, q.name)
        namespace = next((ns for ns in q.path if self._exists(ns)), DEFAULT_NAMESPACE)
        return (namespace, q.name)

    def lookup(self, q: QName, found: Mapping[Key, object]) -> Key | None:
        if q.namespace is not None:
            key = (q.namespace, q.name)
            return key if key in found else None
        for ns in q.path or (DEFAULT_NAMESPACE,):
            if (ns, q.name) in found:
                return (ns, q.name)
        return None

    def table(self, q: QName, at: SourceLocation, what: str, missing_ok: bool = False) -> _Table | None:
        """The table ``q`` names; None (after counting a skip) when it is one the import left out."""
        key = self.lookup(q, self.tables)
        if key is not None:
            return self.tables[key]
        skipped = self.lookup(q, self.skipped)
        if skipped is not None:
            self.skips.add(f"{what} on a {self.skipped[skipped]}", at)
            return None
        if missing_ok:
            return None
        raise ImportFailed(f"{what}: table {q} does not exist (it is not created earlier in the source)", at)

    def taken(self, namespace: str) -> set[str]:
        return self.names.setdefault(namespace, set())

    # Applying operations --------------------------------------------------------------------------

    def apply(self, op: Op) -> None:
        match op:
            case CreateTable():
                self.create_table(op)
            case CreateIndex():
                table = self.table(op.table, op.at, "CREATE INDEX")
                if table is not None:
                    self.add_index(table, op)
            case CreateEnum():
                key = self.creation_key(op.name)
                if key in self.enums:
                    raise ImportFailed(f"type {op.name} is created twice", op.at)
                self.enums[key] = _Enum(list(op.values), op.at)
            case AlterEnum():
                self.alter_enum(op)
            case CreateSchema():
                if op.name in self.namespaces or op.name == DEFAULT_NAMESPACE:
                    if not op.if_not_exists and op.name != DEFAULT_NAMESPACE:
                        raise ImportFailed(f"schema {op.name} is created twice", op.at)
                    return
                self.namespaces[op.name] = None
            case CreateSequence():
                self.sequences[self.creation_key(op.name)] = op.at
            case Comment():
                self.comment(op)
            case Drop():
                self.drop(op)
            case AlterTable():
                table = self.table(op.table, op.at, "ALTER TABLE", op.missing_ok)
                for action in op.actions if table is not None else ():
                    assert table is not None
                    self.alter(table, action, op.at)
            case Skip():
                self.skips.add(op.kind, op.at)
                if op.relation is not None:
                    self.skipped[self.creation_key(op.relation)] = _SKIPPED_NOUNS.get(op.kind, op.kind.lower())
                if op.warn:
                    self.diagnostics.append(warning("sql.not-imported", op.warn, location=str(op.at)))
                if op.domain is not None:
                    self.domains[self.creation_key(op.domain)] = op.at

    def create_table(self, op: CreateTable) -> None:
        key = self.creation_key(op.table)
        if key in self.tables:
            if op.if_not_exists:
                return
            raise ImportFailed(f"table {op.table} is created twice", op.at)
        table = _Table(key, op.at)
        for parent_name in op.inherits:
            parent = self.table(parent_name, op.at, "CREATE TABLE ... INHERITS")
            if parent is None:
                continue
            for inherited in parent.columns.values():
                if inherited.name not in table.columns:
                    table.columns[inherited.name] = replace(inherited, serial=False, lost=[])
            table.checks.extend(replace(c, lost=[]) for c in parent.checks if "NO INHERIT" not in c.lost)
        self.tables[key] = table
        self.taken(key[0]).add(key[1])
        for column in op.columns:
            self.add_column(table, column)
        for constraint in op.constraints:
            self.add_constraint(table, constraint)
        if op.lost:
            self.lose(table.path, "table", op.lost, op.at)

    def add_column(self, table: _Table, column: ColumnBP) -> None:
        if column.name in table.columns:
            raise ImportFailed(f"column {column.name} of table {table.path} is defined twice", column.at)
        table.columns[column.name] = column
        if column.lost:
            self.lose(f"{table.path}.{column.name}", "column", column.lost, column.at)

    def lose(self, path: str, what: str, lost: list[str] | tuple[str, ...], at: SourceLocation) -> None:
        self.diagnostics.append(warning(
            "sql.not-kept", f"{what} {path}: {', '.join(lost)} is not kept (the schema model does not hold it)",
            path=path, location=str(at)))

    def add_constraint(self, table: _Table, c: ConstraintBP) -> None:
        ns, name = table.key
        if c.lost:
            self.lose(f"{table.path}.{c.name or c.kind}", f"{c.kind} constraint", c.lost, c.at)
        if c.kind == "primary":
            if table.primary is not None:
                raise ImportFailed(f"table {table.path} has two primary keys", c.at)
            if c.using_index:
                c.columns = self.take_index(table, c.using_index, c.at)
            c.name = c.name or choose_name(name, None, "pkey", self.taken(ns))
            table.primary = c
            for col in c.columns:
                if col in table.columns:
                    table.columns[col].not_null = True
        elif c.kind == "unique":
            if c.using_index:
                c.columns = self.take_index(table, c.using_index, c.at)
            c.name = c.name or choose_name(name, column_part(c.columns), "key", self.taken(ns))
            table.uniques.append(c)
        elif c.kind == "foreign":
            c.name = c.name or choose_name(name, column_part(c.columns), "fkey", self.taken(ns))
            table.foreign.append(c)
        elif c.kind == "check":
            if not c.name:
                refs = list(c.columns) or column_refs(c.expr)
                c.name = choose_name(name, refs[0] if refs else None, "check", self.taken(ns))
            table.checks.append(c)
        elif c.kind == "not_null":
            for col in c.columns:
                if col in table.columns:
                    table.columns[col].not_null = True
        else:
            self.diagnostics.append(warning(
                "sql.not-imported", f"{c.kind} constraint {c.name or ''} on {table.path} is not imported: "
                "the schema model has no exclusion constraints", path=table.path, location=str(c.at)))
            self.skips.add("EXCLUDE constraint", c.at)

    def take_index(self, table: _Table, index_name: str, at: SourceLocation) -> tuple[str, ...]:
        """``ADD CONSTRAINT ... USING INDEX``: the index becomes the constraint."""
        for group in (table.indexes, table.uniques):
            for item in group:
                if isinstance(item, _Index) and item.name == index_name:
                    group.remove(item)
                    return tuple(e.column or "" for e in item.bp.elements)
        raise ImportFailed(f"index {index_name} of table {table.path} does not exist", at)

    def add_index(self, table: _Table, op: CreateIndex) -> None:
        ns, name = table.key
        if op.method not in _METHODS:
            self.diagnostics.append(warning(
                "sql.not-imported", f"index {op.name or ''} on {table.path} uses access method {op.method}, "
                "which the schema model does not know: it is not imported", path=table.path, location=str(op.at)))
            self.skips.add(f"CREATE INDEX USING {op.method}", op.at)
            return
        if op.name and op.name in self.taken(ns) and op.if_not_exists:
            return
        columns = [e.column or _expression_name(e.expr) for e in op.elements]
        index_name = op.name or choose_name(name, column_part(columns), "idx", self.taken(ns))
        self.taken(ns).add(index_name)
        lost = [f"COLLATE {e.collation}" for e in op.elements if e.collation]
        if lost:
            self.lose(f"{table.path}.{index_name}", "index", lost, op.at)
        index = _Index(index_name, op)
        plain = all(e.column is not None and not e.descending and e.nulls is None and e.opclass is None
                    and e.collation is None for e in op.elements)
        if op.unique and op.where is not None and plain and not op.include and op.method == "btree":
            table.uniques.append(index)
        else:
            if op.nulls_not_distinct:
                self.lose(f"{table.path}.{index_name}", "index", ["NULLS NOT DISTINCT"], op.at)
            table.indexes.append(index)

    def alter_enum(self, op: AlterEnum) -> None:
        key = self.lookup(op.name, self.enums)
        if key is None:
            raise ImportFailed(f"ALTER TYPE: enum {op.name} does not exist", op.at)
        values = self.enums[key].values
        if op.old_value is not None:
            if op.old_value not in values:
                raise ImportFailed(f"enum {op.name} has no value {op.old_value!r} to rename", op.at)
            values[values.index(op.old_value)] = op.value
            return
        if op.value in values:
            if op.if_not_exists:
                return
            raise ImportFailed(f"enum {op.name} already has the value {op.value!r}", op.at)
        if op.neighbor is None:
            values.append(op.value)
        elif op.neighbor not in values:
            raise ImportFailed(f"enum {op.name} has no value {op.neighbor!r}", op.at)
        else:
            values.insert(values.index(op.neighbor) + (1 if op.after else 0), op.value)

    def comment(self, op: Comment) -> None:
        q = QName(op.names[-2] if len(op.names) >= 2 else None, op.names[-1], op.path)
        if op.target == "schema":
            name = op.names[-1]
            if name in self.namespaces:
                self.namespaces[name] = op.text
            else:
                self.skips.add(f"COMMENT ON SCHEMA {name}", op.at)
        elif op.target in ("type", "domain"):
            key = self.lookup(q, self.enums)
            if key is None:
                self.skips.add("COMMENT ON TYPE (not an enum)", op.at)
            else:
                self.enums[key].comment = op.text
        elif op.target == "table":
            table = self.table(q, op.at, "COMMENT ON TABLE")
            if table is not None:
                table.comment = op.text
        else:
            names = op.names
            tq = QName(names[-3] if len(names) >= 3 else None, names[-2] if len(names) >= 2 else "", op.path)
            table = self.table(tq, op.at, "COMMENT ON COLUMN")
            if table is None:
                return
            if names[-1] not in table.columns:
                raise ImportFailed(f"COMMENT ON COLUMN: table {table.path} has no column {names[-1]}", op.at)
            if op.text is None:
                table.comments.pop(names[-1], None)
            else:
                table.comments[names[-1]] = op.text

    def drop(self, op: Drop) -> None:
        for names in op.names:
            q = QName(names[-2] if len(names) >= 2 else None, names[-1], op.path)
            if op.target == "table":
                key = self.lookup(q, self.tables)
                if key is not None:
                    del self.tables[key]
                    continue
            elif op.target == "type":
                key = self.lookup(q, self.enums)
                if key is not None:
                    del self.enums[key]
                    continue
            elif op.target == "schema":
                if q.name in self.namespaces:
                    del self.namespaces[q.name]
                    continue
            elif op.target == "index" and self.drop_index(q):
                continue
            if not op.missing_ok and self.lookup(q, self.skipped) is None:
                raise ImportFailed(f"DROP {op.target.upper()}: {q} does not exist", op.at)

    def drop_index(self, q: QName) -> bool:
        for table in self.tables.values():
            if q.namespace is not None and table.key[0] != q.namespace:
                continue
            for group in (table.indexes, table.uniques):
                for item in group:
                    if isinstance(item, _Index) and item.name == q.name:
                        group.remove(item)
                        return True
        return False

    def alter(self, table: _Table, a: AlterAction, at: SourceLocation) -> None:
        if a.action == "add_column" and a.new_column is not None:
            if a.new_column.name in table.columns and a.missing_ok:
                return
            self.add_column(table, a.new_column)
            if a.constraint is not None:
                self.add_constraint(table, a.constraint)
            return
        if a.action == "add_constraint" and a.constraint is not None:
            self.add_constraint(table, a.constraint)
            return
        if a.action == "drop_constraint":
            self.drop_constraint(table, a.constraint_name or "", a.missing_ok, at)
            return
        if a.action == "rename_table":
            self.rename_table(table, a.new_name or "", at)
            return
        column = table.columns.get(a.column or "")
        if column is None:
            if a.missing_ok:
                return
            raise ImportFailed(f"ALTER TABLE: table {table.path} has no column {a.column}", at)
        if a.action == "drop_column":
            del table.columns[column.name]
        elif a.action == "set_default":
            column.default = a.expr
            column.serial = False
        elif a.action == "set_not_null":
            column.not_null = True
        elif a.action == "drop_not_null":
            column.not_null = False
        elif a.action == "add_identity":
            column.identity = a.identity
            column.identity_options = a.identity_options
            column.not_null = True
        elif a.action == "drop_identity":
            column.identity = None
        elif a.action == "set_type" and a.type is not None:
            column.type = a.type
        elif a.action == "rename_column":
            self.rename_column(table, column, a.new_name or "")

    def drop_constraint(self, table: _Table, name: str, missing_ok: bool, at: SourceLocation) -> None:
        if table.primary is not None and table.primary.name == name:
            table.primary = None
            return
        for group in (table.foreign, table.checks, table.uniques):
            for item in group:
                if isinstance(item, ConstraintBP) and item.name == name:
                    group.remove(item)
                    return
        if not missing_ok:
            raise ImportFailed(f"ALTER TABLE DROP CONSTRAINT: table {table.path} has no constraint {name}", at)

    def rename_table(self, table: _Table, new: str, at: SourceLocation) -> None:
        new_key = (table.key[0], new)
        if new_key in self.tables:
            raise ImportFailed(f"cannot rename {table.path} to {new}: that table exists", at)
        old = table.key
        self.tables = {(new_key if k == old else k): t for k, t in self.tables.items()}
        table.key = new_key
        for other in self.tables.values():
            for fk in other.foreign:
                if fk.ref is not None and self._ref_key(fk.ref, old):
                    fk.ref = QName(old[0], new, fk.ref.path)

    def _ref_key(self, q: QName, key: Key) -> bool:
        if q.namespace is not None:
            return (q.namespace, q.name) == key
        return q.name == key[1] and next((ns for ns in q.path if (ns, q.name) in self.tables or (ns, q.name) == key),
                                         None) == key[0]

    def rename_column(self, table: _Table, column: ColumnBP, new: str) -> None:
        old = column.name
        column.name = new
        table.columns = {(new if k == old else k): c for k, c in table.columns.items()}
        if old in table.comments:
            table.comments[new] = table.comments.pop(old)

        def swap(names: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(new if n == old else n for n in names)

        constraints = [table.primary, *table.foreign, *table.checks, *table.uniques]
        for c in constraints:
            if isinstance(c, ConstraintBP):
                c.columns = swap(c.columns)
                _rename_refs(c.expr, old, new)
        for item in [*table.indexes, *(u for u in table.uniques if isinstance(u, _Index))]:
            bp = item.bp
            elements = tuple(ElementBP(new if e.column == old else e.column, e.expr, e.descending, e.nulls, e.opclass,
                                       e.collation) for e in bp.elements)
            for e in elements:
                _rename_refs(e.expr, old, new)
            _rename_refs(bp.where, old, new)
            item.bp = CreateIndex(bp.name, bp.table, elements, bp.unique, bp.method, bp.where, swap(bp.include),
                                  bp.nulls_not_distinct, bp.if_not_exists, bp.at)
        for other in self.tables.values():
            for fk in other.foreign:
                if fk.ref is not None and self._ref_key(fk.ref, table.key):
                    fk.ref_columns = swap(fk.ref_columns)

    # Building the schema ------------------------------------------------------------------------------

    def build(self, name: str, extra: list[Diagnostic]) -> ImportResult:
        enum_keys = frozenset(self.enums)
        used_sequences: set[Key] = set()
        tables = [self.build_table(t, enum_keys, used_sequences) for t in self.tables.values()]
        domain_names = {name if ns == DEFAULT_NAMESPACE else f"{ns}.{name}" for ns, name in self.domains}
        for built in tables:
            for col in built.columns:
                if col.type.native in domain_names:
                    self.diagnostics.append(warning(
                        "sql.domain-column", f"column {built.path}.{col.name} has the domain type "
                        f"{col.type.native}, whose CREATE DOMAIN is not imported",
                        path=f"{built.path}.{col.name}",
                        hint="create the domain in the database before applying an export of this design"))
        for key, at in self.sequences.items():
            if key not in used_sequences:
                self.skips.add("CREATE SEQUENCE (not a column default)", at)
        enums = []
        for (ns, enum_name), e in self.enums.items():
            enums.append(ir.Enum(enum_name, tuple(e.values), ns, e.comment))
        schema = ir.Schema(
            name=name,
            tables=tuple(tables),
            enums=tuple(enums),
            namespaces=tuple(ir.Namespace(n, c) for n, c in self.namespaces.items()),
        )
        diagnostics = [*extra, *self.diagnostics, *self.skips.diagnostics(
            "sql.skipped", hint="the summary counts every kind of statement that was left out")]
        return finish(schema, diagnostics, self.skips, self.locations)

    def locations(self) -> dict[str, SourceLocation]:
        """Where each object was declared, by diagnostic path (asked for only when the schema is not well-formed)."""
        out: dict[str, SourceLocation] = {}
        for t in self.tables.values():
            out[t.path] = t.at
            for col in t.columns.values():
                out[f"{t.path}.{col.name}"] = col.at
            for c in [*t.foreign, *t.checks, *(u for u in t.uniques if isinstance(u, ConstraintBP))]:
                out[f"{t.path}.{c.name}"] = c.at
            for i in [*t.indexes, *(u for u in t.uniques if isinstance(u, _Index))]:
                out[f"{t.path}.{i.name}"] = i.bp.at
        for (ns, enum_name), e in self.enums.items():
            out[enum_name if ns == DEFAULT_NAMESPACE else f"{ns}.{enum_name}"] = e.at
        return out

    def build_table(self, t: _Table, enum_keys: frozenset[Key], used_sequences: set[Key]) -> ir.Table:
        ns, name = t.key
        columns = [self.build_column(t, col, enum_keys, used_sequences) for col in t.columns.values()]
        uniques: list[ir.Unique] = []
        indexes: list[ir.Index] = []
        for u in t.uniques:
            if isinstance(u, _Index):
                uniques.append(ir.Unique(u.name, tuple(e.column or "" for e in u.bp.elements),
                                         deparse(u.bp.where) if u.bp.where else None, u.bp.nulls_not_distinct))
            elif u.include:
                self.lose(f"{t.path}.{u.name}", "unique constraint", ["INCLUDE (imported as a unique index)"], u.at)
                indexes.append(ir.Index(u.name or "", tuple(ir.IndexElement(column=c) for c in u.columns), unique=True,
                                        include=u.include))
            else:
                uniques.append(ir.Unique(u.name or "", u.columns, None, u.nulls_not_distinct))
        indexes.extend(self.build_index(i) for i in t.indexes)
        return ir.Table(
            name=name,
            namespace=ns,
            columns=tuple(columns),
            comment=t.comment,
            primary_key=ir.PrimaryKey(t.primary.columns, t.primary.name) if t.primary else None,
            foreign_keys=tuple(fk for fk in (self.build_fk(t, c) for c in t.foreign) if fk is not None),
            uniques=tuple(uniques),
            indexes=tuple(indexes),
            checks=tuple(ir.Check(c.name or "", deparse(c.expr) if c.expr else "") for c in t.checks),
        )

    def build_column(self, t: _Table, col: ColumnBP, enum_keys: frozenset[Key], used: set[Key]) -> ir.Column:
        if col.serial:
            column_type = parse_type({"smallserial": "smallint", "serial2": "smallint", "bigserial": "bigint",
                                      "serial8": "bigint"}.get(col.type.names[0], "integer"))
        else:
            column_type = self.resolve_type(col.type, enum_keys)
        default: ir.Default | None = None
        if col.serial and col.default is None:
            sequence = choose_name(t.key[1], col.name, "seq", set())
            default = ir.Default.sequence(sequence)
            used.add((t.key[0], sequence))
        elif col.default is not None:
            default = self.classify_default(col.default, column_type, enum_keys, used)
        if col.identity is not None:
            self.check_identity_options(t, col)
        return ir.Column(
            name=col.name,
            type=column_type,
            nullable=not col.not_null,
            default=default,
            identity=col.identity,
            generated=deparse(col.generated) if col.generated else None,
            comment=t.comments.get(col.name),
        )

    def check_identity_options(self, t: _Table, col: ColumnBP) -> None:
        changed = []
        for raw in col.identity_options:
            option = body(raw)
            name = option.get("defname", "")
            if name in ("sequence_name", "as"):
                continue
            arg = option.get("arg")
            value = None if arg is None else body(arg).get("ival", 0) if kind(arg) == "Integer" else arg
            if name not in _PLAIN_IDENTITY or _PLAIN_IDENTITY[name] != value:
                changed.append(name.upper())
        if changed:
            self.lose(f"{t.path}.{col.name}", "identity column", [f"sequence option {o}" for o in changed], col.at)

    def build_fk(self, t: _Table, c: ConstraintBP) -> ir.ForeignKey | None:
        assert c.ref is not None
        key = self.lookup(c.ref, self.tables)
        if key is None:
            if self.lookup(c.ref, self.skipped) is not None:
                self.diagnostics.append(warning(
                    "sql.not-imported", f"foreign key {c.name} of {t.path} references {c.ref}, which was not imported",
                    path=t.path, location=str(c.at)))
                return None
            raise ImportFailed(f"foreign key {c.name} of table {t.path} references table {c.ref}, "
                               "which the source does not create", c.at)
        target = self.tables[key]
        ref_columns = c.ref_columns
        if not ref_columns:
            if target.primary is None:
                raise ImportFailed(f"foreign key {c.name} of table {t.path} references {c.ref} without naming "
                                   "columns, and that table has no primary key", c.at)
            ref_columns = target.primary.columns
        return ir.ForeignKey(
            name=c.name or "", columns=c.columns, ref_table=key[1], ref_columns=ref_columns, ref_namespace=key[0],
            on_delete=c.on_delete, on_update=c.on_update, deferrable=c.deferrable,
            initially_deferred=c.initially_deferred,
        )

    def build_index(self, i: _Index) -> ir.Index:
        bp = i.bp
        elements = tuple(
            ir.IndexElement(column=e.column, expression=deparse(e.expr) if e.expr is not None else None,
                            descending=e.descending, nulls=e.nulls, opclass=e.opclass)
            for e in bp.elements)
        return ir.Index(i.name, elements, bp.unique, _METHODS[bp.method], deparse(bp.where) if bp.where else None,
                        bp.include)

    # Types and defaults -------------------------------------------------------------------------------

    def resolve_type(self, ref: TypeRef, enum_keys: frozenset[Key]) -> ColumnType:
        mods = tuple([const_value(body(m)) if kind(m) == "A_Const" else None for m in ref.mods]) if ref.mods else ()
        cache_key = (ref.names, mods, ref.array_dims, ref.path)
        found = self._types.get(cache_key)
        if found is None:
            found = self._resolve_type(ref, mods, enum_keys)
            self._types[cache_key] = found
        return found

    def _resolve_type(self, ref: TypeRef, mods: tuple[Any, ...], enum_keys: frozenset[Key]) -> ColumnType:
        names = ref.names
        builtin = names[-1] if len(names) == 1 or names[0] == "pg_catalog" else None
        if builtin == "char" and len(names) == 1:
            builtin = None  # the quoted "char" type, not character(1)
        if builtin in ALIASES and all(isinstance(m, int) for m in mods):
            logical = ALIASES[builtin]
            if not (logical is LogicalType.INTERVAL and mods):  # interval's modifier is a field mask
                text = builtin + (f"({','.join(str(m) for m in mods)})" if mods else "") + "[]" * ref.array_dims
                try:
                    return parse_type(text)
                except TypeSyntaxError as exc:
                    raise ImportFailed(f"type {ref.text}: {exc}", ref.at) from None
        if not mods:
            q = QName(names[-2] if len(names) >= 2 else None, names[-1], ref.path)
            key = self.lookup(q, dict.fromkeys(enum_keys))
            if key is not None:
                return enum_type(key[1], key[0], array_dims=ref.array_dims)
        scalar = {k: v for k, v in ref.node.items() if k != "arrayBounds"}
        native = deparse(scalar, "TypeName*")
        if native.startswith("public."):
            native = native.removeprefix("public.")
        return ColumnType(LogicalType.OTHER, array_dims=ref.array_dims, native=native)

    def classify_default(self, node: Json, column_type: ColumnType, enum_keys: frozenset[Key],
                         used: set[Key]) -> ir.Default | None:
        node_kind, fields = kind(node), body(node)
        if node_kind == "A_Const":
            value = const_value(fields)
            return None if value is None else self.literal(value)
        if node_kind == "TypeCast" and kind(fields["arg"]) == "A_Const":
            value = const_value(body(fields["arg"]))
            if value is None:
                return None
            cast_ref = TypeRef(strings(fields["typeName"].get("names")), tuple(fields["typeName"].get("typmods", ())),
                               len(fields["typeName"].get("arrayBounds", ())), fields["typeName"], (), _NOWHERE)
            cast_type = self.resolve_type(cast_ref, enum_keys)
            if _same_kind(cast_type, column_type):
                return self.literal(value)
        sequence = _nextval_sequence(node)
        if sequence is not None:
            seq_ns, seq_name = sequence
            if seq_ns in (None, DEFAULT_NAMESPACE):
                used.add((DEFAULT_NAMESPACE, seq_name))
                return ir.Default.sequence(seq_name)
            used.add((seq_ns or DEFAULT_NAMESPACE, seq_name))
        return ir.Default.expression(deparse(node))

    def literal(self, value: str | int | float | bool) -> ir.Default:
        """A literal default; one object per text, as a schema repeats ``0`` and ``'active'`` thousands of times."""
        text = _literal_text(value)
        found = self._literals.get(text)
        if found is None:
            found = self._literals[text] = ir.Default.literal(text)
        return found


_NOWHERE = SourceLocation("", 0, 0)


def _same_kind(a: ColumnType, b: ColumnType) -> bool:
    return (a.logical, a.enum, a.enum_namespace, a.array_dims) == (b.logical, b.enum, b.enum_namespace, b.array_dims)


def _literal_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _nextval_sequence(node: Json) -> tuple[str | None, str] | None:
    """The sequence of ``nextval('name'::regclass)``, as (namespace, name)."""
    call = node.get("FuncCall")
    if call is None or strings(call.get("funcname"))[-1:] != ("nextval",) or len(call.get("args", [])) != 1:
        return None
    arg = call["args"][0]
    if kind(arg) == "TypeCast":
        if strings(body(arg)["typeName"].get("names"))[-1:] != ("regclass",):
            return None
        arg = body(arg)["arg"]
    if kind(arg) != "A_Const" or "sval" not in body(arg):
        return None
    parts = _split_qualified(str(const_value(body(arg))))
    if not parts or len(parts) > 2:
        return None
    return (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])


def _split_qualified(text: str) -> list[str]:
    """``public."Order_seq"`` to ``['public', 'Order_seq']``, folding unquoted parts as PostgreSQL does."""
    parts: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == '"':
            end = i + 1
            buf = []
            while end < len(text):
                if text[end] == '"':
                    if text[end + 1 : end + 2] == '"':
                        buf.append('"')
                        end += 2
                        continue
                    break
                buf.append(text[end])
                end += 1
            parts.append("".join(buf))
            i = end + 1
        else:
            end = text.find(".", i)
            end = len(text) if end == -1 else end
            parts.append(text[i:end].strip().lower())
            i = end
        if i < len(text) and text[i] == ".":
            i += 1
    return parts


def _expression_name(node: Json | None) -> str:
    """What PostgreSQL's ``FigureColname`` calls an index expression when naming the index."""
    while node is not None:
        node_kind, fields = kind(node), body(node)
        if node_kind == "FuncCall":
            return strings(fields.get("funcname"))[-1]
        if node_kind == "TypeCast":
            node = fields.get("arg")
            continue
        if node_kind == "ColumnRef":
            names = strings(fields.get("fields"))
            return names[-1] if names else "expr"
        break
    return "expr"


def _rename_refs(node: Any, old: str, new: str) -> None:
    """Rename column references ``old`` to ``new`` inside a JSON expression tree, in place."""
    if isinstance(node, dict):
        ref = node.get("ColumnRef")
        if ref is not None:
            fields = ref.get("fields", [])
            if fields and fields[-1].get("String", {}).get("sval") == old:
                fields[-1] = {"String": {"sval": new}}
            return
        for value in node.values():
            _rename_refs(value, old, new)
    elif isinstance(node, list):
        for value in node:
            _rename_refs(value, old, new)


# The importer ---------------------------------------------------------------------------------------


@register_importer
class SqlImporter(Importer):
    """PostgreSQL DDL: a hand-written script, migrations in order, or a ``pg_dump`` schema dump."""

    format = SourceFormat.SQL
    description = "PostgreSQL DDL or a pg_dump --schema-only script"
    extensions = (".sql", ".psql", ".pgsql", ".ddl")
    multi_file = True

    @classmethod
    def sniff(cls, text: str) -> bool:
        import re

        return re.search(r"\b(create|alter)\s+(table|type|schema|(unique\s+)?index)\b", text, re.IGNORECASE) is not None

    def run(self, files: Mapping[str, str], name: str) -> ImportResult:
        with no_cycle_collection():
            return self._run(files, name)

    def _run(self, files: Mapping[str, str], name: str) -> ImportResult:
        builder = Builder()
        notes: list[Diagnostic] = []
        for path, text in files.items():
            script = read_script(text)
            removed = script.removed
            for meta in removed:
                label = "COPY data block" if meta.command == "COPY data" else f"psql {meta.command}"
                builder.skips.add(label, SourceLocation(path, meta.line, 1))
            if any(m.command != "COPY data" for m in removed):
                commands = sorted({m.command for m in removed if m.command != "COPY data"})
                notes.append(info("sql.psql-command", f"psql meta-commands ({', '.join(commands)}) were skipped: "
                                  "they are instructions to psql, not SQL", location=path))
            reader = Reader()
            for stmt in parse_statements(script.text, LineIndex(script.text, path), script.ends):
                for op in reader.read(stmt):
                    builder.apply(op)
        return builder.build(name, notes)

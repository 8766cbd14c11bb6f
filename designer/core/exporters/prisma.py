"""Prisma 7 export: ``prisma/schema.prisma``, plus ``prisma/constraints.sql`` for what Prisma cannot declare.

Models are PascalCase and singular, fields camelCase, both mapped to the real names with
``@@map``/``@map``; every constraint and index keeps its real name with ``map:``. Relations take
their names from :func:`designer.core.relations.relation_names`, so every ORM target agrees, and
always spell out ``onDelete``/``onUpdate``: Prisma's defaults (Restrict or SetNull, and Cascade on
update) are not PostgreSQL's NO ACTION.

Prisma cannot declare CHECK constraints, UNIQUE *constraints* (``@unique`` makes a unique index),
NULLS NOT DISTINCT, expression or INCLUDE indexes, non-default NULLS ordering, deferrable foreign
keys, generated columns, NOT NULL arrays, custom sequences or database comments. Each of them
goes into ``prisma/constraints.sql`` (run it after ``prisma migrate``; append it to the
migration that creates the tables) and is reported as a Diagnostic, never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

from designer.core import ir
from designer.core.diagnostics import error, info, warning
from designer.core.exporters import naming, register_exporter, sql_extras
from designer.core.exporters.base import Exporter, ExportResult, Option, Target
from designer.core.exporters.ormparts import camel, identifier, is_updated_at, js_string, pascal
from designer.core.exporters.sqlparts import default_sql, literal_sql
from designer.core.identifiers import DEFAULT_NAMESPACE
from designer.core.relations import relation_names, singular
from designer.core.types import INTEGER_TYPES, LENGTH_TYPES, ColumnType, LogicalType

#: Each logical type as (Prisma scalar, native type attribute name or "" when the scalar's own
#: default is already the PostgreSQL type). ``Unsupported`` types are written as
#: ``Unsupported("<sql type>")``, which Prisma migrates verbatim but its client cannot read.
TYPE_MAP: dict[LogicalType, tuple[str, str]] = {
    LogicalType.SMALLINT: ("Int", "SmallInt"),
    LogicalType.INTEGER: ("Int", ""),
    LogicalType.BIGINT: ("BigInt", ""),
    LogicalType.NUMERIC: ("Decimal", "Decimal"),
    LogicalType.REAL: ("Float", "Real"),
    LogicalType.DOUBLE: ("Float", ""),
    LogicalType.BOOLEAN: ("Boolean", ""),
    LogicalType.TEXT: ("String", ""),
    LogicalType.VARCHAR: ("String", "VarChar"),
    LogicalType.CHAR: ("String", "Char"),
    LogicalType.UUID: ("String", "Uuid"),
    LogicalType.DATE: ("DateTime", "Date"),
    LogicalType.TIME: ("DateTime", "Time"),
    LogicalType.TIMETZ: ("DateTime", "Timetz"),
    # Plain DateTime is timestamp(3): the native type is always written.
    LogicalType.TIMESTAMP: ("DateTime", "Timestamp"),
    LogicalType.TIMESTAMPTZ: ("DateTime", "Timestamptz"),
    LogicalType.INTERVAL: ("Unsupported", ""),
    LogicalType.JSON: ("Json", "Json"),
    LogicalType.JSONB: ("Json", ""),
    LogicalType.BYTEA: ("Bytes", ""),
    LogicalType.INET: ("String", "Inet"),
    LogicalType.CIDR: ("Unsupported", ""),
    LogicalType.MACADDR: ("Unsupported", ""),
    LogicalType.MONEY: ("Decimal", "Money"),
    LogicalType.TSVECTOR: ("Unsupported", ""),
    LogicalType.XML: ("String", "Xml"),
    LogicalType.ENUM: ("", ""),  # the enum's own name
    LogicalType.OTHER: ("Unsupported", ""),
}

#: Referential actions as Prisma spells them.
ACTIONS: dict[ir.Action, str] = {
    ir.Action.NO_ACTION: "NoAction",
    ir.Action.RESTRICT: "Restrict",
    ir.Action.CASCADE: "Cascade",
    ir.Action.SET_NULL: "SetNull",
    ir.Action.SET_DEFAULT: "SetDefault",
}

#: Index methods as Prisma's ``type:`` argument spells them (btree is the default, left out).
INDEX_TYPES: dict[ir.IndexMethod, str] = {
    ir.IndexMethod.HASH: "Hash",
    ir.IndexMethod.GIN: "Gin",
    ir.IndexMethod.GIST: "Gist",
    ir.IndexMethod.SPGIST: "SpGist",
    ir.IndexMethod.BRIN: "Brin",
}

#: Names a model or enum cannot have (Prisma's scalar types and its client's class).
RESERVED_TYPE_NAMES = frozenset(
    {"String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes", "Unsupported",
     "PrismaClient", "Prisma"}
)

#: A Prisma identifier: an ASCII letter, then letters, digits and underscores.
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

#: Default expressions Prisma writes as ``now()`` (it emits CURRENT_TIMESTAMP, the same function).
_NOW = frozenset({"now()", "current_timestamp", "localtimestamp"})

#: Client-side generators Prisma knows (``@default(uuid())``...).
_CLIENT_GENERATORS = frozenset({"uuid", "cuid", "nanoid", "ulid"})

#: The native type attribute of each type written without parameters (``@db.Timestamptz``).
_NATIVE_ATTRIBUTE: dict[LogicalType, str] = {t: f"@db.{native}" for t, (_, native) in TYPE_MAP.items() if native}
_NUMBER_SCALARS = frozenset({"Int", "BigInt", "Float", "Decimal"})
_STRING_SCALARS = frozenset({"String", "Json"})
_STRING_TYPES = frozenset({LogicalType.TEXT, LogicalType.VARCHAR, LogicalType.CHAR, LogicalType.JSON,
                           LogicalType.JSONB})
_TIMESTAMPS = frozenset({LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ})
_BOOLEAN_WORDS = frozenset({"true", "false"})
# Enum members bound once: ``LogicalType.ENUM`` costs a Python-level lookup in Python 3.11, and
# these are compared for every column of a thousand-table design.
_ENUM, _NUMERIC, _MONEY = LogicalType.ENUM, LogicalType.NUMERIC, LogicalType.MONEY
_LITERAL, _EXPRESSION = ir.DefaultKind.LITERAL, ir.DefaultKind.EXPRESSION
_SEQUENCE, _CLIENT = ir.DefaultKind.SEQUENCE, ir.DefaultKind.CLIENT
_BTREE, _NULLS_FIRST = ir.IndexMethod.BTREE, ir.NullsOrder.FIRST


@lru_cache(maxsize=65536)
def prisma_identifier(candidate: str, prefix: str) -> str:
    """``candidate`` made a legal Prisma name: ASCII, starting with a letter (else ``prefix`` is put first)."""
    out = identifier(candidate, fallback=prefix).lstrip("_") or prefix
    return out if out[0].isalpha() else prefix + out


@lru_cache(maxsize=65536)  # column names repeat from table to table
def _field_name(column: str) -> str:
    """The field name a column gets before it is made unique in its model."""
    return prisma_identifier(camel(column), "field")


def _add_unique(name: str, taken: set[str]) -> str:
    """``naming.unique``, without the call when the name is free (nearly always)."""
    if name in taken:
        return naming.unique(name, taken)
    taken.add(name)
    return name


#: A Prisma string literal (Prisma reads the same escapes as JSON).
_string = js_string


@lru_cache(maxsize=65536)  # column names repeat from table to table
def _map_attribute(column: str) -> str:
    return f"@map({_string(column)})"


def _doc_lines(text: str | None, indent: str = "") -> list[str]:
    """A comment as ``///`` lines: one per line of text, so no line break can end the comment early."""
    if not text:
        return []
    return [f"{indent}/// {line.strip()}".rstrip() for line in text.splitlines() if line.strip()] or []


#: One line of a model or enum block: (name, type, attributes, doc comment). A plain tuple: a
#: thousand-table design makes fourteen thousand of them, and a NamedTuple costs five times more.
_Field = tuple[str, str, list[str], str | None]

#: A column type as a field sees it: (scalar, native type attribute, type text when NOT NULL,
#: type text when nullable, whether it is a list, whether it is a timestamp that may be @updatedAt).
_ColumnShape = tuple[str, str, str, str, bool, bool]


@dataclass(eq=False)
class _Model:
    """What is known about one table's model before rendering, worked out once per export."""

    table: ir.Table
    key: tuple[str, str]
    path: str
    name: str
    fields: dict[str, str]
    """Column name to field name."""
    taken: set[str]
    """The names of the model's fields, relation fields included."""
    ignored: bool = False
    pk_column: str | None = None
    """The column of a one-column primary key (it carries ``@id``)."""
    unique_attributes: dict[str, str] = field(default_factory=dict)
    """Column name to its ``@unique(...)``: the first one-column UNIQUE without condition on it."""
    generated: frozenset[str] = frozenset()
    """The names of the generated columns."""
    relations: list[_Relation] = field(default_factory=list)
    """One per foreign key, in the table's order."""
    back_relations: list[_Relation] = field(default_factory=list)
    """The relations pointing here, in schema order."""
    key_sets: list[set[str]] | None = None
    """Column sets Prisma sees as unique (see ``_prisma_key_sets``)."""
    sql_only: set[str] = field(default_factory=set)
    """Constraints and indexes that constraints.sql creates, not Prisma."""
    in_schema: dict[str, bool] = field(default_factory=dict)
    """Index name to whether Prisma can declare it (see ``_index_in_schema``)."""


@dataclass(eq=False)
class _Relation:
    """A foreign key as a pair of relation fields."""

    model: _Model
    fk: ir.ForeignKey
    target: _Model
    field: str
    """The field on the referencing model."""
    back_field: str = ""
    """The field on the referenced model."""
    label: str = ""
    """The relation's name, when Prisma needs one to pair the two sides."""


@register_exporter
class PrismaExporter(Exporter):
    """``schema.prisma`` for Prisma 7, and ``constraints.sql`` with what Prisma cannot declare."""

    target: ClassVar[Target] = Target.PRISMA
    description: ClassVar[str] = "Prisma 7 schema (schema.prisma) with an accompanying constraints.sql"
    OPTIONS: ClassVar[dict[str, Option]] = {
        "partial_indexes": Option(
            True, "Declare partial indexes in the schema with Prisma's partialIndexes preview feature "
            "(otherwise they go to constraints.sql)"),
        "generator": Option("prisma-client", "The Prisma Client generator",
                            choices=("prisma-client", "prisma-client-js")),
    }

    SCHEMA_PATH: ClassVar[str] = "prisma/schema.prisma"
    SQL_PATH: ClassVar[str] = "prisma/constraints.sql"
    #: Prisma 7 declares partial indexes only behind this preview feature.
    SUPPORTS_PARTIAL_INDEX: ClassVar[bool] = True
    #: Prisma cannot declare CHECK constraints.
    SUPPORTS_CHECK: ClassVar[bool] = False
    #: Prisma has native enums (``enum`` blocks, ``@@map`` for the type name).
    SUPPORTS_NATIVE_ENUM: ClassVar[bool] = True

    def run(self) -> ExportResult:
        self.sql = sql_extras.SqlExtras(self.schema)
        self.uses_partial_indexes = False
        self.partial_indexes = bool(self.options["partial_indexes"])
        self._column_types: dict[int, _ColumnShape] = {}
        """``_column_type`` by the id of the type object (the schema keeps them all alive)."""
        self._pure_defaults: dict[tuple[int, ir.DefaultKind, str], str] = {}
        self._name_things()
        blocks = [self.render_enum(e) for e in self.schema.enums]
        blocks += [self.render_model(m) for m in self.models.values()]
        for ns in self.schema.namespaces:
            if ns.name not in self.used_namespaces:
                self.sql.create_namespace(ns.name)
                self.report(info("prisma.empty-namespace", f"namespace {ns.name} holds no table or enum, so Prisma "
                                "does not create it: constraints.sql does", ns.name))
        self._comments()
        self._unsupported_names()
        text = "\n".join([self.render_header(), *blocks])
        files = {self.SCHEMA_PATH: text}
        if self.sql:
            files[self.SQL_PATH] = self.sql.render(self.schema.name, "Prisma")
        self._unlink_relations()
        return ExportResult(files=files, diagnostics=tuple(self.diagnostics))

    def _unlink_relations(self) -> None:
        """Cut the links between models and relations, which point at each other: reference counting
        then frees them as the export returns, instead of leaving ten thousand objects (1,000
        tables) for the cycle collector."""
        for model in self.models.values():
            model.relations.clear()
            model.back_relations.clear()

    # Names ------------------------------------------------------------------------------------

    def _name_things(self) -> None:
        """Choose every model, enum, field and relation name once, so references agree."""
        taken_types: set[str] = set(RESERVED_TYPE_NAMES)
        self.enum_names: dict[tuple[str, str], str] = {}
        self.enum_values: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for e in self.schema.enums:
            self.enum_names[e.key] = naming.unique(prisma_identifier(pascal(e.name), "Enum"), taken_types)
            used: set[str] = set()
            values = []
            for v in e.values:
                ident = v if _IDENTIFIER.fullmatch(v) else prisma_identifier(naming.snake(v) or "value", "v")
                values.append((naming.unique(ident, used), v))
            self.enum_values[e.key] = values
        self.models: dict[tuple[str, str], _Model] = {}
        for t in self.schema.tables:
            name = naming.unique(prisma_identifier(t.orm_name or pascal(singular(t.name)), "Model"),
                                 taken_types)
            used = set()
            fields = {}
            generated = []
            for c in t.columns:
                field_name = prisma_identifier(c.orm_name, "field") if c.orm_name else _field_name(c.name)
                # _add_unique inlined: this runs for every column of the design.
                if field_name in used:
                    field_name = naming.unique(field_name, used)
                else:
                    used.add(field_name)
                fields[c.name] = field_name
                if c.generated is not None:
                    generated.append(c.name)
            key = (t.namespace, t.name)
            model = _Model(t, key, t.path, name, fields, used)
            if generated:
                model.generated = frozenset(generated)
            pk = t.primary_key
            if pk is not None and len(pk.columns) == 1:
                model.pk_column = pk.columns[0]
            for u in t.uniques:
                if len(u.columns) == 1 and u.where is None:
                    model.unique_attributes.setdefault(u.columns[0], f"@unique(map: {_string(u.name)})")
            self.models[key] = model
        shared_names = relation_names(self.schema)
        # Relation fields: camelCase of the shared names, unique within their model; every
        # forward field is placed before any back field.
        for model in self.models.values():
            for fk in model.table.foreign_keys:
                forward = prisma_identifier(camel(shared_names[(model.key, fk.name)].forward), "relation")
                model.relations.append(_Relation(model, fk, self.models[fk.ref_namespace, fk.ref_table],
                                                 _add_unique(forward, model.taken)))
        for model in self.models.values():
            for relation in model.relations:
                back = prisma_identifier(camel(shared_names[(model.key, relation.fk.name)].back), "relation")
                relation.back_field = _add_unique(back, relation.target.taken)
                relation.target.back_relations.append(relation)
        # A relation needs a name when two models are joined by more than one relation (or a
        # model by itself): Prisma could not pair the two sides otherwise.
        pairs = Counter(frozenset((id(r.model), id(r.target))) for m in self.models.values() for r in m.relations)
        for model in self.models.values():
            for relation in model.relations:
                if relation.target is model or pairs[frozenset((id(model), id(relation.target)))] > 1:
                    relation.label = model.name + relation.field[0].upper() + relation.field[1:]
        self.used_namespaces = {t.namespace for t in self.schema.tables} | {e.namespace for e in self.schema.enums}
        self.multi_schema = self.used_namespaces != {DEFAULT_NAMESPACE}
        for m in self.models.values():
            m.ignored = not self._has_unique_criteria(m)

    def _has_unique_criteria(self, model: _Model) -> bool:
        """Prisma's client needs an @id or a @unique over required, supported fields."""
        table = model.table
        if table.primary_key is not None and self._usable_key(table, table.primary_key.columns):
            return True
        return any(self._usable_key(table, cols) for cols in self._prisma_unique_sets(model))

    def _usable_key(self, table: ir.Table, columns: Iterable[str]) -> bool:
        """Whether ``columns`` all exist, are NOT NULL and of a type Prisma Client reads."""
        for name in columns:
            c = table.column(name)
            if c is None or c.nullable or self._column_type(c.type)[0] == "Unsupported":
                return False
        return True

    def _prisma_unique_sets(self, model: _Model) -> list[tuple[str, ...]]:
        """Column lists the schema declares unique to Prisma (``@unique``/``@@unique`` without ``where``)."""
        table = model.table
        out = [u.columns for u in table.uniques if u.where is None]
        if table.indexes:
            out += [i.columns for i in table.indexes
                    if i.unique and i.where is None and self._index_in_schema(model, i)]
        return out

    # Header, enums ----------------------------------------------------------------------------

    def render_header(self) -> str:
        lines = [f"// {naming.line_comment(self.schema.name)}: generated by the schema designer for Prisma 7."]
        lines += [f"// {line.strip()}" for line in (self.schema.comment or "").splitlines() if line.strip()]
        if self.sql:
            lines.append(f"// Run {self.SQL_PATH} after migrating: it holds what Prisma cannot declare.")
        generator = [("provider", _string(str(self.options["generator"])))]
        if self.options["generator"] == "prisma-client":
            generator.append(("output", _string("../generated/prisma")))
        if self.uses_partial_indexes:
            generator.append(("previewFeatures", "[" + _string("partialIndexes") + "]"))
        datasource = [("provider", _string("postgresql"))]
        if self.multi_schema:
            names = ", ".join(_string(n) for n in sorted(self.used_namespaces))
            datasource.append(("schemas", f"[{names}]"))
        return "\n".join([*lines, "", self._settings("generator client", generator), "",
                          self._settings("datasource db", datasource), ""])

    @staticmethod
    def _settings(header: str, pairs: list[tuple[str, str]]) -> str:
        width = max(len(k) for k, _ in pairs)
        body = [f"  {k.ljust(width)} = {v}" for k, v in pairs]
        return "\n".join([f"{header} {{", *body, "}"])

    def render_enum(self, enum: ir.Enum) -> str:
        rows: list[_Field] = [(ident, "", [f"@map({_string(value)})"] if ident != value else [], None)
                for ident, value in self.enum_values[enum.key]]
        attributes = []
        name = self.enum_names[enum.key]
        if name != enum.name:
            attributes.append(f"@@map({_string(enum.name)})")
        if self.multi_schema:
            attributes.append(f"@@schema({_string(enum.namespace)})")
        return self._block(f"enum {name}", rows, attributes, _doc_lines(enum.comment), two_columns=True)

    # Models -----------------------------------------------------------------------------------

    def render_model(self, model: _Model) -> str:
        table = model.table
        fields = [self.render_column(model, c) for c in table.columns]
        fields += [self.render_relation(relation) for relation in model.relations]
        fields += self.render_back_relations(model)
        attributes = self.render_keys(model) + self.render_indexes(model)
        self._table_extras(model)
        if model.name != table.name:
            attributes.append(f"@@map({_string(table.name)})")
        if self.multi_schema:
            attributes.append(f"@@schema({_string(table.namespace)})")
        if model.ignored:
            attributes.append("@@ignore")
            self.report(warning("prisma.model-ignored", f"{model.path} has no primary key or unique key of required "
                               "columns, so Prisma Client cannot use it: the model is marked @@ignore "
                               "(it is still migrated)", model.path, hint="give the table a primary key"))
        return self._block(f"model {model.name}", fields, attributes, _doc_lines(table.comment))

    def _scalar_of(self, t: ColumnType) -> tuple[str, str]:
        """The field's Prisma type (without ``?``/``[]``) and its native type attribute."""
        if t.array_dims > 1:
            return "Unsupported", ""
        logical = t.logical
        if logical is _ENUM:
            return self.enum_names[(t.enum_namespace, t.enum or "")], ""
        scalar, native = TYPE_MAP[logical]
        if scalar == "Unsupported" or not native:
            return scalar, ""
        if t.length is None and t.precision is None:
            return scalar, _NATIVE_ATTRIBUTE[logical]
        args = ""
        if logical in LENGTH_TYPES and t.length is not None:
            args = f"({t.length})"
        elif logical is _NUMERIC and t.precision is not None:
            args = f"({t.precision}, {t.scale or 0})"
        elif t.precision is not None and logical is not _NUMERIC:
            args = f"({t.precision})"
        return scalar, f"@db.{native}{args}"

    def _column_type(self, t: ColumnType) -> _ColumnShape:
        """What a column's field takes from its type alone, worked out once per type object (a
        design's columns share a few dozen of them)."""
        shape = self._column_types.get(id(t))
        if shape is None:
            scalar, native = self._scalar_of(t)
            if scalar == "Unsupported":
                required = f"Unsupported({_string(t.sql)})"
                optional, is_list = required + "?", False
            elif t.array_dims:
                required = optional = scalar + "[]"
                is_list = True
            else:
                required, optional, is_list = scalar, scalar + "?", False
            is_timestamp = t.logical in _TIMESTAMPS and not t.array_dims
            shape = self._column_types[id(t)] = (scalar, native, required, optional, is_list, is_timestamp)
        return shape

    def render_column(self, model: _Model, column: ir.Column) -> _Field:
        table = model.table
        name = column.name
        scalar, native, required, optional, is_list, is_timestamp = self._column_type(column.type)
        if column.nullable:
            type_text = optional
        else:
            type_text = required
            if is_list:
                self.sql.set_not_null(table, name)
                path = f"{model.path}.{name}"
                self.report(info("prisma.array-not-null", f"Prisma cannot make the list {path} NOT NULL: "
                                "constraints.sql does", path))
        attributes: list[str] = []
        if name == model.pk_column:
            pk = table.primary_key
            assert pk is not None
            attributes.append(f"@id(map: {_string(pk.name)})" if pk.name else "@id")
        if name in model.unique_attributes and column.generated is None:
            attributes.append(model.unique_attributes[name])
        d = column.default
        if d is not None and column.identity is None and (d.kind is _EXPRESSION or d.kind is _LITERAL):
            # Text of the type and the value alone, which repeat from table to table: made once.
            key = (id(column.type), d.kind, d.value)
            default = self._pure_defaults.get(key)
            if default is None:
                default = self._pure_defaults[key] = self._pure_default(column, scalar)
            attributes.append(default)
        elif d is not None or column.identity is not None:
            default = self.render_default(model, column, scalar)
            if default:
                attributes.append(default)
        if is_timestamp and is_updated_at(column):
            attributes.append("@updatedAt")
            path = f"{model.path}.{name}"
            self.report(info("prisma.updated-at", f"Prisma Client sets {path} on every update (@updatedAt); "
                            "the database itself does not", path))
        field_name = model.fields[name]
        if field_name != name:
            attributes.append(_map_attribute(name))
        if native:
            attributes.append(native)
        if column.generated is not None:
            self.sql.generated_column(table, column)
            path = f"{model.path}.{name}"
            self.report(warning("prisma.generated-column", f"Prisma cannot declare the generated column {path}: "
                               "constraints.sql re-creates it as GENERATED ALWAYS AS (...) STORED, "
                               "at the end of the table", path,
                               hint="do not write to this field from Prisma Client"))
        return field_name, type_text, attributes, column.comment

    def render_default(self, model: _Model, column: ir.Column, scalar: str) -> str:
        """The ``@default(...)`` attribute, or "" (identity columns become ``autoincrement()``)."""
        table = model.table
        if column.identity is not None:
            # Prisma Migrate treats an identity column as autoincrement(), so the switch does not drift.
            self.sql.identity_from_serial(table, column)
            path = f"{model.path}.{column.name}"
            self.report(info("prisma.identity-as-serial", f"Prisma declares the identity column {path} as "
                            "@default(autoincrement()), a serial: constraints.sql makes it GENERATED "
                            f"{column.identity.value.replace('_', ' ').upper()} AS IDENTITY again", path))
            return "@default(autoincrement())"
        d = column.default
        if d is None:
            return ""
        kind = d.kind
        if kind is _EXPRESSION or kind is _LITERAL:
            return self._pure_default(column, scalar)
        if kind is _SEQUENCE:
            return self._sequence_default(model, column)
        path = f"{model.path}.{column.name}"
        generator = d.value.split("(", 1)[0]
        if generator in _CLIENT_GENERATORS:
            return f"@default({d.value if '(' in d.value else d.value + '()'})"
        if generator == "now" and scalar == "DateTime":
            self.report(warning("prisma.client-default", f"Prisma's now() on {path} is a database default "
                               "(CURRENT_TIMESTAMP), not a client-side one", path))
            return "@default(now())"
        self.report(warning("prisma.client-default", f"Prisma has no client-side generator {d.value!r} "
                           f"for {path}: the field gets no default", path))
        return ""

    def _pure_default(self, column: ir.Column, scalar: str) -> str:
        """The ``@default(...)`` of an expression or literal default."""
        d = column.default
        assert d is not None
        if d.kind is _EXPRESSION:
            if scalar == "DateTime" and column.type.logical in _TIMESTAMPS and d.value.strip().lower() in _NOW:
                return "@default(now())"
            return f"@default(dbgenerated({_string(d.value)}))"
        return f"@default({self._literal(column, scalar, d.value)})"

    def _literal(self, column: ir.Column, scalar: str, value: str) -> str:
        """A literal default as Prisma writes it; dbgenerated() with the SQL literal where Prisma has no syntax."""
        t = column.type
        if t.array_dims == 0:
            logical = t.logical
            if logical is _ENUM:
                for ident, real in self.enum_values[(t.enum_namespace, t.enum or "")]:
                    if real == value:
                        return ident
            sql = literal_sql(value, t)
            if scalar in _NUMBER_SCALARS and logical is not _MONEY and sql == value:
                return value
            if scalar == "Boolean" and sql in _BOOLEAN_WORDS:
                return sql
            if scalar in _STRING_SCALARS and logical in _STRING_TYPES:
                return _string(value)
        return f"dbgenerated({_string(default_sql(column) or '')})"

    def _sequence_default(self, model: _Model, column: ir.Column) -> str:
        table = model.table
        path = f"{model.path}.{column.name}"
        assert column.default is not None
        serial_name = f"{table.name}_{column.name}_seq"
        if column.default.value == serial_name and column.type.logical in INTEGER_TYPES:
            if column.nullable:
                self.sql.drop_not_null(table, column.name)
                self.report(info("prisma.serial-not-null", f"Prisma declares the sequence default of {path} with "
                                "autoincrement(), which makes a NOT NULL serial: constraints.sql drops the NOT NULL",
                                path))
            return "@default(autoincrement())"
        self.sql.sequence_default(table, column)
        self.report(warning("prisma.sequence-default", f"Prisma cannot create the sequence {column.default.value} "
                           f"behind the default of {path}: constraints.sql creates it and sets the default", path,
                           hint="Prisma Client does not know the column has a default"))
        return ""

    # Relations ----------------------------------------------------------------------------------

    def render_relation(self, relation: _Relation) -> _Field:
        model, fk, target = relation.model, relation.fk, relation.target
        table = model.table
        optional = any((c := table.column(n)) is None or c.nullable for n in fk.columns)
        label = _string(relation.label) + ", " if relation.label else ""
        fields = ", ".join([model.fields[c] for c in fk.columns])
        references = ", ".join([target.fields[c] for c in fk.ref_columns])
        attributes = [f"@relation({label}fields: [{fields}], references: [{references}], "
                      f"onDelete: {ACTIONS[fk.on_delete]}, onUpdate: {ACTIONS[fk.on_update]}, map: {_string(fk.name)})"]
        if target.ignored and not model.ignored:
            attributes.append("@ignore")
        if fk.deferrable:
            self.sql.deferrable(table, fk)
            path = f"{model.path}.{fk.name}"
            self.report(info("prisma.deferrable-fk", f"Prisma cannot declare the deferrable foreign key {path}: "
                            "constraints.sql makes it DEFERRABLE", path))
        return relation.field, target.name + "?" if optional else target.name, attributes, None

    def render_back_relations(self, model: _Model) -> list[_Field]:
        out: list[_Field] = []
        for relation in model.back_relations:
            child = relation.model
            one = set(relation.fk.columns) in self._prisma_key_sets(child)
            attributes = [f"@relation({_string(relation.label)})"] if relation.label else []
            if child.ignored and not model.ignored:
                attributes.append("@ignore")
            out.append((relation.back_field, child.name + "?" if one else child.name + "[]", attributes, None))
        return out

    def _prisma_key_sets(self, model: _Model) -> list[set[str]]:
        """Column sets Prisma sees as unique: the primary key and the declared uniques (worked out once a model)."""
        if model.key_sets is None:
            table = model.table
            keys = [table.primary_key.columns] if table.primary_key else []
            model.key_sets = [set(cols) for cols in keys + self._prisma_unique_sets(model)]
        return model.key_sets

    # Keys and indexes -----------------------------------------------------------------------------

    def render_keys(self, model: _Model) -> list[str]:
        table = model.table
        out = []
        pk = table.primary_key
        if pk is not None and len(pk.columns) > 1:
            args = "[" + ", ".join(model.fields[c] for c in pk.columns) + "]"
            out.append(f"@@id({args}, map: {_string(pk.name)})" if pk.name else f"@@id({args})")
        for u in table.uniques:
            path = f"{model.path}.{u.name}"
            if model.generated and self._touches_generated(table, u.columns):
                self.sql.unique(table, u)
                model.sql_only.add(u.name)
                self.report(info("prisma.unique-in-sql", f"unique rule {path} uses a generated column, which "
                                "constraints.sql re-creates: the rule goes there too", path))
                continue
            fields = "[" + ", ".join(model.fields[c] for c in u.columns) + "]"
            if u.where is not None:
                if not self.partial_indexes or u.nulls_not_distinct:
                    self.sql.unique(table, u)
                    model.sql_only.add(u.name)
                    why = "NULLS NOT DISTINCT" if u.nulls_not_distinct else "the partial_indexes option is off"
                    self.report(warning("prisma.index-in-sql", f"Prisma cannot declare the partial unique index "
                                       f"{path} ({why}): constraints.sql creates it", path,
                                       hint="Prisma Migrate may propose to drop it: keep it in your migrations "
                                       "by hand"))
                    continue
                self.uses_partial_indexes = True
                out.append(f"@@unique({fields}, map: {_string(u.name)}, where: raw({_string(u.where)}))")
                self.report(info("prisma.preview-feature", f"the partial unique index {path} uses Prisma's "
                                "partialIndexes preview feature", path))
                continue
            if len(u.columns) > 1:
                out.append(f"@@unique({fields}, map: {_string(u.name)})")
            # Prisma makes a unique index, PostgreSQL's UNIQUE constraint is a named object of its own.
            self.sql.unique_constraint_from_index(table, u)
            self.report(info("prisma.unique-constraint", f"Prisma declares {path} as a unique index: "
                            "constraints.sql turns it into the UNIQUE constraint"
                            + (" NULLS NOT DISTINCT" if u.nulls_not_distinct else ""), path))
        return out

    def _touches_generated(self, table: ir.Table, columns: Iterable[str]) -> bool:
        return any((c := table.column(n)) is not None and c.generated is not None for n in columns)

    def _index_in_schema(self, model: _Model, index: ir.Index) -> bool:
        """Whether Prisma can declare ``index`` (else constraints.sql creates it); decided once an index."""
        found = model.in_schema.get(index.name)
        if found is None:
            found = model.in_schema[index.name] = self._can_declare(model, index)
        return found

    def _can_declare(self, model: _Model, index: ir.Index) -> bool:
        table = model.table
        if index.include or model.generated and self._touches_generated(table, index.columns):
            return False
        if index.where is not None and not self.partial_indexes:
            return False
        if index.unique and index.method is not _BTREE:
            return False
        if index.unique and any(e.opclass for e in index.elements):
            return False  # "Operator classes can only be defined to fields in an @@index attribute"
        for e in index.elements:
            if e.column is None:
                return False
            col = table.column(e.column)
            if col is None or index.unique and self._column_type(col.type)[0] == "Unsupported":
                return False
            # PostgreSQL's default NULLS order is LAST ascending and FIRST descending.
            if e.nulls is not None and (e.nulls is _NULLS_FIRST) != e.descending:
                return False
        return True

    def render_indexes(self, model: _Model) -> list[str]:
        table = model.table
        out = []
        for index in table.indexes:
            if not self._index_in_schema(model, index):
                path = f"{model.path}.{index.name}"
                self.sql.index(table, index)
                model.sql_only.add(index.name)
                self.report(warning("prisma.index-in-sql", f"Prisma cannot declare the index {path} "
                                   f"({self._index_problem(table, index)}): constraints.sql creates it", path,
                                   hint="Prisma Migrate may propose to drop it: keep it in your migrations by hand"))
                continue
            elements = []
            for e in index.elements:
                assert e.column is not None
                name = model.fields[e.column]
                if not e.descending and not e.opclass:
                    elements.append(name)
                    continue
                args = []
                if e.descending:
                    args.append("sort: Desc")
                if e.opclass:
                    args.append(f"ops: raw({_string(e.opclass)})")
                elements.append(f"{name}({', '.join(args)})")
            args = ["[" + ", ".join(elements) + "]", f"map: {_string(index.name)}"]
            if index.method in INDEX_TYPES:
                args.append(f"type: {INDEX_TYPES[index.method]}")
            if index.where is not None:
                self.uses_partial_indexes = True
                args.append(f"where: raw({_string(index.where)})")
                path = f"{model.path}.{index.name}"
                self.report(info("prisma.preview-feature", f"the partial index {path} uses Prisma's partialIndexes "
                                "preview feature", path))
            out.append(("@@unique(" if index.unique else "@@index(") + ", ".join(args) + ")")
        return out

    def _index_problem(self, table: ir.Table, index: ir.Index) -> str:
        if index.include:
            return "INCLUDE columns"
        if any(e.expression for e in index.elements):
            return "an expression"
        if self._touches_generated(table, index.columns):
            return "a generated column"
        if index.where is not None and not self.partial_indexes:
            return "a WHERE clause, and the partial_indexes option is off"
        if index.unique and index.method is not ir.IndexMethod.BTREE:
            return f"a unique {index.method.value} index"
        if index.unique and any(e.opclass for e in index.elements):
            return "a unique index with an operator class"
        return "a NULLS order"

    def _table_extras(self, model: _Model) -> None:
        table = model.table
        for check in table.checks:
            self.sql.check(table, check)
            model.sql_only.add(check.name)
            path = f"{model.path}.{check.name}"
            self.report(info("prisma.check-in-sql", f"Prisma cannot declare the CHECK constraint {path}: "
                            "constraints.sql adds it", path))

    def _comments(self) -> None:
        for model in self.models.values():
            t = model.table
            commented = [c for c in t.columns if c.comment]
            if t.comment or commented:
                self.sql.comment_table(t)
            if t.comment:
                self.report(info("prisma.comment-in-sql", f"the comment on {model.path} is a /// doc comment in "
                                "schema.prisma; constraints.sql puts it in the database", model.path))
            for c in commented:
                path = f"{model.path}.{c.name}"
                self.report(info("prisma.comment-in-sql", f"the comment on {path} is a /// doc comment in "
                                "schema.prisma; constraints.sql puts it in the database", path))
        for e in self.schema.enums:
            if e.comment:
                self.sql.comment_enum(e)
                self.report(info("prisma.comment-in-sql", f"the comment on enum {e.path} is a /// doc comment "
                                "in schema.prisma; constraints.sql puts it in the database", e.path))
        for n in self.schema.namespaces:
            if n.comment:
                self.sql.comment_namespace(n)
                self.report(info("prisma.comment-in-sql", f"the comment on namespace {n.name} is in "
                                "constraints.sql", n.name))

    def _unsupported_names(self) -> None:
        """Report the names Prisma's migration engine would write into SQL without escaping them.

        Prisma 7's schema engine puts names between double quotes without doubling the ones inside
        (``"weird"name"``), and enum values between single quotes without doubling those: the
        migration it writes fails, or means something else. No spelling in schema.prisma avoids it.
        """
        def report(what: str, name: str, path: str) -> None:
            self.report(error("prisma.unsupported-name", f"Prisma Migrate cannot quote the {what} {name!r}: its "
                             "SQL would break on the double quote", path,
                             hint="rename it without a double quote (\") to use Prisma Migrate"))

        for ns in sorted(self.used_namespaces):
            if '"' in ns:
                report("namespace", ns, ns)
        for e in self.schema.enums:
            if '"' in e.name:
                report("enum", e.name, e.path)
            for v in e.values:
                if "'" in v:
                    self.report(error("prisma.unsupported-name", f"Prisma Migrate cannot quote the value {v!r} of enum "
                                     f"{e.path}: its SQL would break on the single quote", e.path,
                                     hint="rename the value without a single quote (') to use Prisma Migrate"))
        for model in self.models.values():
            t = model.table
            if '"' in t.name:
                report("table", t.name, model.path)
            # One scan of all the names first: a double quote is rare.
            if '"' in "".join(model.fields):  # the column names
                for c in t.columns:
                    if '"' in c.name:
                        report("column", c.name, f"{model.path}.{c.name}")
            if '"' in "".join(t.constraint_names()):
                for name in t.constraint_names():
                    if '"' in name and name not in model.sql_only:
                        report("constraint or index", name, f"{model.path}.{name}")

    # Layout ---------------------------------------------------------------------------------------

    @staticmethod
    def _block(header: str, rows: list[_Field], attributes: list[str], doc: list[str],
               two_columns: bool = False) -> str:
        """A model or enum block laid out exactly as ``prisma format`` lays it out (aligned columns)."""
        name_width = max([len(r[0]) for r in rows], default=0)
        type_width = max([len(r[1]) for r in rows], default=0)
        lines = [*doc, header + " {"]
        add = lines.append
        # No line ends in a space (names, types and attributes never do), so none needs stripping.
        for name, type_text, attributes_, comment in rows:
            if comment:
                lines += _doc_lines(comment, "  ")
            if two_columns:
                add(f"  {name.ljust(name_width)} {' '.join(attributes_)}" if attributes_ else "  " + name)
            elif attributes_:
                add(f"  {name.ljust(name_width)} {type_text.ljust(type_width)} {' '.join(attributes_)}")
            else:
                add(f"  {name.ljust(name_width)} {type_text}")
        if attributes:
            add("")
            lines += [f"  {a}" for a in attributes]
        add("}\n")
        return "\n".join(lines)

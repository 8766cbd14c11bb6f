"""Drizzle export: ``db/schema.ts`` for drizzle-orm 0.45 (pg-core), plus ``db/constraints.sql``.

The schema declares every namespace (``pgSchema``), enum (``pgEnum``), sequence (``pgSequence``)
and table (``pgTable``) with real names as string literals; constraints and indexes sit in the
table's third argument, each with its real name (``primaryKey``/``foreignKey``/``unique``/
``index``/``check``), so drizzle-kit creates exactly the design's names instead of its own.
``relations()`` take their names from :func:`designer.core.relations.relation_names`, and each
table exports its ``$inferSelect``/``$inferInsert`` types (seed 001).

drizzle-kit cannot declare comments, deferrable foreign keys, INCLUDE columns, NULLS NOT
DISTINCT on a partial unique index, or ordered/operator-classed expression keys: those go to
``db/constraints.sql`` (run it after the migration) with a Diagnostic each.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

from designer.core import ir
from designer.core.diagnostics import error, info, warning
from designer.core.exporters import naming, register_exporter, sql_extras
from designer.core.exporters.base import Exporter, ExportResult, Option, Target
from designer.core.exporters.ormparts import camel, identifier, is_updated_at, js_string, pascal
from designer.core.exporters.sqlparts import default_sql, dependency_order, literal_sql
from designer.core.identifiers import DEFAULT_NAMESPACE, MAX_IDENTIFIER_BYTES
from designer.core.relations import relation_names, singular
from designer.core.types import LENGTH_TYPES, TIME_PRECISION_TYPES, ColumnType, LogicalType

#: The pg-core column builder of each logical type; "" means a ``customType`` named after the SQL type.
TYPE_MAP: dict[LogicalType, str] = {
    LogicalType.SMALLINT: "smallint",
    LogicalType.INTEGER: "integer",
    LogicalType.BIGINT: "bigint",
    LogicalType.NUMERIC: "numeric",
    LogicalType.REAL: "real",
    LogicalType.DOUBLE: "doublePrecision",
    LogicalType.BOOLEAN: "boolean",
    LogicalType.TEXT: "text",
    LogicalType.VARCHAR: "varchar",
    LogicalType.CHAR: "char",
    LogicalType.UUID: "uuid",
    LogicalType.DATE: "date",
    LogicalType.TIME: "time",
    LogicalType.TIMETZ: "time",
    LogicalType.TIMESTAMP: "timestamp",
    LogicalType.TIMESTAMPTZ: "timestamp",
    LogicalType.INTERVAL: "interval",
    LogicalType.JSON: "json",
    LogicalType.JSONB: "jsonb",
    LogicalType.BYTEA: "",
    LogicalType.INET: "inet",
    LogicalType.CIDR: "cidr",
    LogicalType.MACADDR: "macaddr",
    LogicalType.MONEY: "",
    LogicalType.TSVECTOR: "",
    LogicalType.XML: "",
    LogicalType.ENUM: "",  # the pgEnum's own builder
    LogicalType.OTHER: "",
}

#: The TypeScript type of a custom column's values (drizzle's ``customType<{ data }>``).
CUSTOM_DATA: dict[LogicalType, str] = {LogicalType.BYTEA: "Uint8Array"}

#: Types whose builder takes ``withTimezone: true``.
_ZONED = frozenset({LogicalType.TIMETZ, LogicalType.TIMESTAMPTZ})

#: Referential actions as drizzle spells them.
ACTIONS: dict[ir.Action, str] = {
    ir.Action.NO_ACTION: "no action",
    ir.Action.RESTRICT: "restrict",
    ir.Action.CASCADE: "cascade",
    ir.Action.SET_NULL: "set null",
    ir.Action.SET_DEFAULT: "set default",
}

#: Words a TypeScript ``const`` cannot be called (reserved and strict-mode words).
JS_RESERVED = frozenset({
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
    "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
    "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
    "let", "static", "implements", "interface", "package", "private", "protected", "public", "await", "arguments",
    "eval", "undefined", "NaN", "Infinity",
})

#: Names the generated module itself uses (imports, callback parameters).
MODULE_NAMES = frozenset({"sql", "relations", "table", "one", "many", "customType", "pgTable", "pgSchema", "pgEnum",
                          "pgSequence", "primaryKey", "foreignKey", "unique", "uniqueIndex", "index", "check",
                          *filter(None, TYPE_MAP.values())})

#: Type names the module uses (a table called ``records`` must not export a type ``Record``).
GLOBAL_TYPES = frozenset({"Record", "Uint8Array", "Date", "Array", "Object", "String", "Number", "Boolean", "Symbol",
                          "Function", "Promise", "Error", "Map", "Set", "PgTableExtraConfigValue"})

#: What drizzle-kit mishandles somewhere in a name or expression (see ``_unsupported_names``).
_SUSPICIOUS = ('"', ";", ",", "--")


def _suspicious(text: str) -> bool:
    return any(piece in text for piece in _SUSPICIOUS)  # four scans in C, faster than one regex

#: A JavaScript number literal that means exactly the SQL text (no exponent, no leading zeros).
_JS_NUMBER = re.compile(r"-?(0|[1-9]\d{0,14})(\.\d*[1-9])?")

_TIMESTAMPS = frozenset({LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ})
_NOW_TYPES = _TIMESTAMPS | {LogicalType.DATE}
_STRING_TYPES = frozenset({LogicalType.TEXT, LogicalType.VARCHAR, LogicalType.CHAR, LogicalType.ENUM})
_JSON_TYPES = frozenset({LogicalType.JSON, LogicalType.JSONB})
#: Numbers written as JavaScript numbers (bigint too when ``bigint_mode`` is number).
_NUMBER_TYPES = frozenset({LogicalType.SMALLINT, LogicalType.INTEGER, LogicalType.REAL, LogicalType.DOUBLE})
_BOOLEAN_WORDS = frozenset({"true", "false"})
# Enum members bound once: ``LogicalType.ENUM`` costs a Python-level lookup in Python 3.11, and
# these are compared for every column of a thousand-table design.
_ENUM, _NUMERIC, _BIGINT, _BOOLEAN = LogicalType.ENUM, LogicalType.NUMERIC, LogicalType.BIGINT, LogicalType.BOOLEAN
_UUID, _JSONB = LogicalType.UUID, LogicalType.JSONB
_LITERAL, _EXPRESSION = ir.DefaultKind.LITERAL, ir.DefaultKind.EXPRESSION
_SEQUENCE, _CLIENT = ir.DefaultKind.SEQUENCE, ir.DefaultKind.CLIENT
_ALWAYS, _BY_DEFAULT = ir.Identity.ALWAYS, ir.Identity.BY_DEFAULT
_BTREE, _NULLS_FIRST, _NULLS_LAST = ir.IndexMethod.BTREE, ir.NullsOrder.FIRST, ir.NullsOrder.LAST


def sql_template(text: str) -> str:
    """``text`` as a drizzle ``sql`...``` template whose cooked string is exactly ``text``."""
    escaped = text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
    return f"sql`{escaped}`"


def _jsdoc(text: str | None, indent: str) -> list[str]:
    if not text:
        return []
    lines = naming.block_comment(text).splitlines() or [""]
    if len(lines) == 1:
        return [f"{indent}/** {lines[0].strip()} */"]
    return [f"{indent}/**", *(f"{indent} * {line.strip()}".rstrip() for line in lines), f"{indent} */"]


@lru_cache(maxsize=65536)  # column names repeat from table to table
def _column_key(column: str) -> str:
    """The property key a column gets before it is made unique in its table."""
    return identifier(camel(column), fallback="column")


@lru_cache(maxsize=4096)  # a design repeats a few JSON defaults ({}, []) in many tables
def _json_literal(value: str) -> str | None:
    """A JSON default as the TypeScript value drizzle-kit writes back unchanged, or None."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    compact = json.dumps(parsed, separators=(",", ":"), ensure_ascii=False)
    # drizzle-kit writes JSON.stringify(value): only a compact literal comes back unchanged.
    return compact if compact == value and isinstance(parsed, dict | list) else None


@lru_cache(maxsize=65536)  # relation names repeat too (one per referenced table)
def _relation_key(relation: str) -> str:
    """The key a relation name gets before it is made unique in its table."""
    return identifier(camel(relation), fallback="relation")


def _add_unique(name: str, taken: set[str]) -> str:
    """``naming.unique``, without the call when the name is free (nearly always)."""
    if name in taken:
        return naming.unique(name, taken)
    taken.add(name)
    return name


@dataclass(eq=False)
class _TableNames:
    """A table's TypeScript names, and what is known about it, worked out once per export."""

    table: ir.Table
    key: tuple[str, str]
    path: str
    const: str
    columns: dict[str, str]
    """Column name to property key."""
    relations: list[_Relation] = field(default_factory=list)
    """One per foreign key, in the table's order."""
    back_relations: list[_Relation] = field(default_factory=list)
    """The relations pointing here, in schema order."""
    inline_pk: str | None = None
    """The column that carries ``.primaryKey()`` (see ``_find_inline_primary_key``)."""


@dataclass(eq=False)
class _Relation:
    """A foreign key as the two keys of ``relations()``."""

    names: _TableNames
    fk: ir.ForeignKey
    target: _TableNames
    forward: str
    """The key on the referencing table."""
    back: str = ""
    """The key on the referenced table."""
    label: str = ""
    """The ``relationName`` that pairs the two sides, when needed."""
    in_sql: bool = False
    """The foreign key goes to constraints.sql (see ``_references_unique_index``)."""


@register_exporter
class DrizzleExporter(Exporter):
    """``schema.ts`` for drizzle-orm 0.45 pg-core, and ``constraints.sql`` for what it cannot declare."""

    target: ClassVar[Target] = Target.DRIZZLE
    description: ClassVar[str] = "Drizzle ORM schema (schema.ts: pgTable, pgEnum, relations, inferred types)"
    OPTIONS: ClassVar[dict[str, Option]] = {
        "bigint_mode": Option("number", "How bigint columns read in TypeScript: number (up to 2^53) or bigint",
                              choices=("number", "bigint")),
    }

    SCHEMA_PATH: ClassVar[str] = "db/schema.ts"
    SQL_PATH: ClassVar[str] = "db/constraints.sql"
    #: Partial indexes are declared with ``.where(sql`...`)``.
    SUPPORTS_PARTIAL_INDEX: ClassVar[bool] = True
    #: CHECK constraints are declared with ``check()``.
    SUPPORTS_CHECK: ClassVar[bool] = True
    #: Enums are ``pgEnum`` (or ``schema.enum``) declarations.
    SUPPORTS_NATIVE_ENUM: ClassVar[bool] = True

    def run(self) -> ExportResult:
        self.sql = sql_extras.SqlExtras(self.schema)
        self.imports: set[str] = set()
        self.core_imports: set[str] = {"sql"}
        self.customs: dict[str, tuple[str, str]] = {}
        # A column's line, by what makes it (see render_table).
        self.known_columns: dict[tuple[object, ...], str] = {}
        """SQL type to (const name, data type) of the custom column types used."""
        self.bigint_as_number = self.options["bigint_mode"] == "number"
        self._name_things()
        order, self.cyclic = dependency_order(self.schema)
        self.type_imports: set[str] = set()
        sections = [self.render_namespaces(), self.render_enums(), self.render_sequences()]
        tables = [self.render_table(t) for t in order]
        relations = [r for t in order if (r := self.render_relations(t))]
        types = self.render_types(order)
        self._comments()
        self._unsupported_names()
        parts = [self.render_header(), self.render_customs(), *sections, *tables, *relations, types]
        text = "\n".join(p for p in parts if p)
        files = {self.SCHEMA_PATH: text}
        if self.sql:
            files[self.SQL_PATH] = self.sql.render(self.schema.name, "drizzle-kit")
        self._unlink_relations()
        return ExportResult(files=files, diagnostics=tuple(self.diagnostics))

    def _unlink_relations(self) -> None:
        """Cut the links between tables and relations, which point at each other: reference counting
        then frees them as the export returns, instead of leaving thousands of objects (1,000
        tables) for the cycle collector."""
        for names in self.tables.values():
            names.relations.clear()
            names.back_relations.clear()

    # Names ------------------------------------------------------------------------------------

    def _name_things(self) -> None:
        """Choose every TypeScript name once: module-level consts, column keys, relation keys."""
        self.taken: set[str] = set(MODULE_NAMES) | JS_RESERVED
        self.namespace_consts = {
            ns: naming.unique(identifier(camel(ns) + "Schema", JS_RESERVED, "namespaceSchema"),
                              self.taken)
            for ns in sorted({n.name for n in self.schema.namespaces}
                             | {t.namespace for t in self.schema.tables} | {e.namespace for e in self.schema.enums})
            if ns != DEFAULT_NAMESPACE
        }
        self.enum_consts = {e.key: self._const(camel(e.name) or "enumType", "Enum") for e in self.schema.enums}
        self.sequence_consts: dict[str, str] = {}
        for t in self.schema.tables:
            for c in t.columns:
                d = c.default
                if d is not None and d.kind is _SEQUENCE and d.value not in self.sequence_consts:
                    self.sequence_consts[d.value] = self._const(camel(d.value), "Sequence")
        self.tables: dict[tuple[str, str], _TableNames] = {}
        # Relation keys share the query API's result objects with the column keys: unique among both.
        used: dict[tuple[str, str], set[str]] = {}
        for t in self.schema.tables:
            const = self._const(t.orm_name and camel(t.orm_name) or camel(t.name) or "table", "Table")
            columns = {c.name: identifier(c.orm_name, fallback="column") if c.orm_name else _column_key(c.name)
                       for c in t.columns}
            keys = set(columns.values())
            if len(keys) < len(columns):  # two columns make the same key: number them in column order
                keys = set()
                columns = {name: _add_unique(k, keys) for name, k in columns.items()}
            key = (t.namespace, t.name)
            self.tables[key] = _TableNames(t, key, t.path, const, columns, inline_pk=self._find_inline_primary_key(t))
            used[key] = keys
        shared_names = relation_names(self.schema)
        tables = self.tables
        for names in tables.values():
            taken = used[names.key]
            for fk in names.table.foreign_keys:
                forward = _relation_key(shared_names[(names.key, fk.name)].forward)
                names.relations.append(_Relation(names, fk, tables[fk.ref_namespace, fk.ref_table],
                                                 _add_unique(forward, taken), in_sql=self._references_unique_index(fk)))
        # The relations between each pair of tables (one table for a self-reference), to label the ambiguous ones.
        pairs: dict[frozenset[int], list[_Relation]] = {}
        for names in tables.values():
            for relation in names.relations:
                back = _relation_key(shared_names[(names.key, relation.fk.name)].back)
                relation.back = _add_unique(back, used[relation.target.key])
                relation.target.back_relations.append(relation)
                pairs.setdefault(frozenset((id(names), id(relation.target))), []).append(relation)
        for between in pairs.values():
            if len(between) > 1 or between[0].target is between[0].names:
                for relation in between:
                    relation.label = f"{relation.names.const}_{relation.forward}"
        type_names: set[str] = set(GLOBAL_TYPES)
        self.type_names = {}
        for t in self.schema.tables:
            base = identifier(pascal(singular(t.orm_name or t.name)) or "Row", JS_RESERVED)
            self.type_names[t.key] = (_add_unique(base, type_names), _add_unique("New" + base, type_names))

    def _const(self, candidate: str, suffix: str) -> str:
        name = identifier(candidate, fallback=suffix.lower())
        if name in self.taken:
            name += suffix
        return _add_unique(name, self.taken)

    # Header and module-level declarations -------------------------------------------------------

    def render_header(self) -> str:
        lines = [f"// {naming.line_comment(self.schema.name)}: generated by the schema designer for drizzle-orm 0.45."]
        lines += [f"// {line.strip()}" for line in (self.schema.comment or "").splitlines() if line.strip()]
        if self.sql:
            lines.append(f"// Run {self.SQL_PATH} after the migration: it holds what drizzle-kit cannot declare.")
        core = sorted(self.core_imports)
        lines += ["", f'import {{ {", ".join(core)} }} from "drizzle-orm";',
                  f'import {{ {", ".join(sorted(self.imports))} }} from "drizzle-orm/pg-core";']
        if self.type_imports:
            lines.append(f'import type {{ {", ".join(sorted(self.type_imports))} }} from "drizzle-orm/pg-core";')
        lines.append("")
        return "\n".join(lines)

    def render_customs(self) -> str:
        out = []
        for sql_type, (const, data) in self.customs.items():
            out += [f"const {const} = customType<{{ data: {data} }}>({{",
                    "  dataType() {",
                    f"    return {js_string(sql_type)};",
                    "  },",
                    "});", ""]
        return "\n".join(out)

    def render_namespaces(self) -> str:
        if not self.namespace_consts:
            return ""
        self.imports.add("pgSchema")
        lines = []
        for ns, const in self.namespace_consts.items():
            namespace = next((n for n in self.schema.namespaces if n.name == ns), None)
            lines += _jsdoc(namespace.comment if namespace else None, "")
            lines.append(f"export const {const} = pgSchema({js_string(ns)});")
        return "\n".join(lines) + "\n"

    def render_enums(self) -> str:
        lines = []
        for e in self.schema.enums:
            values = ", ".join(js_string(v) for v in e.values)
            if e.namespace == DEFAULT_NAMESPACE:
                self.imports.add("pgEnum")
                maker = "pgEnum"
            else:
                maker = f"{self.namespace_consts[e.namespace]}.enum"
            lines += _jsdoc(e.comment, "")
            lines.append(f"export const {self.enum_consts[e.key]} = {maker}({js_string(e.name)}, [{values}]);")
        return "\n".join(lines) + "\n" if lines else ""

    def render_sequences(self) -> str:
        if not self.sequence_consts:
            return ""
        self.imports.add("pgSequence")
        # The SQL export creates the sequence unqualified (public), where nextval('name') finds it.
        return "\n".join(f"export const {const} = pgSequence({js_string(name)});"
                         for name, const in self.sequence_consts.items()) + "\n"

    # Tables -----------------------------------------------------------------------------------------

    def render_table(self, table: ir.Table) -> str:
        names = self.tables[table.key]
        if table.namespace == DEFAULT_NAMESPACE:
            self.imports.add("pgTable")
            maker = "pgTable"
        else:
            maker = f"{self.namespace_consts[table.namespace]}.table"
        inline_pk = names.inline_pk
        known = self.known_columns
        diagnostics = self.diagnostics
        columns = []
        # names.columns is in column order (_name_things fills it so): no lookup by name.
        for c, key in zip(table.columns, names.columns.values(), strict=True):
            if c.comment:
                columns += _jsdoc(c.comment, "    ")
            # Columns repeat from table to table (id, created_at...): each distinct line is written once.
            # The memo holds every field of the type and default rather than the objects: their
            # dataclass __hash__ and __eq__ run in Python, and cost as much as the line they save.
            t, d = c.type, c.default
            pk = c.name == inline_pk
            memo = (key, c.name, c.nullable, c.identity, c.generated, pk, t.logical, t.length, t.precision, t.scale,
                    t.array_dims, t.enum, t.enum_namespace, t.native, d and d.kind, d and d.value)
            line = known.get(memo)
            if line is None:
                reported = len(diagnostics)
                line = f"    {key}: {self.render_column(table, c, pk, names.path)},"
                if len(diagnostics) == reported:  # a column that reports its path is written every time
                    known[memo] = line
            columns.append(line)
        extras = self.render_constraints(table, names)
        lines = [*_jsdoc(table.comment, ""), f"export const {names.const} = {maker}(",
                 f"  {js_string(table.name)},", "  {", *columns, "  },"]
        if extras:
            callback = "(table) => ["
            if self.cyclic and any((names.key, fk.name) in self.cyclic for fk in table.foreign_keys):
                # A foreign key to a table declared further down closes a cycle; without a declared
                # return type TypeScript cannot infer either table's type (TS7022).
                self.type_imports.add("PgTableExtraConfigValue")
                callback = "(table): PgTableExtraConfigValue[] => ["
            lines += [f"  {callback}", *[f"    {x}," for x in extras], "  ],"]
        lines.append(");")
        return "\n".join(lines) + "\n"

    def _builder(self, column: ir.Column) -> str:
        """The column builder call: ``varchar("email", { length: 255 })``."""
        t = column.type
        name = js_string(column.name)
        logical = t.logical
        if logical is _ENUM:
            return f"{self.enum_consts[(t.enum_namespace, t.enum or '')]}({name})"
        builder = TYPE_MAP[logical]
        if not builder:
            return f"{self._custom(t.element)}({name})"
        self.imports.add(builder)
        config = []
        if logical in LENGTH_TYPES and t.length is not None:
            config.append(f"length: {t.length}")
        elif logical is _NUMERIC and t.precision is not None:
            config.append(f"precision: {t.precision}")
            if t.scale is not None:
                config.append(f"scale: {t.scale}")
        elif logical is _BIGINT:
            config.append(f"mode: {js_string(str(self.options['bigint_mode']))}")
        if logical in _ZONED:
            config.append("withTimezone: true")
        if logical in TIME_PRECISION_TYPES and t.precision is not None:
            config.append(f"precision: {t.precision}")
        return f"{builder}({name}, {{ {', '.join(config)} }})" if config else f"{builder}({name})"

    def _custom(self, element: ColumnType) -> str:
        """The const of a ``customType`` for ``element``'s SQL type, declared once."""
        sql_type = element.sql
        if sql_type not in self.customs:
            self.imports.add("customType")
            const = self._const(camel(sql_type) or "custom", "Type")
            self.customs[sql_type] = (const, CUSTOM_DATA.get(element.logical, "string"))
        return self.customs[sql_type][0]

    def render_column(self, table: ir.Table, column: ir.Column, primary_key: bool = False,
                      table_path: str | None = None) -> str:
        """The column's builder chain; ``primary_key`` marks the column of a one-column key."""
        t = column.type
        d = column.default
        parts = [self._builder(column)]
        if d is not None and t.logical is _JSONB:
            shape = d.value.strip()[:1]
            if d.kind is _LITERAL and shape in "{[" and shape:
                parts.append("$type<Record<string, unknown>>()" if shape == "{" else "$type<unknown[]>()")
        if t.array_dims:
            parts += ["array()"] * t.array_dims
        if primary_key:
            parts.append("primaryKey()")
        elif not column.nullable:  # a primary key is NOT NULL already
            parts.append("notNull()")
        if d is not None:
            default = self.render_default(table, column)
            if default:
                parts.append(default)
        if column.generated is not None:
            parts.append(f"generatedAlwaysAs({sql_template(column.generated)})")
        if t.logical in _TIMESTAMPS and is_updated_at(column):
            parts.append("$onUpdate(() => new Date())")
            path = f"{table_path or table.path}.{column.name}"
            self.report(info("drizzle.updated-at", f"drizzle sets {path} on every update ($onUpdate); the database "
                             "itself does not", path))
        if column.identity is not None:
            if column.identity is _ALWAYS:
                parts.append("generatedAlwaysAsIdentity()")
            elif column.identity is _BY_DEFAULT:
                parts.append("generatedByDefaultAsIdentity()")
        if d is not None and d.kind is _CLIENT:
            path = f"{table_path or table.path}.{column.name}"
            self.report(info("drizzle.client-default", f"the default of {path} ({d.value}) is set by "
                             "the application: drizzle-kit gives the column no database default", path,
                             hint="add .$defaultFn(() => ...) to generate it in TypeScript"))
        return ".".join(parts)

    def render_default(self, table: ir.Table, column: ir.Column) -> str:
        d = column.default
        t = column.type
        if d is None or d.kind is _CLIENT:
            return ""
        if d.kind is _EXPRESSION:
            expr = d.value.strip().lower()
            if expr == "now()" and t.logical in _NOW_TYPES and not t.array_dims:
                return "defaultNow()"
            if expr == "gen_random_uuid()" and t.logical is _UUID and not t.array_dims:
                return "defaultRandom()"
        elif d.kind is _LITERAL and not t.array_dims:
            literal = self._js_literal(column)
            if literal is not None:
                return f"default({literal})"
        # Everything else is the SQL export's own default expression, verbatim.
        return f"default({sql_template(default_sql(column) or '')})"

    def _js_literal(self, column: ir.Column) -> str | None:
        """A TypeScript value drizzle-kit writes back as the same SQL literal, or None."""
        assert column.default is not None
        value, t = column.default.value, column.type
        logical = t.logical
        if logical in _STRING_TYPES:
            return js_string(value)
        if logical is _BOOLEAN:
            sql = literal_sql(value, t)
            return sql if sql in _BOOLEAN_WORDS else None
        if (logical in _NUMBER_TYPES or logical is _BIGINT and self.bigint_as_number) and _JS_NUMBER.fullmatch(value):
            return value
        if logical in _JSON_TYPES:
            return _json_literal(value)
        return None

    def _inline_primary_key(self, table: ir.Table) -> str | None:
        """The column that carries ``.primaryKey()``: a one-column key with PostgreSQL's own name."""
        return self.tables[table.key].inline_pk

    @staticmethod
    def _find_inline_primary_key(table: ir.Table) -> str | None:
        pk = table.primary_key
        if pk is None or len(pk.columns) != 1:
            return None
        default_name = f"{table.name}_pkey"
        if pk.name is None or (pk.name == default_name and len(default_name.encode()) <= MAX_IDENTIFIER_BYTES):
            return pk.columns[0]
        return None

    # Constraints and indexes -----------------------------------------------------------------------

    def render_constraints(self, table: ir.Table, names: _TableNames | None = None) -> list[str]:
        names = names or self.tables[table.key]
        col = names.columns
        out = []
        pk = table.primary_key
        if pk is not None and names.inline_pk is None:
            self.imports.add("primaryKey")
            columns = ", ".join([f"table.{col[c]}" for c in pk.columns])
            pk_name = pk.name or f"{table.name}_pkey"  # PostgreSQL's name; drizzle's own differs
            out.append(f"primaryKey({{ name: {js_string(pk_name)}, columns: [{columns}] }})")
        for relation in names.relations:
            fk = relation.fk
            if relation.in_sql:
                # drizzle-kit adds every foreign key before it creates any index: one whose target
                # is only unique through a unique index would fail, so it comes after, in SQL.
                self.sql.foreign_key(table, fk)
                path = f"{names.path}.{fk.name}"
                self.report(warning("drizzle.fk-in-sql", f"the foreign key {path} references columns that a unique "
                                    "index (not a constraint) makes unique, which drizzle-kit cannot order: "
                                    "constraints.sql adds it", path,
                                    hint="make the referenced columns a unique constraint to declare it in schema.ts"))
                continue
            out.append(self.render_foreign_key(table, fk, relation))
        for u in table.uniques:
            rendered = self.render_unique(table, u, names)
            if rendered:
                out.append(rendered)
        for index in table.indexes:
            rendered = self.render_index(table, index, names)
            if rendered:
                out.append(rendered)
        for check in table.checks:
            self.imports.add("check")
            out.append(f"check({js_string(check.name)}, {sql_template(check.expression)})")
        return out

    def _references_unique_index(self, fk: ir.ForeignKey) -> bool:
        target = self.schema.table(fk.ref_table, fk.ref_namespace)
        if target is None:
            return False
        pk = target.primary_key
        if pk is not None and pk.columns == fk.ref_columns:  # the usual case, without the sets
            return False
        wanted = set(fk.ref_columns)
        if pk is not None and set(pk.columns) == wanted:
            return False
        return not any(u.where is None and set(u.columns) == wanted for u in target.uniques)

    def render_foreign_key(self, table: ir.Table, fk: ir.ForeignKey, relation: _Relation | None = None) -> str:
        self.imports.add("foreignKey")
        if relation is None:
            relation = next(r for r in self.tables[table.key].relations if r.fk is fk)
        own = relation.names.columns
        target = relation.target
        ref = "table" if target is relation.names else target.const
        columns = ", ".join([f"table.{own[c]}" for c in fk.columns])
        foreign = ", ".join([f"{ref}.{target.columns[c]}" for c in fk.ref_columns])
        if fk.deferrable:
            self.sql.deferrable(table, fk)
            path = f"{relation.names.path}.{fk.name}"
            self.report(info("drizzle.deferrable-fk", f"drizzle cannot declare the deferrable foreign key {path}: "
                             "constraints.sql makes it DEFERRABLE", path))
        on_delete, on_update = js_string(ACTIONS[fk.on_delete]), js_string(ACTIONS[fk.on_update])
        name = js_string(fk.name)
        return (f"foreignKey({{ name: {name}, columns: [{columns}], foreignColumns: [{foreign}] }})"
                f".onDelete({on_delete}).onUpdate({on_update})")

    def render_unique(self, table: ir.Table, u: ir.Unique, names: _TableNames | None = None) -> str:
        col = (names or self.tables[table.key]).columns
        columns = ", ".join([f"table.{col[c]}" for c in u.columns])
        if u.where is None:
            self.imports.add("unique")
            nnd = ".nullsNotDistinct()" if u.nulls_not_distinct else ""
            return f"unique({js_string(u.name)}).on({columns}){nnd}"
        if u.nulls_not_distinct:
            self.sql.unique(table, u)
            path = f"{table.path}.{u.name}"
            self.report(warning("drizzle.index-in-sql", f"drizzle cannot declare the partial unique index {path} "
                                "NULLS NOT DISTINCT: constraints.sql creates it", path,
                                hint="drizzle-kit may propose to drop it: keep it in a custom migration"))
            return ""
        self.imports.add("uniqueIndex")
        return f"uniqueIndex({js_string(u.name)}).on({columns}).where({sql_template(u.where)})"

    def render_index(self, table: ir.Table, index: ir.Index, names: _TableNames | None = None) -> str:
        problem = self._index_problem(index)
        if problem:
            path = f"{table.path}.{index.name}"
            self.sql.index(table, index)
            self.report(warning("drizzle.index-in-sql", f"drizzle cannot declare the index {path} ({problem}): "
                                "constraints.sql creates it", path,
                                hint="drizzle-kit may propose to drop it: keep it in a custom migration"))
            return ""
        maker = "uniqueIndex" if index.unique else "index"
        self.imports.add(maker)
        keys = (names or self.tables[table.key]).columns
        elements = ", ".join([f"table.{keys[e.column]}" if e.column is not None and e.is_plain
                              else self._index_element(table, e) for e in index.elements])
        if index.method is _BTREE:
            out = f"{maker}({js_string(index.name)}).on({elements})"
        else:
            out = f"{maker}({js_string(index.name)}).using({js_string(index.method.value)}, {elements})"
        if index.where is not None:
            out += f".where({sql_template(index.where)})"
        return out

    @staticmethod
    def _index_problem(index: ir.Index) -> str:
        if index.include:
            return "INCLUDE columns"
        for e in index.elements:
            if e.expression is not None and (e.descending or e.nulls or e.opclass):
                return "an expression with an order or operator class"
        return ""

    def _index_element(self, table: ir.Table, e: ir.IndexElement) -> str:
        if e.expression is not None:
            return sql_template(f"({e.expression})")
        assert e.column is not None
        out = f"table.{self.tables[table.key].columns[e.column]}"
        if e.opclass:
            out += f".op({js_string(e.opclass)})"
        # drizzle-kit writes DESC as DESC NULLS LAST, which is not PostgreSQL's default (NULLS
        # FIRST): the order is always spelled out for descending keys.
        if e.descending:
            out += ".desc().nullsLast()" if e.nulls is _NULLS_LAST else ".desc().nullsFirst()"
        elif e.nulls is _NULLS_FIRST:
            out += ".asc().nullsFirst()"
        return out

    # Relations and types ----------------------------------------------------------------------------

    def render_relations(self, table: ir.Table) -> str:
        names = self.tables[table.key]
        entries = []
        helpers = set()
        for relation in names.relations:
            fk, target = relation.fk, relation.target
            fields = ", ".join([f"{names.const}.{names.columns[c]}" for c in fk.columns])
            refs = ", ".join([f"{target.const}.{target.columns[c]}" for c in fk.ref_columns])
            named = f", relationName: {js_string(relation.label)}" if relation.label else ""
            helpers.add("one")
            entries.append(f"  {relation.forward}: one({target.const}, {{ fields: [{fields}], references: [{refs}]"
                           f"{named} }}),")
        for relation in names.back_relations:
            key, child, fk, label = relation.back, relation.names, relation.fk, relation.label
            # relationship(child.table, fk).cardinality, without the junction test it also makes.
            if child.table.is_unique_on(fk.columns):
                if label:
                    path = f"{child.path}.{fk.name}"
                    self.report(info("drizzle.inverse-relation", f"drizzle's one() cannot name the reverse side of "
                                     f"the one-to-one {path}: {names.path} gets no {key} relation", path))
                    continue
                helpers.add("one")
                entries.append(f"  {key}: one({child.const}),")
            else:
                helpers.add("many")
                named = f", {{ relationName: {js_string(label)} }}" if label else ""
                entries.append(f"  {key}: many({child.const}{named}),")
        if not entries:
            return ""
        self.core_imports.add("relations")
        return "\n".join([f"export const {self._const(names.const + 'Relations', 'Relations')} = "
                          f"relations({names.const}, ({{ {', '.join(sorted(helpers))} }}) => ({{",
                          *entries, "}));"]) + "\n"

    def render_types(self, order: list[ir.Table]) -> str:
        lines = []
        for t in order:
            select, insert = self.type_names[t.key]
            const = self.tables[t.key].const
            lines += [f"export type {select} = typeof {const}.$inferSelect;",
                      f"export type {insert} = typeof {const}.$inferInsert;"]
        return "\n".join(lines) + "\n"

    # What drizzle-kit cannot declare --------------------------------------------------------------

    def _comments(self) -> None:
        for names in self.tables.values():
            t = names.table
            commented = [c for c in t.columns if c.comment]
            if t.comment or commented:
                self.sql.comment_table(t)
            for path, what in [(names.path, "table")] * bool(t.comment) + [
                    (f"{names.path}.{c.name}", "column") for c in commented]:
                self.report(info("drizzle.comment-in-sql", f"drizzle cannot declare the comment on {what} {path}: "
                                 "it is a JSDoc comment in schema.ts, and constraints.sql puts it in the database",
                                 path))
        for e in self.schema.enums:
            if e.comment:
                self.sql.comment_enum(e)
                self.report(info("drizzle.comment-in-sql", f"the comment on enum {e.path} is in constraints.sql",
                                 e.path))
        for n in self.schema.namespaces:
            if n.comment:
                self.sql.comment_namespace(n)
                self.report(info("drizzle.comment-in-sql", f"the comment on namespace {n.name} is in "
                                 "constraints.sql", n.name))

    def _unsupported_names(self) -> None:
        """Report names and expressions drizzle-kit cannot carry into the migration it writes.

        drizzle-kit (0.31) puts names between double quotes without doubling the ``"`` inside,
        and keeps constraints in its snapshot as strings joined with ``;`` (columns with ``,``,
        index keys with ``,,`` and ``--``) that it splits again: such a character in a name, a
        key expression, a CHECK or a WHERE makes it crash (exiting 0) or cut the text short.
        """
        def report(what: str, text: str, path: str, bad: tuple[str, ...]) -> None:
            found = [b for b in bad if b in text]
            if found:
                chars = " and ".join(repr(b) for b in found)
                self.report(error("drizzle.unsupported-name", f"drizzle-kit cannot carry the {what} {text!r}: its "
                                  f"migration would break on {chars}", path,
                                  hint=f"remove {chars} from it to use drizzle-kit"))

        quote: tuple[str, ...] = ('"',)
        split: tuple[str, ...] = ('"', ";")
        checked = [(t, self._checked_texts(t)) for t in self.schema.tables]
        # The common case, decided in one search: no table has a suspicious text. The texts are
        # joined with a line break, which is none of the characters and cannot make a "--".
        suspicious = []
        if _suspicious("\n".join([text for _, text in checked])):
            suspicious = [t for t, text in checked if _suspicious(text)]
        fk_tables = {k for n in self.tables.values() for r in n.relations if not r.in_sql
                     for k in (n.key, r.target.key)} if suspicious or self.namespace_consts else set()
        for ns in self.namespace_consts:
            report("namespace", ns, ns, split if any(k[0] == ns for k in fk_tables) else quote)
        for e in self.schema.enums:
            report("enum", e.name, e.path, quote)
        for seq in self.sequence_consts:
            report("sequence", seq, seq, quote)
        for t in suspicious:
            # An identity column's sequence is named after the table and the column.
            identities = {c.name for c in t.columns if c.identity is not None}
            report("table", t.name, t.path, split if identities or t.key in fk_tables else quote)
            in_sql = {i.name for i in t.indexes if self._index_problem(i)}
            in_sql |= {u.name for u in t.uniques if u.where is not None and u.nulls_not_distinct}
            in_sql |= {fk.name for fk in t.foreign_keys if self._references_unique_index(fk)}
            # Columns listed in a key are joined with "," (index keys with ",," and "--").
            listed = set(t.primary_key.columns if t.primary_key and not self._inline_primary_key(t) else ())
            listed |= {c for u in t.uniques if u.name not in in_sql for c in u.columns}
            listed |= {c for fk in t.foreign_keys if fk.name not in in_sql for c in fk.columns}
            listed |= {c for r in self.tables[t.key].back_relations if not r.in_sql for c in r.fk.ref_columns}
            indexed = {c for i in t.indexes if i.name not in in_sql for c in i.columns}
            for c in t.columns:
                bad = split if c.name in listed | indexed | identities else quote
                bad += ((",",) if c.name in listed | indexed else ()) + (("--",) if c.name in indexed else ())
                report("column", c.name, f"{t.path}.{c.name}", bad)
            for name in t.constraint_names():
                if name not in in_sql:
                    report("constraint or index", name, f"{t.path}.{name}", split)
            for check in t.checks:
                report("CHECK expression", check.expression, f"{t.path}.{check.name}", (";",))
            for u in t.uniques:
                if u.where is not None and u.name not in in_sql:
                    report("WHERE clause", u.where, f"{t.path}.{u.name}", (";",))
            for i in t.indexes:
                if i.name not in in_sql:
                    if i.where is not None:
                        report("WHERE clause", i.where, f"{t.path}.{i.name}", (";",))
                    for element in i.elements:
                        if element.expression is not None:
                            report("index expression", element.expression, f"{t.path}.{i.name}", (";", ",,", "--"))

    @staticmethod
    def _checked_texts(t: ir.Table) -> str:
        """Every name and expression of ``t`` that drizzle-kit carries, one a line."""
        texts = [t.name]
        texts += [c.name for c in t.columns]
        texts += t.constraint_names()
        texts += [c.expression for c in t.checks]
        texts += [u.where for u in t.uniques if u.where]
        texts += [i.where for i in t.indexes if i.where]
        texts += [e.expression for i in t.indexes for e in i.elements if e.expression]
        return "\n".join(texts)

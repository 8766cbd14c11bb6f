"""Sequelize 6: model files, ``models/index.js`` with the associations, and a queryInterface migration.

Two ways to a database, as Sequelize users have: the migration
(``migrations/20250101000000-create-schema.js``, ``up`` and ``down``) builds exactly the design
(enums, tables, named constraints, indexes with ``where``, comments), and ``sequelize.sync()``
builds what models can declare. What models cannot declare (CHECK constraints, constraint names,
composite foreign keys, INCLUDE...) is left to the migration and reported as a diagnostic.

Sequelize has traps that decide the shape of the code (read in its 6.37 source):

- ``quoteIdentifier`` *removes* double quotes from names and ``quoteIdentifiers`` splits names at
  dots, so a statement naming such an object is written in SQL (the SQL exporter's own pieces)
  and run with ``queryInterface.sequelize.query``;
- ``createTable`` scans each column's SQL for ``COMMENT``, ``PRIMARY KEY``, ``SERIAL`` and
  ``ENUM(``, so a type or default holding one of them makes the table SQL too;
- ``DataTypes.ENUM`` always creates ``enum_<table>_<column>``: shared enum types are created
  with SQL and columns name them; ``DataTypes.NOW``/``UUIDV4`` are JavaScript-side, so database
  defaults are ``Sequelize.fn``/``Sequelize.literal``;
- associations default to ON UPDATE CASCADE, so ``onDelete``/``onUpdate`` are always written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from designer.core import ir
from designer.core.diagnostics import info, warning
from designer.core.exporters import naming, register_exporter
from designer.core.exporters.base import Exporter, ExportResult, Target
from designer.core.exporters.junctions import many_to_many_names
from designer.core.exporters.naming import block_comment, line_comment, snake, unique
from designer.core.exporters.ormparts import camel, identifier, pascal
from designer.core.exporters.ormparts import js_string as name_string
from designer.core.exporters.sql_ddl import SqlExporter
from designer.core.exporters.sqlparts import default_sql, dependency_order, table_sql_name
from designer.core.identifiers import DEFAULT_NAMESPACE, MAX_IDENTIFIER_BYTES, quote_identifier
from designer.core.relations import relation_names, singular
from designer.core.types import INTEGER_TYPES, TEXT_TYPES, ColumnType, LogicalType, type_sql_name

#: The ``DataTypes`` member of each logical type; None: written as the PostgreSQL type name
#: (a string type), because Sequelize has no data type that produces exactly it.
TYPE_MAP: dict[LogicalType, str | None] = {
    LogicalType.SMALLINT: "SMALLINT",
    LogicalType.INTEGER: "INTEGER",
    LogicalType.BIGINT: "BIGINT",
    LogicalType.NUMERIC: "DECIMAL",
    LogicalType.REAL: "REAL",
    LogicalType.DOUBLE: "DOUBLE",
    LogicalType.BOOLEAN: "BOOLEAN",
    LogicalType.TEXT: "TEXT",
    LogicalType.VARCHAR: "STRING",  # only with a length: STRING alone is varchar(255)
    LogicalType.CHAR: "CHAR",
    LogicalType.UUID: "UUID",
    LogicalType.DATE: "DATEONLY",
    LogicalType.TIME: "TIME",  # only without a precision
    LogicalType.TIMETZ: None,
    LogicalType.TIMESTAMP: None,  # DataTypes.DATE is timestamptz
    LogicalType.TIMESTAMPTZ: "DATE",  # only without a precision: DATE(3) is still timestamptz
    LogicalType.INTERVAL: None,
    LogicalType.JSON: "JSON",
    LogicalType.JSONB: "JSONB",
    LogicalType.BYTEA: "BLOB",
    LogicalType.INET: "INET",
    LogicalType.CIDR: "CIDR",
    LogicalType.MACADDR: "MACADDR",
    LogicalType.MONEY: None,
    LogicalType.TSVECTOR: "TSVECTOR",
    LogicalType.XML: None,
    LogicalType.ENUM: None,  # the shared type by name (DataTypes.ENUM would make its own type)
    LogicalType.OTHER: None,
}

#: Words ``createTable`` looks for in a column's SQL (see the module docstring).
SCANNED_WORDS = ("COMMENT ", "PRIMARY KEY", "SERIAL", "ENUM(")

NO_NULLS_NOT_DISTINCT = "Sequelize indexes have no NULLS NOT DISTINCT"

#: Timestamp options of ``Model.init`` and the column each maps to.
TIMESTAMP_COLUMNS = {"createdAt": "created_at", "updatedAt": "updated_at", "deletedAt": "deleted_at"}

INDEX_PATH = "models/index.js"
#: A fixed timestamp: the same design gives the same file name.
MIGRATION_PATH = "migrations/20250101000000-create-schema.js"

_JS_WORDS = frozenset({
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
    "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
    "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
    "let", "static", "implements", "interface", "package", "private", "protected", "public", "await", "arguments",
    "eval", "undefined", "NaN", "Infinity",
})
#: Module-level names of the generated files, which no model class may take.
_GLOBALS = frozenset({"Model", "DataTypes", "Sequelize", "Deferrable", "Op", "initModels", "sequelize", "require",
                      "module", "exports", "Object", "Array", "String", "Number", "Boolean", "Date", "Map", "Set",
                      "Promise", "Error", "JSON", "Math", "Symbol", "BigInt", "Function", "RegExp", "Buffer"})
#: Names a model instance already has (Model.prototype): an attribute may not hide them.
_INSTANCE_NAMES = frozenset({
    "get", "set", "save", "update", "destroy", "reload", "restore", "validate", "changed", "previous", "increment",
    "decrement", "equals", "equalsOneOf", "toJSON", "isSoftDeleted", "where", "setDataValue", "getDataValue",
    "dataValues", "isNewRecord", "sequelize", "constructor", "_options", "_model", "_previousDataValues",
    "uniqno", "hasOwnProperty", "toString", "valueOf", "__proto__",
})
_CLASS_RESERVED = _JS_WORDS | _GLOBALS
#: Each referential action as a string literal (``"SET NULL"``).
_ACTIONS = {a: naming.js_string(a.sql) for a in ir.Action}
_TIMESTAMPS = frozenset({LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ})
_JS_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_ZERO_ARGUMENT_CALL = re.compile(r"^([a-z_][a-z0-9_]*)\(\)$")
_JS_INTEGER = re.compile(r"^-?(0|[1-9][0-9]{0,14})$")


def js_string(text: str) -> str:
    """:func:`naming.js_string`, with a quicker test for the usual text, which needs no escape."""
    if text.isprintable() and '"' not in text and "\\" not in text:  # no control character, U+2028...
        return f'"{text}"'
    return naming.js_string(text)


@functools.lru_cache(maxsize=65536)  # column names repeat from table to table
def js_key(name: str) -> str:
    """An object key: bare when it is an identifier, a string literal otherwise."""
    return name if _JS_IDENTIFIER.match(name) else js_string(name)


@functools.lru_cache(maxsize=65536)
def attribute_name(name: str, fallback: str = "column") -> str:
    """The attribute or association a name asks for (``createdAt``), before it is made unique on its model."""
    return identifier(camel(name), _INSTANCE_NAMES, fallback)


def js_object(pairs: list[tuple[str, str]], indent: str, lead: int = 0, width: int = 120) -> str:
    """``{ key: value, ... }`` on one line when it fits, else one pair per line.

    Args:
        pairs: (key, value) as code: keys are option names such as ``allowNull``; a pair whose
            value is the key itself (``transaction``) is written shorthand.
        indent: the indentation of the line the object starts on (its closing brace gets it).
        lead: how many characters precede the object on that line besides the indentation.
    """
    return js_items([k if k == v else f"{k}: {v}" for k, v in pairs], indent, lead, width)


def js_items(items: list[str], indent: str, lead: int = 0, width: int = 120) -> str:
    """:func:`js_object` of items already written (``allowNull: false``, ``transaction``)."""
    if not items:
        return "{}"
    flat = "{ " + ", ".join(items) + " }"
    if len(indent) + lead + len(flat) + 3 <= width and "\n" not in flat:
        return flat
    inner = indent + "  "
    return "{\n" + inner + (",\n" + inner).join(items) + ",\n" + indent + "}"


def js_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def mangled(name: str) -> bool:
    """Sequelize cannot quote this name: ``quoteIdentifier`` drops ``"`` and leaves ``*`` bare."""
    return '"' in name or name == "*"


def any_mangled(names: list[str]) -> bool:
    """:func:`mangled` for any of ``names``, in two scans (a quote in one name is a quote in all of them)."""
    return '"' in "".join(names) or "*" in names


@dataclass(frozen=True, slots=True, eq=False)  # compared by identity: one per type and default, a cheap key
class _Shape:
    """What a column's type, default and generated expression become in the generated code: the
    same for every column with those, so it is worked out once per export.

    Attributes:
        model_type: the type in a model (``DataTypes.TEXT``).
        migration_type: the type in the migration (``Sequelize.TEXT``).
        default: ``defaultValue`` for the database default, if any.
        scanned_word: the word ``createTable`` would find in the column's SQL (see :meth:`scanned_word`).
        validate: the ``validate`` option of an enum column.
        client: the default is application-side (``DataTypes.UUIDV4``...).
    """

    model_type: str
    migration_type: str
    default: str | None
    scanned_word: str | None
    validate: str | None
    client: bool


@dataclass
class _Model:
    """One table as a Sequelize model.

    Attributes:
        name: the class and model name.
        file: the module under ``models/`` (without ``.js``).
        attrs: column name to attribute name.
        taken: attribute and association names in use on the model.
        timestamps: ``createdAt``/``updatedAt``/``deletedAt`` to the attribute that plays it.
        shapes: the :class:`_Shape` of each column, in column order.
        sql_reason: why ``createTable`` cannot build the table exactly, or None.
        ref: how queryInterface names the table.
        associations: the association calls of ``models/index.js`` where this model is the source.
        create_columns: the column lines of its ``createTable``, written with the model's attributes.
        index_reasons: index name to why ``addIndex`` cannot write it (see ``index_sql_reason``).
        index_options: index name to its written options (see ``index_items``).
    """

    table: ir.Table
    name: str
    file: str
    attrs: dict[str, str]
    taken: set[str]
    timestamps: dict[str, str]
    shapes: list[_Shape]
    sql_reason: str | None
    ref: str
    associations: list[str] = field(default_factory=list)
    create_columns: list[str] | None = None
    index_reasons: dict[str, str | None] = field(default_factory=dict)
    index_options: dict[str, list[str]] = field(default_factory=dict)


@register_exporter
class SequelizeExporter(Exporter):
    """Sequelize 6 models with associations, and a migration that builds (and drops) the schema."""

    target = Target.SEQUELIZE
    description = "Sequelize 6 models (models/*.js, associations in models/index.js) and a queryInterface migration"

    def run(self) -> ExportResult:
        # The SQL exporter's own pieces, for the statements Sequelize cannot write exactly.
        self.sql = SqlExporter(self.schema)
        self.guarded_sql = SqlExporter(self.schema, {"idempotent": True})
        _, self.deferred = dependency_order(self.schema)
        self.shapes: dict[tuple[object, ...], _Shape] = {}
        self.scanned_shapes: set[_Shape] = set()  # those with a scanned word
        # A model's attribute line and its createTable line, by what makes them (see column_lines).
        self.known_columns: dict[tuple[object, ...], tuple[str, str]] = {}
        self.uses_sequences = False  # a column draws from a sequence (see shape)
        self.references: dict[tuple[str, str, tuple[str, ...]], str] = {}  # see add_foreign_key
        self.models = self.name_models()
        # Most designs use no sequence: then no scan of every column for their users.
        self.sequences = self.sql.sequence_users() if self.uses_sequences else {}
        self.add_associations()
        self.report_sync_limits()
        files = {INDEX_PATH: self.render_index()}
        for model in self.models.values():
            files[f"models/{model.file}.js"] = self.render_model(model)
        files[MIGRATION_PATH] = self.render_migration()
        return ExportResult(files, tuple(self.diagnostics))

    # Names ------------------------------------------------------------------------------------

    def name_models(self) -> dict[tuple[str, str], _Model]:
        """Class, file and attribute names of every table, with the shapes of its columns."""
        classes = set(_GLOBALS)
        files = {"index"}
        out = {}
        for t in self.schema.tables:
            base = identifier(pascal(t.orm_name or singular(t.name)), _CLASS_RESERVED, "Model")
            if base in classes and t.namespace != DEFAULT_NAMESPACE:
                base = identifier(pascal(t.namespace) + base, _CLASS_RESERVED, "Model")
            name = unique(base, classes)
            file = unique(snake(name) or "model", files)
            # Without a primary key Sequelize adds an "id" attribute unless the name is free to remove.
            taken: set[str] = set() if t.primary_key is not None else {"id"}
            timestamps = self.timestamp_columns(t)
            by_column = {column: attr for attr, column in timestamps.items()}
            attrs = {}
            shapes = []
            for c in t.columns:  # one pass: a thousand tables make some twelve thousand columns
                attr = by_column.get(c.name) or attribute_name(c.orm_name or c.name)
                if attr in taken:
                    attr = unique(attr, taken)
                else:  # the usual case, without the call
                    taken.add(attr)
                attrs[c.name] = attr
                shapes.append(self.shape(c))
            out[t.key] = _Model(t, name, file, attrs, taken, {k: attrs[v] for k, v in timestamps.items()}, shapes,
                                self.sql_table_reason(t, attrs, shapes), self.table_ref(t))
        return out

    @staticmethod
    def timestamp_columns(table: ir.Table) -> dict[str, str]:
        """``createdAt`` etc. to the column of that role, when the table has one (a timestamp)."""
        out = {}
        for option, name in TIMESTAMP_COLUMNS.items():
            c = table.column(name)
            if c is not None and c.type.logical in _TIMESTAMPS and not c.type.array_dims and c.generated is None:
                out[option] = name
        return out

    # Types and defaults ---------------------------------------------------------------------------

    def shape(self, column: ir.Column) -> _Shape:
        """The column's :class:`_Shape`, made once per type, default and generated expression (a design
        repeats a few dozen)."""
        t, d = column.type, column.default
        key = (t.logical, t.length, t.precision, t.scale, t.array_dims, t.enum, t.enum_namespace, t.native,
               None if d is None else d.kind, None if d is None else d.value, column.generated)
        found = self.shapes.get(key)
        if found is None:
            kind = self.data_type(t, "Sequelize")
            named = kind if kind.startswith('"') else ""
            scanned = None if d is None else self.plain_default(column) or default_sql(column) or ""
            validate = None
            if t.logical is LogicalType.ENUM and not t.array_dims:
                enum = self.schema.enum(t.enum or "", t.enum_namespace)
                if enum is not None:
                    validate = "{ isIn: [" + js_list([js_string(v) for v in enum.values]) + "] }"
            found = self.shapes[key] = _Shape(self.data_type(t, "DataTypes"), kind, self.database_default(column),
                                              self.scanned_word(named, column.generated, scanned), validate,
                                              d is not None and d.kind is ir.DefaultKind.CLIENT)
            if found.scanned_word is not None:
                self.scanned_shapes.add(found)
            self.uses_sequences |= d is not None and d.kind is ir.DefaultKind.SEQUENCE
        return found

    @staticmethod
    @functools.lru_cache(maxsize=4096)  # a design repeats a few dozen types thousands of times
    def data_type(t: ColumnType, ns: str) -> str:
        """The column type as JavaScript: ``DataTypes.STRING(255)``, or the SQL name as a string."""
        e = t.element
        member = TYPE_MAP[e.logical]
        args: list[int] = []
        if e.logical in {LogicalType.VARCHAR, LogicalType.CHAR}:
            if e.length is None and e.logical is LogicalType.VARCHAR:
                member = None
            args = [e.length or 1]
        elif e.logical is LogicalType.NUMERIC and e.precision is not None:
            args = [e.precision] + ([e.scale] if e.scale is not None else [])
        elif e.logical in {LogicalType.TIME, LogicalType.TIMESTAMPTZ} and e.precision is not None:
            member = None
        if member is None:
            return js_string(t.sql)
        out = f"{ns}.{member}" + (f"({', '.join(map(str, args))})" if args else "")
        for _ in range(t.array_dims):
            out = f"{ns}.ARRAY({out})"
        return out

    @staticmethod
    def plain_default(column: ir.Column) -> str | None:
        """A literal default as a plain JavaScript value when Sequelize writes back exactly its SQL."""
        d, t = column.default, column.type
        if d is None or d.kind is not ir.DefaultKind.LITERAL or t.array_dims:
            return None
        if t.logical is LogicalType.BOOLEAN and d.value in {"true", "false"}:
            return d.value
        if t.logical in INTEGER_TYPES and _JS_INTEGER.match(d.value):
            return d.value
        if t.logical in TEXT_TYPES | {LogicalType.ENUM}:
            return js_string(d.value)
        return None

    def database_default(self, column: ir.Column) -> str | None:
        """``defaultValue`` for the default the database holds: a value, ``fn`` or ``literal``."""
        plain = self.plain_default(column)
        if plain is not None:
            return plain
        sql = default_sql(column)
        if sql is None:
            return None
        call = _ZERO_ARGUMENT_CALL.match(sql)
        if call:
            return f"Sequelize.fn({js_string(call.group(1))})"
        return f"Sequelize.literal({js_string(sql)})"

    @staticmethod
    def scanned_word(named_type: str, generated: str | None, default: str | None) -> str | None:
        """The first word ``createTable`` looks for in the parts of a column's SQL it writes from
        our text: a type written by name, a generated expression, a default (DataTypes write
        only fixed keywords)."""
        text = " ".join([named_type, generated or "", *([] if default is None else [default])])
        return next((w for w in SCANNED_WORDS if w in text), None)

    def sql_table_reason(self, table: ir.Table, columns: dict[str, str], shapes: list[_Shape]) -> str | None:
        """Why ``createTable`` cannot build ``table`` exactly, or None when it can.

        ``columns``: the table's column names (as keys), ``shapes``: its columns' shapes.
        """
        if any_mangled([table.name, table.namespace, *columns]):
            return "a name holds a double quote, which Sequelize removes"
        if self.scanned_shapes.isdisjoint(shapes):
            return None
        for c, shape in zip(table.columns, shapes, strict=True):
            if shape.scanned_word is not None:
                return (f"the type or default of column {c.name!r} holds {shape.scanned_word.strip()!r}, "
                        "which createTable rewrites")
        return None

    # Model files ------------------------------------------------------------------------------

    def column_lines(self, model: _Model) -> list[str]:
        """The model's attribute lines; the column lines of its ``createTable`` go to ``model.create_columns``.

        Both are written here, each column's pair once: designs repeat columns (id, created_at...),
        and the same column makes the same lines.
        """
        t = model.table
        attributes: list[str] = []
        create_columns: list[str] = []
        model.create_columns = create_columns
        pk = t.primary_key.columns if t.primary_key is not None else ()
        known = self.known_columns
        # attrs is in column order (name_models fills it so): no lookup by name.
        for c, shape, attr in zip(t.columns, model.shapes, model.attrs.values(), strict=True):
            if c.generated is not None or shape.client:  # never the same line twice (and may report)
                if c.generated is not None:
                    attributes.append("      // computed by the database: never set it")
                attributes.append(self.attribute_line(model, c, shape, attr))
                create_columns.append(self.create_column_line(c, shape))
                continue
            memo = (attr, c.name, shape, c.nullable, c.name in pk, c.identity, c.comment)
            lines = known.get(memo)
            if lines is None:
                lines = known[memo] = (self.attribute_line(model, c, shape, attr), self.create_column_line(c, shape))
            attributes.append(lines[0])
            create_columns.append(lines[1])
        return attributes

    def attribute_line(self, model: _Model, column: ir.Column, shape: _Shape, attr: str) -> str:
        key = f"{js_key(attr)}: "
        return f"      {key}{js_items(self.attribute(model, column, shape), '      ', len(key))},"

    def attribute(self, model: _Model, column: ir.Column, shape: _Shape) -> list[str]:
        """The options of a column's attribute, written (``allowNull: false``)."""
        pk = model.table.primary_key
        kind = shape.model_type if column.generated is None else self.generated_type(column)
        items = [f"type: {kind}", f"field: {name_string(column.name)}"]
        if not column.nullable:
            items.append("allowNull: false")
        if pk is not None and column.name in pk.columns:
            items.append("primaryKey: true")
        if column.identity is not None:
            items += ["autoIncrement: true", "autoIncrementIdentity: true"]
        d = column.default
        default = self.client_default(model.table, column, d) if d is not None and d.kind is ir.DefaultKind.CLIENT \
            else shape.default
        if default is not None:
            items.append(f"defaultValue: {default}")
        if column.comment:
            items.append(f"comment: {js_string(column.comment)}")
        if shape.validate is not None:
            items.append(f"validate: {shape.validate}")
        return items

    @staticmethod
    def generated_type(column: ir.Column) -> str:
        # The database computes it; sync() writes the clause with the type. Never set it.
        return js_string(f"{column.type.sql} GENERATED ALWAYS AS ({column.generated}) STORED")

    def client_default(self, table: ir.Table, column: ir.Column, d: ir.Default) -> str | None:
        generator = {"uuid": "DataTypes.UUIDV4", "now": "DataTypes.NOW"}.get(d.value)
        if generator is None:
            self.report(info("sequelize.client-default", f"the application-side default {d.value} of "
                             f"{table.path}.{column.name} has no Sequelize equivalent and is left out",
                             f"{table.path}.{column.name}"))
        return generator

    def index_fields(self, index: ir.Index) -> list[str]:
        out = []
        for e in index.elements:
            if e.column is not None and not (e.descending or e.nulls or e.opclass):
                out.append(name_string(e.column))
            else:
                out.append(self.index_field(e.column, e.expression, e.descending, e.nulls, e.opclass))
        return out

    @staticmethod
    @functools.lru_cache(maxsize=4096)  # the same ordered keys repeat from table to table (created_at DESC)
    def index_field(column: str | None, expression: str | None, descending: bool, nulls: ir.NullsOrder | None,
                    opclass: str | None) -> str:
        """An index key with an order, an operator class or an expression."""
        if column is not None:
            pairs = [("name", js_string(column))]
            order = ("DESC" if descending else "ASC" if nulls else "") + (
                f" NULLS {nulls.value.upper()}" if nulls else "")
            if opclass:
                pairs.append(("operator", js_string(opclass)))
            if order:
                pairs.append(("order", js_string(order)))
            return js_string(column) if len(pairs) == 1 else js_object(pairs, "")
        sql = f"({expression})" + (f" {opclass}" if opclass else "") + (" DESC" if descending else "")
        if nulls:
            sql += f" NULLS {nulls.value.upper()}"
        return f"Sequelize.literal({js_string(sql)})"

    def index_sql_reason(self, model: _Model, index: ir.Index | ir.Unique) -> str | None:
        """Why ``addIndex`` cannot write ``index`` exactly, or None."""
        reasons = model.index_reasons
        if index.name not in reasons:
            reasons[index.name] = self.find_index_sql_reason(model.table, index)
        return reasons[index.name]

    @staticmethod
    def find_index_sql_reason(table: ir.Table, index: ir.Index | ir.Unique) -> str | None:
        if any_mangled([index.name, *index.columns, table.name, table.namespace]):
            return "a name holds a double quote, which Sequelize removes"
        if "." in index.name:
            return "its name holds a dot, where Sequelize splits names"
        if isinstance(index, ir.Index) and index.include:
            return "Sequelize indexes have no INCLUDE"
        if isinstance(index, ir.Unique) and index.nulls_not_distinct:
            return NO_NULLS_NOT_DISTINCT
        return None

    def index_items(self, model: _Model, index: ir.Index | ir.Unique) -> list[str]:
        """The options of ``addIndex`` / a model's ``indexes`` entry, written (made once for both)."""
        found = model.index_options.get(index.name)
        if found is not None:
            return found
        if isinstance(index, ir.Unique):
            items = [f"name: {js_string(index.name)}", "unique: true", f"fields: {self.js_names(index.columns)}"]
        else:
            items = [f"name: {js_string(index.name)}"]
            if index.unique:
                items.append("unique: true")
            if index.method is not ir.IndexMethod.BTREE:
                items.append(f"using: {js_string(index.method.value)}")
            items.append(f"fields: {js_list(self.index_fields(index))}")
        if index.where is not None:
            items.append(f"where: Sequelize.literal({name_string(index.where)})")  # conditions repeat
        model.index_options[index.name] = items
        return items

    def model_indexes(self, model: _Model) -> list[str]:
        """The model's ``indexes``: partial uniques and indexes, and its unique constraints as
        unique indexes (a model cannot name a UNIQUE constraint)."""
        t = model.table
        out = []
        for u in t.uniques:
            # NULLS NOT DISTINCT is left out (and reported): the rest of the rule still holds.
            if self.index_sql_reason(model, u) in (None, NO_NULLS_NOT_DISTINCT):
                out.append(js_items(self.index_items(model, u), "        "))
        for i in t.indexes:
            if self.index_sql_reason(model, i) is None:
                out.append(js_items(self.index_items(model, i), "        "))
        return out

    def render_model(self, model: _Model) -> str:
        t = model.table
        attributes = self.column_lines(model)
        # The schema even when it is public: a reference from another schema to a model without
        # one would be qualified with the referencing table's schema.
        options = ["sequelize", f"modelName: {js_string(model.name)}", f"tableName: {js_string(t.name)}",
                   f"schema: {name_string(t.namespace)}"]
        if t.comment:
            options.append(f"comment: {js_string(t.comment)}")
        options.append("underscored: true")
        stamps = model.timestamps
        if stamps:
            options.append("timestamps: true")
            for option in ("createdAt", "updatedAt"):
                options.append(f"{option}: {name_string(stamps[option]) if option in stamps else 'false'}")
            if "deletedAt" in stamps:
                options += [f"deletedAt: {name_string(stamps['deletedAt'])}", "paranoid: true"]
        else:
            options.append("timestamps: false")
        indexes = self.model_indexes(model)
        if indexes:
            options.append("indexes: [\n" + "".join(f"        {i},\n" for i in indexes) + "      ]")
        body = "\n".join(attributes)
        uses = "Sequelize" if "Sequelize." in body + "".join(indexes) else ""
        imports = ", ".join(x for x in ("DataTypes", "Model", uses) if x)
        lines = [
            '"use strict";',
            "",
            f"const {{ {imports} }} = require(\"sequelize\");",
            "",
            "/**",
            f" * Table {block_comment(t.path)}.",
            *([f" * {line}" for line in block_comment(t.comment).split("\n")] if t.comment else []),
            " *",
            " * @param {import(\"sequelize\").Sequelize} sequelize",
            " */",
            "module.exports = (sequelize) => {",
            f"  class {model.name} extends Model {{}}",
            "",
            f"  {model.name}.init(",
            "    {",
            body,
            "    },",
            "    {",
            *[f"      {option}," for option in options],
            "    },",
            "  );",
        ]
        if t.primary_key is None:
            lines.append(f"  {model.name}.removeAttribute(\"id\"); // the table has no primary key: no implicit id")
        lines += [f"  return {model.name};", "};"]
        return "\n".join(lines) + "\n"

    # Associations ------------------------------------------------------------------------------

    def fk_added_later(self, table: ir.Table, fk: ir.ForeignKey, key: tuple[str, str]) -> bool:
        """A key sync() cannot create with the table (whose key is ``key``): it closes a cycle, or
        it points at a key of its own table that only an index (made after the table) backs."""
        if (key, fk.name) in self.deferred:
            return True
        pk = table.primary_key
        return fk.ref_key == key and not (pk is not None and set(pk.columns) == set(fk.ref_columns))

    def add_associations(self) -> None:
        names = relation_names(self.schema)
        for child in self.models.values():
            t = child.table
            key = t.key
            path = line_comment(t.path)
            for fk in t.foreign_keys:
                parent = self.models.get(fk.ref_key)
                if parent is None or len(fk.columns) != 1:
                    continue
                rel = names[(key, fk.name)]
                as_child = unique(attribute_name(rel.forward, "parent"), child.taken)
                as_parent = unique(attribute_name(rel.back, "children"), parent.taken)
                foreign_key = f"foreignKey: {name_string(child.attrs[fk.columns[0]])}"
                target_key = name_string(parent.attrs[fk.ref_columns[0]])
                # Sequelize's default actions differ from NO ACTION, so they are always written; an
                # action makes a constraint even with constraints: false, so a late key has none.
                actions = ["constraints: false"] if self.fk_added_later(t, fk, key) else [
                    f"onDelete: {_ACTIONS[fk.on_delete]}", f"onUpdate: {_ACTIONS[fk.on_update]}"]
                comment = f"  // {path}.{line_comment(fk.columns[0])} -> {line_comment(fk.ref_table)}"
                many = "hasOne" if t.is_unique_on(fk.columns) else "hasMany"
                belongs = f"{child.name}.belongsTo({parent.name}, "
                has = f"{parent.name}.{many}({child.name}, "
                belongs += js_items([f"as: {js_string(as_child)}", foreign_key, f"targetKey: {target_key}", *actions],
                                    "  ", len(belongs))
                has += js_items([f"as: {js_string(as_parent)}", foreign_key, f"sourceKey: {target_key}", *actions],
                                "  ", len(has))
                child.associations += [comment, f"  {belongs});", f"  {has});"]
        for link in many_to_many_names(self.schema, names):
            left, right, junction = (self.models[k] for k in (link.left_key, link.right_key, link.junction.key))
            if len(link.left.columns) != 1 or len(link.right.columns) != 1:
                continue
            for source, target, name, near, far in ((left, right, link.left_name, link.left, link.right),
                                                    (right, left, link.right_name, link.right, link.left)):
                alias = unique(attribute_name(name, "others"), source.taken)
                options = [
                    ("through", f"{{ model: {junction.name}, unique: false }}"),
                    ("as", js_string(alias)),
                    ("foreignKey", js_string(junction.attrs[near.columns[0]])),
                    ("otherKey", js_string(junction.attrs[far.columns[0]])),
                    ("sourceKey", js_string(source.attrs[near.ref_columns[0]])),
                    ("targetKey", js_string(target.attrs[far.ref_columns[0]])),
                    # The junction's own belongsTo associations carry its foreign keys.
                    ("constraints", "false"),
                ]
                call = f"{source.name}.belongsToMany({target.name}, "
                junction.associations.append(f"  {call}{js_object(options, '  ', len(call))});")

    def render_index(self) -> str:
        setup = []
        for n in self.schema.namespaces:
            if n.name != DEFAULT_NAMESPACE or n.comment is not None:
                setup.append(self.guarded_sql.render_namespace(n))
        setup += [self.guarded_sql.render_enum(e) for e in self.schema.enums]
        setup += [self.guarded_sql.render_sequence(name, users) for name, users in self.sequences.items()]
        lines = [
            '"use strict";',
            "",
            "/**",
            " * Defines every model on `sequelize` and wires their associations.",
            " *",
            " * @param {import(\"sequelize\").Sequelize} sequelize",
            " */",
            "function initModels(sequelize) {",
        ]
        lines += [f"  const {m.name} = require({js_string('./' + m.file)})(sequelize);" for m in self.models.values()]
        associations = [line for m in self.models.values() for line in m.associations]
        if associations:
            lines += ["", *associations]
        if setup:
            lines += [
                "",
                "  // sync() creates tables only: the schemas, enum types and sequences they use come first.",
                '  sequelize.addHook("beforeBulkSync", "createTypes", async () => {',
                *[f"    await sequelize.query({js_string(sql)});" for sql in setup],
                "  });",
            ]
        lines += ["", "  return { " + ", ".join(m.name for m in self.models.values()) + " };", "}", "",
                  "module.exports = { initModels };"]
        return "\n".join(lines) + "\n"

    # What sync() cannot build -------------------------------------------------------------------

    def report_sync_limits(self) -> None:
        """Diagnostics for what ``sync()`` of the models builds differently from the design
        (the migration builds all of it)."""
        migration = "; the migration creates it"
        for key, model in self.models.items():
            t = model.table
            tp = t.path
            names = "".join([t.name, t.namespace, *model.attrs, *t.constraint_names()])  # attrs: by column name
            if '"' in names or "'" in names:
                self.report(warning("sequelize.sync-quoted-name", f"sync() cannot build table {tp} as designed: "
                                    "Sequelize drops double quotes from names and breaks on single quotes in them",
                                    tp, hint="build it with the migration"))
            pk = t.primary_key
            if pk is not None and pk.name is not None and pk.name != f"{t.name}_pkey":
                self.report(info("sequelize.sync-pk-name", f"models cannot name a primary key: sync() names "
                                 f"{pk.name} {t.name}_pkey{migration}", f"{tp}.{pk.name}"))
            for u in t.uniques:
                if u.where is None:
                    self.report(info("sequelize.sync-unique-index", f"models cannot name a UNIQUE constraint: "
                                     f"sync() makes {u.name} a unique index{migration}", f"{tp}.{u.name}"))
                if u.nulls_not_distinct:
                    self.report(info("sequelize.sync-nulls-not-distinct", f"models cannot make {u.name} NULLS NOT "
                                     f"DISTINCT{migration}", f"{tp}.{u.name}"))
            for i in [u for u in t.uniques if u.where is not None] + list(t.indexes):
                reason = self.index_sql_reason(model, i)
                if reason is not None and reason != NO_NULLS_NOT_DISTINCT:
                    self.report(info("sequelize.sync-index", f"sync() cannot create index {i.name}: {reason}"
                                     f"{migration}", f"{tp}.{i.name}"))
            for c in t.checks:
                self.report(info("sequelize.sync-check", f"models cannot declare CHECK {c.name}{migration}",
                                 f"{tp}.{c.name}"))
            for col in t.columns:
                if col.identity is ir.Identity.ALWAYS:
                    self.report(info("sequelize.sync-identity", f"models have only BY DEFAULT identity columns: "
                                     f"sync() makes {t.name}.{col.name} one{migration}", f"{tp}.{col.name}"))
            for fk in t.foreign_keys:
                self.report_sync_fk(t, fk, key)

    def report_sync_fk(self, table: ir.Table, fk: ir.ForeignKey, key: tuple[str, str]) -> None:
        path, migration = f"{table.path}.{fk.name}", "; the migration creates it"
        if len(fk.columns) != 1:
            self.report(info("sequelize.sync-composite-fk", f"Sequelize associations have one column: sync() "
                             f"cannot create foreign key {fk.name}{migration}", path))
        elif self.fk_added_later(table, fk, key):
            self.report(info("sequelize.sync-late-fk", f"sync() creates a table with its foreign keys, and "
                             f"{fk.name} needs a table or key made later, so its association has constraints: false"
                             f"{migration}", path))
        else:
            self.report(info("sequelize.sync-fk-name", f"models cannot name a foreign key: sync() lets "
                             f"PostgreSQL name {fk.name}{migration}", path))
            if fk.deferrable:
                self.report(info("sequelize.sync-deferrable", f"associations cannot make {fk.name} deferrable"
                                 f"{migration}", path))

    # The migration ------------------------------------------------------------------------------

    def table_ref(self, table: ir.Table) -> str:
        """How queryInterface names a table: its name, or ``{ tableName, schema }``."""
        if table.namespace == DEFAULT_NAMESPACE and "." not in table.name:
            return js_string(table.name)
        return js_object([("tableName", js_string(table.name)), ("schema", js_string(table.namespace))], "")

    def ref_table(self, fk: ir.ForeignKey) -> str:
        if fk.ref_namespace == DEFAULT_NAMESPACE and "." not in fk.ref_table:
            return js_string(fk.ref_table)
        return js_object([("tableName", js_string(fk.ref_table)), ("schema", js_string(fk.ref_namespace))], "")

    @staticmethod
    def query(sql: str) -> str:
        return f"await queryInterface.sequelize.query({js_string(sql)}, {{ transaction }});"

    def raw(self, what: str, reason: str, path: str) -> None:
        self.report(info("sequelize.migration-sql", f"the migration writes {what} in SQL: {reason}", path))

    def create_column_line(self, column: ir.Column, shape: _Shape) -> str:
        key = js_key(column.name)
        return f"    {key}: {js_items(self.migration_column(column, shape), '    ', len(key) + 2)},"

    def migration_column(self, column: ir.Column, shape: _Shape) -> list[str]:
        """The options of a column in ``createTable``, written (``allowNull: false``)."""
        items = [f"type: {shape.migration_type if column.generated is None else self.generated_type(column)}"]
        if not column.nullable:
            items.append("allowNull: false")
        if column.identity is ir.Identity.BY_DEFAULT:
            items += ["autoIncrement: true", "autoIncrementIdentity: true"]
        if shape.default is not None:
            items.append(f"defaultValue: {shape.default}")
        if column.comment:
            items.append(f"comment: {js_string(column.comment)}")
        return items

    def create_table(self, model: _Model) -> list[str]:
        table = model.table
        if model.sql_reason is not None:
            self.raw(f"table {table.path}", model.sql_reason, table.path)
            return [self.query(self.sql.render_create_table(table, [])),
                    *(self.query(c) for c in self.sql.render_comments(table))]
        assert model.create_columns is not None, "render_model() writes them"
        columns = model.create_columns
        options = ["transaction"]
        if table.comment:
            options.append(f"comment: {js_string(table.comment)}")
        out = ["\n".join(["await queryInterface.createTable(", f"  {model.ref},", "  {", *columns, "  },",
                          f"  {js_items(options, '  ')},", ");"])]
        for c in table.columns:
            if c.identity is ir.Identity.ALWAYS:
                # createTable knows only BY DEFAULT identity columns.
                out.append(self.query(f"ALTER TABLE {table_sql_name(table)} ALTER COLUMN {quote_identifier(c.name)} "
                                      "ADD GENERATED ALWAYS AS IDENTITY;"))
        return out

    def add_constraint(self, model: _Model, name: str | None, body: Callable[[], str], items: list[str],
                       names: list[str]) -> str:
        """``addConstraint``, or the SQL exporter's ALTER TABLE when Sequelize would mangle a name.

        ``body`` gives the constraint's SQL, asked for only when the statement is SQL.
        """
        table = model.table
        if name is None or any_mangled([table.name, table.namespace, name, *names]):
            if name is not None:
                self.raw(f"constraint {name}", "a name holds a double quote, which Sequelize removes",
                         f"{table.path}.{name}")
            return self.query(self.sql.render_add_constraints(table, [(name, body())])[0])
        call = f"await queryInterface.addConstraint({model.ref}, "
        return f"{call}{js_items([*items, f'name: {js_string(name)}', 'transaction'], '', len(call) + 6)});"

    def table_constraints(self, model: _Model) -> list[str]:
        table = model.table
        out = []
        pk = table.primary_key
        if pk is not None:
            # Unnamed, PostgreSQL calls it <table>_pkey: name it so when that name fits.
            name = pk.name or (f"{table.name}_pkey" if len(f"{table.name}_pkey".encode()) <= MAX_IDENTIFIER_BYTES
                               else None)
            out.append(self.add_constraint(model, name, lambda: self.sql.render_primary_key(pk),
                                           ['type: "PRIMARY KEY"', f"fields: {self.js_names(pk.columns)}"],
                                           list(pk.columns)))
        for u in table.uniques:
            if u.where is not None:
                continue
            if u.nulls_not_distinct:
                self.raw(f"constraint {u.name}", "addConstraint has no NULLS NOT DISTINCT", f"{table.path}.{u.name}")
                out.append(self.query(self.sql.render_add_constraints(table, [(u.name, self.sql.render_unique(u))])[0]))
                continue
            out.append(self.add_constraint(model, u.name, functools.partial(self.sql.render_unique, u),
                                           ['type: "UNIQUE"', f"fields: {self.js_names(u.columns)}"],
                                           list(u.columns)))
        for c in table.checks:
            out.append(self.add_constraint(model, c.name, functools.partial(self.sql.render_check, c),
                                           ['type: "CHECK"', "fields: []",
                                            f"where: Sequelize.literal({js_string(c.expression)})"], []))
        return out

    def add_index(self, model: _Model, index: ir.Index | ir.Unique) -> str:
        table = model.table
        reason = self.index_sql_reason(model, index)
        if reason is not None:
            self.raw(f"index {index.name}", reason, f"{table.path}.{index.name}")
            sql = (self.sql.render_partial_unique(table, index) if isinstance(index, ir.Unique)
                   else self.sql.render_index(table, index))
            return self.query(sql)
        call = f"await queryInterface.addIndex({model.ref}, "
        return f"{call}{js_items([*self.index_items(model, index), 'transaction'], '', len(call) + 6)});"

    def add_foreign_key(self, model: _Model, fk: ir.ForeignKey) -> str:
        # Many keys point at the same few tables and columns: their references written once.
        target = (fk.ref_namespace, fk.ref_table, fk.ref_columns)
        references = self.references.get(target)
        if references is None:
            references = self.references[target] = js_items(
                [f"table: {self.ref_table(fk)}", f"fields: {self.js_names(fk.ref_columns)}"], "  ")
        items = ['type: "FOREIGN KEY"', f"fields: {self.js_names(fk.columns)}", f"references: {references}",
                 f"onDelete: {_ACTIONS[fk.on_delete]}", f"onUpdate: {_ACTIONS[fk.on_update]}"]
        if fk.deferrable:
            items.append("deferrable: " + ("Sequelize.Deferrable.INITIALLY_DEFERRED" if fk.initially_deferred
                                           else "Sequelize.Deferrable.INITIALLY_IMMEDIATE"))
        names = [*fk.columns, *fk.ref_columns, fk.ref_table, fk.ref_namespace]
        return self.add_constraint(model, fk.name, functools.partial(self.sql.render_foreign_key, fk), items, names)

    @staticmethod
    @functools.lru_cache(maxsize=65536)  # keys repeat: ["id"], ["code"]...
    def js_names(names: tuple[str, ...]) -> str:
        return js_list([name_string(n) for n in names])

    def render_migration(self) -> str:
        up: list[str] = []
        for n in self.schema.namespaces:
            if n.name != DEFAULT_NAMESPACE or n.comment is not None:
                up.append(self.query(self.sql.render_namespace(n)))
        # Shared enum types by name: DataTypes.ENUM would make one type per column.
        up += [self.query(self.sql.render_enum(e)) for e in self.schema.enums]
        sequences = self.sequences
        up += [self.query(self.sql.render_sequence(name, users)) for name, users in sequences.items()]
        for model in self.models.values():
            t = model.table
            up += self.create_table(model)
            up += self.table_constraints(model)
            up += [self.add_index(model, u) for u in t.uniques if u.where is not None]
            up += [self.add_index(model, i) for i in t.indexes]
        # Foreign keys once every table and key exists: cycles and self-references need no order.
        models = list(self.models.values())
        up += [self.add_foreign_key(m, fk) for m in models for fk in m.table.foreign_keys]
        up += [self.query(self.sql.render_sequence_owner(name, users[0]))
               for name, users in sequences.items() if self.sql.owns(name, users)]
        down = [self.remove_foreign_key(m, fk) for m in reversed(models) for fk in reversed(m.table.foreign_keys)]
        down += [self.drop_table(m) for m in reversed(models)]
        # An owned sequence went with its table.
        down += [self.query(f"DROP SEQUENCE IF EXISTS {quote_identifier(name)};") for name in reversed(sequences)]
        down += [self.query(f"DROP TYPE {type_sql_name(e.namespace, e.name)};") for e in reversed(self.schema.enums)]
        down += [self.query(f"DROP SCHEMA {quote_identifier(n.name)};")
                 for n in reversed(self.schema.namespaces) if n.name != DEFAULT_NAMESPACE]
        lines = [
            '"use strict";',
            "",
            f"// Creates the schema {line_comment(self.schema.name)}; down() drops everything up() created.",
            "",
            "module.exports = {",
            *self.migration_step("up", up),
            "",
            *self.migration_step("down", down),
            "};",
        ]
        return "\n".join(lines) + "\n"

    @staticmethod
    def migration_step(name: str, statements: list[str]) -> list[str]:
        return [
            f"  async {name}(queryInterface, Sequelize) {{",
            "    await queryInterface.sequelize.transaction(async (transaction) => {",
            # Each line indented: replace at "\n" only (splitlines() also splits at U+0085 and friends
            # inside literals). Per statement, then one join: a replace over the whole joined step
            # copies megabytes once more (measured: 3 ms against 2 ms for 1,000 tables).
            *(["      " + "\n      ".join([s.replace("\n", "\n      ") for s in statements])] if statements else []),
            "    });",
            "  },",
        ]

    def remove_foreign_key(self, model: _Model, fk: ir.ForeignKey) -> str:
        table = model.table
        if any_mangled([table.name, table.namespace, fk.name]) or "." in fk.name:
            return self.query(f"ALTER TABLE {table_sql_name(table)} DROP CONSTRAINT {quote_identifier(fk.name)};")
        return (f"await queryInterface.removeConstraint({model.ref}, {js_string(fk.name)}, "
                "{ transaction });")

    def drop_table(self, model: _Model) -> str:
        table = model.table
        if mangled(table.name) or mangled(table.namespace):
            return self.query(f"DROP TABLE {table_sql_name(table)};")
        return f"await queryInterface.dropTable({model.ref}, {{ transaction }});"

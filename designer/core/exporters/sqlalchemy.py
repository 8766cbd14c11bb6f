"""SQLAlchemy 2.0: typed declarative models (``models.py``) and an Alembic revision.

The models use ``DeclarativeBase``, ``Mapped[]`` and ``mapped_column`` with PostgreSQL types, so
``metadata.create_all()`` builds the same database as the SQL export: every constraint and index
is named, defaults are ``server_default=text(...)`` (``default=`` would stay in Python), enums are
``ENUM(name=...)`` bound to the metadata (one shared type, created once), schemas and sequences
are created by metadata events. The Alembic revision
(``alembic/versions/0001_create_schema.py``) builds the same database with ``op.create_table``
in foreign-key dependency order and drops everything again in ``downgrade()``.

Names never reach Python code raw: each is a string literal (``py_string``), and the Python
identifiers (classes, attributes, relationships) are sanitized and made unique. Text that
SQLAlchemy parses (``text()``, ``CheckConstraint``, ``Computed``) has its colons escaped,
because ``:name`` would otherwise become a bind parameter.
"""

from __future__ import annotations

import functools
import keyword
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from designer.core import ir
from designer.core.diagnostics import error, info
from designer.core.exporters import register_exporter
from designer.core.exporters.base import Exporter, ExportResult, Target
from designer.core.exporters.junctions import many_to_many_names
from designer.core.exporters.naming import py_string, snake, unique
from designer.core.exporters.ormparts import identifier, pascal
from designer.core.exporters.sqlparts import default_sql, dependency_order
from designer.core.identifiers import DEFAULT_NAMESPACE, quote_identifier
from designer.core.relations import relation_names, singular
from designer.core.types import INTEGER_TYPES, ColumnType, LogicalType

SA = "sqlalchemy"
PG = "sqlalchemy.dialects.postgresql"
ORM = "sqlalchemy.orm"

#: The SQLAlchemy type class of each logical type, as (module, name).
TYPE_MAP: dict[LogicalType, tuple[str, str]] = {
    LogicalType.SMALLINT: (SA, "SmallInteger"),
    LogicalType.INTEGER: (SA, "Integer"),
    LogicalType.BIGINT: (SA, "BigInteger"),
    LogicalType.NUMERIC: (SA, "Numeric"),
    LogicalType.REAL: (SA, "REAL"),
    LogicalType.DOUBLE: (SA, "Double"),
    LogicalType.BOOLEAN: (SA, "Boolean"),
    LogicalType.TEXT: (SA, "Text"),
    LogicalType.VARCHAR: (SA, "String"),
    LogicalType.CHAR: (SA, "CHAR"),
    LogicalType.UUID: (PG, "UUID"),
    LogicalType.DATE: (SA, "Date"),
    LogicalType.TIME: (PG, "TIME"),
    LogicalType.TIMETZ: (PG, "TIME"),
    LogicalType.TIMESTAMP: (PG, "TIMESTAMP"),
    LogicalType.TIMESTAMPTZ: (PG, "TIMESTAMP"),
    LogicalType.INTERVAL: (PG, "INTERVAL"),
    LogicalType.JSON: (PG, "JSON"),
    LogicalType.JSONB: (PG, "JSONB"),
    LogicalType.BYTEA: (PG, "BYTEA"),
    LogicalType.INET: (PG, "INET"),
    LogicalType.CIDR: (PG, "CIDR"),
    LogicalType.MACADDR: (PG, "MACADDR"),
    LogicalType.MONEY: (PG, "MONEY"),
    LogicalType.TSVECTOR: (PG, "TSVECTOR"),
    LogicalType.XML: ("", "xml"),  # no SQLAlchemy class: written verbatim through SqlType
    LogicalType.ENUM: (PG, "ENUM"),  # a module-level ENUM object, see render_enum
    LogicalType.OTHER: ("", ""),  # verbatim through SqlType
}

#: The Python type a column of each logical type holds (``Mapped[...]``).
PY_TYPES: dict[LogicalType, str] = {
    LogicalType.SMALLINT: "int",
    LogicalType.INTEGER: "int",
    LogicalType.BIGINT: "int",
    LogicalType.NUMERIC: "decimal.Decimal",
    LogicalType.REAL: "float",
    LogicalType.DOUBLE: "float",
    LogicalType.BOOLEAN: "bool",
    LogicalType.TEXT: "str",
    LogicalType.VARCHAR: "str",
    LogicalType.CHAR: "str",
    LogicalType.UUID: "uuid.UUID",
    LogicalType.DATE: "datetime.date",
    LogicalType.TIME: "datetime.time",
    LogicalType.TIMETZ: "datetime.time",
    LogicalType.TIMESTAMP: "datetime.datetime",
    LogicalType.TIMESTAMPTZ: "datetime.datetime",
    LogicalType.INTERVAL: "datetime.timedelta",
    LogicalType.JSON: "Any",
    LogicalType.JSONB: "Any",
    LogicalType.BYTEA: "bytes",
    LogicalType.INET: "str",
    LogicalType.CIDR: "str",
    LogicalType.MACADDR: "str",
    LogicalType.MONEY: "str",
    LogicalType.TSVECTOR: "str",
    LogicalType.XML: "str",
    LogicalType.ENUM: "str",
    LogicalType.OTHER: "Any",
}

#: Time types whose class takes ``timezone=True``.
_WITH_TIME_ZONE = frozenset({LogicalType.TIMETZ, LogicalType.TIMESTAMPTZ})

#: Names a generated module defines or imports at module level (besides its classes), and
#: that a class body may call: no class, constant or attribute may take them.
_MODULE_NAMES = frozenset({
    "annotations", "datetime", "decimal", "uuid", "Any", "Base", "SqlType", "text", "event", "func",
    "mapped_column", "relationship", "Mapped", "DeclarativeBase", "MetaData", "Table", "Column", "Sequence",
    "UserDefinedType", "CreateSchema", "DropSchema", "ARRAY", "ENUM", "Index", "UniqueConstraint",
    "CheckConstraint", "PrimaryKeyConstraint", "ForeignKeyConstraint", "ForeignKey", "Identity", "Computed",
    *(name for _, name in TYPE_MAP.values() if name),
})
#: Attribute names the declarative base itself uses.
_DECLARATIVE_NAMES = frozenset({"metadata", "registry", "type_annotation_map"})
#: Builtins that annotations name (``Mapped[int]``): an attribute of that name would hide them.
_ANNOTATION_BUILTINS = frozenset({"int", "str", "float", "bool", "bytes", "list", "dict"})
_RESERVED = frozenset(keyword.kwlist) | _ANNOTATION_BUILTINS | _MODULE_NAMES
_ATTRIBUTE_RESERVED = _RESERVED | _DECLARATIVE_NAMES

#: SQLAlchemy's own patterns (``TextClause._bind_params_regex`` and the compiler's
#: ``BIND_PARAMS_ESC``): ``:name`` in ``text()`` is a bind parameter, and rendering the text
#: removes the backslash of ``\:name``.
_BIND_PARAM = re.compile(r"(?<![:\w\x5c]):(\w+)(?![:\w])")
_ESCAPED_COLON = re.compile(r"\x5c(:\w*)(?![:\w])")

#: Each referential action as a string literal (``'SET NULL'``).
_ACTIONS = {a: py_string(a.sql) for a in ir.Action}

MODELS_PATH = "models.py"
REVISION_PATH = "alembic/versions/0001_create_schema.py"
REVISION_ID = "0001"


@functools.lru_cache(maxsize=4096)  # defaults and conditions repeat (now(), deleted_at IS NULL)
def sql_text(sql: str) -> str:
    """``sql`` as a Python string literal that SQLAlchemy's ``text()`` renders back unchanged.

    A backslash that rendering would remove is doubled, then each would-be bind parameter
    (``:name``) is escaped as ``\\:name``. Nothing else changes (``::`` casts stay as they are).
    """
    return py_string(_BIND_PARAM.sub(r"\\:\1", _ESCAPED_COLON.sub(r"\\\\\1", sql)))


#: A call's argument: code, or a nested call (function, arguments) laid out like its parent.
Arg = str | tuple[str, Sequence[str]]
#: Code, or (code, literal) for ``code + text(literal)``: each file spells ``text`` its own way
#: (``text``, ``sa.text``), so pieces both files share are kept without it.
Piece = str | tuple[str, str]


def call(func: str, args: Sequence[Arg], indent: str, lead: int = 0, width: int = 100) -> str:
    """``func(args)`` on one line when it fits in ``width``, else one argument per line (black's layout).

    Args:
        indent: the indentation of the line the call starts on (its closing parenthesis gets it).
        lead: how many characters precede ``func`` on that line besides the indentation.
    """
    texts = [a if isinstance(a, str) else call(a[0], a[1], "", width=10**6) for a in args]
    flat = f"{func}({', '.join(texts)})"
    if len(indent) + lead + len(flat) <= width or not args:
        return flat
    inner = indent + "    "
    if texts != args:  # a nested call gets its own layout
        texts = [a if isinstance(a, str) else call(a[0], a[1], inner, width=width) for a in args]
    return f"{func}(\n{inner}" + f",\n{inner}".join(texts) + f",\n{indent})"


@functools.lru_cache(maxsize=65536)  # column and relation names repeat from table to table
def attribute_name(name: str, fallback: str) -> str:
    """The Python attribute a column or relationship asks for, before it is made unique in its class."""
    return identifier(snake(name), _ATTRIBUTE_RESERVED, fallback)


@dataclass(frozen=True, slots=True, eq=False)  # compared by identity: one per type and default, a cheap key
class _Shape:
    """What a column's type and default become in Python: the same for every column with that
    type and default, so it is worked out once per export.

    Attributes:
        column_type: the columns' type (equal for all of them).
        default: the columns' default (equal for all of them).
        annotation: the Python type of a value, for ``Mapped[...]`` (without ``| None``).
        server_default: the ``text()`` argument of ``server_default``, if the database has a default.
        client: the default is application-side (``default=uuid.uuid4``...).
    """

    column_type: ColumnType
    default: ir.Default | None
    annotation: str
    server_default: str | None
    client: bool


@dataclass
class _Mapping:
    """How one table appears in ``models.py``.

    Attributes:
        name: the class name (mapped tables) or the module variable of a Core ``Table``.
        mapped: False for a table without a primary key, which SQLAlchemy cannot map to a class.
        keys: column name to Python attribute (the Column's key).
        shapes: the :class:`_Shape` of each column, in column order.
        serial: the column SQLAlchemy would make SERIAL unless told (see ``serial_candidate``).
        relations: the relationship lines of the class body.
    """

    name: str
    mapped: bool
    keys: dict[str, str]
    taken: set[str]
    shapes: list[_Shape]
    serial: str | None
    relations: list[str] = field(default_factory=list)


class _Imports:
    """Names one generated file uses, with the import lines that provide them.

    ``models.py`` imports names (``from sqlalchemy import Text``); the Alembic revision, as
    Alembic's own templates do, writes them through the module (``sa.Text``, ``postgresql.JSONB``).
    """

    #: How the revision spells a module's names.
    PREFIXES: ClassVar[dict[str, str]] = {SA: "sa.", PG: "postgresql.", "sqlalchemy.schema": "sa.schema.",
                                          "sqlalchemy.types": "sa.types."}
    #: The order of ``from`` imports.
    FROM_ORDER = ("collections.abc", "typing", SA, PG, ORM, "sqlalchemy.schema", "sqlalchemy.types")
    STDLIB = 2

    def __init__(self, prefixed: bool) -> None:
        self.prefixed = prefixed
        self.names: dict[str, set[str]] = {}
        self.modules: set[str] = set()
        #: Lines of the file already written, by what makes them: a line is made once, and the
        #: names it uses were recorded here then.
        self.known: dict[tuple[object, ...], str] = {}

    def __call__(self, module: str, name: str) -> str:
        if self.prefixed and module in self.PREFIXES:
            return self.PREFIXES[module] + name
        names = self.names.get(module)
        if names is None:  # not setdefault(): that makes a set on every call (tens of thousands)
            names = self.names[module] = set()
        names.add(name)
        return name

    def module(self, name: str) -> None:
        self.modules.add(name)

    def lines(self) -> list[str]:
        """Import lines in isort's order: standard library, then SQLAlchemy (and Alembic)."""
        out = [f"import {m}" for m in sorted(self.modules)]
        out += [self.from_import(m) for m in self.FROM_ORDER[:self.STDLIB] if m in self.names]
        if out:
            out.append("")
        if self.prefixed:
            out += ["import sqlalchemy as sa", "from alembic import op", "from sqlalchemy.dialects import postgresql"]
        out += [self.from_import(m) for m in self.FROM_ORDER[self.STDLIB:] if m in self.names]
        return out

    def from_import(self, module: str) -> str:
        # isort's order by type: CONSTANTS, then Classes, then functions.
        names = sorted(self.names[module], key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n))
        line = f"from {module} import {', '.join(names)}"
        if len(line) <= 100:
            return line
        return "\n".join([f"from {module} import (", *(f"    {n}," for n in names), ")"])


@register_exporter
class SqlAlchemyExporter(Exporter):
    """SQLAlchemy 2.0 typed models plus an Alembic revision that creates (and drops) the schema."""

    target = Target.SQLALCHEMY
    description = "SQLAlchemy 2.0 typed declarative models (models.py) and an Alembic revision"

    def run(self) -> ExportResult:
        self.order, self.deferred = dependency_order(self.schema)
        self.type_code: dict[tuple[object, bool, bool], tuple[str, list[tuple[str, str]]]] = {}
        self.shapes: dict[tuple[object, ...], _Shape] = {}
        self.late: dict[tuple[tuple[str, str], str], bool] = {}  # see added_later
        self.index_pieces: dict[tuple[str, str], list[tuple[str, list[Piece], list[Piece]]]] = {}  # see indexes
        self.column_shapes = {t.key: [self.shape(c) for c in t.columns] for t in self.schema.tables}
        self.name_constants()
        self.mappings = self.map_tables()
        self.check_names()
        files = {MODELS_PATH: self.render_models(), REVISION_PATH: self.render_revision()}
        return ExportResult(files, tuple(self.diagnostics))

    # Python names ---------------------------------------------------------------------------

    def name_constants(self) -> None:
        """Module constants for enum types and sequences: upper case, so no attribute hides them."""
        taken = set(_RESERVED)
        self.enum_names = {e.key: unique(identifier(snake(e.name).upper(), _RESERVED, "ENUM"), taken)
                           for e in self.schema.enums}
        self.sequence_names = {s: unique(identifier(snake(s).upper(), _RESERVED, "SEQUENCE"), taken)
                               for s in self.sequences}

    def map_tables(self) -> dict[tuple[str, str], _Mapping]:
        """Class names, attribute keys and relationships of every table."""
        taken = set(_RESERVED) | set(self.enum_names.values()) | set(self.sequence_names.values())
        out: dict[tuple[str, str], _Mapping] = {}
        for t in self.schema.tables:
            mapped = t.primary_key is not None
            if mapped:
                base = identifier(pascal(t.orm_name or singular(t.name)), _RESERVED, "Model")
                if base in taken and t.namespace != DEFAULT_NAMESPACE:
                    base = identifier(pascal(t.namespace) + base, _RESERVED, "Model")
            else:
                base = identifier(snake(t.name) + "_table", _RESERVED, "table")
                self.report(info("sqlalchemy.no-primary-key", f"table {t.path} has no primary key, so it is a Core "
                                 "Table in models.py, not a mapped class, and has no relationships", t.path))
            attrs: set[str] = set()  # identifier() keeps reserved names out already
            keys = {}
            for c in t.columns:  # a thousand tables make some twelve thousand columns
                key = attribute_name(c.orm_name or c.name, "column")
                if key in attrs:
                    key = unique(key, attrs)
                else:  # the usual case, without the call
                    attrs.add(key)
                keys[c.name] = key
            out[t.key] = _Mapping(unique(base, taken), mapped, keys if mapped else {c.name: c.name for c in t.columns},
                                  attrs, self.column_shapes[t.key], self.serial_candidate(t))
        self.add_relationships(out)
        return out

    def add_relationships(self, mappings: dict[tuple[str, str], _Mapping]) -> None:
        names = relation_names(self.schema)
        pairs: dict[frozenset[tuple[str, str]], int] = {}
        for t in self.schema.tables:
            for fk in t.foreign_keys:
                pair = frozenset({t.key, fk.ref_key})
                pairs[pair] = pairs.get(pair, 0) + 1
        for t in self.schema.tables:
            key = t.key
            child = mappings[key]
            for fk in t.foreign_keys:
                ref_key = fk.ref_key
                parent = mappings.get(ref_key)
                if parent is None or not (child.mapped and parent.mapped):
                    continue
                rel = names[(key, fk.name)]
                fwd = unique(attribute_name(rel.forward, "relation"), child.taken)
                back = unique(attribute_name(rel.back, "relation"), parent.taken)
                optional = any((c := t.column(n)) is None or c.nullable for n in fk.columns)
                one = t.is_unique_on(fk.columns)
                ambiguous = pairs[frozenset({key, ref_key})] > 1
                local = [child.keys[c] for c in fk.columns]
                fwd_args = [f"back_populates={py_string(back)}"]
                back_args = [f"back_populates={py_string(fwd)}"]
                if ambiguous:
                    fwd_args.append(f"foreign_keys=[{', '.join(local)}]")
                    back_args.append("foreign_keys=" + (f"[{', '.join(local)}]" if key == ref_key else
                                                        self.class_refs(child.name, local)))
                if key == ref_key:  # self-reference: this side points at the referenced key
                    fwd_args.append(f"remote_side=[{', '.join(parent.keys[c] for c in fk.ref_columns)}]")
                target = f"{parent.name} | None" if optional else parent.name
                child.relations.append(self.relationship(f"{fwd}: Mapped[{target}] = ", fwd_args))
                many = f"{child.name} | None" if one else f"list[{child.name}]"
                parent.relations.append(self.relationship(f"{back}: Mapped[{many}] = ", back_args))
        for link in many_to_many_names(self.schema, names):
            left, right, junction = (mappings.get(k) for k in (link.left_key, link.right_key, link.junction.key))
            if not (left and right and junction and left.mapped and right.mapped and junction.mapped):
                continue
            # The junction's table through its class, not by name: SQLAlchemy evaluates a name as
            # Python, where a class or a keyword can shadow it.
            secondary = f"secondary=lambda: {junction.name}.__table__"
            for source, other, name, near, far in ((left, right, link.left_name, link.left, link.right),
                                                   (right, left, link.right_name, link.right, link.left)):
                args = [secondary]
                if link.left_key == link.right_key:
                    # Both keys lead to the same table: say which one this side starts from.
                    args += [f"primaryjoin={self.join(source, near, junction)}",
                             f"secondaryjoin={self.join(other, far, junction)}"]
                # viewonly: rows of the junction are written through its own class (it may hold
                # more than the two keys), so this shortcut must not write them too.
                args.append("viewonly=True")
                attr = unique(attribute_name(name, "relation"), source.taken)
                source.relations.append(self.relationship(f"{attr}: Mapped[list[{other.name}]] = ", args))

    @staticmethod
    def relationship(head: str, args: list[str]) -> str:
        """A class body line ``name: Mapped[...] = relationship(...)``."""
        return head + call("relationship", args, "    ", len(head))

    @staticmethod
    def join(target: _Mapping, fk: ir.ForeignKey, junction: _Mapping) -> str:
        """``"User.id == Follow.follower_id"``: the condition from one side to the junction."""
        terms = [f"{target.name}.{target.keys[r]} == {junction.name}.{junction.keys[c]}"
                 for c, r in zip(fk.columns, fk.ref_columns, strict=True)]
        return py_string(terms[0] if len(terms) == 1 else f"and_({', '.join(terms)})")

    @staticmethod
    def class_refs(cls: str, attrs: list[str]) -> str:
        """A string SQLAlchemy evaluates late: ``"Post.author_id"`` or ``"[Post.a, Post.b]"``."""
        refs = [f"{cls}.{a}" for a in attrs]
        return py_string(refs[0] if len(refs) == 1 else f"[{', '.join(refs)}]")

    def check_names(self) -> None:
        """SQLAlchemy splits foreign key targets (``"schema.table.column"``) at dots."""
        for t in self.schema.tables:
            for fk in t.foreign_keys:
                if "." in "".join([*fk.columns, *fk.ref_columns, fk.ref_table, fk.ref_namespace]):
                    self.report(error("sqlalchemy.dotted-name", f"foreign key {fk.name} of {t.path} uses a name with "
                                      "a dot, which SQLAlchemy cannot tell from its schema.table.column separator",
                                      f"{t.path}.{fk.name}", hint="rename the table or column without '.'"))

    # Shared pieces --------------------------------------------------------------------------

    def render_type(self, column_type: ColumnType, ref: _Imports, called: bool, shape: _Shape | None = None) -> str:
        """The SQLAlchemy type expression; ``called`` writes ``Text()`` rather than ``Text``.

        ``shape``: the column's, a quicker key than the type (a design repeats a few dozen types
        thousands of times).
        """
        key = (shape or column_type, ref.prefixed, called)
        found = self.type_code.get(key)
        if found is None:
            used: list[tuple[str, str]] = []
            found = self.type_code[key] = (self.type_expression(column_type, called, ref.prefixed, used), used)
        text, used = found
        for module, name in used:
            ref(module, name)
        return text

    def shape(self, column: ir.Column) -> _Shape:
        """The column's :class:`_Shape`, made once per type and default."""
        t, d = column.type, column.default
        key = (t.logical, t.length, t.precision, t.scale, t.array_dims, t.enum, t.enum_namespace, t.native,
               None if d is None else d.kind, None if d is None else d.value)
        found = self.shapes.get(key)
        if found is None:
            py = PY_TYPES[t.logical]
            for _ in range(t.array_dims):
                py = f"list[{py}]"
            server_default = default_sql(column)
            found = self.shapes[key] = _Shape(t, d, py, None if server_default is None else sql_text(server_default),
                                              d is not None and d.kind is ir.DefaultKind.CLIENT)
        return found

    def type_expression(self, column_type: ColumnType, called: bool, prefixed: bool,
                        used: list[tuple[str, str]]) -> str:
        def ref(module: str, name: str) -> str:
            used.append((module, name))
            return _Imports.PREFIXES[module] + name if prefixed else name

        element = column_type.element
        module, name = TYPE_MAP[element.logical]
        if element.logical is LogicalType.ENUM:
            text = self.enum_names[(element.enum_namespace, element.enum or "")]
        elif not module:
            text = f"SqlType({py_string(element.base_sql)})"
        else:
            args = self.type_args(element)
            text = ref(module, name) + (f"({', '.join(args)})" if args or called else "")
        if column_type.array_dims:
            dims = f", dimensions={column_type.array_dims}" if column_type.array_dims > 1 else ""
            text = f"{ref(PG, 'ARRAY')}({text}{dims})"
        return text

    @staticmethod
    def type_args(t: ColumnType) -> list[str]:
        if t.logical in {LogicalType.VARCHAR, LogicalType.CHAR} and t.length is not None:
            return [str(t.length)]
        if t.logical is LogicalType.NUMERIC and t.precision is not None:
            return [str(t.precision)] + ([str(t.scale)] if t.scale is not None else [])
        args = ["timezone=True"] if t.logical in _WITH_TIME_ZONE else []
        if t.logical in {LogicalType.TIME, LogicalType.TIMETZ, LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ,
                         LogicalType.INTERVAL} and t.precision is not None:
            args.append(f"precision={t.precision}")
        return args

    def column_args(self, table: ir.Table, column: ir.Column, shape: _Shape, ref: _Imports, *,
                    foreign_key: Arg | None = None, primary_key: bool = False, nullable: bool = False,
                    client: bool = True, serial: bool = False) -> list[Arg]:
        """What follows the type in ``mapped_column``/``Column``: positional schema items (foreign
        key, identity, computed), then keywords (nullable when asked, key, defaults, comment).

        ``client``: add the application-side default (models do; a migration has no use for it).
        ``serial``: the column is the table's :meth:`serial_candidate`.
        """
        out: list[Arg] = [] if foreign_key is None else [foreign_key]
        if column.identity is not None:
            out.append(f"{ref(SA, 'Identity')}(always={column.identity is ir.Identity.ALWAYS})")
        if column.generated is not None:
            out.append(f"{ref(SA, 'Computed')}({sql_text(column.generated)}, persisted=True)")
        if nullable and not column.nullable:
            out.append("nullable=False")
        if primary_key:
            out.append("primary_key=True")
        if serial:
            # SQLAlchemy makes a lone integer primary key SERIAL unless told otherwise.
            out.append("autoincrement=False")
        if shape.server_default is not None:
            out.append(f"server_default={ref(SA, 'text')}({shape.server_default})")
        client_default = self.client_default(table, column, ref) if client else None
        if client_default is not None:
            out.append(client_default)
        if column.comment is not None:
            out.append(f"comment={py_string(column.comment)}")
        return out

    @staticmethod
    def serial_candidate(table: ir.Table) -> str | None:
        """The column SQLAlchemy would make SERIAL, if any: the lone integer primary key, with no
        identity, no server default and no foreign key."""
        pk = table.primary_key
        column = table.column(pk.columns[0]) if pk is not None and len(pk.columns) == 1 else None
        if (column is not None and column.identity is None and column.type.logical in INTEGER_TYPES
                and not column.type.array_dims and default_sql(column) is None
                and not any(column.name in fk.columns for fk in table.foreign_keys)):
            return column.name
        return None

    def added_later(self, table: ir.Table, fk: ir.ForeignKey) -> bool:
        """True for a foreign key created after the tables: one that closes a cycle, or a
        self-reference to a key that only a unique *index* (made after the table) backs."""
        key = (table.key, fk.name)
        found = self.late.get(key)
        if found is None:
            found = self.late[key] = self.find_added_later(table, fk)
        return found

    def find_added_later(self, table: ir.Table, fk: ir.ForeignKey) -> bool:
        if (table.key, fk.name) in self.deferred:
            return True
        if fk.ref_key != table.key:
            return False
        wanted = set(fk.ref_columns)
        pk = table.primary_key
        return not ((pk is not None and set(pk.columns) == wanted)
                    or any(u.where is None and set(u.columns) == wanted for u in table.uniques))

    def fk_options(self, table: ir.Table, fk: ir.ForeignKey, *, named: bool = True) -> list[str]:
        """Keywords of ``ForeignKey``/``ForeignKeyConstraint`` (``named=False``: of ``op.create_foreign_key``)."""
        out = [f"name={py_string(fk.name)}"] if named else []
        if fk.on_delete is not ir.Action.NO_ACTION:
            out.append(f"ondelete={_ACTIONS[fk.on_delete]}")
        if fk.on_update is not ir.Action.NO_ACTION:
            out.append(f"onupdate={_ACTIONS[fk.on_update]}")
        if fk.deferrable:
            out.append("deferrable=True")
        if fk.initially_deferred:
            out.append("initially='DEFERRED'")
        if named and self.added_later(table, fk):
            out.append("use_alter=True")  # create_all adds it with ALTER TABLE once the tables exist
        return out

    @staticmethod
    def fk_target(fk: ir.ForeignKey, column: str) -> str:
        """``"schema.table.column"``: how SQLAlchemy names a referenced column.

        Constraints find columns by key, and a mapped column's key is its database name (the
        attribute may differ), so every reference in a table's arguments is by name.
        """
        prefix = fk.ref_table if fk.ref_namespace == DEFAULT_NAMESPACE else f"{fk.ref_namespace}.{fk.ref_table}"
        return py_string(f"{prefix}.{column}")

    def index_elements(self, index: ir.Index) -> tuple[list[Piece], list[Piece]]:
        """The index's elements and its extra options (``postgresql_ops``)."""
        elements: list[Piece] = []
        ops = []
        for e in index.elements:
            if e.column is not None and not e.descending and e.nulls is None:
                elements.append(py_string(e.column))
                if e.opclass is not None:
                    ops.append(f"{py_string(e.column)}: {py_string(e.opclass)}")
                continue
            elements.append(("", self.element_text(e.column, e.expression, e.opclass, e.descending, e.nulls)))
        options: list[Piece] = [f"postgresql_ops={{{', '.join(ops)}}}"] if ops else []
        return elements, options

    @staticmethod
    @functools.lru_cache(maxsize=4096)  # the same ordered keys repeat (created_at DESC)
    def element_text(column: str | None, expression: str | None, opclass: str | None, descending: bool,
                     nulls: ir.NullsOrder | None) -> str:
        """An expression or an ordered key as ``text()``'s argument: SQLAlchemy writes text elements as they are."""
        sql = quote_identifier(column) if column is not None else f"({expression})"
        if opclass is not None:
            sql += f" {opclass}"
        if descending:
            sql += " DESC"
        if nulls is not None:
            sql += f" NULLS {nulls.value.upper()}"
        return sql_text(sql)

    @staticmethod
    def index_options(index: ir.Index | ir.Unique) -> list[Piece]:
        out: list[Piece] = []
        if isinstance(index, ir.Index):
            if index.unique:
                out.append("unique=True")
            if index.method is not ir.IndexMethod.BTREE:
                out.append(f"postgresql_using={py_string(index.method.value)}")
            if index.include:
                out.append(f"postgresql_include=[{', '.join(py_string(c) for c in index.include)}]")
        else:
            out.append("unique=True")
            if index.nulls_not_distinct:
                out.append("postgresql_nulls_not_distinct=True")
        if index.where is not None:
            out.append(("postgresql_where=", sql_text(index.where)))
        return out

    def table_constraints(self, table: ir.Table, ref: _Imports, *, with_pk: bool,
                          fks: Iterable[ir.ForeignKey], indent: str) -> list[str]:
        """PrimaryKey/Unique/Check/ForeignKey constraint objects of a table, each starting a line at ``indent``."""
        out = []
        pk = table.primary_key
        if with_pk and pk is not None:
            name = [f"name={py_string(pk.name)}"] if pk.name else []
            out.append(call(ref(SA, "PrimaryKeyConstraint"), [self.names(pk.columns), *name], indent))
        for fk in fks:
            targets = ", ".join(self.fk_target(fk, c) for c in fk.ref_columns)
            out.append(call(ref(SA, "ForeignKeyConstraint"), [f"[{self.names(fk.columns)}]", f"[{targets}]",
                                                               *self.fk_options(table, fk)], indent))
        for u in table.uniques:
            if u.where is None:
                nulls = ["postgresql_nulls_not_distinct=True"] if u.nulls_not_distinct else []
                out.append(call(ref(SA, "UniqueConstraint"), [self.names(u.columns), f"name={py_string(u.name)}",
                                                              *nulls], indent))
        for c in table.checks:
            out.append(call(ref(SA, "CheckConstraint"), [sql_text(c.expression), f"name={py_string(c.name)}"], indent))
        return out

    @staticmethod
    @functools.lru_cache(maxsize=65536)  # keys repeat: ("id",), ("code",)...
    def names(columns: tuple[str, ...]) -> str:
        return ", ".join([py_string(c) for c in columns])

    def indexes(self, table: ir.Table, ref: _Imports) -> list[tuple[str, list[str], list[str]]]:
        """(name, elements, keyword options) of the table's partial uniques and indexes."""
        pieces = self.index_pieces.get(table.key)
        if pieces is None:  # models.py and the revision write the same indexes: pieces made once
            pieces = self.index_pieces[table.key] = self.find_index_pieces(table)
        return [(name, self.resolve(elements, ref), self.resolve(options, ref)) for name, elements, options in pieces]

    def find_index_pieces(self, table: ir.Table) -> list[tuple[str, list[Piece], list[Piece]]]:
        out: list[tuple[str, list[Piece], list[Piece]]] = []
        for u in table.uniques:
            if u.where is not None:
                columns: list[Piece] = [py_string(c) for c in u.columns]
                out.append((u.name, columns, self.index_options(u)))
        for i in table.indexes:
            elements, ops = self.index_elements(i)
            out.append((i.name, elements, [*self.index_options(i), *ops]))
        return out

    @staticmethod
    def resolve(pieces: list[Piece], ref: _Imports) -> list[str]:
        return [p if isinstance(p, str) else f"{p[0]}{ref(SA, 'text')}({p[1]})" for p in pieces]

    def index_objects(self, table: ir.Table, ref: _Imports, indent: str) -> list[str]:
        return [call(ref(SA, "Index"), [py_string(name), *elements, *options], indent)
                for name, elements, options in self.indexes(table, ref)]

    def uses_sql_type(self) -> bool:
        return any(TYPE_MAP[shape.column_type.logical][0] == "" for shape in self.shapes.values())

    @staticmethod
    def sql_type_class(ref: _Imports) -> list[str]:
        """The small type class for PostgreSQL types SQLAlchemy has no class for (``xml``, ``citext``)."""
        ref("typing", "Any")
        return [
            f"class SqlType({ref('sqlalchemy.types', 'UserDefinedType')}[Any]):",
            '    """A PostgreSQL type that SQLAlchemy has no class for, written as it is named."""',
            "",
            "    cache_ok = True",
            "",
            "    def __init__(self, name: str) -> None:",
            "        self.name = name",
            "",
            "    def get_col_spec(self, **kw: Any) -> str:",
            "        return self.name",
        ]

    def enum_definition(self, enum: ir.Enum, ref: _Imports, *, revision: bool) -> str:
        args = [*(py_string(v) for v in enum.values), f"name={py_string(enum.name)}"]
        if enum.namespace != DEFAULT_NAMESPACE:
            args.append(f"schema={py_string(enum.namespace)}")
        # In models the type belongs to the metadata: created once by create_all, not per table.
        # In the revision, upgrade() creates it explicitly, so tables must not try again.
        args.append("create_type=False" if revision else "metadata=Base.metadata")
        head = f"{self.enum_names[enum.key]} = "
        return head + call(ref(PG, "ENUM"), args, "", len(head))

    def report_comments(self) -> None:
        for e in self.schema.enums:
            if e.comment is not None:
                self.report(info("sqlalchemy.type-comment", f"the comment of enum {e.path} is not written: "
                                 "SQLAlchemy has no COMMENT ON TYPE", e.path))
        for n in self.schema.namespaces:
            if n.comment is not None:
                self.report(info("sqlalchemy.schema-comment", f"the comment of schema {n.name} is not written: "
                                 "SQLAlchemy has no COMMENT ON SCHEMA", n.name))

    @functools.cached_property
    def sequences(self) -> list[str]:
        """The sequences column defaults draw from (nextval), in the order they are first used.

        Read from the shapes, which are made in column order: the first column that draws from a
        sequence makes a shape.
        """
        names = []
        for shape in self.shapes.values():
            d = shape.default
            if d is not None and d.kind is ir.DefaultKind.SEQUENCE and d.value not in names:
                names.append(d.value)
        return names

    def sequence_args(self, name: str, ref: _Imports) -> list[str]:
        """``Sequence`` arguments: the name, and as the SQL export does, the integer type of its
        columns when they all share one (PostgreSQL's default is bigint)."""
        types = {c.type for t in self.schema.tables for c in t.columns
                 if c.default is not None and c.default.kind is ir.DefaultKind.SEQUENCE and c.default.value == name}
        (only,) = types if len(types) == 1 else (None,)
        if only is not None and only.logical in INTEGER_TYPES and not only.array_dims:
            return [py_string(name), f"data_type={self.render_type(only, ref, called=False)}"]
        return [py_string(name)]

    def client_default(self, table: ir.Table, column: ir.Column, ref: _Imports) -> str | None:
        """``default=`` for an application-side default SQLAlchemy can produce, else a diagnostic."""
        if column.default is None or column.default.kind is not ir.DefaultKind.CLIENT:
            return None
        generator = column.default.value
        if generator == "uuid":
            ref.module("uuid")
            return "default=uuid.uuid4"
        if generator == "now":
            return f"default={ref(SA, 'func')}.now()"
        self.report(info("sqlalchemy.client-default", f"the application-side default {generator} of "
                         f"{table.path}.{column.name} has no SQLAlchemy equivalent and is left out",
                         f"{table.path}.{column.name}"))
        return None

    # models.py --------------------------------------------------------------------------------

    def render_models(self) -> str:
        ref = _Imports(prefixed=False)
        self.report_comments()
        body: list[str] = []
        ref(ORM, "DeclarativeBase")
        body += ["class Base(DeclarativeBase):", "    pass", "", ""]
        if self.uses_sql_type():
            body += [*self.sql_type_class(ref), "", ""]
        setup = []
        namespaces = [n.name for n in self.schema.namespaces if n.name != DEFAULT_NAMESPACE]
        if namespaces:
            ref(SA, "event")
            ref("sqlalchemy.schema", "CreateSchema")
            ref("sqlalchemy.schema", "DropSchema")
            setup.append("# PostgreSQL schemas besides public: created before the tables, dropped after them.")
            for n in namespaces:
                for event, ddl in (("'before_create'", f"CreateSchema({py_string(n)}, if_not_exists=True)"),
                                   ("'after_drop'", f"DropSchema({py_string(n)}, if_exists=True)")):
                    setup.append(call("event.listen", ["Base.metadata", event, ddl], ""))
            setup.append("")
        sequences = self.sequences
        if sequences:
            setup.append("# Sequences that column defaults draw from (nextval), created with the tables.")
            for s in sequences:
                head = f"{self.sequence_names[s]} = "
                args = [*self.sequence_args(s, ref), "metadata=Base.metadata"]
                setup.append(head + call(ref(SA, "Sequence"), args, "", len(head)))
            setup.append("")
        if self.schema.enums:
            setup += [self.enum_definition(e, ref, revision=False) for e in self.schema.enums]
            setup.append("")
        if setup:
            body += [*setup, ""]
        for table in self.schema.tables:
            mapping = self.mappings[table.key]
            lines = self.render_class(table, mapping, ref) if mapping.mapped else self.render_core_table(table, ref)
            body += [*lines, "", ""]
        header = ['"""SQLAlchemy 2.0 models, generated by the schema designer."""', "",
                  "from __future__ import annotations", ""]
        for shape in self.shapes.values():  # every column's type, once each
            py = PY_TYPES[shape.column_type.logical]
            if "." in py:
                ref.module(py.split(".")[0])
            elif py == "Any":
                ref("typing", "Any")
        ref(ORM, "Mapped")
        ref(ORM, "mapped_column")
        if any(m.relations for m in self.mappings.values()):
            ref(ORM, "relationship")
        return "\n".join([*header, *ref.lines(), "", "", *body]).rstrip("\n") + "\n"

    def render_class(self, table: ir.Table, mapping: _Mapping, ref: _Imports) -> list[str]:
        keys = mapping.keys
        pk = table.primary_key
        assert pk is not None
        # A key named as PostgreSQL would name it is declared on its columns (primary_key=True).
        inline_pk = pk.name is None or pk.name == f"{table.name}_pkey"
        single_fks = {fk.columns[0]: fk for fk in table.foreign_keys if len(fk.columns) == 1}
        composite = [fk for fk in table.foreign_keys if len(fk.columns) > 1]
        args = self.table_constraints(table, ref, with_pk=not inline_pk, fks=composite, indent="        ")
        args += self.index_objects(table, ref, "        ")
        options = []
        if table.namespace != DEFAULT_NAMESPACE:
            options.append(f"'schema': {py_string(table.namespace)}")
        if table.comment is not None:
            options.append(f"'comment': {py_string(table.comment)}")
        if options:
            flat = "{" + ", ".join(options) + "}"
            wide = "{\n" + "".join(f"            {o},\n" for o in options) + "        }"
            args.append(flat if len(flat) <= 90 else wide)
        lines = [f"class {mapping.name}(Base):", f"    __tablename__ = {py_string(table.name)}"]
        if args:
            lines.append("    __table_args__ = (")
            lines += [f"        {a}," for a in args]
            lines.append("    )")
        lines.append("")
        for column, shape in zip(table.columns, mapping.shapes, strict=True):
            fk = single_fks.get(column.name)
            primary_key = inline_pk and column.name in pk.columns
            if fk is not None or shape.client:  # a foreign key line is never repeated; a client default may report
                lines.append(self.mapped_column(table, column, shape, keys[column.name], ref, fk, primary_key))
                continue
            # Designs repeat columns (id, created_at...): the same column makes the same line.
            memo = ("mapped", keys[column.name], column.name, shape, column.nullable, column.identity,
                    column.generated, column.comment, primary_key, column.name == mapping.serial)
            line = ref.known.get(memo)
            if line is None:
                line = ref.known[memo] = self.mapped_column(table, column, shape, keys[column.name], ref, None,
                                                            primary_key)
            lines.append(line)
        if mapping.relations:
            lines.append("")
            lines += [f"    {r}" for r in mapping.relations]
        return lines

    def mapped_column(self, table: ir.Table, column: ir.Column, shape: _Shape, key: str, ref: _Imports,
                      fk: ir.ForeignKey | None, primary_key: bool) -> str:
        """A class body line ``key: Mapped[...] = mapped_column(...)``."""
        parts: list[Arg] = [] if key == column.name else [py_string(column.name)]
        parts.append(self.render_type(column.type, ref, called=False, shape=shape))
        foreign_key: Arg | None = None
        if fk is not None:
            target = self.fk_target(fk, fk.ref_columns[0])
            foreign_key = (ref(SA, "ForeignKey"), [target, *self.fk_options(table, fk)])
        parts += self.column_args(table, column, shape, ref, foreign_key=foreign_key, primary_key=primary_key,
                                  serial=column.name == self.mappings[table.key].serial)
        head = f"{key}: Mapped[{shape.annotation}{' | None' if column.nullable else ''}] = "
        return f"    {head}{call(ref(ORM, 'mapped_column'), parts, '    ', len(head))}"

    def render_core_table(self, table: ir.Table, ref: _Imports) -> list[str]:
        """A table SQLAlchemy cannot map (no primary key), as a Core ``Table`` on the same metadata."""
        lines = [f"{self.mappings[table.key].name} = {ref(SA, 'Table')}(", f"    {py_string(table.name)},",
                 "    Base.metadata,"]
        lines += [f"    {c}," for c in self.core_columns(table, ref, called=False, client=True, indent="    ")]
        constraints = self.table_constraints(table, ref, with_pk=True, fks=table.foreign_keys, indent="    ")
        constraints += self.index_objects(table, ref, "    ")
        lines += [f"    {c}," for c in constraints]
        lines += self.table_kwargs(table)
        lines.append(")")
        return lines

    def core_columns(self, table: ir.Table, ref: _Imports, *, called: bool, client: bool, indent: str) -> list[str]:
        out = []
        mapping = self.mappings[table.key]
        for column, shape in zip(table.columns, mapping.shapes, strict=True):
            if client and shape.client:  # may report
                out.append(self.core_column(table, column, shape, ref, called=called, client=client, indent=indent))
                continue
            # Designs repeat columns (id, created_at...): the same column makes the same line.
            memo = ("core", called, client, indent, column.name, shape, column.nullable, column.identity,
                    column.generated, column.comment, column.name == mapping.serial)
            line = ref.known.get(memo)
            if line is None:
                line = ref.known[memo] = self.core_column(table, column, shape, ref, called=called, client=client,
                                                          indent=indent)
            out.append(line)
        return out

    def core_column(self, table: ir.Table, column: ir.Column, shape: _Shape, ref: _Imports, *, called: bool,
                    client: bool, indent: str) -> str:
        """``Column(...)`` of a Core table or ``op.create_table``."""
        parts: list[Arg] = [py_string(column.name), self.render_type(column.type, ref, called=called, shape=shape)]
        parts += self.column_args(table, column, shape, ref, nullable=True, client=client,
                                  serial=column.name == self.mappings[table.key].serial)
        return call(ref(SA, "Column"), parts, indent)

    @staticmethod
    def table_kwargs(table: ir.Table) -> list[str]:
        out = []
        if table.namespace != DEFAULT_NAMESPACE:
            out.append(f"    schema={py_string(table.namespace)},")
        if table.comment is not None:
            out.append(f"    comment={py_string(table.comment)},")
        return out

    # The Alembic revision -----------------------------------------------------------------------

    def render_revision(self) -> str:
        ref = _Imports(prefixed=True)
        upgrade = self.revision_upgrade(ref)
        downgrade = self.revision_downgrade()
        definitions = []
        if self.uses_sql_type():
            definitions += ["", "", *self.sql_type_class(ref)]
        if self.schema.enums:
            gap = ["", ""] if definitions else [""]  # two blank lines after a class
            definitions += [*gap, *[self.enum_definition(e, ref, revision=True) for e in self.schema.enums]]
        ref(SA, "text")  # the revision always imports sqlalchemy as sa
        ref("collections.abc", "Sequence")
        lines = ['"""Create the schema.', "", f"Revision ID: {REVISION_ID}", "Revises:", '"""', "",
                 "from __future__ import annotations", "", *ref.lines(), "",
                 f"revision: str = {py_string(REVISION_ID)}", "down_revision: str | Sequence[str] | None = None",
                 "branch_labels: str | Sequence[str] | None = None", "depends_on: str | Sequence[str] | None = None",
                 *definitions,
                 "", "", "def upgrade() -> None:", self.body(upgrade), "", "", "def downgrade() -> None:",
                 self.body(downgrade)]
        return "\n".join(lines) + "\n"

    @staticmethod
    def body(statements: list[str]) -> str:
        """A function body: each statement (maybe several lines) indented once, blank lines left blank."""
        text = "\n".join(statements or ["pass"])  # "\n" alone ends a line: never U+0085 and friends
        if not text or "\n\n" in text or text[0] == "\n" or text[-1] == "\n":
            return "\n".join([f"    {line}" if line else line for line in text.split("\n")])
        return "    " + text.replace("\n", "\n    ")  # no blank line: one pass over the whole body

    @staticmethod
    def schema_kw(namespace: str, name: str = "schema") -> list[str]:
        return [f"{name}={py_string(namespace)}"] if namespace != DEFAULT_NAMESPACE else []

    def revision_upgrade(self, ref: _Imports) -> list[str]:
        """Schemas, enum types and sequences, then the tables in dependency order with their indexes,
        then the foreign keys that close a cycle."""
        out = [f"op.execute(sa.schema.CreateSchema({py_string(n.name)}))"
               for n in self.schema.namespaces if n.name != DEFAULT_NAMESPACE]
        if self.schema.enums:
            out.append("bind = op.get_bind()")
            out += [f"{self.enum_names[e.key]}.create(bind)" for e in self.schema.enums]
        out += [f"op.execute(sa.schema.CreateSequence(sa.Sequence({', '.join(self.sequence_args(s, ref))})))"
                for s in self.sequences]
        for table in self.order:
            inline = [fk for fk in table.foreign_keys if not self.added_later(table, fk)]
            args = [py_string(table.name), *self.core_columns(table, ref, called=True, client=False, indent="    ")]
            args += self.table_constraints(table, ref, with_pk=True, fks=inline, indent="    ")
            args += [a.strip().rstrip(",") for a in self.table_kwargs(table)]
            out += ["op.create_table(", *[f"    {a}," for a in args], ")"]
            for name, elements, options in self.indexes(table, ref):
                out.append(call("op.create_index", [py_string(name), py_string(table.name), f"[{', '.join(elements)}]",
                                                    *options, *self.schema_kw(table.namespace)], ""))
            out += [self.create_foreign_key(table, fk) for fk in table.foreign_keys
                    if fk.ref_key == table.key and self.added_later(table, fk)]
        out += [self.create_foreign_key(t, fk) for t, fk in self.deferred_fks]
        return out

    def create_foreign_key(self, table: ir.Table, fk: ir.ForeignKey) -> str:
        args = [py_string(fk.name), py_string(table.name), py_string(fk.ref_table), f"[{self.names(fk.columns)}]",
                f"[{self.names(fk.ref_columns)}]", *self.fk_options(table, fk, named=False),
                *self.schema_kw(table.namespace, "source_schema"), *self.schema_kw(fk.ref_namespace, "referent_schema")]
        return call("op.create_foreign_key", args, "")

    def revision_downgrade(self) -> list[str]:
        """Everything upgrade() made, dropped in reverse: cycle-closing keys first, then tables
        (their indexes and constraints go with them), sequences, enum types and schemas."""
        foreign_key = "type_='foreignkey'"
        out = [call("op.drop_constraint", [py_string(fk.name), py_string(t.name), foreign_key,
                                           *self.schema_kw(t.namespace)], "") for t, fk in self.deferred_fks]
        out += [f"op.drop_table({', '.join([py_string(t.name), *self.schema_kw(t.namespace)])})"
                for t in reversed(self.order)]
        out += [f"op.execute(sa.schema.DropSequence(sa.Sequence({py_string(s)})))" for s in self.sequences]
        if self.schema.enums:
            out.append("bind = op.get_bind()")
            out += [f"{self.enum_names[e.key]}.drop(bind)" for e in reversed(self.schema.enums)]
        out += [f"op.execute(sa.schema.DropSchema({py_string(n.name)}))"
                for n in reversed(self.schema.namespaces) if n.name != DEFAULT_NAMESPACE]
        return out

    @functools.cached_property
    def deferred_fks(self) -> list[tuple[ir.Table, ir.ForeignKey]]:
        return [(t, fk) for t in self.order for fk in t.foreign_keys if (t.key, fk.name) in self.deferred]

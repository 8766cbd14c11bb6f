"""Column types: the canonical logical types and the SQL type syntax used to write them.

A column's type is a :class:`ColumnType`: a :class:`LogicalType` plus its parameters (length,
precision, scale), array dimensions and, for enums, the enum it refers to. Its ``sql`` property
is the exact PostgreSQL spelling (``varchar(255)[]``, ``timestamptz(3)``, ``billing."Status"``).

The JSON document and the type picker write types in that SQL syntax, so this module also
parses it. The parser is a small hand-written one on purpose: type expressions are a tiny
grammar, and loading a 12,000-column document must not pay for a full SQL parser per column
(the SQL importer, which has pglast's parse tree already, builds ``ColumnType`` directly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from designer.core.identifiers import DEFAULT_NAMESPACE, quote_identifier


class LogicalType(StrEnum):
    """The canonical column types every exporter maps (one TYPE_MAP entry each)."""

    SMALLINT = "smallint"
    INTEGER = "integer"
    BIGINT = "bigint"
    NUMERIC = "numeric"
    REAL = "real"
    DOUBLE = "double precision"
    BOOLEAN = "boolean"
    TEXT = "text"
    VARCHAR = "varchar"
    CHAR = "char"
    UUID = "uuid"
    DATE = "date"
    TIME = "time"
    TIMETZ = "timetz"
    TIMESTAMP = "timestamp"
    TIMESTAMPTZ = "timestamptz"
    INTERVAL = "interval"
    JSON = "json"
    JSONB = "jsonb"
    BYTEA = "bytea"
    INET = "inet"
    CIDR = "cidr"
    MACADDR = "macaddr"
    MONEY = "money"
    TSVECTOR = "tsvector"
    XML = "xml"
    ENUM = "enum"
    """A reference to an enum of the schema (``ColumnType.enum``)."""
    OTHER = "other"
    """Any other type (an extension's, a domain...), kept verbatim in ``ColumnType.native``."""


#: Types that take a length: ``varchar(n)``, ``char(n)``.
LENGTH_TYPES = frozenset({LogicalType.VARCHAR, LogicalType.CHAR})
#: Types that take a fractional-seconds precision: ``timestamptz(3)``.
TIME_PRECISION_TYPES = frozenset(
    {LogicalType.TIME, LogicalType.TIMETZ, LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ, LogicalType.INTERVAL}
)
INTEGER_TYPES = frozenset({LogicalType.SMALLINT, LogicalType.INTEGER, LogicalType.BIGINT})
NUMBER_TYPES = INTEGER_TYPES | {LogicalType.NUMERIC, LogicalType.REAL, LogicalType.DOUBLE, LogicalType.MONEY}
TEXT_TYPES = frozenset({LogicalType.TEXT, LogicalType.VARCHAR, LogicalType.CHAR})
TEMPORAL_TYPES = frozenset({LogicalType.DATE}) | TIME_PRECISION_TYPES - {LogicalType.INTERVAL}

#: Spellings PostgreSQL accepts for the same type, lower case, to the logical type.
ALIASES: dict[str, LogicalType] = {
    "smallint": LogicalType.SMALLINT,
    "int2": LogicalType.SMALLINT,
    "integer": LogicalType.INTEGER,
    "int": LogicalType.INTEGER,
    "int4": LogicalType.INTEGER,
    "bigint": LogicalType.BIGINT,
    "int8": LogicalType.BIGINT,
    "numeric": LogicalType.NUMERIC,
    "decimal": LogicalType.NUMERIC,
    "real": LogicalType.REAL,
    "float4": LogicalType.REAL,
    "double precision": LogicalType.DOUBLE,
    "float8": LogicalType.DOUBLE,
    "float": LogicalType.DOUBLE,
    "boolean": LogicalType.BOOLEAN,
    "bool": LogicalType.BOOLEAN,
    "text": LogicalType.TEXT,
    "varchar": LogicalType.VARCHAR,
    "character varying": LogicalType.VARCHAR,
    "char": LogicalType.CHAR,
    "character": LogicalType.CHAR,
    "bpchar": LogicalType.CHAR,
    "uuid": LogicalType.UUID,
    "date": LogicalType.DATE,
    "time": LogicalType.TIME,
    "time without time zone": LogicalType.TIME,
    "timetz": LogicalType.TIMETZ,
    "time with time zone": LogicalType.TIMETZ,
    "timestamp": LogicalType.TIMESTAMP,
    "timestamp without time zone": LogicalType.TIMESTAMP,
    "timestamptz": LogicalType.TIMESTAMPTZ,
    "timestamp with time zone": LogicalType.TIMESTAMPTZ,
    "interval": LogicalType.INTERVAL,
    "json": LogicalType.JSON,
    "jsonb": LogicalType.JSONB,
    "bytea": LogicalType.BYTEA,
    "inet": LogicalType.INET,
    "cidr": LogicalType.CIDR,
    "macaddr": LogicalType.MACADDR,
    "money": LogicalType.MONEY,
    "tsvector": LogicalType.TSVECTOR,
    "xml": LogicalType.XML,
}

#: ``serial`` and friends are not types but an integer column with an owned sequence default.
SERIAL_ALIASES: dict[str, LogicalType] = {
    "smallserial": LogicalType.SMALLINT,
    "serial2": LogicalType.SMALLINT,
    "serial": LogicalType.INTEGER,
    "serial4": LogicalType.INTEGER,
    "bigserial": LogicalType.BIGINT,
    "serial8": LogicalType.BIGINT,
}


class TypeSyntaxError(ValueError):
    """A type expression that cannot be read; the message says where and why."""


@dataclass(frozen=True)
class ColumnType:
    """A column's type.

    Attributes:
        logical: the canonical type.
        length: ``n`` of ``varchar(n)`` / ``char(n)``; None for unbounded.
        precision: ``p`` of ``numeric(p, s)``, or the fractional seconds of time types.
        scale: ``s`` of ``numeric(p, s)``.
        array_dims: 0 for a scalar, 1 for ``text[]``, 2 for ``int[][]``.
        enum: the enum's name when ``logical`` is ENUM.
        enum_namespace: the enum's namespace (PostgreSQL schema).
        native: the verbatim type for OTHER (``citext``, ``geometry(Point,4326)``).
    """

    logical: LogicalType
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    array_dims: int = 0
    enum: str | None = None
    enum_namespace: str = DEFAULT_NAMESPACE
    native: str | None = None

    @property
    def base_sql(self) -> str:
        """The PostgreSQL spelling without array brackets."""
        lt = self.logical
        if lt is LogicalType.ENUM:
            assert self.enum is not None
            name = quote_identifier(self.enum)
            if self.enum_namespace != DEFAULT_NAMESPACE:
                return f"{quote_identifier(self.enum_namespace)}.{name}"
            return name
        if lt is LogicalType.OTHER:
            assert self.native is not None
            return self.native
        if lt in LENGTH_TYPES and self.length is not None:
            return f"{lt.value}({self.length})"
        if lt is LogicalType.NUMERIC and self.precision is not None:
            if self.scale is not None:
                return f"numeric({self.precision},{self.scale})"
            return f"numeric({self.precision})"
        if lt in TIME_PRECISION_TYPES and self.precision is not None:
            return f"{lt.value}({self.precision})"
        return lt.value

    @cached_property
    def sql(self) -> str:
        """The exact PostgreSQL type, e.g. ``varchar(255)[]``."""
        return self.base_sql + "[]" * self.array_dims

    @property
    def element(self) -> ColumnType:
        """The scalar type of an array type (itself for a scalar)."""
        if not self.array_dims:
            return self
        return ColumnType(self.logical, self.length, self.precision, self.scale, 0, self.enum, self.enum_namespace,
                          self.native)

    def __post_init__(self) -> None:
        # numeric(p) is numeric(p,0) in PostgreSQL: one spelling, so equal types compare equal.
        if self.logical is LogicalType.NUMERIC and self.precision is not None and self.scale is None:
            object.__setattr__(self, "scale", 0)

    def __str__(self) -> str:
        return self.sql


def simple(logical: LogicalType, *, array_dims: int = 0) -> ColumnType:
    """A type without parameters."""
    return ColumnType(logical, array_dims=array_dims)


def enum_type(name: str, namespace: str = DEFAULT_NAMESPACE, *, array_dims: int = 0) -> ColumnType:
    """A reference to the schema's enum ``namespace.name``."""
    return ColumnType(LogicalType.ENUM, enum=name, enum_namespace=namespace, array_dims=array_dims)


# Type expression parsing -----------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<quoted>"(?:[^"]|"")*")
      | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
      | (?P<number>\d+)
      | (?P<punct>[().,\[\]])
    )""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise TypeSyntaxError(f"unexpected {text[pos:].strip()[:20]!r} at position {pos + 1} of {text!r}")
        kind = m.lastgroup
        assert kind is not None
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _unquote(token: str) -> str:
    return token[1:-1].replace('""', '"')


_MULTIWORD = sorted((a for a in ALIASES if " " in a), key=len, reverse=True)


def parse_type(text: str, enums: frozenset[tuple[str, str]] = frozenset()) -> ColumnType:
    """Read a PostgreSQL type expression such as ``character varying(255)[]``.

    Args:
        text: the type as written.
        enums: the ``(namespace, name)`` of the schema's enums, so ``status`` resolves to ENUM.

    Unknown names become OTHER with the text kept verbatim (``citext``); ``serial`` types are
    refused here because they also imply a default (see ``SERIAL_ALIASES``).
    """
    source = text.strip()
    if not source:
        raise TypeSyntaxError("the type is empty")
    tokens = _tokens(source)
    # Array suffixes: "[]" or "[n]" repeated, or a trailing ARRAY keyword.
    array_dims = 0
    while len(tokens) >= 2 and tokens[-1] == ("punct", "]"):
        if tokens[-2] == ("punct", "["):
            tokens = tokens[:-2]
        elif len(tokens) >= 3 and tokens[-2][0] == "number" and tokens[-3] == ("punct", "["):
            tokens = tokens[:-3]
        else:
            raise TypeSyntaxError(f"unbalanced array brackets in {source!r}")
        array_dims += 1
    if tokens and tokens[-1][0] == "word" and tokens[-1][1].lower() == "array":
        tokens = tokens[:-1]
        array_dims += 1
    if any(t[0] == "punct" and t[1] in "[]" for t in tokens):
        raise TypeSyntaxError(f"unbalanced array brackets in {source!r}")
    # pg_catalog.int8 is int8: built-in types may be written qualified.
    if len(tokens) >= 3 and tokens[0][0] == "word" and tokens[0][1].lower() == "pg_catalog" and tokens[1] == (
            "punct", "."):
        tokens = tokens[2:]
    # Parameters: "(n)" or "(p, s)" directly after the name (for "timestamp(3) with time zone"
    # the parameter sits in the middle, handled by removing it first).
    params: list[int] = []
    open_at = next((i for i, t in enumerate(tokens) if t == ("punct", "(")), None)
    if open_at is not None:
        close_at = next((i for i, t in enumerate(tokens) if t == ("punct", ")")), None)
        if close_at is None or close_at < open_at:
            raise TypeSyntaxError(f"missing ')' in {source!r}")
        inner = tokens[open_at + 1 : close_at]
        for i, tok in enumerate(inner):
            if i % 2 == 0 and tok[0] != "number":
                return _other(source, array_dims)
            if i % 2 == 1 and tok != ("punct", ","):
                return _other(source, array_dims)
        params = [int(t[1]) for t in inner if t[0] == "number"]
        tokens = tokens[:open_at] + tokens[close_at + 1 :]
    if any(t[0] == "punct" and t[1] in "()" for t in tokens):
        raise TypeSyntaxError(f"unbalanced parentheses in {source!r}")
    # A qualified or quoted name: enum or other.
    words = [t for t in tokens if t[0] == "word"]
    if len(words) == len(tokens):
        phrase = " ".join(w[1].lower() for w in words)
        if phrase in SERIAL_ALIASES:
            raise TypeSyntaxError(f"{source!r} is not a type but an integer with a sequence default")
        logical = ALIASES.get(phrase)
        if logical is not None and (len(words) == 1 or phrase in _MULTIWORD):
            return _with_params(logical, params, source, array_dims)
    name = _qualified_name(tokens)
    if name is not None and not params:
        namespace, type_name = name
        if (namespace or DEFAULT_NAMESPACE, type_name) in enums:
            return enum_type(type_name, namespace or DEFAULT_NAMESPACE, array_dims=array_dims)
    return _other(source, array_dims)


def _qualified_name(tokens: list[tuple[str, str]]) -> tuple[str | None, str] | None:
    def ident(tok: tuple[str, str]) -> str | None:
        if tok[0] == "quoted":
            return _unquote(tok[1])
        if tok[0] == "word":
            return tok[1].lower()
        return None

    if len(tokens) == 1:
        name = ident(tokens[0])
        return None if name is None else (None, name)
    if len(tokens) == 3 and tokens[1] == ("punct", "."):
        ns, name = ident(tokens[0]), ident(tokens[2])
        if ns is not None and name is not None:
            return ns, name
    return None


def _other(source: str, array_dims: int) -> ColumnType:
    base = re.sub(r"(\s*(\[\d*\]|\s+array\b))+\s*$", "", source, flags=re.IGNORECASE)
    return ColumnType(LogicalType.OTHER, array_dims=array_dims, native=base.strip())


def _with_params(logical: LogicalType, params: list[int], source: str, array_dims: int) -> ColumnType:
    if not params:
        if logical is LogicalType.CHAR:
            # Bare "char" means char(1) in PostgreSQL.
            return ColumnType(logical, length=1, array_dims=array_dims)
        return ColumnType(logical, array_dims=array_dims)
    if logical in LENGTH_TYPES and len(params) == 1:
        if params[0] < 1:
            raise TypeSyntaxError(f"length must be at least 1 in {source!r}")
        return ColumnType(logical, length=params[0], array_dims=array_dims)
    if logical is LogicalType.NUMERIC and len(params) in (1, 2):
        precision = params[0]
        scale = params[1] if len(params) == 2 else None
        if not 1 <= precision <= 1000:
            raise TypeSyntaxError(f"numeric precision must be between 1 and 1000 in {source!r}")
        if scale is not None and scale > precision:
            raise TypeSyntaxError(f"numeric scale cannot exceed its precision in {source!r}")
        return ColumnType(logical, precision=precision, scale=scale, array_dims=array_dims)
    if logical in TIME_PRECISION_TYPES and len(params) == 1:
        if params[0] > 6:
            raise TypeSyntaxError(f"fractional seconds precision must be 0 to 6 in {source!r}")
        return ColumnType(logical, precision=params[0], array_dims=array_dims)
    raise TypeSyntaxError(f"{logical.value} does not take {len(params)} parameter(s) in {source!r}")


def type_sql_name(namespace: str, name: str) -> str:
    """The quoted, qualified name of a user-defined type."""
    if namespace == DEFAULT_NAMESPACE:
        return quote_identifier(name)
    return f"{quote_identifier(namespace)}.{quote_identifier(name)}"

"""Import Prisma schema files (one ``schema.prisma``, or a folder of ``.prisma`` files).

No Python library parses Prisma's schema language (Prisma's own parser is Rust, shipped inside
its engines), so this module has a small hand-written one: a tokenizer that keeps line and
column, a recursive reader of declarations and attribute arguments into blueprints (phase 1),
and a builder that resolves models, enums, relations and native types into the model (phase 2).

Prisma semantics are kept where they differ from SQL's: a plain ``DateTime`` is
``timestamp(3)``, a plain ``Decimal`` is ``numeric(65,30)``, ``Json`` is ``jsonb``, an omitted
``onDelete`` is ``Restrict`` (``SetNull`` for an optional relation) and an omitted ``onUpdate``
is ``Cascade``. ``@unique``/``@@unique`` become unique rules (Prisma makes them unique
indexes; the SQL export makes them constraints, which behave the same). Model and field names
that are not the mechanical PascalCase/camelCase of the table and column names are kept as
``orm_name``, and relation field names as relation names, so an export round-trips.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Union

from designer.core import ir
from designer.core.diagnostics import Diagnostic, info, warning
from designer.core.exporters.naming import camel, pascal, snake
from designer.core.identifiers import DEFAULT_NAMESPACE
from designer.core.importers import register_importer
from designer.core.importers.base import (
    Importer,
    ImportFailed,
    ImportResult,
    Skips,
    SourceFormat,
    SourceLocation,
    finish,
)
from designer.core.importers.pgnames import choose_name, column_part
from designer.core.importers.pgtree import canonical_expression
from designer.core.relations import relation_names, singular
from designer.core.types import ColumnType, LogicalType, TypeSyntaxError, enum_type, parse_type

# Tokens -------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<newline>\n)
  | (?P<space>[ \t\r]+)
  | (?P<doc>///[^\n]*)
  | (?P<comment>//[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<attr>@@?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<punct>[{}()\[\],:=?!])
""", re.VERBOSE)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    at: SourceLocation


def tokenize(text: str, file: str) -> list[Token]:
    """The tokens of a Prisma file (comments dropped, doc comments and newlines kept)."""
    out: list[Token] = []
    line, line_start, pos = 1, 0, 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        at = SourceLocation(file, line, pos - line_start + 1)
        if m is None:
            end = text.find("\n", pos)
            bad = text[pos:end if end != -1 else len(text)].strip()
            raise ImportFailed(f"unexpected character {text[pos]!r}", at, bad)
        kind = m.lastgroup or ""
        if kind == "newline":
            out.append(Token("newline", "\n", at))
            line, line_start = line + 1, m.end()
        elif kind not in ("space", "comment"):
            out.append(Token(kind, m.group(), at))
        pos = m.end()
    out.append(Token("eof", "", SourceLocation(file, line, pos - line_start + 1)))
    return out


# Blueprints ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """A function call value: ``now()``, ``dbgenerated("...")``, ``name(sort: Desc)``."""

    name: str
    args: tuple[Arg, ...]


@dataclass(frozen=True)
class Ident:
    name: str


Value = Union[str, float, "Ident", "Call", "list[Value]"]  # noqa: UP007 - a recursive alias


@dataclass(frozen=True)
class Arg:
    name: str | None
    value: Value


@dataclass(frozen=True)
class Attribute:
    name: str
    args: tuple[Arg, ...]
    at: SourceLocation

    def arg(self, name: str, position: int | None = None) -> Value | None:
        for i, a in enumerate(self.args):
            if a.name == name or (a.name is None and i == position):
                return a.value
        return None


@dataclass
class FieldBP:
    name: str
    type: str
    optional: bool
    is_list: bool
    attributes: list[Attribute]
    doc: str | None
    at: SourceLocation
    unsupported: str | None = None

    def attr(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)


@dataclass
class BlockBP:
    """A ``model``, ``enum``, ``view`` or ``type`` block."""

    keyword: str
    name: str
    fields: list[FieldBP] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    doc: str | None = None
    at: SourceLocation = SourceLocation("", 0, 0)

    def attr(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)

    def attrs(self, name: str) -> list[Attribute]:
        return [a for a in self.attributes if a.name == name]


class Parser:
    """Phase 1: tokens to blocks."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.datasource: dict[str, Value] = {}

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def next(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, kind: str, text: str | None = None) -> Token:
        token = self.next()
        if token.kind != kind or (text is not None and token.text != text):
            wanted = repr(text) if text else kind
            raise ImportFailed(f"expected {wanted}, found {token.text or token.kind!r}", token.at, token.text)
        return token

    def skip_newlines(self) -> str | None:
        """Skip blank lines; the doc comment just before the next declaration, if any."""
        doc: list[str] = []
        while self.peek().kind in ("newline", "doc"):
            token = self.next()
            if token.kind == "doc":
                doc.append(token.text[3:].strip())
        return "\n".join(doc) if doc else None

    def blocks(self) -> Iterator[BlockBP]:
        while True:
            doc = self.skip_newlines()
            token = self.next()
            if token.kind == "eof":
                return
            if token.kind != "name" or token.text not in ("model", "enum", "view", "type", "datasource", "generator"):
                raise ImportFailed(f"expected model, enum, datasource or generator, found {token.text!r}", token.at,
                                   token.text)
            name = self.expect("name")
            if token.text in ("datasource", "generator"):
                settings = self.settings()
                if token.text == "datasource":
                    self.datasource = settings
                continue
            block = BlockBP(token.text, name.text, doc=doc, at=token.at)
            self.block_body(block)
            yield block

    def settings(self) -> dict[str, Value]:
        self.expect("punct", "{")
        out: dict[str, Value] = {}
        while True:
            self.skip_newlines()
            if self.peek().text == "}":
                self.next()
                return out
            key = self.expect("name").text
            self.expect("punct", "=")
            out[key] = self.value()

    def block_body(self, block: BlockBP) -> None:
        self.expect("punct", "{")
        while True:
            doc = self.skip_newlines()
            token = self.peek()
            if token.text == "}":
                self.next()
                return
            if token.kind == "attr" and token.text == "@@":
                block.attributes.append(self.attribute())
                continue
            name = self.expect("name")
            if block.keyword == "enum":
                block.fields.append(FieldBP(name.text, "", False, False, self.field_attributes(), doc, name.at))
                continue
            type_token = self.expect("name")
            unsupported = None
            if type_token.text == "Unsupported":
                self.expect("punct", "(")
                unsupported = self.string()
                self.expect("punct", ")")
            optional = is_list = False
            if self.peek().text == "[":
                self.next()
                self.expect("punct", "]")
                is_list = True
            if self.peek().text in ("?", "!"):
                optional = self.next().text == "?"
            block.fields.append(FieldBP(name.text, type_token.text, optional, is_list, self.field_attributes(), doc,
                                        name.at, unsupported))

    def field_attributes(self) -> list[Attribute]:
        out = []
        while self.peek().kind == "attr":
            if self.peek().text == "@@":
                raise ImportFailed("a block attribute (@@) must be on its own line", self.peek().at)
            out.append(self.attribute())
        token = self.peek()
        if token.kind not in ("newline", "eof") and token.text != "}":
            raise ImportFailed(f"unexpected {token.text!r} after a field", token.at, token.text)
        return out

    def attribute(self) -> Attribute:
        marker = self.next()
        name = self.expect("name")
        args: tuple[Arg, ...] = ()
        if self.peek().text == "(":
            args = self.arguments()
        return Attribute(marker.text + name.text, args, marker.at)

    def arguments(self) -> tuple[Arg, ...]:
        self.expect("punct", "(")
        args: list[Arg] = []
        while self.peek().text != ")":
            self.skip_newlines()
            if self.peek().kind == "name" and self.tokens[self.pos + 1].text == ":":
                key = self.next().text
                self.next()
                args.append(Arg(key, self.value()))
            else:
                args.append(Arg(None, self.value()))
            self.skip_newlines()
            if self.peek().text == ",":
                self.next()
            elif self.peek().text != ")":
                raise ImportFailed(f"expected ',' or ')', found {self.peek().text!r}", self.peek().at)
        self.next()
        return tuple(args)

    def string(self) -> str:
        token = self.expect("string")
        try:
            return str(json.loads(token.text))
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"bad string literal: {exc.msg}", token.at, token.text) from None

    def value(self) -> Value:
        token = self.peek()
        if token.kind == "string":
            return self.string()
        if token.kind == "number":
            self.next()
            return float(token.text) if "." in token.text else int(token.text)
        if token.text == "[":
            self.next()
            items: list[Value] = []
            while True:
                self.skip_newlines()
                if self.peek().text == "]":
                    self.next()
                    return items
                items.append(self.value())
                self.skip_newlines()
                if self.peek().text == ",":
                    self.next()
        if token.kind == "name":
            self.next()
            if self.peek().text == "(":
                return Call(token.text, self.arguments())
            return Ident(token.text)
        raise ImportFailed(f"expected a value, found {token.text or token.kind!r}", token.at, token.text)


# Phase 2 ------------------------------------------------------------------------------------------

_SCALARS: dict[str, ColumnType] = {
    "String": ColumnType(LogicalType.TEXT), "Int": ColumnType(LogicalType.INTEGER),
    "BigInt": ColumnType(LogicalType.BIGINT), "Float": ColumnType(LogicalType.DOUBLE),
    "Decimal": ColumnType(LogicalType.NUMERIC, precision=65, scale=30), "Boolean": ColumnType(LogicalType.BOOLEAN),
    "DateTime": ColumnType(LogicalType.TIMESTAMP, precision=3), "Json": ColumnType(LogicalType.JSONB),
    "Bytes": ColumnType(LogicalType.BYTEA),
}
_NATIVE: dict[str, LogicalType] = {
    "SmallInt": LogicalType.SMALLINT, "Integer": LogicalType.INTEGER, "BigInt": LogicalType.BIGINT,
    "Real": LogicalType.REAL, "DoublePrecision": LogicalType.DOUBLE, "Decimal": LogicalType.NUMERIC,
    "Money": LogicalType.MONEY, "Text": LogicalType.TEXT, "VarChar": LogicalType.VARCHAR, "Char": LogicalType.CHAR,
    "Uuid": LogicalType.UUID, "Date": LogicalType.DATE, "Time": LogicalType.TIME, "Timetz": LogicalType.TIMETZ,
    "Timestamp": LogicalType.TIMESTAMP, "Timestamptz": LogicalType.TIMESTAMPTZ, "Json": LogicalType.JSON,
    "JsonB": LogicalType.JSONB, "Inet": LogicalType.INET, "Xml": LogicalType.XML, "ByteA": LogicalType.BYTEA,
    "Boolean": LogicalType.BOOLEAN,
}
_NATIVE_OTHER = {"Citext": "citext", "Bit": "bit", "VarBit": "varbit", "Oid": "oid"}
_ACTIONS = {"NoAction": ir.Action.NO_ACTION, "Restrict": ir.Action.RESTRICT, "Cascade": ir.Action.CASCADE,
            "SetNull": ir.Action.SET_NULL, "SetDefault": ir.Action.SET_DEFAULT}
_METHODS = {"BTree": ir.IndexMethod.BTREE, "Hash": ir.IndexMethod.HASH, "Gin": ir.IndexMethod.GIN,
            "Gist": ir.IndexMethod.GIST, "SpGist": ir.IndexMethod.SPGIST, "Brin": ir.IndexMethod.BRIN}
_CLIENT = {"uuid", "cuid", "nanoid", "ulid"}


def _str(value: Value | None) -> str | None:
    return value if isinstance(value, str) else None


def _raw(value: Value | None) -> str | None:
    """The SQL text of ``raw("...")`` (Prisma's partial-index conditions, opclasses)."""
    if isinstance(value, Call) and value.name == "raw" and value.args:
        return _str(value.args[0].value)
    return _str(value)


@dataclass
class _Model:
    block: BlockBP
    table: str
    namespace: str
    columns: dict[str, str]  # field name to column name
    scalars: dict[str, FieldBP]


class Builder:
    """Phase 2: blocks to the schema."""

    def __init__(self, blocks: list[BlockBP], datasource: Mapping[str, Value]) -> None:
        self.blocks = blocks
        self.datasource = datasource
        self.diagnostics: list[Diagnostic] = []
        self.skips = Skips()
        self.enums: dict[str, ir.Enum] = {}
        self.models: dict[str, _Model] = {}
        self.locations: dict[str, SourceLocation] = {}

    def namespace_of(self, block: BlockBP) -> str:
        attr = block.attr("@@schema")
        return (_str(attr.arg("name", 0)) if attr else None) or DEFAULT_NAMESPACE

    def build(self, name: str) -> ir.Schema:
        for block in self.blocks:
            if block.name in self.enums or block.name in self.models:
                raise ImportFailed(f"{block.keyword} {block.name} is declared twice", block.at)
            if block.keyword == "enum":
                self.enums[block.name] = self.enum(block)
            elif block.keyword == "model":
                self.models[block.name] = self.model(block)
            else:
                self.skips.add(f"Prisma {block.keyword} block", block.at)
        tables = [self.table(m) for m in self.models.values()]
        for table, m in zip(tables, self.models.values(), strict=True):
            self.locations[table.path] = m.block.at
        listed = self.datasource.get("schemas")
        names = [n for n in listed if isinstance(n, str)] if isinstance(listed, list) else []
        used = {t.namespace for t in tables} | {e.namespace for e in self.enums.values()}
        namespaces = [n for n in names if n != DEFAULT_NAMESPACE]
        namespaces += sorted(n for n in used if n != DEFAULT_NAMESPACE and n not in namespaces)
        schema = ir.Schema(name=name, tables=tuple(tables), enums=tuple(self.enums.values()),
                           namespaces=tuple(ir.Namespace(n) for n in namespaces))
        return self.name_relations(schema)

    def enum(self, block: BlockBP) -> ir.Enum:
        values = []
        for f in block.fields:
            mapped = f.attr("@map")
            values.append(_str(mapped.arg("name", 0)) if mapped else f.name)
        db_name = _str(block.attr("@@map").arg("name", 0)) if block.attr("@@map") else None  # type: ignore[union-attr]
        return ir.Enum(db_name or block.name, tuple(v or "" for v in values), self.namespace_of(block), block.doc)

    def model(self, block: BlockBP) -> _Model:
        mapped = block.attr("@@map")
        table = (_str(mapped.arg("name", 0)) if mapped else None) or block.name
        columns: dict[str, str] = {}
        scalars: dict[str, FieldBP] = {}
        for f in block.fields:
            if f.type in self.model_names():
                continue
            mapped_field = f.attr("@map")
            columns[f.name] = (_str(mapped_field.arg("name", 0)) if mapped_field else None) or f.name
            scalars[f.name] = f
        return _Model(block, table, self.namespace_of(block), columns, scalars)

    def model_names(self) -> set[str]:
        return {b.name for b in self.blocks if b.keyword in ("model", "view", "type")}

    def column_type(self, m: _Model, f: FieldBP) -> ColumnType:
        dims = 1 if f.is_list else 0
        if f.unsupported is not None:
            # Unsupported("interval") is a type the model knows even if Prisma's client does not.
            try:
                found = parse_type(f.unsupported, frozenset(e.key for e in self.enums.values()))
            except TypeSyntaxError:
                found = ColumnType(LogicalType.OTHER, native=f.unsupported)
            return replace(found, array_dims=found.array_dims + dims)
        if f.type in self.enums:
            e = self.enums[f.type]
            return enum_type(e.name, e.namespace, array_dims=dims)
        if f.type not in _SCALARS:
            raise ImportFailed(f"field {m.block.name}.{f.name} has type {f.type}, which is neither a scalar type, "
                               "an enum nor a model", f.at, f.type)
        native = next((a for a in f.attributes if a.name.startswith("@db.")), None)
        if native is None:
            return replace(_SCALARS[f.type], array_dims=dims)
        kind = native.name.removeprefix("@db.")
        params = [int(a.value) for a in native.args if isinstance(a.value, (int, float))]
        if kind in _NATIVE_OTHER:
            text = _NATIVE_OTHER[kind] + (f"({','.join(map(str, params))})" if params else "")
            return ColumnType(LogicalType.OTHER, array_dims=dims, native=text)
        logical = _NATIVE.get(kind)
        if logical is None:
            raise ImportFailed(f"field {m.block.name}.{f.name}: unknown native type @db.{kind}", native.at)
        if logical in (LogicalType.VARCHAR, LogicalType.CHAR):
            return ColumnType(logical, length=params[0] if params else None, array_dims=dims)
        if logical is LogicalType.NUMERIC:
            return ColumnType(logical, precision=params[0] if params else None,
                              scale=params[1] if len(params) > 1 else None, array_dims=dims)
        if logical in (LogicalType.TIME, LogicalType.TIMETZ, LogicalType.TIMESTAMP, LogicalType.TIMESTAMPTZ):
            return ColumnType(logical, precision=params[0] if params else None, array_dims=dims)
        return ColumnType(logical, array_dims=dims)

    def default(self, m: _Model, f: FieldBP, column_type: ColumnType) -> ir.Default | None:
        attr = f.attr("@default")
        if attr is None:
            return None
        value = attr.arg("value", 0)
        if isinstance(value, Call):
            if value.name == "autoincrement":
                return ir.Default.sequence(choose_name(m.table, m.columns[f.name], "seq", set()))
            if value.name == "now":
                return ir.Default.expression("now()")
            if value.name == "dbgenerated":
                sql = _str(value.args[0].value) if value.args else None
                return ir.Default.expression(canonical_expression(sql)) if sql else None
            if value.name in _CLIENT:
                arg = value.args[0].value if value.args else None
                return ir.Default.client(f"{value.name}({int(arg)})" if isinstance(arg, (int, float)) else value.name)
            raise ImportFailed(f"field {m.block.name}.{f.name}: unknown default function {value.name}()", attr.at)
        if isinstance(value, Ident):
            if value.name in ("true", "false"):
                return ir.Default.literal(value.name)
            if column_type.logical is LogicalType.ENUM:
                return ir.Default.literal(self.enum_value(f.type, value.name))
            return ir.Default.literal(value.name)
        if isinstance(value, list):
            items = ",".join(json.dumps(v) if isinstance(v, str) else str(getattr(v, "name", v)) for v in value)
            return ir.Default.literal("{" + items + "}")
        if isinstance(value, float) and value.is_integer() and "." not in str(value):
            return ir.Default.literal(str(int(value)))
        return ir.Default.literal(str(value))

    def enum_value(self, enum_name: str, value: str) -> str:
        block = next(b for b in self.blocks if b.keyword == "enum" and b.name == enum_name)
        for f in block.fields:
            if f.name == value:
                mapped = f.attr("@map")
                return (_str(mapped.arg("name", 0)) if mapped else None) or value
        return value

    def table(self, m: _Model) -> ir.Table:
        block = m.block
        columns: list[ir.Column] = []
        primary: ir.PrimaryKey | None = None
        uniques: list[ir.Unique] = []
        indexes: list[ir.Index] = []
        taken: set[str] = set()
        for name, f in m.scalars.items():
            column_name = m.columns[name]
            column_type = self.column_type(m, f)
            default = self.default(m, f, column_type)
            if f.attr("@updatedAt"):
                self.diagnostics.append(info(
                    "prisma.updated-at", f"{m.table}.{column_name} is set by Prisma Client on every update "
                    "(@updatedAt), not by the database", f"{m.table}.{column_name}"))
            orm = name if name != camel(column_name) else None
            # Prisma creates list columns without NOT NULL (a list field cannot be marked optional).
            columns.append(ir.Column(column_name, column_type, nullable=f.optional or f.is_list, default=default,
                                     comment=f.doc, orm_name=orm))
            self.locations[f"{m.table}.{column_name}"] = f.at
            if f.attr("@id"):
                mapped = _str(f.attr("@id").arg("map")) if f.attr("@id") else None  # type: ignore[union-attr]
                primary = ir.PrimaryKey((column_name,), mapped or choose_name(m.table, None, "pkey", taken))
            unique = f.attr("@unique")
            if unique is not None:
                uniques.append(ir.Unique(_str(unique.arg("map")) or choose_name(m.table, column_name, "key", taken),
                                         (column_name,)))
        for attr in block.attrs("@@id"):
            cols = self.columns_of(m, attr)
            primary = ir.PrimaryKey(tuple(c.column or "" for c in cols),
                                    _str(attr.arg("map")) or choose_name(m.table, None, "pkey", taken))
        for attr in block.attributes:
            if attr.name not in ("@@unique", "@@index"):
                if attr.name in ("@@fulltext",):
                    self.skips.add("@@fulltext", attr.at)
                continue
            cols = self.columns_of(m, attr)
            where = _raw(attr.arg("where"))
            where = canonical_expression(where) if where else None
            names = column_part(c.column or "expr" for c in cols)
            method = _METHODS.get(getattr(attr.arg("type"), "name", "BTree"), ir.IndexMethod.BTREE)
            plain = all(c.is_plain for c in cols)
            if attr.name == "@@unique" and plain and method is ir.IndexMethod.BTREE:
                uniques.append(ir.Unique(_str(attr.arg("map")) or choose_name(m.table, names, "key", taken),
                                         tuple(c.column or "" for c in cols), where))
            else:
                label = "key" if attr.name == "@@unique" else "idx"
                indexes.append(ir.Index(_str(attr.arg("map")) or choose_name(m.table, names, label, taken),
                                        tuple(cols), unique=attr.name == "@@unique", method=method, where=where))
        if primary is not None:
            columns = [replace(c, nullable=False) if c.name in primary.columns else c for c in columns]
        orm_name = block.name if block.name != pascal(singular(m.table)) else None
        return ir.Table(
            name=m.table, namespace=m.namespace, columns=tuple(columns), comment=block.doc, primary_key=primary,
            foreign_keys=tuple(self.foreign_keys(m, taken)), uniques=tuple(uniques), indexes=tuple(indexes),
            orm_name=orm_name)

    def columns_of(self, m: _Model, attr: Attribute) -> list[ir.IndexElement]:
        fields = attr.arg("fields", 0)
        if not isinstance(fields, list):
            raise ImportFailed(f"{attr.name} of {m.block.name} needs a list of fields", attr.at)
        out = []
        for item in fields:
            name = item.name if isinstance(item, (Ident, Call)) else None
            if name is None or name not in m.columns:
                raise ImportFailed(f"{attr.name} of {m.block.name} names {name or item!r}, which is not a scalar "
                                   f"field of {m.block.name}", attr.at)
            descending, opclass = False, None
            if isinstance(item, Call):
                for a in item.args:
                    if a.name == "sort":
                        descending = getattr(a.value, "name", "") == "Desc"
                    elif a.name == "ops":
                        opclass = _raw(a.value) or getattr(a.value, "name", None)
            out.append(ir.IndexElement(column=m.columns[name], descending=descending, opclass=opclass))
        return out

    def foreign_keys(self, m: _Model, taken: set[str]) -> Iterator[ir.ForeignKey]:
        for f in m.block.fields:
            relation = f.attr("@relation")
            if f.type not in self.models or relation is None or relation.arg("fields") is None:
                continue
            target = self.models[f.type]
            fields, references = relation.arg("fields"), relation.arg("references")
            if not isinstance(fields, list) or not isinstance(references, list) or len(fields) != len(references):
                raise ImportFailed(f"relation {m.block.name}.{f.name} needs fields and references of the same length",
                                   relation.at)
            columns = tuple(m.columns.get(getattr(x, "name", ""), "") for x in fields)
            ref_columns = tuple(target.columns.get(getattr(x, "name", ""), "") for x in references)
            if "" in columns or "" in ref_columns:
                raise ImportFailed(f"relation {m.block.name}.{f.name} names a field that does not exist", relation.at)
            optional = any(m.scalars[getattr(x, "name", "")].optional for x in fields)
            on_delete = self.action(relation.arg("onDelete"), ir.Action.SET_NULL if optional else ir.Action.RESTRICT)
            on_update = self.action(relation.arg("onUpdate"), ir.Action.CASCADE)
            name = _str(relation.arg("map")) or choose_name(m.table, column_part(columns), "fkey", taken)
            yield ir.ForeignKey(name, columns, target.table, ref_columns, target.namespace, on_delete, on_update,
                                relation_name=f.name)

    def action(self, value: Value | None, default: ir.Action) -> ir.Action:
        if value is None:
            return default
        return _ACTIONS.get(getattr(value, "name", ""), default)

    def name_relations(self, schema: ir.Schema) -> ir.Schema:
        """Keep relation field names only where they differ from the names the exporters derive."""
        fields = {(t.key, fk.name): fk.relation_name or "" for t in schema.tables for fk in t.foreign_keys}
        back = self.back_fields()
        plain = replace(schema, tables=tuple(replace(t, foreign_keys=tuple(
            replace(fk, relation_name=None) for fk in t.foreign_keys)) for t in schema.tables))
        derived = relation_names(plain)
        tables = []
        for t in plain.tables:
            fks = []
            for fk in t.foreign_keys:
                names = derived[(t.key, fk.name)]
                forward = fields[(t.key, fk.name)]
                back_name = back.get((t.key, fk.name))
                fks.append(replace(
                    fk,
                    relation_name=snake(forward) if camel(names.forward) != forward else None,
                    back_relation_name=snake(back_name) if back_name and camel(names.back) != back_name else None))
            tables.append(replace(t, foreign_keys=tuple(fks)))
        return replace(schema, tables=tuple(tables))

    def back_fields(self) -> dict[tuple[tuple[str, str], str], str]:
        """The back-relation field of each foreign key (on the referenced model), matched by relation name."""
        out: dict[tuple[tuple[str, str], str], str] = {}
        taken: dict[str, set[str]] = {}
        for m in self.models.values():
            for f in m.block.fields:
                relation = f.attr("@relation")
                if f.type not in self.models or relation is None or relation.arg("fields") is None:
                    continue
                label = _str(relation.arg("name", 0))
                target = self.models[f.type]
                used = taken.setdefault(target.block.name, set())
                for g in target.block.fields:
                    other = g.attr("@relation")
                    if g.type != m.block.name or g.name in used or (other is not None and other.arg("fields")):
                        continue
                    other_label = _str(other.arg("name", 0)) if other is not None else None
                    if other_label != label:
                        continue
                    used.add(g.name)
                    fk_name = _str(relation.arg("map")) or choose_name(
                        m.table, column_part(m.columns.get(getattr(x, "name", ""), "")
                                             for x in relation.arg("fields") or []), "fkey", set())  # type: ignore[union-attr]
                    out[((m.namespace, m.table), fk_name)] = g.name
                    break
        return out


@register_importer
class PrismaImporter(Importer):
    """Prisma schema files: one schema.prisma or a folder of .prisma files (multi-file schemas)."""

    format = SourceFormat.PRISMA
    description = "Prisma schema (schema.prisma, or a folder of .prisma files)"
    extensions = (".prisma",)
    multi_file = True

    @classmethod
    def sniff(cls, text: str) -> bool:
        return re.search(r"^\s*(model|datasource|generator)\s+\w+\s*\{", text, re.MULTILINE) is not None

    def run(self, files: Mapping[str, str], name: str) -> ImportResult:
        blocks: list[BlockBP] = []
        datasource: dict[str, Value] = {}
        notes: list[Diagnostic] = []
        for path, text in files.items():
            if not path.endswith(".prisma") and len(files) > 1:
                notes.append(warning("prisma.file-skipped", f"{path} is not a .prisma file and was not read",
                                     location=path))
                continue
            parser = Parser(tokenize(text, path))
            blocks.extend(parser.blocks())
            datasource = datasource or parser.datasource
        builder = Builder(blocks, datasource)
        schema = builder.build(name)
        if datasource.get("relationMode") == "prisma":
            notes.append(info("prisma.relation-mode", "relationMode = \"prisma\": Prisma emulates the relations and "
                              "the database has no foreign keys; they are imported as foreign keys"))
        return finish(schema, [*notes, *builder.diagnostics, *builder.skips.diagnostics("prisma.skipped")],
                      builder.skips, builder.locations)

"""The JSON document format: the product's public interchange format for a schema.

``schema_to_document`` and ``schema_from_document`` are exact inverses: every field of the
model is written, and a key left out means its default (``nullable: true``, ``namespace:
"public"``, no comment...). Column types are written in PostgreSQL's own type syntax
(``varchar(255)[]``). The layout is described by ``docs/schema-document.schema.json`` and
``docs/document-format.md``; ``version`` changes only when a reader of the old version would
misread a new document.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, TypeVar, cast

import orjson

from designer.core import ir
from designer.core.identifiers import DEFAULT_NAMESPACE
from designer.core.types import ColumnType, TypeSyntaxError, parse_type

FORMAT = "designer.schema"
VERSION = 1

JsonDict = dict[str, Any]
E = TypeVar("E", bound=StrEnum)


class DocumentError(ValueError):
    """A document that cannot be read; ``where`` is a JSON path such as ``tables[3].columns[0]``."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)


# Writing --------------------------------------------------------------------------------------


def _put(out: JsonDict, key: str, value: Any, default: Any = None) -> None:
    if value != default and value != ():
        out[key] = list(value) if isinstance(value, tuple) else value


def _position(p: ir.Position | None) -> JsonDict | None:
    return None if p is None else {"x": p.x, "y": p.y}


def _column(c: ir.Column) -> JsonDict:
    out: JsonDict = {"name": c.name, "type": c.type.sql}
    _put(out, "nullable", c.nullable, True)
    if c.default is not None:
        out["default"] = {c.default.kind.value: c.default.value}
    _put(out, "identity", c.identity.value if c.identity else None)
    _put(out, "generated", c.generated)
    _put(out, "comment", c.comment)
    _put(out, "orm_name", c.orm_name)
    return out


def _foreign_key(fk: ir.ForeignKey) -> JsonDict:
    out: JsonDict = {"name": fk.name, "columns": list(fk.columns)}
    _put(out, "ref_namespace", fk.ref_namespace, DEFAULT_NAMESPACE)
    out["ref_table"] = fk.ref_table
    out["ref_columns"] = list(fk.ref_columns)
    _put(out, "on_delete", fk.on_delete.value, ir.Action.NO_ACTION.value)
    _put(out, "on_update", fk.on_update.value, ir.Action.NO_ACTION.value)
    _put(out, "deferrable", fk.deferrable, False)
    _put(out, "initially_deferred", fk.initially_deferred, False)
    _put(out, "relation_name", fk.relation_name)
    _put(out, "back_relation_name", fk.back_relation_name)
    return out


def _index(i: ir.Index) -> JsonDict:
    elements = []
    for e in i.elements:
        el: JsonDict = {"column": e.column} if e.column is not None else {"expression": e.expression}
        _put(el, "descending", e.descending, False)
        _put(el, "nulls", e.nulls.value if e.nulls else None)
        _put(el, "opclass", e.opclass)
        elements.append(el)
    out: JsonDict = {"name": i.name, "elements": elements}
    _put(out, "unique", i.unique, False)
    _put(out, "method", i.method.value, ir.IndexMethod.BTREE.value)
    _put(out, "where", i.where)
    _put(out, "include", i.include)
    return out


def _table(t: ir.Table) -> JsonDict:
    out: JsonDict = {"name": t.name}
    _put(out, "namespace", t.namespace, DEFAULT_NAMESPACE)
    _put(out, "comment", t.comment)
    _put(out, "tags", t.tags)
    _put(out, "group", t.group)
    _put(out, "position", _position(t.position))
    _put(out, "orm_name", t.orm_name)
    out["columns"] = [_column(c) for c in t.columns]
    if t.primary_key is not None:
        pk: JsonDict = {"columns": list(t.primary_key.columns)}
        _put(pk, "name", t.primary_key.name)
        out["primary_key"] = pk
    _put(out, "foreign_keys", [_foreign_key(fk) for fk in t.foreign_keys], [])
    uniques = []
    for u in t.uniques:
        uo: JsonDict = {"name": u.name, "columns": list(u.columns)}
        _put(uo, "where", u.where)
        _put(uo, "nulls_not_distinct", u.nulls_not_distinct, False)
        uniques.append(uo)
    _put(out, "uniques", uniques, [])
    _put(out, "indexes", [_index(i) for i in t.indexes], [])
    _put(out, "checks", [{"name": c.name, "expression": c.expression} for c in t.checks], [])
    return out


def schema_to_document(schema: ir.Schema) -> JsonDict:
    """The JSON-ready dict of ``schema``."""
    doc: JsonDict = {"format": FORMAT, "version": VERSION, "name": schema.name}
    doc["dialect"] = schema.dialect.value
    doc["dialect_version"] = schema.dialect_version
    _put(doc, "comment", schema.comment)
    namespaces = []
    for ns in schema.namespaces:
        no: JsonDict = {"name": ns.name}
        _put(no, "comment", ns.comment)
        namespaces.append(no)
    _put(doc, "namespaces", namespaces, [])
    enums = []
    for e in schema.enums:
        eo: JsonDict = {"name": e.name}
        _put(eo, "namespace", e.namespace, DEFAULT_NAMESPACE)
        eo["values"] = list(e.values)
        _put(eo, "comment", e.comment)
        enums.append(eo)
    _put(doc, "enums", enums, [])
    groups = []
    for g in schema.groups:
        go: JsonDict = {"name": g.name}
        _put(go, "color", g.color)
        _put(go, "comment", g.comment)
        groups.append(go)
    _put(doc, "groups", groups, [])
    notes = []
    for n in schema.notes:
        nt: JsonDict = {"text": n.text}
        _put(nt, "table", n.table)
        _put(nt, "position", _position(n.position))
        notes.append(nt)
    _put(doc, "notes", notes, [])
    doc["tables"] = [_table(t) for t in schema.tables]
    return doc


def dumps(schema: ir.Schema, *, indent: int | None = 2) -> str:
    """The document as JSON text; the same schema always gives the same text.

    ``indent=None`` gives compact text (what versions store), written by orjson: several times
    faster than the standard library on a large schema.
    """
    doc = schema_to_document(schema)
    if indent is None:
        return orjson.dumps(doc).decode("utf-8")
    return json.dumps(doc, indent=indent, ensure_ascii=False) + "\n"


# Reading --------------------------------------------------------------------------------------


class _Reader:
    """Reads one document, keeping the JSON path of what it reads for error messages."""

    def __init__(self, enums: frozenset[tuple[str, str]]) -> None:
        self.enums = enums
        # Designs repeat a few types thousands of times: one immutable ColumnType per type text
        # is parsed once, and its cached SQL spelling is worked out once for every user.
        self.types: dict[str, ColumnType] = {}

    def str_(self, obj: JsonDict, key: str, where: str, *, required: bool = False) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                raise DocumentError(where, f"'{key}' is required")
            return None
        if not isinstance(value, str):
            raise DocumentError(f"{where}.{key}", f"expected a string, got {type(value).__name__}")
        return value

    def req(self, obj: JsonDict, key: str, where: str) -> str:
        return cast(str, self.str_(obj, key, where, required=True))

    def bool_(self, obj: JsonDict, key: str, where: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            raise DocumentError(f"{where}.{key}", "expected true or false")
        return value

    def names(self, obj: JsonDict, key: str, where: str, *, required: bool = False) -> tuple[str, ...]:
        value = obj.get(key)
        if value is None:
            if required:
                raise DocumentError(where, f"'{key}' is required")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DocumentError(f"{where}.{key}", "expected a list of strings")
        return tuple(value)

    def objects(self, obj: JsonDict, key: str, where: str) -> list[tuple[str, JsonDict]]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            raise DocumentError(f"{where}.{key}" if where else key, "expected a list")
        out = []
        for i, item in enumerate(value):
            path = f"{where}.{key}[{i}]" if where else f"{key}[{i}]"
            if not isinstance(item, dict):
                raise DocumentError(path, "expected an object")
            out.append((path, item))
        return out

    def choice(self, enum: type[E], obj: JsonDict, key: str, where: str, default: E | None) -> E | None:
        value = obj.get(key)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise DocumentError(f"{where}.{key}", f"{value!r} is not one of: {allowed}") from None

    def position(self, obj: JsonDict, where: str) -> ir.Position | None:
        value = obj.get("position")
        if value is None:
            return None
        if not isinstance(value, dict) or not all(isinstance(value.get(k), int | float) for k in ("x", "y")):
            raise DocumentError(f"{where}.position", "expected {\"x\": number, \"y\": number}")
        return ir.Position(float(value["x"]), float(value["y"]))

    def column(self, obj: JsonDict, where: str) -> ir.Column:
        type_text = self.req(obj, "type", where)
        column_type = self.types.get(type_text)
        if column_type is None:
            try:
                column_type = self.types[type_text] = parse_type(type_text, self.enums)
            except TypeSyntaxError as exc:
                raise DocumentError(f"{where}.type", str(exc)) from None
        default = None
        raw = obj.get("default")
        if raw is not None:
            if not isinstance(raw, dict) or len(raw) != 1:
                raise DocumentError(f"{where}.default", "expected one of {\"literal\": ...}, {\"expression\": ...}, "
                                    "{\"sequence\": ...}, {\"client\": ...}")
            (kind, value), = raw.items()
            try:
                default_kind = ir.DefaultKind(kind)
            except ValueError:
                raise DocumentError(f"{where}.default", f"unknown default kind {kind!r}") from None
            if not isinstance(value, str):
                raise DocumentError(f"{where}.default.{kind}", "expected a string")
            default = ir.Default(default_kind, value)
        return ir.Column(
            name=self.req(obj, "name", where),
            type=column_type,
            nullable=self.bool_(obj, "nullable", where, True),
            default=default,
            identity=self.choice(ir.Identity, obj, "identity", where, None),
            generated=self.str_(obj, "generated", where),
            comment=self.str_(obj, "comment", where),
            orm_name=self.str_(obj, "orm_name", where),
        )

    def index(self, obj: JsonDict, where: str) -> ir.Index:
        elements = []
        for path, el in self.objects(obj, "elements", where):
            column = self.str_(el, "column", path)
            expression = self.str_(el, "expression", path)
            if (column is None) == (expression is None):
                raise DocumentError(path, "give exactly one of 'column' or 'expression'")
            elements.append(ir.IndexElement(
                column=column, expression=expression,
                descending=self.bool_(el, "descending", path, False),
                nulls=self.choice(ir.NullsOrder, el, "nulls", path, None),
                opclass=self.str_(el, "opclass", path),
            ))
        if not elements:
            raise DocumentError(where, "an index needs at least one element")
        return ir.Index(
            name=self.req(obj, "name", where),
            elements=tuple(elements),
            unique=self.bool_(obj, "unique", where, False),
            method=cast(ir.IndexMethod, self.choice(ir.IndexMethod, obj, "method", where, ir.IndexMethod.BTREE)),
            where=self.str_(obj, "where", where),
            include=self.names(obj, "include", where),
        )

    def table(self, obj: JsonDict, where: str) -> ir.Table:
        pk = None
        raw_pk = obj.get("primary_key")
        if raw_pk is not None:
            if not isinstance(raw_pk, dict):
                raise DocumentError(f"{where}.primary_key", "expected an object")
            pk = ir.PrimaryKey(columns=self.names(raw_pk, "columns", f"{where}.primary_key", required=True),
                               name=self.str_(raw_pk, "name", f"{where}.primary_key"))
        fks = tuple(
            ir.ForeignKey(
                name=self.req(o, "name", p),
                columns=self.names(o, "columns", p, required=True),
                ref_table=self.req(o, "ref_table", p),
                ref_columns=self.names(o, "ref_columns", p, required=True),
                ref_namespace=self.str_(o, "ref_namespace", p) or DEFAULT_NAMESPACE,
                on_delete=cast(ir.Action, self.choice(ir.Action, o, "on_delete", p, ir.Action.NO_ACTION)),
                on_update=cast(ir.Action, self.choice(ir.Action, o, "on_update", p, ir.Action.NO_ACTION)),
                deferrable=self.bool_(o, "deferrable", p, False),
                initially_deferred=self.bool_(o, "initially_deferred", p, False),
                relation_name=self.str_(o, "relation_name", p),
                back_relation_name=self.str_(o, "back_relation_name", p),
            )
            for p, o in self.objects(obj, "foreign_keys", where)
        )
        uniques = tuple(
            ir.Unique(name=self.req(o, "name", p), columns=self.names(o, "columns", p, required=True),
                      where=self.str_(o, "where", p),
                      nulls_not_distinct=self.bool_(o, "nulls_not_distinct", p, False))
            for p, o in self.objects(obj, "uniques", where)
        )
        tags = self.names(obj, "tags", where)
        return ir.Table(
            name=self.req(obj, "name", where),
            namespace=self.str_(obj, "namespace", where) or DEFAULT_NAMESPACE,
            comment=self.str_(obj, "comment", where),
            columns=tuple(self.column(o, p) for p, o in self.objects(obj, "columns", where)),
            primary_key=pk,
            foreign_keys=fks,
            uniques=uniques,
            indexes=tuple(self.index(o, p) for p, o in self.objects(obj, "indexes", where)),
            checks=tuple(ir.Check(name=self.req(o, "name", p), expression=self.req(o, "expression", p))
                         for p, o in self.objects(obj, "checks", where)),
            tags=tags,
            group=self.str_(obj, "group", where),
            position=self.position(obj, where),
            orm_name=self.str_(obj, "orm_name", where),
        )


def schema_from_document(doc: Any) -> ir.Schema:
    """Read a document made by :func:`schema_to_document` (or by hand).

    Raises:
        DocumentError: naming the JSON path of the first problem.
    """
    if not isinstance(doc, dict):
        raise DocumentError("", "a schema document is a JSON object")
    if doc.get("format", FORMAT) != FORMAT:
        raise DocumentError("format", f"expected {FORMAT!r}, got {doc.get('format')!r}")
    version = doc.get("version", VERSION)
    if version != VERSION:
        raise DocumentError("version", f"this designer reads version {VERSION}, the document is version {version!r}")
    pre = _Reader(frozenset())
    enums = []
    for path, o in pre.objects(doc, "enums", ""):
        enums.append(ir.Enum(name=pre.req(o, "name", path), values=pre.names(o, "values", path, required=True),
                             namespace=pre.str_(o, "namespace", path) or DEFAULT_NAMESPACE,
                             comment=pre.str_(o, "comment", path)))
    reader = _Reader(frozenset(e.key for e in enums))
    try:
        dialect = ir.Dialect(doc.get("dialect", ir.Dialect.POSTGRESQL.value))
    except ValueError:
        raise DocumentError("dialect", f"unsupported dialect {doc.get('dialect')!r}") from None
    return ir.Schema(
        name=reader.str_(doc, "name", "") or "schema",
        dialect=dialect,
        dialect_version=str(doc.get("dialect_version", "16")),
        comment=reader.str_(doc, "comment", ""),
        namespaces=tuple(ir.Namespace(name=reader.req(o, "name", p), comment=reader.str_(o, "comment", p))
                         for p, o in reader.objects(doc, "namespaces", "")),
        enums=tuple(enums),
        groups=tuple(ir.Group(name=reader.req(o, "name", p), color=reader.str_(o, "color", p),
                              comment=reader.str_(o, "comment", p))
                     for p, o in reader.objects(doc, "groups", "")),
        notes=tuple(ir.Note(text=reader.req(o, "text", p), table=reader.str_(o, "table", p),
                            position=reader.position(o, p))
                    for p, o in reader.objects(doc, "notes", "")),
        tables=tuple(reader.table(o, p) for p, o in reader.objects(doc, "tables", "")),
    )


def loads(text: str) -> ir.Schema:
    """Read a JSON document from text; a JSON syntax error names its line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}") from None
    return schema_from_document(data)


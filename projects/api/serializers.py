"""The schema's pieces (columns, keys, indexes, enums, tables, the whole document) as the API speaks them.

Each piece has exactly the JSON shape it has inside the schema document
(``designer.core.document``): a key left out means its default. The serializers below describe
those shapes for validation and for the OpenAPI document; turning validated JSON into the core
model is done by the document reader itself (:func:`read_piece`), and turning the model into
JSON by the document writer (:func:`piece_json`), so the API and the document cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designer.core import document, ir
from designer.core.document import DocumentError
from projects.services import ServiceError


class Serializer(serializers.Serializer[dict[str, Any]]):
    """A serializer of plain JSON data (none of ours is backed by a Django model)."""


# Fields ----------------------------------------------------------------------------------------


def name_field(help_text: str = "") -> serializers.CharField:
    # Names are taken exactly as given: a leading space is part of a (quoted) PostgreSQL name.
    return serializers.CharField(trim_whitespace=False, help_text=help_text)


def optional_text(help_text: str = "") -> serializers.CharField:
    return serializers.CharField(required=False, allow_null=True, allow_blank=True, trim_whitespace=False,
                                 help_text=help_text)


def name_list(help_text: str = "", *, required: bool = True) -> serializers.ListField:
    return serializers.ListField(child=name_field(), min_length=1 if required else 0, required=required,
                                 help_text=help_text)


def choice(enum: type[Any], help_text: str = "") -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=[e.value for e in enum], required=False, help_text=help_text)


_CHOICE_FIELDS: dict[str, type[serializers.ChoiceField]] = {}


def named_choice(component: str, choices: list[str], **kwargs: Any) -> serializers.ChoiceField:
    """A choice field whose choices are one named OpenAPI component (``Action`` for ON DELETE and ON
    UPDATE alike), instead of one enum per field name that collide in the document."""
    if component not in _CHOICE_FIELDS:  # one class per component: spectacular tells components apart by class
        _CHOICE_FIELDS[component] = extend_schema_field({"type": "string", "enum": choices}, component_name=component)(
            type(f"{component}Field", (serializers.ChoiceField,), {}))
    return _CHOICE_FIELDS[component](choices=choices, **kwargs)


# Pieces ----------------------------------------------------------------------------------------


class DefaultSerializer(Serializer):
    """A column default: exactly one of the four kinds."""

    literal = serializers.CharField(required=False, trim_whitespace=False, allow_blank=True,
                                    help_text="A constant, written as text ('active', '0', 'true').")
    expression = serializers.CharField(required=False, trim_whitespace=False, help_text="A SQL expression: now().")
    sequence = serializers.CharField(required=False, trim_whitespace=False, help_text="nextval of this sequence.")
    client = serializers.CharField(required=False, trim_whitespace=False,
                                   help_text="Set by the ORM, not the database: uuid, cuid, now.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if len(attrs) != 1:
            raise serializers.ValidationError("Give exactly one of literal, expression, sequence or client.")
        return attrs


class ColumnSerializer(Serializer):
    name = name_field()
    type = serializers.CharField(help_text="PostgreSQL type syntax: text, varchar(255), numeric(10,2), int[], an "
                                           "enum's name.")
    nullable = serializers.BooleanField(required=False, help_text="False for NOT NULL (default true).")
    default = DefaultSerializer(required=False, allow_null=True)
    identity = serializers.ChoiceField(choices=[i.value for i in ir.Identity], required=False, allow_null=True)
    generated = optional_text("Expression of a GENERATED ALWAYS AS (...) STORED column.")
    comment = optional_text()
    orm_name = optional_text("Property name in ORM exports, when not derived from the name.")


class PrimaryKeySerializer(Serializer):
    columns = name_list()
    name = serializers.CharField(required=False, allow_null=True, trim_whitespace=False,
                                 help_text="Constraint name (PostgreSQL's default when left out).")


class ForeignKeySerializer(Serializer):
    name = name_field()
    columns = name_list("Columns of this table.")
    ref_namespace = serializers.CharField(required=False, trim_whitespace=False, help_text="Default: public.")
    ref_table = name_field("The referenced table.")
    ref_columns = name_list("Columns of the referenced table, in the same order.")
    on_delete = named_choice("Action", [a.value for a in ir.Action], required=False, help_text="Default: no_action.")
    on_update = named_choice("Action", [a.value for a in ir.Action], required=False, help_text="Default: no_action.")
    deferrable = serializers.BooleanField(required=False)
    initially_deferred = serializers.BooleanField(required=False)
    relation_name = optional_text("What ORM exports call the relation on this table.")
    back_relation_name = optional_text("What ORM exports call it on the referenced table.")


class UniqueSerializer(Serializer):
    name = name_field()
    columns = name_list()
    where = optional_text("Makes it a partial unique index.")
    nulls_not_distinct = serializers.BooleanField(required=False)


class IndexElementSerializer(Serializer):
    column = optional_text("A column name (or give an expression).")
    expression = optional_text("A SQL expression (or give a column).")
    descending = serializers.BooleanField(required=False)
    nulls = serializers.ChoiceField(choices=[n.value for n in ir.NullsOrder], required=False, allow_null=True)
    opclass = optional_text()


class IndexSerializer(Serializer):
    name = name_field()
    elements = IndexElementSerializer(many=True, allow_empty=False)
    unique = serializers.BooleanField(required=False)
    method = choice(ir.IndexMethod, "Default: btree.")
    where = optional_text("Makes it a partial index.")
    include = name_list("Covering columns (INCLUDE).", required=False)


class CheckSerializer(Serializer):
    name = name_field()
    expression = serializers.CharField(trim_whitespace=False)


class PositionSerializer(Serializer):
    x = serializers.FloatField()
    y = serializers.FloatField()


class TableSerializer(Serializer):
    name = name_field()
    namespace = serializers.CharField(required=False, trim_whitespace=False, help_text="Default: public.")
    comment = optional_text()
    tags = serializers.ListField(child=serializers.CharField(), required=False,
                                 help_text="What the table is for the validator: junction, lookup, audited...")
    group = optional_text("The subject area (group) it belongs to.")
    position = PositionSerializer(required=False, allow_null=True)
    orm_name = optional_text("Model name in ORM exports, when not derived from the name.")
    columns = ColumnSerializer(many=True, required=False)
    primary_key = PrimaryKeySerializer(required=False, allow_null=True)
    foreign_keys = ForeignKeySerializer(many=True, required=False)
    uniques = UniqueSerializer(many=True, required=False)
    indexes = IndexSerializer(many=True, required=False)
    checks = CheckSerializer(many=True, required=False)


class EnumSerializer(Serializer):
    name = name_field()
    namespace = serializers.CharField(required=False, trim_whitespace=False, help_text="Default: public.")
    values = serializers.ListField(child=serializers.CharField(trim_whitespace=False), min_length=1)
    comment = optional_text()


class NamespaceSerializer(Serializer):
    name = name_field()
    comment = optional_text()


class GroupSerializer(Serializer):
    name = name_field()
    color = optional_text("A CSS colour for the diagram cluster.")
    comment = optional_text()


class NoteSerializer(Serializer):
    text = serializers.CharField(trim_whitespace=False)
    table = optional_text("The table it is attached to (its path).")
    position = PositionSerializer(required=False, allow_null=True)


class DocumentSerializer(Serializer):
    """The whole schema as the JSON document (docs/document-format.md)."""

    format = named_choice("DocumentFormat", [document.FORMAT], required=False)
    version = serializers.ChoiceField(choices=[document.VERSION], required=False,
                                      help_text="Version of the document format (not of the schema).")
    name = serializers.CharField(required=False, trim_whitespace=False)
    dialect = serializers.ChoiceField(choices=[d.value for d in ir.Dialect], required=False)
    dialect_version = serializers.CharField(required=False)
    comment = optional_text()
    namespaces = NamespaceSerializer(many=True, required=False)
    enums = EnumSerializer(many=True, required=False)
    groups = GroupSerializer(many=True, required=False)
    notes = NoteSerializer(many=True, required=False)
    tables = TableSerializer(many=True, required=False)


# JSON <-> core model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PieceKind:
    """Where a piece sits in the document, so the document reader and writer can handle it alone.

    Attributes:
        key: the list it sits in: ``columns``, ``foreign_keys``, ``tables``, ``enums``...
        label: what a person calls it (``foreign key``).
        in_table: True for pieces of a table (columns, keys, indexes, checks).
    """

    key: str
    label: str
    in_table: bool = True


COLUMN = PieceKind("columns", "column")
FOREIGN_KEY = PieceKind("foreign_keys", "foreign key")
UNIQUE = PieceKind("uniques", "unique constraint")
INDEX = PieceKind("indexes", "index")
CHECK = PieceKind("checks", "check constraint")
TABLE = PieceKind("tables", "table", in_table=False)
ENUM = PieceKind("enums", "enum", in_table=False)
GROUP = PieceKind("groups", "group", in_table=False)


# Optional texts where an empty string means "none" (an empty comment is no comment).
_EMPTY_IS_NONE = frozenset({"comment", "orm_name", "generated", "where", "relation_name", "back_relation_name",
                            "opclass", "color", "group", "table", "column", "expression"})


def _clean(value: Any) -> Any:
    """JSON from a serializer, without nulls and empty optional texts (both mean "the default")."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None and not (v == "" and k in _EMPTY_IS_NONE)}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def refuse_nul(value: Any, where: str = "") -> None:
    """Refuse a NUL character anywhere in JSON input: PostgreSQL cannot store it in text."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ServiceError("Text cannot contain the NUL character (\\u0000).", field=where or None)
    elif isinstance(value, dict):
        for k, v in value.items():
            refuse_nul(k, where)
            refuse_nul(v, f"{where}.{k}" if where else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            refuse_nul(v, f"{where}[{i}]")


def _enum_documents(schema: ir.Schema) -> list[dict[str, Any]]:
    enums: list[dict[str, Any]] = document.schema_to_document(ir.Schema(enums=schema.enums)).get("enums", [])
    return enums


def _field_of(where: str, prefix: str) -> str | None:
    """``tables[0].columns[0].type`` -> ``type``: the document path as the input field it came from."""
    if where.startswith(prefix):
        return where[len(prefix):].lstrip(".") or None
    return where or None


def read_piece(schema: ir.Schema, kind: PieceKind, data: dict[str, Any]) -> Any:
    """The core object described by ``data`` (validated serializer output), read by the document reader.

    ``schema`` supplies the enums a column type may name.

    Raises:
        ServiceError: naming the input field of the first problem.
    """
    data = _clean(data)
    refuse_nul(data)
    if kind.in_table:
        doc: dict[str, Any] = {"enums": _enum_documents(schema), "tables": [{"name": "t", kind.key: [data]}]}
        prefix = f"tables[0].{kind.key}[0]"
    elif kind is TABLE:
        doc, prefix = {"enums": _enum_documents(schema), "tables": [data]}, "tables[0]"
    else:
        doc, prefix = {kind.key: [data]}, f"{kind.key}[0]"
    try:
        parsed = document.schema_from_document(doc)
    except DocumentError as exc:
        raise ServiceError(exc.message, field=_field_of(exc.where, prefix)) from None
    if kind.in_table:
        return getattr(parsed.tables[0], kind.key)[0]
    return getattr(parsed, kind.key)[0]


def piece_json(kind: PieceKind, item: Any) -> dict[str, Any]:
    """``item`` (a core object of ``kind``) as its JSON in the document."""
    changes: dict[str, Any] = {kind.key: (item,)}
    if kind.in_table:
        holder = replace(ir.Table("t"), **changes)
        doc = document.schema_to_document(ir.Schema(tables=(holder,)))
        pieces: list[dict[str, Any]] = doc["tables"][0].get(kind.key, [])
    else:
        pieces = document.schema_to_document(replace(ir.Schema(), **changes)).get(kind.key, [])
    return pieces[0]


def read_document(data: Any) -> ir.Schema:
    """A whole schema from its JSON document, or ServiceError naming the field ``document``."""
    refuse_nul(data, "document")
    try:
        return document.schema_from_document(data)
    except DocumentError as exc:
        raise ServiceError(exc.message, field="document", path=exc.where) from None

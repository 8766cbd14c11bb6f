"""Tables and their parts: columns, foreign keys, unique constraints, indexes, checks."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from designer.core import edits, ir
from projects.api.base import READ_ERRORS, WRITE_ERRORS, Api, ChangeSerializer, base_version_field, change_data
from projects.api.item_apis import (
    Columns,
    Constraints,
    DeleteQuerySerializer,
    ItemDetailApi,
    ItemListApi,
    Tables,
    table_or_404,
    write_result,
)
from projects.api.serializers import (
    CHECK,
    COLUMN,
    FOREIGN_KEY,
    INDEX,
    TABLE,
    UNIQUE,
    CheckSerializer,
    ColumnSerializer,
    ForeignKeySerializer,
    IndexSerializer,
    PositionSerializer,
    PrimaryKeySerializer,
    Serializer,
    TableSerializer,
    UniqueSerializer,
    piece_json,
    refuse_nul,
)
from projects.models import Role
from projects.selectors import schema_get
from projects.services import schema_apply

TABLES = Tables(TABLE, TableSerializer, positioned=True, cascades=True)
COLUMNS = Columns(COLUMN, ColumnSerializer, positioned=True, cascades=True)
FOREIGN_KEYS = Constraints(FOREIGN_KEY, ForeignKeySerializer)
UNIQUES = Constraints(UNIQUE, UniqueSerializer)
INDEXES = Constraints(INDEX, IndexSerializer)
CHECKS = Constraints(CHECK, CheckSerializer)


class TableListApi(ItemListApi):
    """The project's tables (each as in the schema document), or add one (with its columns and keys)."""

    api_tag = "tables"
    collection = TABLES


TableChangedSerializer = write_result(TableSerializer, "TableChanged")


class TableDetailApi(Api):
    """One table: read it, change its own attributes (name, comment, tags, group, primary key...), delete it.

    Its columns, keys, indexes and checks have their own URLs below it.
    """

    api_tag = "tables"

    class InputSerializer(Serializer):
        base_version = base_version_field()
        name = serializers.CharField(required=False, trim_whitespace=False, help_text="A new name renames it "
                                     "(references follow).")
        namespace = serializers.CharField(required=False, trim_whitespace=False, help_text="Move it to this "
                                          "namespace.")
        comment = serializers.CharField(required=False, allow_null=True, allow_blank=True, trim_whitespace=False)
        tags = serializers.ListField(child=serializers.CharField(), required=False)
        group = serializers.CharField(required=False, allow_null=True, allow_blank=True)
        position = PositionSerializer(required=False, allow_null=True)
        orm_name = serializers.CharField(required=False, allow_null=True, allow_blank=True)
        primary_key = PrimaryKeySerializer(required=False, allow_null=True, help_text="null drops the primary key.")
        move_to = serializers.IntegerField(required=False, min_value=0, help_text="Its new place in the table order.")

    @extend_schema(summary="Read a table", responses={200: TableSerializer, **READ_ERRORS})
    def get(self, request: Request, slug: str, table: str) -> Response:
        schema = schema_get(self.project(slug))
        return Response(piece_json(TABLE, table_or_404(schema, table)))

    @extend_schema(summary="Change a table's own attributes", request=InputSerializer,
                   responses={200: TableChangedSerializer, **WRITE_ERRORS})
    def patch(self, request: Request, slug: str, table: str) -> Response:
        project = self.project(slug, Role.EDITOR)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(given.validated_data)
        refuse_nul(data)
        old = table_or_404(schema_get(project), table)
        changes = _table_edits(old, data)
        edit = changes[0] if len(changes) == 1 else edits.Batch(tuple(changes))
        outcome = schema_apply(project=project, user=self.user(), edit=edit, base_version=data["base_version"])
        new_path = ir.Table(data.get("name", old.name), namespace=data.get("namespace", old.namespace)).path
        return Response({**change_data(outcome), "item": piece_json(TABLE, table_or_404(outcome.schema, new_path))})

    @extend_schema(summary="Delete a table",
                   parameters=[OpenApiParameter("base_version", int, required=True),
                               OpenApiParameter("cascade", bool, description="Also delete the foreign keys to it.")],
                   responses={200: ChangeSerializer, **WRITE_ERRORS})
    def delete(self, request: Request, slug: str, table: str) -> Response:
        project = self.project(slug, Role.EDITOR)
        query = DeleteQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        old = table_or_404(schema_get(project), table)
        outcome = schema_apply(project=project, user=self.user(), base_version=query.validated_data["base_version"],
                               edit=edits.DeleteTable(old.path, query.validated_data["cascade"]))
        return Response(change_data(outcome))


def _table_edits(old: ir.Table, data: dict[str, Any]) -> list[edits.Edit]:
    """The edits a table PATCH asks for; the rename comes last because the others name the old path."""
    out: list[edits.Edit] = []
    own = ("comment", "tags", "group", "position", "orm_name")
    if any(k in data for k in own):
        position = data.get("position", old.position)
        if isinstance(position, dict):
            position = ir.Position(float(position["x"]), float(position["y"]))
        out.append(edits.UpdateTable(
            old.path, comment=data.get("comment", old.comment), tags=tuple(data.get("tags", old.tags)),
            group=data.get("group", old.group) or None, position=position,
            orm_name=data.get("orm_name", old.orm_name)))
    if "primary_key" in data:
        pk = data["primary_key"]
        out.append(edits.SetPrimaryKey(old.path, None if pk is None else
                                       ir.PrimaryKey(tuple(pk["columns"]), pk.get("name") or None)))
    if "move_to" in data:
        out.append(edits.MoveTable(old.path, data["move_to"]))
    name, namespace = data.get("name", old.name), data.get("namespace", old.namespace)
    if (namespace, name) != old.key:
        out.append(edits.RenameTable(old.path, name, namespace if namespace != old.namespace else None))
    if not out:  # nothing asked: an empty batch records nothing and answers with the latest version
        out.append(edits.Batch(()))
    return out


# Parts of a table -------------------------------------------------------------------------------


class ColumnListApi(ItemListApi):
    api_tag = "columns"
    collection = COLUMNS


class ColumnDetailApi(ItemDetailApi):
    api_tag = "columns"
    collection = COLUMNS


class ForeignKeyListApi(ItemListApi):
    api_tag = "foreign keys"
    collection = FOREIGN_KEYS


class ForeignKeyDetailApi(ItemDetailApi):
    api_tag = "foreign keys"
    collection = FOREIGN_KEYS


class UniqueListApi(ItemListApi):
    api_tag = "unique constraints"
    collection = UNIQUES


class UniqueDetailApi(ItemDetailApi):
    api_tag = "unique constraints"
    collection = UNIQUES


class IndexListApi(ItemListApi):
    api_tag = "indexes"
    collection = INDEXES


class IndexDetailApi(ItemDetailApi):
    api_tag = "indexes"
    collection = INDEXES


class CheckListApi(ItemListApi):
    api_tag = "checks"
    collection = CHECKS


class CheckDetailApi(ItemDetailApi):
    api_tag = "checks"
    collection = CHECKS

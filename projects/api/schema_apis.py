"""The whole schema as the JSON document, undo and redo, and the one-step many-to-many relation."""

from __future__ import annotations

from collections.abc import Callable

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from designer.core import document, edits
from projects.api.base import READ_ERRORS, WRITE_ERRORS, Api, BaseVersionSerializer, ChangeSerializer, change_data
from projects.api.item_apis import write_result
from projects.api.serializers import TABLE, DocumentSerializer, Serializer, TableSerializer, piece_json, read_document
from projects.models import Role
from projects.selectors import schema_get
from projects.services import EditOutcome, ServiceError, schema_apply, schema_redo, schema_undo


class SchemaDocumentApi(Api):
    """The whole schema as the JSON document: read it, or replace it (recorded as one version)."""

    api_tag = "schema"

    class OutputSerializer(Serializer):
        version = serializers.IntegerField(help_text="The version this document is; send it back as base_version.")
        document = DocumentSerializer()

    class InputSerializer(Serializer):
        base_version = serializers.IntegerField(min_value=0)
        document = DocumentSerializer()
        summary = serializers.CharField(required=False, max_length=500, help_text="One line for the history.")

    @extend_schema(summary="Read the schema document", responses={200: OutputSerializer, **READ_ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        project = self.project(slug)
        return Response({"version": project.version, "document": document.schema_to_document(schema_get(project))})

    @extend_schema(summary="Replace the schema with a document", request=InputSerializer,
                   responses={200: ChangeSerializer, **WRITE_ERRORS})
    def put(self, request: Request, slug: str) -> Response:
        project = self.project(slug, Role.EDITOR)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        schema = read_document(given.validated_data["document"])
        summary = given.validated_data.get("summary") or "Replaced the schema from a document"
        outcome = schema_apply(project=project, user=self.user(), base_version=given.validated_data["base_version"],
                               edit=edits.ReplaceSchema(schema, reason=summary))
        return Response(change_data(outcome))


class SchemaUndoApi(Api):
    """Undo the latest change; called again, undo the one before it (each undo is a new version)."""

    api_tag = "versions"

    @extend_schema(summary="Undo the latest change", request=BaseVersionSerializer,
                   responses={200: ChangeSerializer, **WRITE_ERRORS})
    def post(self, request: Request, slug: str) -> Response:
        return _history_step(self, request, slug, schema_undo)


class SchemaRedoApi(Api):
    """Redo the change the latest undo took back (until another change is made)."""

    api_tag = "versions"

    @extend_schema(summary="Redo the change the latest undo took back", request=BaseVersionSerializer,
                   responses={200: ChangeSerializer, **WRITE_ERRORS})
    def post(self, request: Request, slug: str) -> Response:
        return _history_step(self, request, slug, schema_redo)


def _history_step(api: Api, request: Request, slug: str, step: Callable[..., EditOutcome]) -> Response:
    project = api.project(slug, Role.EDITOR)
    given = BaseVersionSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    outcome = step(project=project, user=api.user(), base_version=given.validated_data["base_version"])
    return Response(change_data(outcome))


class ManyToManyCreateApi(Api):
    """Relate two tables many-to-many in one step: a junction table with a foreign key to each side."""

    api_tag = "tables"

    class InputSerializer(BaseVersionSerializer):
        left = serializers.CharField(trim_whitespace=False, help_text="One table (its path).")
        right = serializers.CharField(trim_whitespace=False, help_text="The other table.")
        name = serializers.CharField(required=False, trim_whitespace=False,
                                     help_text="The junction table's name (default: {left singular}_{right}).")

    @extend_schema(summary="Add a many-to-many relation", request=InputSerializer,
                   responses={201: write_result(TableSerializer, "JunctionCreated"), **WRITE_ERRORS})
    def post(self, request: Request, slug: str) -> Response:
        project = self.project(slug, Role.EDITOR)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            edit = edits.many_to_many(schema_get(project), data["left"], data["right"], data.get("name"))
        except edits.EditError as exc:
            field = "left" if exc.field == "table" else exc.field
            raise ServiceError(exc.message, field=field, path=exc.path) from None
        junction = edit.edits[0].table  # type: ignore[attr-defined]
        outcome = schema_apply(project=project, user=self.user(), edit=edit, base_version=data["base_version"])
        created = outcome.schema.table(junction.name, junction.namespace)
        return Response({**change_data(outcome), "item": piece_json(TABLE, created)}, status=status.HTTP_201_CREATED)

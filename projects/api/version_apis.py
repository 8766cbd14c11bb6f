"""History: the versions of a schema, what changed between two (also as a Markdown report), restoring one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from designer.core import document
from projects import selectors
from projects.api.base import (
    READ_ERRORS,
    WRITE_ERRORS,
    Api,
    BaseVersionSerializer,
    ChangeSerializer,
    ListApi,
    change_data,
    errors,
)
from projects.api.serializers import DocumentSerializer, Serializer
from projects.linting import change_report_text
from projects.models import Role, Version
from projects.services import ServiceError, version_restore


class VersionSerializer(Serializer):
    number = serializers.IntegerField()
    summary = serializers.CharField()
    author = serializers.CharField(allow_null=True, help_text="Username; null for changes made from the command "
                                                              "line.")
    created_at = serializers.DateTimeField()
    size = serializers.IntegerField(help_text="Size of the schema document in bytes.")
    undo_to = serializers.IntegerField(allow_null=True, help_text="The version whose schema undo brings back when "
                                                                  "this version is the latest; null: nothing to undo.")
    redo_to = serializers.IntegerField(allow_null=True, help_text="The version whose schema redo brings back when "
                                                                  "this version is the latest; null: nothing to redo.")


def version_data(v: Version) -> dict[str, Any]:
    return {"number": v.number, "summary": v.summary, "author": v.author.get_username() if v.author else None,
            "created_at": v.created_at, "size": v.size, "undo_to": v.undo_to, "redo_to": v.redo_to}


class VersionListApi(ListApi):
    """Every saved state of the schema, newest first."""

    api_tag = "versions"

    @extend_schema(summary="List the versions", responses={200: VersionSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        versions = selectors.version_list(self.project(slug))

        def serialize(page: Sequence[Version]) -> list[Any]:
            return [version_data(v) for v in page]

        return self.paginate(versions, serialize)


class VersionDetailApi(Api):
    """One version with its whole schema document."""

    api_tag = "versions"

    class OutputSerializer(VersionSerializer):
        document = DocumentSerializer()

    @extend_schema(summary="Read a version", responses={200: OutputSerializer, **READ_ERRORS})
    def get(self, request: Request, slug: str, number: int) -> Response:
        version = selectors.version_get(self.project(slug), number)
        return Response({**version_data(version), "document": document.schema_to_document(
            document.loads(version.document_json()))})


class VersionDiffApi(Api):
    """What changed from one version to another, in words."""

    api_tag = "versions"

    # "from" is a Python keyword, so the class is built with type().
    FilterSerializer = type("VersionDiffFilterSerializer", (Serializer,), {
        "from": serializers.IntegerField(min_value=1, help_text="The older version."),
        "to": serializers.IntegerField(min_value=1, help_text="The newer version."),
    })

    class ChangeItemSerializer(Serializer):
        kind = serializers.ChoiceField(choices=["added", "removed", "changed"])
        what = serializers.CharField(help_text="table, column, foreign key, enum...")
        path = serializers.CharField()
        detail = serializers.CharField(allow_blank=True)
        text = serializers.CharField(help_text="The change in one sentence.")

    @extend_schema(summary="Compare two versions", parameters=[FilterSerializer],
                   responses={200: ChangeItemSerializer(many=True), **errors(400, 404)})
    def get(self, request: Request, slug: str) -> Response:
        project = self.project(slug)
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        changes = selectors.version_changes(project, query.validated_data["from"], query.validated_data["to"])
        return Response([{"kind": c.kind, "what": c.what, "path": c.path, "detail": c.detail, "text": str(c)}
                         for c in changes])


class VersionReportApi(Api):
    """The change from one version to another and its migration risks, as a Markdown report."""

    api_tag = "versions"

    @extend_schema(summary="Report a change and its migration risks", parameters=[VersionDiffApi.FilterSerializer],
                   responses={(200, "text/markdown"): OpenApiResponse(OpenApiTypes.STR, description="The report."),
                              **errors(400, 404)})
    def get(self, request: Request, slug: str) -> HttpResponse:
        project = self.project(slug)
        query = VersionDiffApi.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            text = change_report_text(project, query.validated_data["from"], query.validated_data["to"])
        except ServiceError as exc:
            raise Http404(exc.message) from None
        # A plain response: DRF's renderers would answer errors in Markdown too; these stay JSON.
        return HttpResponse(text, content_type="text/markdown; charset=utf-8")


class VersionRestoreApi(Api):
    """Make an earlier version the current schema (recorded as a new version, so it can be undone)."""

    api_tag = "versions"

    @extend_schema(summary="Restore a version", request=BaseVersionSerializer,
                   responses={200: ChangeSerializer, **WRITE_ERRORS})
    def post(self, request: Request, slug: str, number: int) -> Response:
        project = self.project(slug, Role.EDITOR)
        selectors.version_get(project, number)
        given = BaseVersionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        outcome = version_restore(project=project, user=self.user(), number=number,
                                  base_version=given.validated_data["base_version"])
        return Response(change_data(outcome))

"""Exports: one file as text, every file as a zip, or everything (files and diagnostics) as JSON.

The representation is chosen by content negotiation: ``?format=text|zip|json`` or the
``Accept`` header (text by default). Text answers carry the diagnostics' count in
``X-Export-Diagnostics`` and the file's path in ``X-Export-File``; the JSON answer has them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from designer.core.exporters import exporters
from projects.api.base import Api, errors
from projects.api.errors import ProblemSerializer, problem_data
from projects.api.serializers import Serializer
from projects.exporting import export_project, export_targets, export_zip, zip_name
from projects.services import ServiceError


class PlainTextRenderer(renderers.BaseRenderer):
    media_type = "text/plain"
    format = "text"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None,
               renderer_context: Mapping[str, Any] | None = None) -> bytes:
        return data.encode("utf-8") if isinstance(data, str) else bytes(data or b"")


class ZipRenderer(renderers.BaseRenderer):
    media_type = "application/zip"
    format = "zip"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None,
               renderer_context: Mapping[str, Any] | None = None) -> bytes:
        return bytes(data or b"")


class ExportOptionSerializer(Serializer):
    name = serializers.CharField()
    default = serializers.JSONField(help_text="A string, a number or true/false.")
    help = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField())


class ExportFileSerializer(Serializer):
    path = serializers.CharField()
    content = serializers.CharField()


class ExportTargetsApi(Api):
    """Every export target with its options (names, defaults, choices), for the options of an export."""

    api_tag = "export"

    class OutputSerializer(Serializer):
        target = serializers.CharField()
        description = serializers.CharField()
        options = ExportOptionSerializer(many=True)

    @extend_schema(summary="List the export targets", responses={200: OutputSerializer(many=True), **errors()})
    def get(self, request: Request) -> Response:
        return Response([
            {"target": target.value, "description": cls.description,
             "options": [{"name": name, "default": o.default, "help": o.help, "choices": list(o.choices)}
                         for name, o in cls.OPTIONS.items()]}
            for target, cls in exporters().items()
        ])


class ExportApi(Api):
    """Export the project's schema to a target, with the project's export defaults and ``option`` overrides."""

    api_tag = "export"
    renderer_classes = [PlainTextRenderer, ZipRenderer, renderers.JSONRenderer]

    class FilterSerializer(Serializer):
        file = serializers.CharField(required=False, help_text="Which file to answer with as text (default: the "
                                                               "main one).")
        option = serializers.ListField(child=serializers.RegexField(r"^[A-Za-z_][\w-]*=", max_length=1000),
                                       required=False, help_text="An option as name=value; repeat for several.")

    class OutputSerializer(Serializer):
        target = serializers.CharField()
        files = ExportFileSerializer(many=True, help_text="In the target's order; the first is the main file.")
        diagnostics = ProblemSerializer(many=True, help_text="What the target could not express, and where it "
                                                             "went instead.")

    @extend_schema(
        summary="Export the schema",
        parameters=[
            FilterSerializer,
            OpenApiParameter("format", str, enum=["text", "zip", "json"],
                             description="text: one file; zip: every file; json: files and diagnostics."),
        ],
        responses={
            (200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description="The file's text."),
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="Every file of the export."),
            (200, "application/json"): OutputSerializer,
            **errors(400, 404),
        },
    )
    def get(self, request: Request, slug: str, target: str) -> Response:
        project = self.project(slug)
        if target not in export_targets():
            names = ", ".join(t.value for t in export_targets())
            raise Http404(f"There is no export target {target!r}: use one of {names}.")
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        options = dict(o.split("=", 1) for o in query.validated_data.get("option", []))
        result = export_project(project, target, options)
        headers = {"X-Export-Diagnostics": str(len(result.diagnostics))}
        fmt = request.accepted_renderer.format
        if fmt == "json":
            return Response({"target": target, "files": [{"path": p, "content": c} for p, c in result.files.items()],
                             "diagnostics": [problem_data(d) for d in result.diagnostics]}, headers=headers)
        if fmt == "zip":
            headers["Content-Disposition"] = f'attachment; filename="{zip_name(project, target)}"'
            return Response(export_zip(result.files), headers=headers)
        path = query.validated_data.get("file", result.main_path)
        if path not in result.files:
            raise ServiceError(f"The {target} export has no file {path!r}: it has {', '.join(result.files)}.",
                               field="file")
        headers["X-Export-File"] = path
        headers["Content-Disposition"] = f'inline; filename="{path.rsplit("/", 1)[-1]}"'
        return Response(result.files[path], headers=headers)

"""The ER diagram as SVG, PNG or PDF, drawn by Graphviz (cached by content)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from designer.core.render.layout import Detail
from projects import schema_cache
from projects.api.base import Api, errors
from projects.api.serializers import Serializer
from projects.diagrams import DiagramError, DiagramOptions, render_diagram
from projects.selectors import schema_get
from projects.services import ServiceError


class _BytesRenderer(renderers.BaseRenderer):
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None,
               renderer_context: Mapping[str, Any] | None = None) -> bytes:
        return bytes(data or b"")


class SvgRenderer(_BytesRenderer):
    media_type = "image/svg+xml"
    format = "svg"


class PngRenderer(_BytesRenderer):
    media_type = "image/png"
    format = "png"


class PdfRenderer(_BytesRenderer):
    media_type = "application/pdf"
    format = "pdf"


class DiagramFilterSerializer(Serializer):
    detail = serializers.ChoiceField(choices=[d.value for d in Detail], required=False,
                                     help_text="full: every column; keys: key columns; names: table names only.")
    focus = serializers.CharField(required=False, trim_whitespace=False,
                                  help_text="Show this table (its path) and its neighbours.")
    depth = serializers.IntegerField(required=False, min_value=0, max_value=10,
                                     help_text="How many foreign-key hops around focus (default 1).")
    group = serializers.CharField(required=False, trim_whitespace=False, help_text="Only the tables of this group.")
    search = serializers.CharField(required=False, max_length=200, help_text="Only tables whose name contains this.")


class DiagramApi(Api):
    """The project's ER diagram (crow's-foot notation; groups as clusters).

    Large schemas fall back to a faster layout or less detail when the full one would take too
    long; ``X-Diagram-Note`` then says so. Renders are cached by the schema's version.
    """

    api_tag = "diagram"
    fmt: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        renderer = cls.renderer_classes[0]
        extend_schema_view(get=extend_schema(
            summary=f"Draw the diagram as {cls.fmt.upper()}", parameters=[DiagramFilterSerializer],
            responses={(200, renderer.media_type): OpenApiResponse(OpenApiTypes.BINARY), **errors(400, 404)},
        ))(cls)

    def get(self, request: Request, slug: str) -> Response:
        project = self.project(slug)
        query = DiagramFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        given = query.validated_data
        options = DiagramOptions(detail=Detail(given.get("detail", Detail.FULL)), focus=given.get("focus"),
                                 depth=given.get("depth", 1), group=given.get("group"), search=given.get("search"))
        try:
            result = render_diagram(schema_get(project), self.fmt, options,
                                    content_key=schema_cache.content_key(project))
        except DiagramError as exc:
            raise ServiceError(str(exc)) from None
        headers = {"X-Diagram-Strategy": result.strategy, "X-Diagram-Detail": result.detail}
        if result.fallback_note:
            headers["X-Diagram-Note"] = result.fallback_note
        if self.fmt != "svg":
            headers["Content-Disposition"] = f'attachment; filename="{project.slug}.{self.fmt}"'
        return Response(result.data, headers=headers)


class DiagramSvgApi(DiagramApi):
    fmt = "svg"
    renderer_classes = [SvgRenderer]


class DiagramPngApi(DiagramApi):
    fmt = "png"
    renderer_classes = [PngRenderer]


class DiagramPdfApi(DiagramApi):
    fmt = "pdf"
    renderer_classes = [PdfRenderer]

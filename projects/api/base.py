"""What every API view shares: authentication, the error shape, pagination and schema naming.

Views follow HackSoft's style: one ``APIView`` per endpoint (URL), named ``<Entity><Action>Api``,
with its ``InputSerializer``/``OutputSerializer`` nested inside; they validate input, call a
service or selector, and serialize the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from django.contrib.auth.models import User
from django.db.models import QuerySet
from drf_spectacular.openapi import AutoSchema
from knox.auth import TokenAuthentication
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from projects.api.errors import ConflictSerializer, ErrorSerializer, exception_handler
from projects.api.serializers import Serializer
from projects.models import Project, Role
from projects.selectors import project_get
from projects.services import EditOutcome

T = TypeVar("T")


class DesignerAutoSchema(AutoSchema):
    """OpenAPI naming for HackSoft-style views.

    Nested serializers are all called ``InputSerializer``/``OutputSerializer``, so their
    component name comes from the view (``ColumnCreateApi.InputSerializer`` becomes
    ``ColumnCreateInput``); operation ids come from the view's name and the method; tags from
    the view's ``api_tag``.
    """

    def get_serializer_name(self, serializer: serializers.Serializer[Any], direction: Any) -> str:
        qualname = type(serializer).__qualname__
        if "." not in qualname:
            return super().get_serializer_name(serializer, direction)
        outer, inner = qualname.rsplit(".", 2)[-2:]
        return outer.removesuffix("Api") + inner.removesuffix("Serializer")

    def get_operation_id(self) -> str:
        entity = re.sub(r"(?<!^)(?=[A-Z])", "_", type(self.view).__name__.removesuffix("Api")).lower()
        method = self.method.lower()
        if entity.endswith("_list"):
            return entity.removesuffix("_list") + ("_list" if method == "get" else "_create")
        actions = {"get": "retrieve", "post": "create", "put": "replace", "patch": "update", "delete": "delete"}
        if entity.endswith("_detail"):
            return entity.removesuffix("_detail") + "_" + actions[method]
        methods = [m for m in actions if hasattr(self.view, m)]
        return entity if len(methods) == 1 else f"{entity}_{actions[method]}"

    def _is_list_view(self, serializer: Any = None) -> bool:
        # spectacular picks the main response by the smallest status code as text; keys such as
        # (401, "application/json") sort before "200", so pick the success response here.
        if serializer is None:
            serializer = self.get_response_serializers()
        if isinstance(serializer, dict):
            success = [s for code, s in serializer.items()
                       if str(code[0] if isinstance(code, tuple) else code).startswith("2")]
            if success:
                serializer = success[0]
        return bool(super()._is_list_view(serializer))

    def get_tags(self) -> list[str]:
        tag = getattr(self.view, "api_tag", "")
        return [tag] if tag else super().get_tags()


class Pagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000


class Api(APIView):
    """Base of every API view.

    Token authentication comes first so an unauthenticated request is answered 401 with
    ``WWW-Authenticate: Token`` (session authentication alone would make it a 403). Errors are
    always JSON, whatever representation (zip, SVG, text) the request asked for.
    """

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    schema = DesignerAutoSchema()
    api_tag: ClassVar[str] = ""

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return exception_handler

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400 and isinstance(response.data, dict):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = "application/json"
        return response

    def user(self) -> User:
        """The signed-in user (every view requires one)."""
        user = self.request.user
        assert isinstance(user, User)
        return user

    def project(self, slug: str, role: Role = Role.VIEWER) -> Project:
        """The project, if the user has ``role`` on it (404 for non-members, 403 for too low a role)."""
        return project_get(user=self.request.user, slug=slug, role=role)

    def paginate(self, items: Sequence[T] | QuerySet[Any], serialize: Callable[[Sequence[T]], list[Any]]) -> Response:
        """One page of ``items`` (``?limit=&offset=``), serialized, with the total count and links."""
        paginator = Pagination()
        page: list[T] | None = paginator.paginate_queryset(items, self.request, view=self)  # type: ignore[arg-type]
        return paginator.get_paginated_response(serialize(page or []))


class ListApi(Api):
    """A view whose GET lists (paginated): spectacular documents ``limit``/``offset`` from this."""

    pagination_class = Pagination


# Input and output shared by the schema's write endpoints -------------------------------------


def base_version_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, help_text="The version your change is based on; a stale one "
                                                           "is refused with 409 and the latest version.")


class BaseVersionSerializer(Serializer):
    base_version = base_version_field()


class ChangeSerializer(Serializer):
    """What a schema write did: the version it recorded (or the unchanged latest)."""

    version = serializers.IntegerField(help_text="The latest version: base your next change on it.")
    changed = serializers.BooleanField(help_text="False when the write changed nothing (no version recorded).")
    summary = serializers.CharField()


def change_data(outcome: EditOutcome) -> dict[str, Any]:
    return {"version": outcome.version.number, "changed": outcome.changed,
            "summary": outcome.version.summary if outcome.changed else "No change"}


def errors(*codes: int) -> dict[tuple[int, str], Any]:
    """The error responses an endpoint documents (every one may answer 401).

    Errors are JSON whatever the endpoint's own representation (SVG, zip...), hence the media type.
    """
    docs: dict[tuple[int, str], Any] = {}
    for code in (401, *codes):
        docs[(code, "application/json")] = ConflictSerializer if code == 409 else ErrorSerializer
    return docs


READ_ERRORS = errors(404)
WRITE_ERRORS = errors(400, 403, 404, 409)

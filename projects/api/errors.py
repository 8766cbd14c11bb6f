"""Every API error as one JSON shape: ``{"message", "field", "path"}`` plus details.

``message`` is written for a person, ``field`` names the input that caused it (so a client
can show the message next to it) and ``path`` the schema object concerned (``users.email``).
A stale write (409) also carries the latest version, so the client can reload and redo.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from designer.core.diagnostics import Diagnostic
from projects.api.serializers import Serializer
from projects.services import ConflictError, ServiceError


class ProblemSerializer(Serializer):
    """One finding (a consistency problem, a lint finding, an export or import note)."""

    level = serializers.ChoiceField(choices=["info", "warning", "error"])
    code = serializers.CharField()
    message = serializers.CharField()
    path = serializers.CharField(allow_blank=True, help_text="The schema object (users.email); empty for the schema.")
    hint = serializers.CharField(allow_blank=True)
    location = serializers.CharField(allow_blank=True, help_text="Where in a source file (schema.sql:12:5).")


def problem_data(d: Diagnostic) -> dict[str, str]:
    return {"level": d.level.label, "code": d.code, "message": d.message, "path": d.path, "hint": d.hint,
            "location": d.location}


def _error_fields() -> dict[str, Any]:
    return {
        "message": serializers.CharField(),
        "field": serializers.CharField(allow_null=True, help_text="The input field that caused the error, if one did."),
        "path": serializers.CharField(allow_blank=True, help_text="The schema object concerned (users.email), if any."),
        # "errors" would shadow Serializer.errors in a class body, hence inline_serializer.
        "errors": serializers.DictField(required=False, help_text="Every invalid input field with its messages."),
        "problems": ProblemSerializer(many=True, required=False),
    }


class VersionRefSerializer(Serializer):
    number = serializers.IntegerField()
    summary = serializers.CharField()
    author = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()


ErrorSerializer = inline_serializer("Error", fields=_error_fields())
ConflictSerializer = inline_serializer("Conflict", fields={
    **_error_fields(),
    "latest_version": serializers.IntegerField(help_text="Send it as base_version after reloading."),
    "latest": VersionRefSerializer(allow_null=True),
})


def _first_error(detail: Any, prefix: str = "") -> tuple[str, str | None]:
    """The first message in a DRF error tree and the dotted field it belongs to (``columns[1].name``)."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "non_field_errors":
                name = prefix
            elif isinstance(key, int):  # an item of a list field
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            return _first_error(value, name)
    if isinstance(detail, list):
        for i, value in enumerate(detail):
            if isinstance(value, dict):
                if value:  # child serializers that were valid leave an empty dict
                    return _first_error(value, f"{prefix}[{i}]")
            else:
                return _first_error(value, prefix)
    return str(detail), prefix or None


def _body(message: str, field: str | None = None, path: str = "", **extra: Any) -> dict[str, Any]:
    return {"message": message, "field": field, "path": path, **extra}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF exception handler: services' errors, Django's 404/403 and DRF's own, all as one shape."""
    if isinstance(exc, ConflictError):
        latest = exc.latest
        ref = None if latest is None else {
            "number": latest.number, "summary": latest.summary,
            "author": latest.author.get_username() if latest.author else None, "created_at": latest.created_at}
        set_rollback()
        body = _body(exc.message, exc.field, exc.path, latest_version=latest.number if latest else 0, latest=ref)
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ServiceError):
        set_rollback()
        extra = {"problems": [problem_data(p) for p in exc.problems]} if exc.problems else {}
        return Response(_body(exc.message, exc.field, exc.path, **extra), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "You may not do this.")
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = f"{exc.wait:.0f}"  # type: ignore[attr-defined]
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        message, field = _first_error(exc.detail)
        body = _body(message, field, errors=exc.detail if isinstance(exc.detail, dict) else {"input": exc.detail})
    else:
        body = _body(str(exc.detail))
    return Response(body, status=exc.status_code, headers=headers)

"""Imports: SQL DDL (pg_dump too), Prisma, DBML, a JSON document or a live PostgreSQL database,
previewed or stored as a new version.

A live database only on the servers the site lists in ``DESIGNER_LIVE_IMPORT_HOSTS`` (none by
default; the command line reads any): a server that connects to any address a request names
would let users probe the network it sits in.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from designer.core import document
from designer.core.importers import ImportResult, SourceFormat
from projects.api.base import WRITE_ERRORS, Api, change_data
from projects.api.errors import ProblemSerializer, problem_data
from projects.api.serializers import DocumentSerializer, Serializer, named_choice, refuse_nul
from projects.importing import database_label, import_as_version, import_read, import_read_database
from projects.models import Role
from projects.services import ServiceError


class ImportSourceSerializer(Serializer):
    """What to import: pasted ``text``, ``files`` (path to text; several for a multi-file Prisma
    schema), or a live ``database_url``."""

    format = named_choice("ImportFormat", [f.value for f in SourceFormat], required=False,
                          help_text="Detected from file names or the text when left out.")
    text = serializers.CharField(required=False, trim_whitespace=False)
    files = serializers.DictField(child=serializers.CharField(trim_whitespace=False, allow_blank=True),
                                  required=False, help_text='{"schema.sql": "CREATE TABLE ..."}')
    database_url = serializers.CharField(required=False, write_only=True,
                                         help_text="postgresql://user:password@host:port/database, read-only, on a "
                                                   "server the site lists (DESIGNER_LIVE_IMPORT_HOSTS); the password "
                                                   "is used to connect and never stored.")
    schemas = serializers.ListField(child=serializers.CharField(), required=False,
                                    help_text="With database_url: the schemas to read (all by default).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if sum(key in attrs for key in ("text", "files", "database_url")) != 1:
            raise serializers.ValidationError({"text": "Give the source as text, as files or as a database_url "
                                                       "(one of the three)."})
        return attrs


def read_import(data: dict[str, Any], name: str | None = None, *, prefix: str = "") -> ImportResult:
    """Read the source described by validated :class:`ImportSourceSerializer` data (nothing is written).

    Raises:
        ServiceError: naming the input field (``text`` or ``files``, after ``prefix``) and where in it.
    """
    if "database_url" in data:
        try:
            return import_read_database(data["database_url"], data.get("schemas") or None, checked=True)
        except ServiceError as exc:
            exc.field = prefix + "database_url" if exc.field in ("database_url", "source") else exc.field
            raise
    field = prefix + ("text" if "text" in data else "files")
    refuse_nul(data.get("text") or data.get("files"), field)
    try:
        return import_read(data["text"] if "text" in data else dict(data["files"]), data.get("format"), name=name)
    except ServiceError as exc:
        exc.field = field
        raise


def import_origin(data: dict[str, Any]) -> str:
    """How the version's summary names the source (``Imported the database shop at db:5432: ...``)."""
    if "database_url" in data:
        return f"the database {database_label(data['database_url'])}"
    return str(data.get("format") or "a schema")


class ImportSummarySerializer(Serializer):
    tables = serializers.IntegerField()
    columns = serializers.IntegerField()
    enums = serializers.IntegerField()
    namespaces = serializers.IntegerField()
    foreign_keys = serializers.IntegerField()
    indexes = serializers.IntegerField()
    skipped = serializers.DictField(child=serializers.IntegerField(),
                                    help_text="What the model does not hold, by kind (INSERT, CREATE FUNCTION...).")


def import_data(result: ImportResult) -> dict[str, Any]:
    s = result.summary
    return {"import": {"tables": s.tables, "columns": s.columns, "enums": s.enums, "namespaces": s.namespaces,
                       "foreign_keys": s.foreign_keys, "indexes": s.indexes, "skipped": dict(s.skipped)},
            "diagnostics": [problem_data(d) for d in result.diagnostics]}


class ProjectImportApi(Api):
    """Import a schema into the project as a new version (the history keeps the old one), or preview it.

    A re-import keeps the diagram positions, groups, tags and notes of tables that are still there.
    A parse error says file, line and column; nothing is written.
    """

    api_tag = "import"

    class InputSerializer(ImportSourceSerializer):
        preview = serializers.BooleanField(required=False, default=False,
                                           help_text="Only read it and say what it would create.")
        base_version = serializers.IntegerField(min_value=0, required=False,
                                                help_text="Required unless preview: the version you saw.")

    # "import" is a Python keyword, so the class is built with type().
    OutputSerializer = type("ProjectImportOutputSerializer", (Serializer,), {
        "version": serializers.IntegerField(help_text="The latest version (unchanged by a preview)."),
        "changed": serializers.BooleanField(),
        "summary": serializers.CharField(),
        "import": ImportSummarySerializer(help_text="What the source holds."),
        "diagnostics": ProblemSerializer(many=True),
        "document": DocumentSerializer(required=False, help_text="Preview only: the schema that would be stored."),
    })

    @extend_schema(summary="Import a schema", request=InputSerializer, responses={200: OutputSerializer,
                                                                                  **WRITE_ERRORS})
    def post(self, request: Request, slug: str) -> Response:
        project = self.project(slug, Role.EDITOR)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        if not data["preview"] and "base_version" not in data:
            raise ServiceError("Give base_version (the version you saw), or ask for a preview.", field="base_version")
        result = read_import(data, name=project.name)
        if data["preview"]:
            return Response({"version": project.version, "changed": False, "summary": "Preview: nothing was written",
                             "document": document.schema_to_document(result.schema), **import_data(result)})
        outcome = import_as_version(project=project, user=self.user(), result=result,
                                    base_version=data["base_version"], origin=import_origin(data))
        return Response({**change_data(outcome), **import_data(result)})

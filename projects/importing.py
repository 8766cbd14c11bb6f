"""Imports at the edge: read a source (files, text or a live database), preview it, store it.

Reading never writes. Storing goes through the services: a new project, or a new version of an
existing one (its history keeps the old schema, and a re-import keeps the diagram's positions,
groups, tags and notes for tables that are still there).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from django.contrib.auth.models import User

from designer.core.edits import ReplaceSchema
from designer.core.importers import ImportFailed, ImportResult, import_source
from designer.core.reimport import keep_design_metadata
from projects.introspect import import_database
from projects.models import Project
from projects.selectors import schema_get
from projects.services import EditOutcome, ServiceError, UserLike, project_create, schema_apply


def _failed(exc: ImportFailed) -> ServiceError:
    where = f"{exc.location}: " if exc.location else ""
    text = f" near {exc.text!r}" if exc.text else ""
    return ServiceError(f"{where}{exc.message}{text}", field="source", problems=list(exc.problems))


def import_read(source: Mapping[str, str] | str, fmt: str | None = None, *, name: str | None = None) -> ImportResult:
    """Read ``source`` (text, or file path to text) without writing anything.

    Raises:
        ServiceError: the source cannot be read; the message says where (file, line, column) and why.
    """
    try:
        return import_source(source, fmt or None, name=name)
    except ImportFailed as exc:
        raise _failed(exc) from None


def import_read_database(url: str, schemas: Sequence[str] | None = None) -> ImportResult:
    """Read a live PostgreSQL database (read-only); the password never appears in errors."""
    try:
        return import_database(url, schemas)
    except ImportFailed as exc:
        raise _failed(exc) from None


def _summary(result: ImportResult, origin: str) -> str:
    s = result.summary
    skipped = f", skipped {s.skipped_total} statement(s)" if s.skipped_total else ""
    return f"Imported {origin}: {s.tables} tables, {s.enums} enums{skipped}"


def import_new_project(*, owner: User | None, name: str, result: ImportResult, origin: str = "a schema",
                       slug: str | None = None) -> Project:
    """A new project holding the imported schema as version 1."""
    return project_create(owner=owner, name=name, slug=slug, schema=replace(result.schema, name=name),
                          summary=_summary(result, origin))


def import_as_version(*, project: Project, user: UserLike, result: ImportResult, base_version: int | None,
                      origin: str = "a schema") -> EditOutcome:
    """Replace the project's schema with the imported one, as a new version."""
    schema = keep_design_metadata(schema_get(project), result.schema)
    return schema_apply(project=project, user=user, base_version=base_version,
                        edit=ReplaceSchema(schema, reason=_summary(result, origin)))

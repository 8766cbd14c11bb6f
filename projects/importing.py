"""Imports at the edge: read a source (files, text or a live database), preview it, store it.

Reading never writes. Storing goes through the services: a new project, or a new version of an
existing one (its history keeps the old schema, and a re-import keeps the diagram's positions,
groups, tags and notes for tables that are still there).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import psycopg
from django.conf import settings
from django.contrib.auth.models import User
from psycopg.conninfo import conninfo_to_dict

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


def import_read_database(url: str, schemas: Sequence[str] | None = None, *, checked: bool = False) -> ImportResult:
    """Read a live PostgreSQL database (read-only); the password never appears in errors.

    ``checked``: the URL comes from a request (the page, the API), so it must name one of the
    servers in ``LIVE_IMPORT_HOSTS``; the command line, run by the operator, may read any.
    """
    if checked:
        check_database_url(url)
    try:
        return import_database(url, schemas)
    except ImportFailed as exc:
        raise _failed(exc) from None


#: What a URL from a request may set: libpq reads many more parameters (hostaddr, service,
#: passfile, sslkey...), and several of them would connect elsewhere or read server files.
_URL_PARAMETERS = frozenset({"host", "port", "dbname", "user", "password", "sslmode"})


def live_import_hosts() -> frozenset[str]:
    """The ``host:port`` pairs requests may import from (empty: the page and the API cannot)."""
    return frozenset(h if ":" in h else f"{h}:5432" for h in settings.LIVE_IMPORT_HOSTS)


def database_label(url: str) -> str:
    """How the page names a checked database URL: ``shop at db.internal:5432`` (no user, no password)."""
    params = conninfo_to_dict(url)
    database = params.get("dbname") or params.get("user") or "postgres"  # libpq's own default
    return f"{database} at {params['host']}:{params.get('port') or 5432}"


def check_database_url(url: str) -> None:
    """Refuse a database URL from a request unless it names one allowed server and nothing else.

    Raises:
        ServiceError: (field ``database_url``) saying why, without the password.
    """
    allowed = live_import_hosts()
    if not allowed:
        raise ServiceError("This server does not import live databases from the page or the API: its administrator "
                           "can list the database servers in DESIGNER_LIVE_IMPORT_HOSTS, or import with "
                           "`manage.py import_schema postgresql://...`.", field="database_url")
    if not url.startswith(("postgresql://", "postgres://")):
        raise ServiceError("Give the database as a postgresql:// URL.", field="database_url")
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:  # libpq's message repeats the URL, password included
        raise ServiceError("The URL is not a PostgreSQL connection URL (postgresql://user:password@host:port/"
                           "database).", field="database_url") from None
    extra = sorted(set(params) - _URL_PARAMETERS)
    if extra:
        raise ServiceError(f"The URL may set only the host, port, database, user, password and sslmode, not "
                           f"{', '.join(extra)}.", field="database_url")
    host, port = str(params.get("host") or ""), str(params.get("port") or "5432")
    if not host or host.startswith("/") or "," in host + port:
        raise ServiceError("Name one database server (host and port) in the URL.", field="database_url")
    if f"{host}:{port}" not in allowed:
        raise ServiceError(f"{host}:{port} is not a database server this site may read; it may read "
                           f"{', '.join(sorted(allowed))}.", field="database_url")


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

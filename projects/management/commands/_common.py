"""What the schema commands share: finding a project or user, reading schema files, clear failures.

Every failure becomes a ``CommandError`` with a message for a person, so ``manage.py`` prints it
and exits non-zero. Commands act as a trusted local operator (``user=None`` in the services)
unless ``--user`` names someone, whose role is then checked as on the page.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.http import Http404

from designer.core import document, ir
from designer.core.document import DocumentError
from designer.core.importers import ImportResult, importers
from projects.models import Project
from projects.services import ServiceError

#: The exit status of a command that ran but found a problem (lint errors), apart from failures.
FAILED = 1

STDIN = "-"

#: For the commands a pipeline runs on files (export, lint, draw): Django's system checks import
#: every URL and view of the site, which is most of the start-up time of a short command.
NO_SYSTEM_CHECKS: list[str] = []


@contextmanager
def reported() -> Iterator[None]:
    """Turn the services' refusals into CommandErrors (non-zero exit, message on stderr)."""
    try:
        yield
    except ServiceError as exc:
        path = f" ({exc.path})" if exc.path and exc.path not in exc.message else ""
        extra = "".join(f"\n  {p.path}: {p.message}" for p in exc.problems[1:6])
        raise CommandError(f"{exc.message}{path}{extra}") from None
    except PermissionDenied as exc:
        raise CommandError(f"Not allowed: {exc}") from None
    except Http404 as exc:
        raise CommandError(str(exc)) from None


def project_by_slug(slug: str) -> Project:
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        known = ", ".join(Project.objects.live().order_by("slug").values_list("slug", flat=True)[:20]) or "none yet"
        raise CommandError(f"There is no project {slug!r} (projects: {known}).")
    if project.deleted_at is not None:
        raise CommandError(f"Project {slug!r} is in the trash: restore it first.")
    return project


def user_by_name(username: str | None) -> User | None:
    """The user ``--user`` names, or None (a trusted local operator) when it is not given."""
    if username is None:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user {username!r}.")
    return user


def read_text(path: str) -> str:
    """A file's text, or standard input for ``-``."""
    if path == STDIN:
        return sys.stdin.read()
    try:
        return Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a folder, not a file.") from None
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}).") from None
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}.") from None


def read_folder(path: Path) -> dict[str, str]:
    """Every schema file in a folder (a multi-file Prisma schema, or SQL files in name order)."""
    extensions = {ext for cls in importers().values() for ext in cls.extensions}
    files = {str(p.relative_to(path)): read_text(str(p)) for p in sorted(path.rglob("*"))
             if p.is_file() and p.suffix.lower() in extensions}
    if not files:
        raise CommandError(f"{path} holds no schema files ({', '.join(sorted(extensions))}).")
    return files


def read_source(source: str, fmt: str | None = None, *, name: str | None = None,
                schemas: list[str] | None = None) -> ImportResult:
    """Read a schema from a file, a folder, ``-`` (stdin) or a ``postgresql://`` URL; nothing is written."""
    # Imported here: it brings psycopg and every importer, which exporting a JSON file never needs.
    from projects.importing import import_read, import_read_database

    with reported():
        if source.startswith(("postgresql://", "postgres://")) or fmt == "postgres":
            return import_read_database(source, schemas or None)
        if source == STDIN:
            return import_read(read_text(STDIN), fmt, name=name)
        path = Path(source)
        if path.is_dir():
            return import_read(read_folder(path), fmt, name=name)
        return import_read({path.name: read_text(source)}, fmt, name=name or path.stem)


def read_schema_file(path: str) -> ir.Schema:
    """The schema in a file: a JSON document, or SQL, Prisma or DBML (read by their importers)."""
    if path.endswith(".json"):
        try:
            return document.loads(read_text(path))
        except DocumentError as exc:
            raise CommandError(f"{path}: {exc}") from None
    return read_source(path).schema

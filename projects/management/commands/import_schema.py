"""``manage.py import_schema SOURCE --project SLUG [--format F] [--create] [--preview]``.

SOURCE is a file, a folder (a multi-file Prisma schema, or SQL files), ``-`` for standard input,
or a ``postgresql://`` URL (read-only; the password is never printed). The schema becomes a new
version of the project (its history keeps the old one), or with ``--create`` a new project.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from designer.core.importers import ImportResult, SourceFormat
from projects.importing import import_as_version, import_new_project
from projects.management.commands._common import project_by_slug, read_source, reported, user_by_name
from projects.models import Project

FORMATS = [f.value for f in SourceFormat] + ["postgres"]


class Command(BaseCommand):
    help = "Import a schema (SQL DDL or pg_dump, a live PostgreSQL database, Prisma, DBML, JSON) into a project."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="A file, a folder, - for standard input, or a postgresql:// URL.")
        parser.add_argument("--project", required=True, help="The project (its slug) to import into.")
        parser.add_argument("--format", choices=FORMATS, help="Detected from the file names or text when left out.")
        parser.add_argument("--create", action="store_true", help="Create the project (it must not exist).")
        parser.add_argument("--name", help="The new project's name (with --create; default: the slug).")
        parser.add_argument("--schemas", help="For a database: the schemas to read, comma-separated (default: all).")
        parser.add_argument("--preview", action="store_true", help="Say what would be imported; write nothing.")
        parser.add_argument("--user", help="Act as this user (their role is checked); by default a local operator.")

    def handle(self, *args: Any, **options: Any) -> None:
        slug, create = options["project"], options["create"]
        user = user_by_name(options["user"])
        project: Project | None = None
        if create:
            if Project.objects.filter(slug=slug).exists():
                raise CommandError(f"A project {slug!r} already exists: leave out --create to import a new version.")
        else:
            project = project_by_slug(slug)
        schemas = [s.strip() for s in (options["schemas"] or "").split(",") if s.strip()]
        name = options["name"] or (project.name if project else slug)
        fmt = None if options["format"] == "postgres" else options["format"]
        source = options["source"]
        if options["format"] == "postgres" and not source.startswith(("postgresql://", "postgres://")):
            raise CommandError("--format postgres reads a database: give a postgresql:// URL as SOURCE.")
        result = read_source(source, fmt, name=name, schemas=schemas)
        self._report(result)
        if options["preview"]:
            self.stdout.write("Preview only: nothing was written.")
            return
        origin = "a database" if source.startswith("postgres") else (options["format"] or "a schema")
        with reported():
            if project is None:
                created = import_new_project(owner=user, name=name, result=result, slug=slug, origin=origin)
                self.stdout.write(f"Created project {created.slug} (version {created.version}).")
            else:
                outcome = import_as_version(project=project, user=user, result=result, base_version=None,
                                            origin=origin)
                state = "" if outcome.changed else " (nothing changed)"
                self.stdout.write(f"Project {project.slug} is now at version {outcome.version.number}{state}.")

    def _report(self, result: ImportResult) -> None:
        s = result.summary
        self.stdout.write(f"Read {s.tables} table(s), {s.columns} column(s), {s.enums} enum(s), "
                          f"{s.foreign_keys} foreign key(s), {s.indexes} index(es).")
        for kind, count in s.skipped.items():
            self.stdout.write(f"  skipped {count} x {kind}")
        for diagnostic in result.warnings:
            self.stderr.write(str(diagnostic))

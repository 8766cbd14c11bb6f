"""``manage.py export_schema SLUG --target T [--out PATH]``: export a stored project, or a schema file.

Without ``--out`` a single-file target goes to standard output; ``--out DIR`` writes the
target's files into a folder, ``--out FILE.zip`` a zip. ``--file schema.json|.sql|.prisma|.dbml``
exports a file instead of a stored project, so a pipeline needs no server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from designer.core.exporters import ExportResult
from projects.exporting import export_project, export_schema, export_targets, export_zip
from projects.management.commands._common import NO_SYSTEM_CHECKS, project_by_slug, read_schema_file, reported


def _option(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise CommandError(f"--option {text!r}: write it as name=value.")
    return name, value


class Command(BaseCommand):
    requires_system_checks = NO_SYSTEM_CHECKS
    help = "Export a project's schema (or a schema file) to a target: SQL, Prisma, Drizzle, Sequelize, SQLAlchemy..."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="?", help="The project to export (or give --file).")
        parser.add_argument("--file", help="Export this schema file instead: .json, .sql, .prisma or .dbml.")
        parser.add_argument("--target", required=True,
                            help=f"One of: {', '.join(t.value for t in export_targets())}.")
        parser.add_argument("--out", help="A folder to write the files into, or a .zip file; standard output when "
                                          "left out (single-file targets).")
        parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                            help="An export option (repeat for several); see GET /api/export-targets.")

    def handle(self, *args: Any, **options: Any) -> None:
        slug, file = options["slug"], options["file"]
        if (slug is None) == (file is None):
            raise CommandError("Name a project (SLUG) or a schema file (--file), one of the two.")
        given = dict(_option(o) for o in options["option"])
        with reported():
            if file is not None:
                result = export_schema(read_schema_file(file), options["target"], given)
            else:
                result = export_project(project_by_slug(slug), options["target"], given)
        for diagnostic in result.diagnostics:
            self.stderr.write(str(diagnostic))
        self._write(result, options["target"], options["out"])

    def _write(self, result: ExportResult, target: str, out: str | None) -> None:
        if out is None:
            if len(result.files) > 1:
                raise CommandError(f"The {target} export has {len(result.files)} files ({', '.join(result.files)}): "
                                   "write them with --out DIR or --out FILE.zip.")
            self.stdout.write(result.main, ending="")
            return
        path = Path(out)
        if path.suffix.lower() == ".zip":
            _write_bytes(path, export_zip(result.files))
            self.stderr.write(f"Wrote {len(result.files)} file(s) into {path}")
            return
        if path.exists() and not path.is_dir():
            raise CommandError(f"{path} is a file: --out takes a folder or a .zip file.")
        root = path.resolve()
        for name, text in result.files.items():
            target_path = (root / name).resolve()
            if not target_path.is_relative_to(root):  # exporters write relative paths; refuse anything else
                raise CommandError(f"The export names a file outside {path}: {name}")
            target_path.parent.mkdir(parents=True, exist_ok=True)
            _write_bytes(target_path, text.encode("utf-8"))
        self.stderr.write(f"Wrote {len(result.files)} file(s) into {path}{'' if str(path).endswith('/') else '/'}")


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"Cannot write {path}: {exc.strerror}.") from None

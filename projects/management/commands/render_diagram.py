"""``manage.py render_diagram SLUG --out FILE.svg|png|pdf [--focus TABLE --depth N] [--detail full|keys|names]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from designer.core.render.layout import Detail
from projects.diagrams import CONTENT_TYPES, DiagramError, DiagramOptions, render_diagram
from projects.management.commands._common import NO_SYSTEM_CHECKS, project_by_slug, read_schema_file
from projects.selectors import schema_get


class Command(BaseCommand):
    requires_system_checks = NO_SYSTEM_CHECKS
    help = "Draw a project's ER diagram (or a schema file's) with Graphviz, as SVG, PNG, PDF or DOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="?", help="The project to draw (or give --file).")
        parser.add_argument("--file", help="Draw this schema file instead: .json, .sql, .prisma or .dbml.")
        parser.add_argument("--out", required=True, help="The file to write; its extension is the format "
                                                         f"({', '.join(CONTENT_TYPES)}).")
        parser.add_argument("--focus", help="Draw this table and its neighbours only.")
        parser.add_argument("--depth", type=int, default=1, help="Foreign-key hops around --focus (default 1).")
        parser.add_argument("--detail", choices=[d.value for d in Detail], default=Detail.FULL.value)
        parser.add_argument("--group", help="Draw the tables of this group only.")
        parser.add_argument("--search", help="Draw the tables whose name contains this only.")

    def handle(self, *args: Any, **options: Any) -> None:
        slug, file = options["slug"], options["file"]
        if (slug is None) == (file is None):
            raise CommandError("Name a project (SLUG) or a schema file (--file), one of the two.")
        out = Path(options["out"])
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in CONTENT_TYPES:
            raise CommandError(f"--out {out}: the file name must end in one of "
                               f"{', '.join('.' + f for f in CONTENT_TYPES)}.")
        if options["depth"] < 0:
            raise CommandError("--depth must be 0 or more.")
        schema = read_schema_file(file) if file is not None else schema_get(project_by_slug(slug))
        view = DiagramOptions(detail=Detail(options["detail"]), focus=options["focus"], depth=options["depth"],
                              group=options["group"], search=options["search"])
        try:
            result = render_diagram(schema, fmt, view)
        except DiagramError as exc:
            raise CommandError(f"Cannot draw the diagram: {exc}.") from None
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(result.data)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror}.") from None
        if result.fallback_note:
            self.stderr.write(result.fallback_note)
        self.stderr.write(f"Wrote {out} ({len(result.data):,} bytes, {result.detail} detail)")

"""``manage.py create_project NAME [--slug S] [--owner USER] [--from FILE | --demo]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from designer.core import document
from projects.demo import DEMO_SCHEMA
from projects.management.commands._common import read_schema_file, reported, user_by_name
from projects.services import project_create


class Command(BaseCommand):
    help = "Create a project: empty, from the demo schema, or from a schema file (.json, .sql, .prisma, .dbml)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The project's name.")
        parser.add_argument("--slug", help="Its address (default: made from the name).")
        parser.add_argument("--owner", help="The user who owns it (default: none; add members later).")
        parser.add_argument("--description", default="")
        start = parser.add_mutually_exclusive_group()
        start.add_argument("--from", dest="source", metavar="FILE", help="Start from this schema file.")
        start.add_argument("--demo", action="store_true", help="Start from the fitness demo schema.")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = user_by_name(options["owner"])
        schema, summary = None, "Created the project"
        if options["source"]:
            schema, summary = read_schema_file(options["source"]), f"Created the project from {options['source']}"
        elif options["demo"]:
            schema, summary = document.loads(DEMO_SCHEMA.read_text("utf-8")), "Created the project from the demo"
        with reported():
            project = project_create(owner=owner, name=options["name"], slug=options["slug"],
                                     description=options["description"], schema=schema, summary=summary)
        tables = len(schema.tables) if schema is not None else 0
        self.stdout.write(f"Created project {project.slug} ({tables} table(s)).")

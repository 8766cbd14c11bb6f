"""``manage.py schema_versions SLUG [--diff A B | --restore N | --undo | --redo | --deployed N|none]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from projects import selectors
from projects.linting import change_report_text
from projects.management.commands._common import project_by_slug, reported, user_by_name
from projects.services import project_deployed_set, schema_redo, schema_undo, version_restore


class Command(BaseCommand):
    help = ("List a project's versions, say what changed between two, restore one, or undo or redo the latest "
            "change (each recorded as a new version).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The project.")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--diff", nargs=2, type=int, metavar=("A", "B"), help="What changed from A to B.")
        action.add_argument("--restore", type=int, metavar="N", help="Make version N the current schema again.")
        action.add_argument("--undo", action="store_true", help="Undo the latest change (again: the one before it).")
        action.add_argument("--redo", action="store_true", help="Redo the change the latest undo took back.")
        action.add_argument("--deployed", metavar="N|none",
                            help="Mark version N as the one in production (checks then add the migration risks of "
                                 "the changes since it); none: no version is.")
        parser.add_argument("--report", action="store_true",
                            help="With --diff: print a Markdown report of the changes and their migration risks.")
        parser.add_argument("--user", help="Act as this user (their role is checked); by default a local operator.")

    def handle(self, *args: Any, **options: Any) -> None:
        project = project_by_slug(options["slug"])
        if options["report"] and not options["diff"]:
            raise CommandError("--report goes with --diff A B.")
        if options["diff"]:
            old, new = options["diff"]
            if options["report"]:
                with reported():
                    self.stdout.write(change_report_text(project, old, new), ending="")
                return
            with reported():
                changes = selectors.version_changes(project, old, new)
            for change in changes:
                self.stdout.write(str(change))
            if not changes:
                self.stdout.write(f"No differences between version {old} and version {new}.")
            return
        if options["restore"] is not None:
            user = user_by_name(options["user"])
            with reported():
                outcome = version_restore(project=project, user=user, number=options["restore"], base_version=None)
            if outcome.changed:
                self.stdout.write(f"Restored version {options['restore']} as version {outcome.version.number}.")
            else:
                self.stdout.write(f"Version {options['restore']} is the current schema already: nothing changed.")
            return
        if options["deployed"] is not None:
            given = options["deployed"]
            if given != "none" and not given.isdigit():
                raise CommandError(f"--deployed takes a version number or none, not {given!r}.")
            number = None if given == "none" else int(given)
            with reported():
                project_deployed_set(project=project, user=user_by_name(options["user"]), number=number)
            self.stdout.write(f"Version {number} is marked as deployed." if number else "No version is marked as "
                              "deployed.")
            return
        if options["undo"] or options["redo"]:
            step = schema_undo if options["undo"] else schema_redo
            with reported():
                outcome = step(project=project, user=user_by_name(options["user"]), base_version=None)
            self.stdout.write(f"{outcome.version.summary} (now version {outcome.version.number}).")
            return
        for v in selectors.version_list(project):
            author = v.author.get_username() if v.author else "-"
            deployed = "  (deployed)" if v.number == project.deployed_version else ""
            self.stdout.write(f"{v.number:>5}  {v.created_at:%Y-%m-%d %H:%M}  {author:<16} {v.summary}{deployed}")

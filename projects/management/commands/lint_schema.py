"""``manage.py lint_schema SLUG|--file F [--since N|--old F] [--profile P] [--format text|json|sarif]``.

Checks a schema against the design rules; given what it was before (a version of the project,
or a schema file), the migration rules check the change too. Exits with status 1 when there are
error-level findings, so a pipeline can fail on them; SARIF output is what code-scanning tools
(GitHub's among them) read.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from designer.core.diagnostics import Level
from designer.core.validate import ConfigError, LintConfig, lint, profiles, to_json, to_sarif
from projects.linting import lint_project
from projects.management.commands._common import FAILED, NO_SYSTEM_CHECKS, project_by_slug, read_schema_file, reported


class Command(BaseCommand):
    requires_system_checks = NO_SYSTEM_CHECKS
    help = "Check a project's schema (or a schema file) against the design rules; exit 1 on errors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="?", help="The project to check (or give --file).")
        parser.add_argument("--file", help="Check this schema file instead: .json, .sql, .prisma or .dbml.")
        parser.add_argument("--profile", choices=[p.name for p in profiles()],
                            help="The rule profile (default: the project's, or recommended for a file).")
        parser.add_argument("--format", choices=["text", "json", "sarif"], default="text")
        before = parser.add_mutually_exclusive_group()
        before.add_argument("--since", type=int, metavar="N",
                            help="Also check the change from the project's version N (the migration rules).")
        before.add_argument("--old", metavar="FILE",
                            help="Also check the change from this schema file (the deployed one, say).")

    def handle(self, *args: Any, **options: Any) -> None:
        slug, file, profile = options["slug"], options["file"], options["profile"]
        if (slug is None) == (file is None):
            raise CommandError("Name a project (SLUG) or a schema file (--file), one of the two.")
        if options["since"] is not None and file is not None:
            raise CommandError("--since names a version of a project: give SLUG, or compare files with --old.")
        with reported():
            old = read_schema_file(options["old"]) if options["old"] else None
            if file is not None:
                try:
                    config = LintConfig.from_dict({"profile": profile} if profile else {})
                except ConfigError as exc:
                    raise CommandError(str(exc)) from None
                findings = lint(read_schema_file(file), config, old=old)
            else:
                findings = lint_project(project_by_slug(slug), profile=profile, since=options["since"], old=old)
        fmt = options["format"]
        if fmt == "json":
            self.stdout.write(json.dumps(to_json(findings), indent=2, ensure_ascii=False))
        elif fmt == "sarif":
            self.stdout.write(json.dumps(to_sarif(findings, artifact_uri=file), indent=2, ensure_ascii=False))
        else:
            for finding in findings:
                fix = f"\n  fix ({finding.id}): {finding.fix.description}" if finding.fix else ""
                self.stdout.write(f"{finding.diagnostic}{fix}")
        counts = Counter(f.diagnostic.level for f in findings)
        summary = (f"{counts[Level.ERROR]} error(s), {counts[Level.WARNING]} warning(s), "
                   f"{counts[Level.INFO]} note(s)")
        if counts[Level.ERROR]:
            raise CommandError(f"The schema has errors: {summary}.", returncode=FAILED)
        self.stderr.write(summary)

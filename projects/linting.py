"""The validator at the edge: a project's findings under its rule settings, and applying a fix.

A fix is an edit like any other, so applying one goes through ``schema_apply``: it is
checked against the version the user saw, recorded as a version, and undoable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from designer.core import ir
from designer.core.changereport import change_report
from designer.core.diff import schema_changes
from designer.core.edits import Batch
from designer.core.validate import ConfigError, Finding, LintConfig, find, lint
from designer.core.validate.registry import DIFF_GROUP
from projects.models import Project
from projects.selectors import schema_get, version_schema
from projects.services import EditOutcome, ServiceError, UserLike, project_settings_update, schema_apply


def lint_config(project: Project, *, profile: str | None = None) -> LintConfig:
    """The project's rule settings (optionally with another profile), as the validator reads them."""
    settings: dict[str, Any] = dict(project.lint_settings or {})
    if profile:
        settings["profile"] = profile
    try:
        return LintConfig.from_dict(settings)
    except ConfigError as exc:
        raise ServiceError(f"The rule settings are not valid: {exc}", field=exc.key or "lint_settings") from None


def lint_project(project: Project, *, schema: ir.Schema | None = None, profile: str | None = None,
                 since: int | None = None, old: ir.Schema | None = None) -> list[Finding]:
    """Every finding on the project's current schema (or ``schema``), errors first.

    ``since`` (a version number) or ``old`` (a schema) is what the schema was before, by default
    the version the project marks as deployed: the migration rules then check the change too.

    Raises:
        ServiceError: no version ``since`` (field ``since``), or rule settings that are not valid.
    """
    if since is None and old is None and project.deployed_version not in (None, project.version):
        since = project.deployed_version
    if since is not None:
        old = _version(project, since, "since")
    return lint(schema if schema is not None else schema_get(project), lint_config(project, profile=profile), old=old)


def lint_change(project: Project, old: int, new: int) -> list[Finding]:
    """The migration rules' findings on the change from version ``old`` to version ``new``."""
    return lint(_version(project, new, "to"), lint_config(project), old=_version(project, old, "from"),
                tags=(DIFF_GROUP,))


def change_report_text(project: Project, old: int, new: int) -> str:
    """The change from version ``old`` to ``new`` as a Markdown report: the changes, then their risks."""
    findings = lint_change(project, old, new)
    changes = schema_changes(_version(project, old, "from"), _version(project, new, "to"))
    return change_report(f"{project.name}: v{old} → v{new}", changes, findings)


def _version(project: Project, number: int, field: str) -> ir.Schema:
    try:
        return version_schema(project, number)
    except Http404:
        raise ServiceError(f"There is no version {number}.", field=field) from None


def fix_apply(*, project: Project, user: UserLike, finding_id: str, base_version: int | None) -> EditOutcome:
    """Apply the automatic fix of finding ``finding_id`` as a new version.

    Raises:
        ServiceError: the finding is gone (fixed, or the schema changed) or has no fix.
        ConflictError: ``base_version`` is not the latest version.
    """
    finding = find(lint_project(project), finding_id)
    if finding is None:
        raise ServiceError("That finding is no longer there: the schema changed or it was already fixed.",
                           field="finding")
    fix = finding.fix
    if fix is None:
        raise ServiceError(f"{finding.diagnostic.code} has no automatic fix: {finding.diagnostic.hint}",
                           field="finding")
    edit = Batch((fix.edit,), description=f"Fixed {finding.diagnostic.code}: {fix.description}")
    return schema_apply(project=project, user=user, edit=edit, base_version=base_version)


def lint_settings_update(*, project: Project, user: UserLike, settings: Mapping[str, Any]) -> Project:
    """Store new rule settings after the validator has accepted them (a clear error otherwise)."""
    try:
        LintConfig.from_dict(settings)
    except ConfigError as exc:
        raise ServiceError(str(exc), field=exc.key or "lint_settings") from None
    return project_settings_update(project=project, user=user, lint_settings=settings)

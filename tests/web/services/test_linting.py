"""Findings of a project, and fixes applied as versions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from projects.linting import fix_apply, lint_project, lint_settings_update
from projects.models import Project
from projects.selectors import schema_get
from projects.services import ConflictError, ServiceError, schema_undo

pytestmark = pytest.mark.django_db


def test_applying_a_fix_removes_its_finding_as_a_new_version(project: Project, editor: User) -> None:
    finding = next(f for f in lint_project(project) if f.fixable)
    outcome = fix_apply(project=project, user=editor, finding_id=finding.id, base_version=1)
    assert outcome.version.number == 2
    assert outcome.version.summary.startswith(f"Fixed {finding.diagnostic.code}: ")
    assert finding.id not in {f.id for f in lint_project(project)}
    schema_undo(project=project, user=editor, base_version=2)
    assert finding.id in {f.id for f in lint_project(project)}


def test_a_fix_on_a_stale_version_is_refused(project: Project, editor: User) -> None:
    first, second = [f for f in lint_project(project) if f.fixable][:2]
    fix_apply(project=project, user=editor, finding_id=first.id, base_version=1)
    with pytest.raises(ConflictError):
        fix_apply(project=project, user=editor, finding_id=second.id, base_version=1)


def test_a_gone_finding_or_a_viewer_is_refused(project: Project, viewer: User, editor: User) -> None:
    with pytest.raises(ServiceError, match="no longer there"):
        fix_apply(project=project, user=editor, finding_id="nope", base_version=1)
    finding = next(f for f in lint_project(project) if f.fixable)
    with pytest.raises(PermissionDenied):
        fix_apply(project=project, user=viewer, finding_id=finding.id, base_version=1)
    assert schema_get(project) is not None and project.version == 1


def test_profiles_and_settings(project: Project, editor: User) -> None:
    recommended = {f.id for f in lint_project(project)}
    strict = {f.id for f in lint_project(project, profile="strict-postgres")}
    assert recommended != strict
    with pytest.raises(ServiceError) as err:
        lint_settings_update(project=project, user=editor, settings={"profile": "nope"})
    assert "nope" in err.value.message
    lint_settings_update(project=project, user=editor, settings={"profile": "strict-postgres"})
    project.refresh_from_db()
    assert {f.id for f in lint_project(project)} == strict

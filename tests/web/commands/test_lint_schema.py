"""lint_schema: text, JSON and SARIF output; exit 1 on error-level findings; projects and files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from designer.core import edits, ir
from designer.core.types import parse_type
from designer.core.validate import lint
from projects.models import Project
from projects.services import project_create, schema_apply
from tests.conftest import DEMO_SCHEMA
from tests.web.commands.conftest import fails, run

NO_PRIMARY_KEY = "CREATE TABLE things (name text);\n"


def test_a_project_without_errors_passes_and_prints_its_findings(project: Project, demo_schema: ir.Schema) -> None:
    findings = lint(demo_schema)
    assert findings and not any(f.diagnostic.level.label == "error" for f in findings)
    out = run("lint_schema", "fitness")
    assert findings[0].diagnostic.message in out.stdout
    assert "0 error(s)" in out.stderr


def test_json_lists_every_finding(project: Project, demo_schema: ir.Schema) -> None:
    out = json.loads(run("lint_schema", "fitness", "--format", "json").stdout)
    assert [f["id"] for f in out] == [f.id for f in lint(demo_schema)]
    assert {"id", "rule", "level", "message", "path", "hint", "fix"} <= set(out[0])


@pytest.mark.django_db
def test_errors_exit_with_status_1(tmp_path: Path) -> None:
    source = tmp_path / "things.sql"
    source.write_text(NO_PRIMARY_KEY)
    error = fails("lint_schema", "--file", str(source))
    assert error.returncode == 1
    assert "The schema has errors" in str(error)


@pytest.mark.django_db
def test_a_stored_project_with_errors_fails_too(tmp_path: Path) -> None:
    project_create(owner=None, name="Things", slug="things",
                   schema=ir.Schema(tables=(ir.Table("things", columns=(ir.Column("name", parse_type("text")),)),)))
    assert fails("lint_schema", "things").returncode == 1


@pytest.mark.django_db
def test_sarif_is_a_code_scanning_log_pointing_at_the_file(tmp_path: Path) -> None:
    source = tmp_path / "things.sql"
    source.write_text(NO_PRIMARY_KEY)
    failure = fails("lint_schema", "--file", str(source), "--format", "sarif")
    assert failure.returncode == 1
    log = json.loads(failure.stdout)
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results if r["level"] == "error"} >= {"integrity.pk-required"}
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == str(source)


@pytest.mark.django_db
def test_a_clean_file_passes() -> None:
    out = run("lint_schema", "--file", str(DEMO_SCHEMA), "--format", "sarif")
    assert json.loads(out.stdout)["runs"][0]["results"]
    assert "0 error(s)" in out.stderr


def test_another_profile_changes_the_findings(project: Project, demo_schema: ir.Schema) -> None:
    default = run("lint_schema", "fitness", "--format", "json").stdout
    strict = run("lint_schema", "fitness", "--format", "json", "--profile", "sqlalchemy-strict").stdout
    assert default != strict


def test_since_checks_the_change_from_a_version(project: Project) -> None:
    schema_apply(project=project, user=None, edit=edits.DeleteColumn("workouts", "notes"), base_version=1)
    assert "migration." not in run("lint_schema", "fitness", "--format", "json").stdout
    failure = fails("lint_schema", "fitness", "--since", "1", "--format", "json")
    assert failure.returncode == 1  # dropping a column is an error under every profile
    dropped = [f for f in json.loads(failure.stdout) if f["rule"] == "migration.drop-column"]
    assert [f["path"] for f in dropped] == ["workouts.notes"]
    assert "There is no version 9" in str(fails("lint_schema", "fitness", "--since", "9"))


@pytest.mark.django_db
def test_old_compares_two_files(tmp_path: Path) -> None:
    (tmp_path / "old.sql").write_text("CREATE TABLE things (id bigint PRIMARY KEY, name text);\n")
    (tmp_path / "new.sql").write_text("CREATE TABLE things (id bigint PRIMARY KEY, name text NOT NULL);\n")
    # The bare table breaks schema rules too (no timestamps): the command fails, and lists everything.
    out = fails("lint_schema", "--file", str(tmp_path / "new.sql"), "--old", str(tmp_path / "old.sql"),
                "--format", "json").stdout
    assert ("migration.set-not-null", "things.name") in {(f["rule"], f["path"]) for f in json.loads(out)}


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), [
    (["nope"], "There is no project 'nope'"),
    ([], "Name a project (SLUG) or a schema file (--file)"),
    (["--file", str(DEMO_SCHEMA), "--since", "1"], "--since names a version of a project"),
])
def test_failures_say_what_is_wrong(args: list[str], message: str) -> None:
    assert message in str(fails("lint_schema", *args))

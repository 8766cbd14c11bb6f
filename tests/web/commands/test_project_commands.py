"""create_project and schema_versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from designer.core import edits, ir
from projects.models import Membership, Project, Role
from projects.selectors import schema_get, version_list
from projects.services import schema_apply
from tests.conftest import DEMO_SCHEMA
from tests.web.commands.conftest import fails, run


@pytest.mark.django_db
def test_create_an_empty_project() -> None:
    out = run("create_project", "Empty one")
    assert "Created project empty-one (0 table(s))" in out.stdout
    assert schema_get(Project.objects.get(slug="empty-one")).tables == ()


def test_create_from_a_file_with_an_owner(owner: User, demo_schema: ir.Schema) -> None:
    run("create_project", "Gym", "--slug", "gym", "--owner", "olga", "--from", str(DEMO_SCHEMA))
    gym = Project.objects.get(slug="gym")
    assert schema_get(gym).tables == demo_schema.tables
    assert Membership.objects.get(project=gym, user=owner).role == Role.OWNER


@pytest.mark.django_db
def test_create_from_the_demo(demo_schema: ir.Schema) -> None:
    run("create_project", "Demo copy", "--demo")
    assert len(schema_get(Project.objects.get(slug="demo-copy")).tables) == len(demo_schema.tables)


@pytest.mark.django_db
def test_create_from_sql(tmp_path: Path) -> None:
    source = tmp_path / "a.sql"
    source.write_text("CREATE TABLE a (id int PRIMARY KEY);")
    run("create_project", "From SQL", "--from", str(source))
    assert [t.name for t in schema_get(Project.objects.get(slug="from-sql")).tables] == ["a"]


@pytest.mark.parametrize(("args", "message"), [
    (["Again", "--slug", "fitness"], "already exists"),
    (["Bad", "--slug", "Not A Slug"], "is not a valid slug"),
    (["Owned", "--owner", "ghost"], "There is no user 'ghost'"),
    (["  "], "A project needs a name"),
    (["Missing", "--from", "/nonexistent/schema.json"], "no such file"),
])
def test_create_failures(project: Project, args: list[str], message: str) -> None:
    assert message in str(fails("create_project", *args))


@pytest.fixture
def history(project: Project, demo_schema: ir.Schema) -> Project:
    """The demo project at version 3: a column added, then a table renamed."""
    column = ir.Column("nickname", demo_schema.tables[0].columns[1].type)
    schema_apply(project=project, user=None, edit=edits.AddColumn("users", column), base_version=1)
    schema_apply(project=project, user=None, edit=edits.RenameTable("exercises", "movements"), base_version=2)
    return project


def test_list_versions_newest_first(history: Project) -> None:
    lines = run("schema_versions", "fitness").stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["3", "2", "1"]
    assert "Renamed table exercises to movements" in lines[0]
    assert "olga" in lines[2] and "-" in lines[0].split()  # commands act as the local operator: no author


def test_diff_in_words(history: Project) -> None:
    out = run("schema_versions", "fitness", "--diff", "1", "3").stdout
    assert "users.nickname" in out and "movements" in out


def test_a_diff_as_a_markdown_report(history: Project) -> None:
    out = run("schema_versions", "fitness", "--diff", "1", "3", "--report").stdout
    assert out.startswith("# Fitness: v1 → v3") and "## Migration risks" in out
    assert "`movements`" in out and "(`migration.rename-table`)" in out
    assert "--report goes with --diff" in str(fails("schema_versions", "fitness", "--report"))


def test_restore_records_a_new_version(history: Project, demo_schema: ir.Schema) -> None:
    out = run("schema_versions", "fitness", "--restore", "1")
    assert "Restored version 1 as version 4" in out.stdout
    assert schema_get(history) == demo_schema
    assert [v.number for v in version_list(history)] == [4, 3, 2, 1]


def test_undo_and_redo_step_through_the_history(history: Project) -> None:
    assert "Undid: Renamed table exercises to movements (now version 4)" in run("schema_versions", "fitness",
                                                                               "--undo").stdout
    assert "Undid: Added column users.nickname (now version 5)" in run("schema_versions", "fitness", "--undo").stdout
    assert "Redid: Added column users.nickname (now version 6)" in run("schema_versions", "fitness", "--redo").stdout
    users = schema_get(history).table("users")
    assert users is not None and users.column("nickname") is not None
    assert schema_get(history).table("exercises") is not None


def test_a_deployed_version_adds_the_migration_risks_since_it_to_checks(history: Project) -> None:
    assert "Version 1 is marked as deployed" in run("schema_versions", "fitness", "--deployed", "1").stdout
    assert "(deployed)" in run("schema_versions", "fitness").stdout.splitlines()[-1]
    checked = run("lint_schema", "fitness", "--format", "json").stdout  # the rename since v1 is a risk
    assert ("migration.rename-table", "movements") in {(f["rule"], f["path"]) for f in json.loads(checked)}
    assert "No version is marked" in run("schema_versions", "fitness", "--deployed", "none").stdout
    assert "migration." not in run("lint_schema", "fitness", "--format", "json").stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--deployed", "9"], "There is no version 9"),
    (["--deployed", "latest"], "--deployed takes a version number or none"),
    (["--redo"], "There is nothing to redo"),
    (["--undo", "--user", "ghost"], "There is no user 'ghost'"),
    (["--restore", "9"], "There is no version 9"),
    (["--diff", "1", "9"], "No version 9"),
    (["--restore", "1", "--user", "ghost"], "There is no user 'ghost'"),
])
def test_version_failures(history: Project, args: list[str], message: str) -> None:
    assert message in str(fails("schema_versions", "fitness", *args))

"""Projects, settings and members through the API, with the page's permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from designer.core import document, ir
from projects.models import Membership, Project, Role
from projects.selectors import schema_get
from tests.conftest import DEMO_SCHEMA
from tests.web.api.conftest import Team


def test_list_searches_and_paginates(team: Team) -> None:
    for n in range(3):
        team.owner.post("/api/projects", {"name": f"Shop {n}"}, format="json")
    page = team.owner.get("/api/projects?q=shop&limit=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"] is not None
    rest = team.owner.get("/api/projects?q=shop&limit=2&offset=2").json()
    assert [p["name"] for p in page["results"] + rest["results"]] == ["Shop 0", "Shop 1", "Shop 2"]
    seen_by_viewer = team.viewer.get("/api/projects").json()["results"]
    assert [(p["slug"], p["role"]) for p in seen_by_viewer] == [("fitness", "viewer")]
    assert team.stranger.get("/api/projects").json()["count"] == 0


def test_create_blank(team: Team) -> None:
    response = team.stranger.post("/api/projects", {"name": "Mine", "slug": "mine", "description": "x"}, format="json")
    assert response.status_code == 201
    assert response.json() | {"created_at": None, "updated_at": None} == {
        "slug": "mine", "name": "Mine", "description": "x", "version": 1, "role": "owner", "deleted_at": None,
        "created_at": None, "updated_at": None}
    assert schema_get(Project.objects.get(slug="mine")).tables == ()


def test_create_from_the_demo_template(team: Team, demo_schema: ir.Schema) -> None:
    response = team.stranger.post("/api/projects", {"name": "Gym", "template": "demo"}, format="json")
    assert schema_get(Project.objects.get(slug=response.json()["slug"])) == demo_schema


def test_create_from_a_document(team: Team, demo_schema: ir.Schema) -> None:
    doc = document.schema_to_document(demo_schema)
    response = team.stranger.post("/api/projects", {"name": "Copy", "document": doc}, format="json")
    assert response.status_code == 201
    assert schema_get(Project.objects.get(slug="copy")).tables == demo_schema.tables


def test_create_from_an_import(team: Team) -> None:
    sql = "CREATE TABLE shops (id bigint PRIMARY KEY, name text NOT NULL);"
    response = team.stranger.post("/api/projects", {"name": "Shops", "description": "imported",
                                                    "import_source": {"text": sql}}, format="json")
    assert response.status_code == 201, response.json()
    project = Project.objects.get(slug="shops")
    assert [t.name for t in schema_get(project).tables] == ["shops"] and project.description == "imported"


@pytest.mark.parametrize(("body", "field"), [
    ({"name": ""}, "name"),
    ({"name": "Again", "slug": "fitness"}, "slug"),
    ({"name": "Bad", "slug": "Not a slug"}, "slug"),
    ({"name": "Two", "template": "demo", "document": {"tables": []}}, "template"),
    ({"name": "Doc", "document": {"tables": [{"name": "t", "columns": [{"name": "c", "type": "nonsense("}]}]}},
     "document"),
    ({"name": "Imp", "import_source": {"format": "sql", "text": "CREATE TABLE (;"}}, "import_source.text"),
    ({"name": "Imp", "import_source": {}}, "import_source.text"),
])
def test_create_refusals_name_the_field(team: Team, body: dict[str, Any], field: str) -> None:
    response = team.owner.post("/api/projects", body, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == field, response.json()
    assert response.json()["message"]


def test_a_broken_document_says_where(team: Team) -> None:
    doc = {"tables": [{"name": "t", "columns": [{"name": "c", "type": "nonsense("}]}]}
    error = team.owner.post("/api/projects", {"name": "Doc", "document": doc}, format="json").json()
    assert error["path"] == "tables[0].columns[0].type"


def test_retrieve_update_delete_restore(team: Team) -> None:
    assert team.viewer.get(team.base).json()["role"] == "viewer"
    assert team.editor.patch(team.base, {"name": "Renamed"}, format="json").status_code == 403
    renamed = team.owner.patch(team.base, {"name": "Renamed", "description": "new"}, format="json").json()
    assert renamed["name"] == "Renamed" and renamed["description"] == "new"
    assert team.editor.delete(team.base).status_code == 403
    assert team.owner.delete(team.base).status_code == 204
    assert team.owner.get(team.base).status_code == 404
    trash = team.owner.get("/api/projects?trashed=true").json()["results"]
    assert [p["slug"] for p in trash] == ["fitness"] and trash[0]["deleted_at"]
    assert team.editor.post(f"{team.base}/restore").status_code == 403
    restored = team.owner.post(f"{team.base}/restore").json()
    assert restored["deleted_at"] is None and team.viewer.get(team.base).status_code == 200


def test_non_members_get_404_everywhere(team: Team) -> None:
    for path in ("", "/schema", "/tables", "/tables/users", "/tables/users/columns/email", "/members", "/versions",
                 "/lint", "/export/sql", "/settings", "/enums", "/diagram.svg"):
        response = team.stranger.get(f"{team.base}{path}")
        assert response.status_code == 404, path
        assert response.json()["message"] == "No such project."
    assert team.stranger.patch(team.base, {"name": "x"}, format="json").status_code == 404


def test_settings_are_read_by_members_and_changed_by_editors(team: Team) -> None:
    assert team.viewer.get(f"{team.base}/settings").json() == {"lint_settings": {}, "export_settings": {},
                                                               "deployed_version": None}
    body = {"lint_settings": {"profile": "drizzle-fitness"}, "export_settings": {"sql": {"idempotent": True}}}
    assert team.viewer.patch(f"{team.base}/settings", body, format="json").status_code == 403
    assert team.editor.patch(f"{team.base}/settings", body, format="json").json() == {**body,
                                                                                      "deployed_version": None}
    team.project.refresh_from_db()
    assert team.project.lint_settings == {"profile": "drizzle-fitness"}


def test_a_deployed_version_adds_its_migration_risks_to_lint(team: Team) -> None:
    assert team.editor.delete(f"{team.base}/tables/workouts/columns/notes?base_version=1").status_code == 200
    assert not [f for f in team.viewer.get(f"{team.base}/lint").json()["findings"]
                if f["rule"].startswith("migration.")]
    marked = team.editor.patch(f"{team.base}/settings", {"deployed_version": 1}, format="json").json()
    assert marked["deployed_version"] == 1
    risks = {(f["rule"], f["path"]) for f in team.viewer.get(f"{team.base}/lint").json()["findings"]}
    assert ("migration.drop-column", "workouts.notes") in risks
    cleared = team.editor.patch(f"{team.base}/settings", {"deployed_version": None}, format="json").json()
    assert cleared["deployed_version"] is None


@pytest.mark.parametrize(("body", "field"), [
    ({"deployed_version": 42}, "deployed_version"),
    ({"deployed_version": 0}, "deployed_version"),
    ({"lint_settings": {"profile": "no-such-profile"}}, "profile"),
    ({"export_settings": {"sql": {"colour": "blue"}}}, "export_settings"),
    ({"export_settings": {"cobol": {}}}, "export_settings"),
])
def test_bad_settings_are_refused(team: Team, body: dict[str, Any], field: str) -> None:
    response = team.owner.patch(f"{team.base}/settings", body, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == field, response.json()


# Members --------------------------------------------------------------------------------------


def test_members_are_listed_to_every_member(team: Team) -> None:
    listed = team.viewer.get(f"{team.base}/members").json()
    assert {m["username"]: m["role"] for m in listed["results"]} == {"olga": "owner", "eddie": "editor",
                                                                      "vera": "viewer"}
    assert team.viewer.get(f"{team.base}/members/eddie").json()["role"] == "editor"


def test_only_owners_manage_members(team: Team) -> None:
    User.objects.create_user("nina")
    assert team.editor.post(f"{team.base}/members", {"username": "nina"}, format="json").status_code == 403
    added = team.owner.post(f"{team.base}/members", {"username": "nina", "role": "editor"}, format="json")
    assert added.status_code == 201 and added.json()["role"] == "editor"
    assert team.editor.patch(f"{team.base}/members/nina", {"role": "owner"}, format="json").status_code == 403
    assert team.owner.patch(f"{team.base}/members/nina", {"role": "viewer"}, format="json").json()["role"] == "viewer"
    assert team.editor.delete(f"{team.base}/members/nina").status_code == 403
    assert team.owner.delete(f"{team.base}/members/nina").status_code == 204
    assert not Membership.objects.filter(user__username="nina").exists()


def test_member_refusals(team: Team) -> None:
    unknown = team.owner.post(f"{team.base}/members", {"username": "ghost"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["field"] == "username"
    assert team.owner.get(f"{team.base}/members/ghost").status_code == 404
    last_owner = team.owner.patch(f"{team.base}/members/olga", {"role": "viewer"}, format="json")
    assert last_owner.status_code == 400 and "at least one owner" in last_owner.json()["message"]
    assert team.owner.delete(f"{team.base}/members/olga").status_code == 400
    assert Membership.objects.get(user__username="olga").role == Role.OWNER


def test_the_demo_file_is_the_demo(demo_schema: ir.Schema) -> None:
    assert document.loads(DEMO_SCHEMA.read_text("utf-8")) == demo_schema

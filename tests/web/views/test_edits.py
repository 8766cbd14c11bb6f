"""Every edit form of the project page: success, a refused input kept with its message, a stale edit.

An edit is an htmx POST; success answers with the inspector plus out-of-band swaps of the table
list, the version bar, the diagram and the problems panel; a refusal answers 422 with the same
form, the user's input and the message next to the field; a stale edit answers 409 with a
conflict message and a reload link, and nothing is written.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from designer.core import ir
from designer.core.types import LogicalType
from projects.models import Project
from projects.selectors import schema_get
from tests.web.views.conftest import htmx

pytestmark = pytest.mark.django_db


def post(client: Client, project: Project, action: str, data: dict[str, Any], *, base: int | None = None,
         plain: bool = False) -> Any:
    project.refresh_from_db()
    payload = {"base_version": project.version if base is None else base, **data}
    return client.post(f"/p/{project.slug}/edit/{action}/", payload, headers=None if plain else htmx())


def schema(project: Project) -> ir.Schema:
    project.refresh_from_db()
    return schema_get(project)


def column(project: Project, table: str, name: str) -> ir.Column | None:
    t = schema(project).find_table(table)
    assert t is not None
    return t.column(name)


def column_data(table: str, name: str, type_: str = "text", **extra: Any) -> dict[str, Any]:
    return {"table": table, "name": name, "type": type_, "size": "", "default": "", "default_value": "",
            "comment": "", **extra}


# Success --------------------------------------------------------------------------------------


@pytest.mark.smoke
def test_creating_a_table_selects_it_and_updates_every_region(client_owner: Client, project: Project) -> None:
    before = project.version
    response = post(client_owner, project, "table-create", {"name": "coaches", "key": "uuid"})
    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#inspector"
    assert 'data-selected-table="coaches"' in body
    for oob in ('id="table-list"', 'id="version-bar"', 'id="diagram-refresh"', 'id="problems-refresh"'):
        assert oob in body
    assert body.count('hx-swap-oob="true"') >= 4
    assert f'data-version="{before + 1}"' in body
    t = schema(project).find_table("coaches")
    assert t is not None and t.primary_key is not None and t.primary_key.columns == ("id",)
    assert "?table=coaches" in response["HX-Replace-Url"]


def test_adding_a_column_with_size_array_default_and_keys(client_owner: Client, project: Project) -> None:
    data = column_data("users", "nickname", "varchar", size="40", unique="on", default="literal",
                       default_value="anon", comment="Shown in the app")
    response = post(client_owner, project, "column-add", data)
    assert response.status_code == 200, response.content.decode()[:500]
    c = column(project, "users", "nickname")
    assert c is not None and c.type.sql == "varchar(40)" and not c.nullable
    assert c.default == ir.Default.literal("anon") and c.comment == "Shown in the app"
    users = schema(project).find_table("users")
    assert users is not None and any(u.columns == ("nickname",) for u in users.uniques)
    response = post(client_owner, project, "column-add", column_data("users", "labels", "text", array="on",
                                                                     nullable="on", default="now()"))
    assert response.status_code == 200
    labels = column(project, "users", "labels")
    assert labels is not None and labels.type.array_dims == 1 and labels.default == ir.Default.expression("now()")


def test_editing_a_column_in_the_grid_renames_it_and_changes_its_type(client_owner: Client, project: Project) -> None:
    data = column_data("workouts", "title", "varchar", size="120", column_name="name", row="3")
    response = post(client_owner, project, "column-update", data)
    assert response.status_code == 200
    assert column(project, "workouts", "name") is None
    title = column(project, "workouts", "title")
    assert title is not None and title.type.sql == "varchar(120)" and not title.nullable


def test_the_primary_key_checkbox_adds_and_removes_a_column_from_the_key(client_owner: Client,
                                                                          project: Project) -> None:
    post(client_owner, project, "table-create", {"name": "tags", "key": "none"})
    post(client_owner, project, "column-add", column_data("tags", "slug", pk="on"))
    t = schema(project).find_table("tags")
    assert t is not None and t.primary_key is not None and t.primary_key.columns == ("slug",)
    response = post(client_owner, project, "column-update", column_data("tags", "slug", column_name="slug",
                                                                         nullable="on"))
    assert response.status_code == 200
    t = schema(project).find_table("tags")
    assert t is not None and t.primary_key is None


def test_identity_default_and_preset_defaults(client_owner: Client, project: Project) -> None:
    post(client_owner, project, "table-create", {"name": "events", "key": "none"})
    post(client_owner, project, "column-add", column_data("events", "id", "bigint", default="identity", pk="on"))
    post(client_owner, project, "column-add", column_data("events", "uid", "uuid", default="gen_random_uuid()"))
    ident = column(project, "events", "id")
    uid = column(project, "events", "uid")
    assert ident is not None and ident.identity is ir.Identity.BY_DEFAULT and ident.default is None
    assert uid is not None and uid.default == ir.Default.expression("gen_random_uuid()")


def test_deleting_and_moving_columns(client_owner: Client, project: Project) -> None:
    names = [c.name for c in schema(project).find_table("workouts").columns]  # type: ignore[union-attr]
    post(client_owner, project, "column-move", {"table": "workouts", "column_name": names[-1], "to": "1"})
    moved = [c.name for c in schema(project).find_table("workouts").columns]  # type: ignore[union-attr]
    assert moved[1] == names[-1]
    response = post(client_owner, project, "column-delete", {"table": "workouts", "column_name": "notes"})
    assert response.status_code == 200
    assert column(project, "workouts", "notes") is None


def test_a_foreign_key_to_a_new_column_shows_its_cardinality(client_owner: Client, project: Project) -> None:
    post(client_owner, project, "table-create", {"name": "coaches", "key": "bigint"})
    response = post(client_owner, project, "fk-add", {
        "table": "workouts", "column": "__new__", "ref_table": "coaches", "ref_column": "id",
        "on_delete": "set_null", "on_update": "no_action", "name": ""})
    body = response.content.decode()
    assert response.status_code == 200, body[:800]
    c = column(project, "workouts", "coach_id")
    assert c is not None and c.nullable and c.type.logical is LogicalType.BIGINT
    fk = next(f for f in schema(project).find_table("workouts").foreign_keys  # type: ignore[union-attr]
              if f.ref_table == "coaches")
    assert fk.on_delete is ir.Action.SET_NULL and fk.columns == ("coach_id",)
    assert "Each workout may belong to one coach; a coach has many workouts" in body


def test_changing_the_actions_of_a_foreign_key(client_owner: Client, project: Project) -> None:
    fk = schema(project).find_table("workouts").foreign_keys[0]  # type: ignore[union-attr]
    response = post(client_owner, project, "fk-actions", {"table": "workouts", "name": fk.name,
                                                          "on_delete": "restrict", "on_update": "cascade"})
    assert response.status_code == 200
    new = next(f for f in schema(project).find_table("workouts").foreign_keys  # type: ignore[union-attr]
               if f.name == fk.name)
    assert (new.on_delete, new.on_update) == (ir.Action.RESTRICT, ir.Action.CASCADE)


def test_many_to_many_creates_the_junction_table_in_one_step(client_owner: Client, project: Project) -> None:
    response = post(client_owner, project, "m2m", {"table": "users", "other": "exercises", "name": "favourites"})
    assert response.status_code == 200
    junction = schema(project).find_table("favourites")
    assert junction is not None and len(junction.foreign_keys) == 2 and "junction" in junction.tags
    assert 'data-name="favourites"' in response.content.decode()  # the table list was refreshed


def test_indexes_unique_rules_and_checks(client_owner: Client, project: Project) -> None:
    post(client_owner, project, "index-add", {"table": "workouts", "columns": ["user_id", "scheduled_on"],
                                              "method": "btree", "where": "deleted_at IS NULL", "name": ""})
    post(client_owner, project, "index-add", {"table": "users", "columns": [], "expression": "lower(email)",
                                              "unique": "on", "method": "btree", "where": "", "name": ""})
    post(client_owner, project, "index-add", {"table": "workouts", "columns": ["name", "day_index"],
                                              "unique": "on", "method": "btree", "where": "", "name": "uq_w"})
    post(client_owner, project, "check-add", {"table": "workouts", "expression": "day_index >= 0", "name": ""})
    workouts = schema(project).find_table("workouts")
    users = schema(project).find_table("users")
    assert workouts is not None and users is not None
    partial = next(i for i in workouts.indexes if i.columns == ("user_id", "scheduled_on"))
    assert partial.where == "deleted_at IS NULL"
    assert any(i.unique and i.elements[0].expression == "lower(email)" for i in users.indexes)
    assert any(u.name == "uq_w" and u.columns == ("name", "day_index") for u in workouts.uniques)
    assert any(c.expression == "day_index >= 0" for c in workouts.checks)
    name = next(c.name for c in workouts.checks if c.expression == "day_index >= 0")
    response = post(client_owner, project, "constraint-delete", {"table": "workouts", "kind": "checks", "name": name})
    assert response.status_code == 200
    assert all(c.name != name for c in schema(project).find_table("workouts").checks)  # type: ignore[union-attr]


def test_table_settings_rename_comment_tags_and_group(client_owner: Client, project: Project) -> None:
    group = schema(project).groups[0].name
    response = post(client_owner, project, "table-settings", {
        "table": "sessions", "name": "workout_sessions", "comment": "Logged training", "tags": "log, audited",
        "group": group})
    assert response.status_code == 200
    t = schema(project).find_table("workout_sessions")
    assert t is not None and t.comment == "Logged training" and t.tags == ("log", "audited") and t.group == group
    assert 'data-selected-table="workout_sessions"' in response.content.decode()


def test_deleting_a_table_with_cascade(client_owner: Client, project: Project) -> None:
    response = post(client_owner, project, "table-delete", {"table": "users"})
    assert response.status_code == 422  # still referenced
    assert schema(project).find_table("users") is not None
    response = post(client_owner, project, "table-delete", {"table": "users", "cascade": "on"})
    assert response.status_code == 200
    assert schema(project).find_table("users") is None
    assert 'data-selected-table=""' in response.content.decode()


def test_enums_and_groups(client_owner: Client, project: Project) -> None:
    response = post(client_owner, project, "enum-save", {"name": "mood", "values": "good\nbad, meh", "comment": ""})
    assert response.status_code == 200 and response["HX-Retarget"] == "#enums-page"
    assert schema(project).enum("mood") == ir.Enum("mood", ("good", "bad", "meh"))
    post(client_owner, project, "enum-save", {"original": "mood", "name": "feeling", "values": "good\nbad"})
    assert schema(project).enum("feeling") is not None and schema(project).enum("mood") is None
    post(client_owner, project, "enum-delete", {"enum": "feeling"})
    assert schema(project).enum("feeling") is None
    post(client_owner, project, "group-save", {"name": "Billing", "color": "#aa3355", "comment": ""})
    assert any(g.name == "Billing" and g.color == "#aa3355" for g in schema(project).groups)
    post(client_owner, project, "group-delete", {"group": "Billing"})
    assert all(g.name != "Billing" for g in schema(project).groups)


def test_an_enum_is_offered_and_accepted_as_a_column_type(client_owner: Client, project: Project) -> None:
    post(client_owner, project, "enum-save", {"name": "mood", "values": "good\nbad"})
    page = client_owner.get(f"/p/{project.slug}/?table=users").content.decode()
    assert '<option value="mood">' in page
    post(client_owner, project, "column-add", column_data("users", "mood", "mood", array="on"))
    c = column(project, "users", "mood")
    assert c is not None and c.type.enum == "mood" and c.type.array_dims == 1


# Refusals: the message next to the field, the input kept ----------------------------------------


def test_a_bad_type_is_refused_with_the_parser_message_next_to_the_type(client_owner: Client,
                                                                       project: Project) -> None:
    before = project.version
    response = post(client_owner, project, "column-add", column_data("users", "weird_col", "numeric", size="2,5"))
    body = response.content.decode()
    assert response.status_code == 422
    assert "scale cannot exceed its precision" in body
    assert 'value="weird_col"' in body and 'value="2,5"' in body  # what the user typed is kept
    assert 'id="newcol-size"' in body  # the same ids, so focus stays where it was
    project.refresh_from_db()
    assert project.version == before


def test_a_grid_row_with_an_error_comes_back_in_place(client_owner: Client, project: Project) -> None:
    data = column_data("users", "email", "varchar(", column_name="email", row="2")
    response = post(client_owner, project, "column-update", data)
    body = response.content.decode()
    assert response.status_code == 422
    assert 'id="colrow-2"' in body and 'id="col2-type"' in body
    assert "Missing &#x27;)&#x27;" in body
    assert 'value="varchar("' in body


def test_a_duplicate_column_name_is_shown_next_to_the_name(client_owner: Client, project: Project) -> None:
    response = post(client_owner, project, "column-add", column_data("users", "email"))
    body = response.content.decode()
    assert response.status_code == 422
    assert "already has a column named" in body
    assert body.index("already has a column named") > body.index('id="newcol-name"')


def test_a_value_default_without_a_value_is_refused(client_owner: Client, project: Project) -> None:
    response = post(client_owner, project, "column-add", column_data("users", "x", default="literal"))
    assert response.status_code == 422
    assert "Type the default value" in response.content.decode()


def test_a_bad_check_expression_is_shown_next_to_the_expression(client_owner: Client, project: Project) -> None:
    response = post(client_owner, project, "check-add", {"table": "users", "expression": "price >= ", "name": ""})
    body = response.content.decode()
    assert response.status_code == 422
    assert 'value="price &gt;= "' in body
    assert 'class="field invalid"' in body


def test_a_duplicate_table_name_is_refused(client_owner: Client, project: Project) -> None:
    response = post(client_owner, project, "table-create", {"name": "users", "key": "bigint"})
    assert response.status_code == 422
    assert "already exists" in response.content.decode()


def test_many_to_many_with_a_table_without_a_key_is_refused(client_owner: Client, project: Project) -> None:
    post(client_owner, project, "table-create", {"name": "loose", "key": "none"})
    response = post(client_owner, project, "m2m", {"table": "users", "other": "loose"})
    assert response.status_code == 422
    assert "has no primary key" in response.content.decode()


def test_a_refused_delete_is_shown_in_the_alert_area(client_owner: Client, project: Project) -> None:
    response = post(client_owner, project, "column-delete", {"table": "users", "column_name": "id"})
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#alerts"
    assert "is used by" in response.content.decode()


# Conflicts ---------------------------------------------------------------------------------------


@pytest.mark.smoke
def test_a_stale_edit_is_refused_with_a_conflict_message_and_a_reload(client_owner: Client,
                                                                     project: Project) -> None:
    stale = project.version
    post(client_owner, project, "table-create", {"name": "first", "key": "bigint"})
    response = post(client_owner, project, "table-create", {"name": "second", "key": "bigint"}, base=stale)
    body = response.content.decode()
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#alerts"
    assert "changed" in body and "Reload" in body and f"/p/{project.slug}/" in body
    assert schema(project).find_table("second") is None


@pytest.mark.parametrize("action, data", [
    ("column-add", column_data("users", "nick")),
    ("column-update", column_data("users", "email", column_name="email")),
    ("fk-add", {"table": "workouts", "column": "__new__", "ref_table": "users", "ref_column": "id",
                "on_delete": "cascade", "on_update": "no_action"}),
    ("index-add", {"table": "users", "columns": ["email"], "method": "hash"}),
    ("enum-save", {"name": "mood", "values": "a"}),
])
def test_every_edit_form_checks_the_version(client_owner: Client, project: Project, action: str,
                                            data: dict[str, Any]) -> None:
    stale = project.version
    post(client_owner, project, "table-create", {"name": "other", "key": "bigint"})
    project.refresh_from_db()
    version = project.version
    response = post(client_owner, project, action, data, base=stale)
    assert response.status_code == 409
    project.refresh_from_db()
    assert project.version == version


# Undo, permissions, fallbacks ----------------------------------------------------------------------


def test_undo_restores_the_previous_schema(client_owner: Client, project: Project) -> None:
    original = schema(project)
    post(client_owner, project, "table-create", {"name": "temp", "key": "bigint"})
    project.refresh_from_db()
    response = client_owner.post(f"/p/{project.slug}/undo/", {"base_version": project.version, "table": "temp"},
                                 headers=htmx())
    assert response.status_code == 200
    assert schema(project) == original
    assert 'data-selected-table=""' in response.content.decode()  # the undone table is gone


def test_undo_twice_then_redo_from_the_version_bar(client_owner: Client, project: Project) -> None:
    original = schema(project)
    post(client_owner, project, "table-create", {"name": "one", "key": "bigint"})
    after_one = schema(project)
    post(client_owner, project, "table-create", {"name": "two", "key": "bigint"})
    page = client_owner.get(f"/p/{project.slug}/").content.decode()
    assert 'title="Undo: Added table two' in page and 'disabled title="Nothing to redo"' in page
    for expected in (after_one, original):
        project.refresh_from_db()
        response = client_owner.post(f"/p/{project.slug}/undo/", {"base_version": project.version}, headers=htmx())
        assert response.status_code == 200 and schema(project) == expected
    body = response.content.decode()
    assert 'title="Redo: Added table one' in body and 'disabled title="Nothing to undo"' in body
    response = client_owner.post(f"/p/{project.slug}/redo/", {"base_version": project.version}, headers=htmx())
    assert response.status_code == 200 and schema(project) == after_one
    assert 'title="Redo: Added table two' in response.content.decode()


def test_redo_without_htmx_redirects_with_a_message(client_owner: Client, project: Project) -> None:
    post(client_owner, project, "table-create", {"name": "one", "key": "bigint"})
    project.refresh_from_db()
    client_owner.post(f"/p/{project.slug}/undo/", {"base_version": project.version})
    project.refresh_from_db()
    response = client_owner.post(f"/p/{project.slug}/redo/", {"base_version": project.version}, follow=True)
    assert "Redid: Added table one" in response.content.decode()
    assert schema(project).table("one") is not None


def test_undo_without_the_version_the_page_showed_is_refused(client_owner: Client, project: Project) -> None:
    post(client_owner, project, "table-create", {"name": "one", "key": "bigint"})
    project.refresh_from_db()
    version = project.version
    response = client_owner.post(f"/p/{project.slug}/undo/", {}, headers=htmx())
    assert response.status_code == 422 and "did not say which version" in response.content.decode()
    project.refresh_from_db()
    assert project.version == version


def test_undo_with_nothing_to_undo_says_so(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/undo/", {"base_version": project.version}, headers=htmx())
    assert response.status_code == 422 and "nothing to undo" in response.content.decode()


def test_a_viewer_cannot_edit(client_viewer: Client, project: Project) -> None:
    version = project.version
    response = post(client_viewer, project, "table-create", {"name": "x", "key": "bigint"})
    assert response.status_code == 403
    assert client_viewer.post(f"/p/{project.slug}/undo/", {"base_version": version}, headers=htmx()).status_code == 403
    project.refresh_from_db()
    assert project.version == version


def test_a_stranger_gets_404_on_edits(client_stranger: Client, project: Project) -> None:
    assert post(client_stranger, project, "table-create", {"name": "x", "key": "bigint"}).status_code == 404


def test_an_unknown_edit_is_404(client_owner: Client, project: Project) -> None:
    assert post(client_owner, project, "drop-database", {}).status_code == 404


def test_without_htmx_an_edit_redirects_to_the_table(client_owner: Client, project: Project) -> None:
    response = post(client_owner, project, "table-create", {"name": "plain", "key": "bigint"}, plain=True)
    assert response.status_code == 302 and response["Location"].endswith("?table=plain")

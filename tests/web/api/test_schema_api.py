"""The schema piece by piece (tables, columns, keys, indexes, checks, enums, groups) and whole (the document)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse

from designer.core import document, ir
from projects.selectors import schema_get
from tests.web.api.conftest import Team


def _schema(team: Team) -> ir.Schema:
    return schema_get(team.project)


def _body(team: Team, **fields: Any) -> dict[str, Any]:
    return {"base_version": team.version(), **fields}


# Reading --------------------------------------------------------------------------------------


def test_tables_are_listed_as_in_the_document(team: Team, demo_schema: ir.Schema) -> None:
    listed = team.viewer.get(f"{team.base}/tables").json()
    assert listed["count"] == len(demo_schema.tables)
    assert listed["results"] == document.schema_to_document(demo_schema)["tables"]
    assert team.viewer.get(f"{team.base}/tables?limit=2&offset=1").json()["results"] == listed["results"][1:3]


def test_each_piece_reads_as_in_the_document(team: Team, demo_schema: ir.Schema) -> None:
    doc = {t["name"]: t for t in document.schema_to_document(demo_schema)["tables"]}
    workouts = doc["workouts"]
    assert team.viewer.get(f"{team.base}/tables/workouts").json() == workouts
    for segment, key in (("columns", "columns"), ("foreign-keys", "foreign_keys"), ("uniques", "uniques"),
                         ("indexes", "indexes"), ("checks", "checks")):
        items = [i for t in doc.values() for i in t.get(key, []) if t["name"] == "workouts"] or \
                next(t[key] for t in doc.values() if t.get(key))
        table = "workouts" if workouts.get(key) else next(n for n, t in doc.items() if t.get(key))
        listed = team.viewer.get(f"{team.base}/tables/{table}/{segment}").json()["results"]
        assert listed == doc[table][key]
        assert items
        first = doc[table][key][0]
        assert team.viewer.get(f"{team.base}/tables/{table}/{segment}/{first['name']}").json() == first
    enums = document.schema_to_document(demo_schema)["enums"]
    assert team.viewer.get(f"{team.base}/enums").json()["results"] == enums
    assert team.viewer.get(f"{team.base}/enums/{enums[0]['name']}").json() == enums[0]


@pytest.mark.parametrize("path", ["/tables/nope", "/tables/nope/columns", "/tables/users/columns/nope",
                                  "/tables/users/foreign-keys/nope", "/enums/nope", "/groups/nope"])
def test_missing_pieces_are_404(team: Team, path: str) -> None:
    response = team.viewer.get(f"{team.base}{path}")
    assert response.status_code == 404
    assert "nope" in response.json()["message"]


# Writing --------------------------------------------------------------------------------------


def test_create_a_table_with_columns_and_keys(team: Team) -> None:
    table = {"name": "gyms", "comment": "Where people train.", "columns": [
        {"name": "id", "type": "bigint", "nullable": False, "identity": "by_default"},
        {"name": "name", "type": "varchar(120)", "nullable": False}],
        "primary_key": {"columns": ["id"], "name": "gyms_pkey"},
        "uniques": [{"name": "gyms_name_key", "columns": ["name"]}]}
    response = team.editor.post(f"{team.base}/tables", _body(team, **table, at=0), format="json")
    assert response.status_code == 201
    assert response.json() == {"version": 2, "changed": True, "summary": "Added table gyms", "item": table}
    assert _schema(team).tables[0].name == "gyms"
    assert team.viewer.get(f"{team.base}/versions").json()["results"][0]["author"] == "eddie"


def test_change_a_table_rename_and_primary_key(team: Team) -> None:
    response = team.editor.patch(f"{team.base}/tables/exercises", _body(
        team, name="movements", comment="Moves.", tags=["lookup"], move_to=0), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["item"]["name"] == "movements" and response.json()["item"]["tags"] == ["lookup"]
    schema = _schema(team)
    assert schema.tables[0].name == "movements" and schema.tables[0].comment == "Moves."
    assert all(fk.ref_table != "exercises" for t in schema.tables for fk in t.foreign_keys)  # references follow
    nothing = team.editor.patch(f"{team.base}/tables/movements", _body(team), format="json").json()
    assert nothing["changed"] is False


def test_delete_a_referenced_table_needs_cascade(team: Team) -> None:
    refused = team.editor.delete(f"{team.base}/tables/users?base_version={team.version()}")
    assert refused.status_code == 400 and "referenced by" in refused.json()["message"]
    done = team.editor.delete(f"{team.base}/tables/users?base_version={team.version()}&cascade=true")
    assert done.status_code == 200 and done.json()["changed"]
    assert _schema(team).find_table("users") is None


def test_columns_add_replace_patch_delete(team: Team) -> None:
    url = f"{team.base}/tables/users/columns"
    added = team.editor.post(url, _body(team, name="nickname", type="varchar(40)", comment="Shown to friends.",
                                        at=1), format="json")
    assert added.status_code == 201 and added.json()["item"] == {"name": "nickname", "type": "varchar(40)",
                                                                  "comment": "Shown to friends."}
    assert [c.name for c in _schema(team).table("users").columns][1] == "nickname"  # type: ignore[union-attr]
    patched = team.editor.patch(f"{url}/nickname", _body(team, type="text", nullable=False,
                                                         default={"literal": ""}), format="json")
    assert patched.json()["item"] == {"name": "nickname", "type": "text", "nullable": False,
                                      "default": {"literal": ""}, "comment": "Shown to friends."}
    replaced = team.editor.put(f"{url}/nickname", _body(team, name="handle", type="text"), format="json")
    assert replaced.json()["item"] == {"name": "handle", "type": "text"}
    assert team.viewer.get(f"{url}/nickname").status_code == 404
    deleted = team.editor.delete(f"{url}/handle?base_version={team.version()}")
    assert deleted.status_code == 200 and deleted.json()["summary"] == "Deleted column users.handle"


def test_a_column_moves(team: Team) -> None:
    response = team.editor.patch(f"{team.base}/tables/users/columns/email", _body(team, move_to=0), format="json")
    assert response.status_code == 200 and response.json()["summary"] == "Moved column users.email"
    assert _schema(team).table("users").columns[0].name == "email"  # type: ignore[union-attr]


def test_a_renamed_column_is_renamed_in_its_keys(team: Team) -> None:
    team.editor.patch(f"{team.base}/tables/users/columns/id", _body(team, name="user_id"), format="json")
    schema = _schema(team)
    users = schema.table("users")
    assert users is not None and users.primary_key is not None and users.primary_key.columns == ("user_id",)
    assert any(fk.ref_columns == ("user_id",) for t in schema.tables for fk in t.foreign_keys
               if fk.ref_table == "users")


def test_constraints_and_indexes(team: Team) -> None:
    t = f"{team.base}/tables/workouts"
    fk = {"name": "fk_workouts_creator", "columns": ["user_id"], "ref_table": "users", "ref_columns": ["id"],
          "on_delete": "cascade"}
    index = {"name": "idx_workouts_live", "elements": [{"column": "user_id"}, {"expression": "lower(name)"}],
             "method": "btree", "where": "deleted_at IS NULL"}
    check = {"name": "chk_workouts_name", "expression": "length(name) > 0"}
    unique = {"name": "uq_workouts_user_name", "columns": ["user_id", "name"], "where": "deleted_at IS NULL"}
    for segment, item in (("foreign-keys", fk), ("indexes", index), ("checks", check), ("uniques", unique)):
        response = team.editor.post(f"{t}/{segment}", _body(team, **item), format="json")
        assert response.status_code == 201, (segment, response.json())
        expected = {k: v for k, v in item.items() if not (k == "method" and v == "btree")}
        assert response.json()["item"] == expected
    changed = team.editor.patch(f"{t}/foreign-keys/fk_workouts_creator", _body(team, on_delete="restrict"),
                                format="json").json()["item"]
    assert changed["on_delete"] == "restrict" and changed["columns"] == ["user_id"]
    for segment, name in (("foreign-keys", "fk_workouts_creator"), ("indexes", "idx_workouts_live"),
                          ("checks", "chk_workouts_name"), ("uniques", "uq_workouts_user_name")):
        assert team.editor.delete(f"{t}/{segment}/{name}?base_version={team.version()}").status_code == 200
    workouts = _schema(team).table("workouts")
    assert workouts is not None
    assert "fk_workouts_creator" not in set(workouts.constraint_names())


def test_enums_and_groups(team: Team) -> None:
    created = team.editor.post(f"{team.base}/enums", _body(team, name="mood", values=["good", "bad"]),
                               format="json")
    assert created.status_code == 201
    renamed = team.editor.put(f"{team.base}/enums/mood", _body(team, name="feeling", values=["good", "bad", "ok"]),
                              format="json")
    assert renamed.json()["item"] == {"name": "feeling", "values": ["good", "bad", "ok"]}
    assert team.editor.delete(f"{team.base}/enums/feeling?base_version={team.version()}").status_code == 200
    used = team.editor.delete(f"{team.base}/enums/user_role?base_version={team.version()}")
    assert used.status_code == 400 and "is used by" in used.json()["message"]
    group = team.editor.post(f"{team.base}/groups", _body(team, name="Places", color="#336699"), format="json")
    assert group.status_code == 201
    team.editor.patch(f"{team.base}/tables/users", _body(team, group="Places"), format="json")
    team.editor.patch(f"{team.base}/groups/Places", _body(team, name="Venues"), format="json")
    assert _schema(team).table("users").group == "Venues"  # type: ignore[union-attr]


def test_many_to_many_in_one_step(team: Team) -> None:
    response = team.editor.post(f"{team.base}/many-to-many", _body(team, left="programs", right="exercises"),
                                format="json")
    assert response.status_code == 201, response.json()
    junction = response.json()["item"]
    assert [fk["ref_table"] for fk in junction["foreign_keys"]] == ["programs", "exercises"]
    missing = team.editor.post(f"{team.base}/many-to-many", _body(team, left="nope", right="users"), format="json")
    assert missing.status_code == 400 and missing.json()["field"] == "left"


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/tables/users/columns", {"name": "x", "type": "varchar(banana)"}, "type"),
    ("/tables/users/columns", {"name": "email", "type": "text"}, "name"),
    ("/tables/users/columns", {"name": "", "type": "text"}, "name"),
    ("/tables/users/columns", {"name": "x", "type": "text", "default": {"literal": "a", "expression": "b"}},
     "default"),
    ("/tables/users/columns", {"name": "x", "type": "text", "comment": "nul\x00byte"}, "comment"),
    ("/tables/workouts/foreign-keys", {"name": "fk", "columns": ["user_id"], "ref_table": "nope",
                                       "ref_columns": ["id"]}, "ref_table"),
    ("/tables/workouts/foreign-keys", {"name": "fk", "columns": ["nope"], "ref_table": "users",
                                       "ref_columns": ["id"]}, "columns"),
    ("/tables/workouts/indexes", {"name": "i", "elements": []}, "elements"),
    ("/tables/workouts/checks", {"name": "c", "expression": "a >"}, "expression"),
    ("/tables/workouts/indexes", {"name": "i", "elements": [{"column": "name"}], "where": "1 +"}, "where"),
    ("/enums", {"name": "e", "values": ["a", "a"]}, "values"),
    ("/tables", {"name": "users"}, "name"),
])
def test_refusals_name_the_field_and_change_nothing(team: Team, path: str, body: dict[str, Any],
                                                     field: str | None) -> None:
    before = team.version()
    response = team.editor.post(f"{team.base}{path}", _body(team, **body), format="json")
    assert response.status_code == 400, response.json()
    error = response.json()
    assert error["message"] and error["field"] == field, error
    assert team.version() == before


def test_an_invalid_piece_reports_the_consistency_problem_and_its_path(team: Team) -> None:
    response = team.editor.post(f"{team.base}/tables/workouts/foreign-keys", _body(
        team, name="fk_bad", columns=["user_id"], ref_table="nope", ref_columns=["id"]), format="json")
    assert "nope" in response.json()["message"] and response.json()["path"]


# Permissions and conflicts --------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "/tables", {"name": "t"}),
    ("patch", "/tables/users", {"comment": "x"}),
    ("delete", "/tables/users", None),
    ("post", "/tables/users/columns", {"name": "c", "type": "text"}),
    ("put", "/tables/users/columns/email", {"name": "email", "type": "text"}),
    ("patch", "/tables/users/columns/email", {"type": "text"}),
    ("delete", "/tables/users/columns/email", None),
    ("post", "/enums", {"name": "e", "values": ["a"]}),
    ("put", "/schema", {"document": {}}),
    ("post", "/many-to-many", {"left": "users", "right": "programs"}),
])
def test_viewers_cannot_write(team: Team, method: str, path: str, body: dict[str, Any] | None) -> None:
    url = f"{team.base}{path}"
    if body is None:
        response = getattr(team.viewer, method)(f"{url}?base_version={team.version()}")
    else:
        response = getattr(team.viewer, method)(url, _body(team, **body), format="json")
    assert response.status_code == 403
    assert "editor role" in response.json()["message"]


def test_a_stale_write_is_409_with_the_latest_version(team: Team) -> None:
    seen = team.version()
    team.owner.post(f"{team.base}/tables/users/columns", {"base_version": seen, "name": "a", "type": "text"},
                    format="json")
    response = team.editor.post(f"{team.base}/tables/users/columns", {"base_version": seen, "name": "b",
                                                                      "type": "text"}, format="json")
    assert response.status_code == 409
    conflict = response.json()
    assert conflict["field"] == "base_version" and conflict["latest_version"] == seen + 1
    assert conflict["latest"]["author"] == "olga" and conflict["latest"]["summary"] == "Added column users.a"
    assert "changed by olga" in conflict["message"]
    assert _schema(team).table("users").column("b") is None  # type: ignore[union-attr]
    stale_delete = team.editor.delete(f"{team.base}/tables/users/columns/a?base_version={seen}")
    assert stale_delete.status_code == 409


def test_base_version_is_required(team: Team) -> None:
    response = team.editor.post(f"{team.base}/tables/users/columns", {"name": "b", "type": "text"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "base_version"
    assert team.editor.delete(f"{team.base}/tables/users/columns/email").json()["field"] == "base_version"


# The whole document ---------------------------------------------------------------------------


def test_get_and_put_the_document(team: Team, demo_schema: ir.Schema) -> None:
    got = team.viewer.get(f"{team.base}/schema").json()
    assert got == {"version": 1, "document": document.schema_to_document(demo_schema)}
    doc = got["document"]
    doc["tables"] = [t for t in doc["tables"] if t["name"] in ("users", "exercises")]
    response = team.editor.put(f"{team.base}/schema", {"base_version": 1, "document": doc,
                                                       "summary": "Kept the catalogue only"}, format="json")
    assert response.json() == {"version": 2, "changed": True, "summary": "Kept the catalogue only"}
    assert [t.name for t in _schema(team).tables] == ["users", "exercises"]
    stale = team.editor.put(f"{team.base}/schema", {"base_version": 1, "document": doc}, format="json")
    assert stale.status_code == 409 and stale.json()["latest_version"] == 2


def test_an_inconsistent_document_is_refused_with_its_problems(team: Team, demo_schema: ir.Schema) -> None:
    doc = document.schema_to_document(demo_schema)
    doc["tables"] = [t for t in doc["tables"] if t["name"] != "users"]  # others still reference users
    response = team.editor.put(f"{team.base}/schema", {"base_version": 1, "document": doc}, format="json")
    assert response.status_code == 400
    assert response.json()["problems"] and "users" in response.json()["message"]
    assert team.version() == 1


@pytest.mark.parametrize("name", ['Größe "x"', "order items", "a.b", "select", "名前"])
def test_names_that_need_quoting_are_addressed_by_url(team: Team, name: str) -> None:
    table = {"name": name, "columns": [{"name": name, "type": "text"}]}
    assert team.editor.post(f"{team.base}/tables", _body(team, **table), format="json").status_code == 201
    url = f"{team.base}/tables/{quote(name)}"
    assert team.viewer.get(url).json() == table
    assert team.viewer.get(f"{url}/columns/{quote(name)}").json() == table["columns"][0]
    assert team.editor.delete(f"{url}?base_version={team.version()}").status_code == 200


@pytest.mark.parametrize(("name", "segment"), [
    ("in/out", "in~1out"), ("~home", "~0home"), ("a~1b", "a~01b"), ("two\nlines", "two%0Alines"),
    ("%2F", "%252F"),
])
def test_names_with_a_slash_tilde_or_line_break_are_addressed_by_url(team: Team, name: str, segment: str) -> None:
    table = {"name": name, "columns": [{"name": name, "type": "text"}]}
    assert team.editor.post(f"{team.base}/tables", _body(team, **table), format="json").status_code == 201
    url = f"{team.base}/tables/{segment}"
    assert team.viewer.get(url).json() == table
    assert team.viewer.get(f"{url}/columns/{segment}").json() == table["columns"][0]
    assert reverse("api-column", kwargs={"slug": team.project.slug, "table": name, "name": name}).endswith(
        f"/tables/{segment}/columns/{segment}")
    assert team.editor.delete(f"{url}?base_version={team.version()}").status_code == 200
    assert team.viewer.get(url).status_code == 404


# Every collection, the whole cycle ------------------------------------------------------------

CYCLES = [
    ("/tables/workouts/columns", {"name": "memo", "type": "text"}, {"name": "memo", "type": "varchar(500)"},
     {"comment": "Free text."}),
    ("/tables/workouts/foreign-keys",
     {"name": "fk_w_user", "columns": ["user_id"], "ref_table": "users", "ref_columns": ["id"]},
     {"name": "fk_w_user", "columns": ["user_id"], "ref_table": "users", "ref_columns": ["id"],
      "on_delete": "cascade"}, {"deferrable": True}),
    ("/tables/workouts/uniques", {"name": "uq_w", "columns": ["user_id", "name"]},
     {"name": "uq_w", "columns": ["name", "user_id"]}, {"nulls_not_distinct": True}),
    ("/tables/workouts/indexes", {"name": "idx_w", "elements": [{"column": "name"}]},
     {"name": "idx_w", "elements": [{"column": "name", "descending": True}], "method": "hash"},
     {"where": "deleted_at IS NULL"}),
    ("/tables/workouts/checks", {"name": "chk_w", "expression": "length(name) > 0"},
     {"name": "chk_w", "expression": "length(name) > 1"}, {"expression": "length(name) > 2"}),
    ("/enums", {"name": "mood", "values": ["good"]}, {"name": "mood", "values": ["good", "bad"]},
     {"comment": "How it went."}),
    ("/groups", {"name": "Extras"}, {"name": "Extras", "color": "#aa0000"}, {"comment": "Odds and ends."}),
]


@pytest.mark.parametrize(("path", "created", "replaced", "patch"), CYCLES)
def test_list_create_read_replace_patch_delete(team: Team, path: str, created: dict[str, Any],
                                               replaced: dict[str, Any], patch: dict[str, Any]) -> None:
    url = f"{team.base}{path}"
    count = team.viewer.get(url).json()["count"]
    assert team.editor.post(url, _body(team, **created), format="json").json()["item"] == created
    assert team.viewer.get(url).json()["count"] == count + 1
    item_url = f"{url}/{created['name']}"
    assert team.viewer.get(item_url).json() == created
    assert team.editor.put(item_url, _body(team, **replaced), format="json").json()["item"] == replaced
    patched = team.editor.patch(item_url, _body(team, **patch), format="json").json()["item"]
    assert patched == {**replaced, **patch}
    assert team.viewer.get(item_url).json() == patched
    assert team.viewer.delete(f"{item_url}?base_version={team.version()}").status_code == 403
    assert team.editor.delete(f"{item_url}?base_version={team.version()}").json()["changed"] is True
    assert team.viewer.get(item_url).status_code == 404
    assert team.stranger.get(url).status_code == 404

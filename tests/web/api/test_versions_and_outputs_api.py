"""History (versions, diff, restore, undo) and outputs (export, lint, diagram, import) through the API."""

from __future__ import annotations

import io
import zipfile

import pytest

from designer.core import document, ir
from designer.core.exporters import export
from designer.core.validate import lint
from projects.selectors import schema_get
from tests.web.api.conftest import Team


def _add_column(team: Team, name: str) -> None:
    response = team.editor.post(f"{team.base}/tables/users/columns",
                                {"base_version": team.version(), "name": name, "type": "text"}, format="json")
    assert response.status_code == 201


# History --------------------------------------------------------------------------------------


def test_versions_list_read_and_diff(team: Team, demo_schema: ir.Schema) -> None:
    _add_column(team, "nickname")
    listed = team.viewer.get(f"{team.base}/versions").json()
    assert [(v["number"], v["author"], v["summary"]) for v in listed["results"]] == [
        (2, "eddie", "Added column users.nickname"), (1, "olga", "Created the project")]
    first = team.viewer.get(f"{team.base}/versions/1").json()
    assert first["document"] == document.schema_to_document(demo_schema) and first["size"] > 0
    diff = team.viewer.get(f"{team.base}/versions/diff?from=1&to=2").json()
    assert diff == [{"kind": "added", "what": "column", "path": "users.nickname", "detail": "text",
                     "text": "Added column users.nickname: text"}]
    assert team.viewer.get(f"{team.base}/versions/9").status_code == 404
    assert team.viewer.get(f"{team.base}/versions/diff?from=1&to=9").status_code == 404
    assert team.viewer.get(f"{team.base}/versions/diff?from=1").json()["field"] == "to"


def test_a_change_report_in_markdown(team: Team) -> None:
    _add_column(team, "nickname")
    report = team.viewer.get(f"{team.base}/versions/report?from=1&to=2")
    assert report.status_code == 200 and report["Content-Type"] == "text/markdown; charset=utf-8"
    assert "- Added column `users.nickname`: text" in report.content.decode()
    missing = team.viewer.get(f"{team.base}/versions/report?from=1&to=9")
    assert missing.status_code == 404 and "There is no version 9" in missing.json()["message"]
    assert team.viewer.get(f"{team.base}/versions/report?from=1").json()["field"] == "to"


def test_restore_and_undo_record_new_versions(team: Team, demo_schema: ir.Schema) -> None:
    _add_column(team, "a")
    _add_column(team, "b")
    undone = team.editor.post(f"{team.base}/undo", {"base_version": 3}, format="json").json()
    assert undone == {"version": 4, "changed": True, "summary": "Undid: Added column users.b"}
    assert schema_get(team.project).table("users").column("b") is None  # type: ignore[union-attr]
    restored = team.editor.post(f"{team.base}/versions/1/restore", {"base_version": 4}, format="json").json()
    assert restored["version"] == 5 and schema_get(team.project) == demo_schema
    assert team.viewer.post(f"{team.base}/undo", {"base_version": 5}, format="json").status_code == 403
    assert team.editor.post(f"{team.base}/undo", {"base_version": 2}, format="json").status_code == 409
    assert team.editor.post(f"{team.base}/versions/42/restore", {"base_version": 5}, format="json").status_code == 404


def test_undo_twice_then_redo(team: Team) -> None:
    _add_column(team, "a")
    _add_column(team, "b")
    for expected in ("Undid: Added column users.b", "Undid: Added column users.a"):
        undone = team.editor.post(f"{team.base}/undo", {"base_version": team.version()}, format="json").json()
        assert undone["summary"] == expected
    latest = team.viewer.get(f"{team.base}/versions").json()["results"][0]
    assert (latest["number"], latest["undo_to"], latest["redo_to"]) == (5, None, 4)
    redone = team.editor.post(f"{team.base}/redo", {"base_version": 5}, format="json").json()
    assert redone == {"version": 6, "changed": True, "summary": "Redid: Added column users.a"}
    users = schema_get(team.project).table("users")
    assert users is not None and users.column("a") is not None and users.column("b") is None
    assert team.viewer.post(f"{team.base}/redo", {"base_version": 6}, format="json").status_code == 403
    again = team.editor.post(f"{team.base}/redo", {"base_version": 6}, format="json").json()
    assert again["summary"] == "Redid: Added column users.b"
    refused = team.editor.post(f"{team.base}/redo", {"base_version": 7}, format="json")
    assert refused.status_code == 400 and "nothing to redo" in refused.json()["message"]


# Export ---------------------------------------------------------------------------------------


def test_export_one_file_as_text(team: Team, demo_schema: ir.Schema) -> None:
    response = team.viewer.get(f"{team.base}/export/sql")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    result = export(demo_schema, "sql")
    assert response.content.decode() == result.main
    assert response["X-Export-File"] == result.main_path
    assert response["X-Export-Diagnostics"] == str(len(result.diagnostics))


def test_export_picks_a_file_and_takes_options(team: Team, demo_schema: ir.Schema) -> None:
    result = export(demo_schema, "prisma")
    other = list(result.files)[-1]
    assert team.viewer.get(f"{team.base}/export/prisma?file={other}").content.decode() == result.files[other]
    idempotent = team.viewer.get(f"{team.base}/export/sql?option=idempotent=true").content.decode()
    assert idempotent == export(demo_schema, "sql", {"idempotent": True}).main


def test_export_uses_the_project_defaults(team: Team, demo_schema: ir.Schema) -> None:
    team.owner.patch(f"{team.base}/settings", {"export_settings": {"sql": {"idempotent": True}}}, format="json")
    assert team.viewer.get(f"{team.base}/export/sql").content.decode() == export(
        demo_schema, "sql", {"idempotent": True}).main


def test_export_zip_and_json(team: Team, demo_schema: ir.Schema) -> None:
    result = export(demo_schema, "prisma")
    zipped = team.viewer.get(f"{team.base}/export/prisma?format=zip")
    assert zipped["Content-Type"] == "application/zip"
    assert zipped["Content-Disposition"] == 'attachment; filename="fitness-prisma.zip"'
    archive = zipfile.ZipFile(io.BytesIO(zipped.content))
    assert {n: archive.read(n).decode() for n in archive.namelist()} == result.files
    as_json = team.viewer.get(f"{team.base}/export/prisma?format=json").json()
    assert [f["path"] for f in as_json["files"]] == list(result.files)
    assert [d["message"] for d in as_json["diagnostics"]] == [d.message for d in result.diagnostics]
    by_accept = team.viewer.get(f"{team.base}/export/prisma", HTTP_ACCEPT="application/json")
    assert by_accept.json() == as_json


@pytest.mark.parametrize(("url", "status", "field"), [
    ("/export/cobol", 404, None),
    ("/export/prisma?file=nope.txt", 400, "file"),
    ("/export/sql?option=colour=blue", 400, "options"),
    ("/export/sql?option=nonsense", 400, "option[0]"),
])
def test_export_refusals(team: Team, url: str, status: int, field: str | None) -> None:
    response = team.viewer.get(f"{team.base}{url}")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json" and response.json()["field"] == field


def test_export_targets_describe_their_options(team: Team) -> None:
    targets = {t["target"]: t for t in team.viewer.get("/api/export-targets").json()}
    assert {"sql", "prisma", "json"} <= set(targets)
    assert "idempotent" in {o["name"] for o in targets["sql"]["options"]}


# Lint -----------------------------------------------------------------------------------------


def test_lint_reports_findings_and_applies_a_fix(team: Team, demo_schema: ir.Schema) -> None:
    report = team.viewer.get(f"{team.base}/lint").json()
    expected = lint(demo_schema)
    assert [f["id"] for f in report["findings"]] == [f.id for f in expected]
    assert report["counts"]["warning"] == sum(f.diagnostic.level.label == "warning" for f in expected)
    fixable = next(f for f in report["findings"] if f["fix"])
    assert team.viewer.post(f"{team.base}/lint", {"finding": fixable["id"], "base_version": 1},
                            format="json").status_code == 403
    applied = team.editor.post(f"{team.base}/lint", {"finding": fixable["id"], "base_version": 1}, format="json")
    assert applied.status_code == 200 and applied.json()["summary"].startswith(f"Fixed {fixable['rule']}")
    after = team.viewer.get(f"{team.base}/lint").json()
    assert fixable["id"] not in {f["id"] for f in after["findings"]}
    again = team.editor.post(f"{team.base}/lint", {"finding": fixable["id"], "base_version": 2}, format="json")
    assert again.status_code == 400 and again.json()["field"] == "finding"


def test_lint_filters_by_level_and_profile(team: Team) -> None:
    warnings = team.viewer.get(f"{team.base}/lint?level=warning").json()
    assert {f["level"] for f in warnings["findings"]} <= {"warning", "error"}
    strict = team.viewer.get(f"{team.base}/lint?profile=sqlalchemy-strict").json()
    assert strict != team.viewer.get(f"{team.base}/lint").json()
    assert team.viewer.get(f"{team.base}/lint?profile=nope").json()["field"] == "profile"
    assert "recommended" in {p["name"] for p in team.viewer.get("/api/lint-profiles").json()}


def test_lint_since_a_version_checks_the_change_too(team: Team) -> None:
    _add_column(team, "nickname")
    plain = team.viewer.get(f"{team.base}/lint").json()
    assert not [f for f in plain["findings"] if f["rule"].startswith("migration.")]
    since = team.viewer.get(f"{team.base}/lint?since=1").json()
    assert not [f for f in since["findings"] if f["rule"].startswith("migration.")]  # a nullable column: safe
    team.editor.patch(f"{team.base}/tables/users/columns/nickname",
                      {"base_version": team.version(), "nullable": False}, format="json")
    changed = team.viewer.get(f"{team.base}/lint?since=2").json()
    assert ("migration.set-not-null", "users.nickname") in {(f["rule"], f["path"]) for f in changed["findings"]}
    missing = team.viewer.get(f"{team.base}/lint?since=99")
    assert missing.status_code == 400 and missing.json()["field"] == "since"


# Diagram --------------------------------------------------------------------------------------


def test_diagram_svg_png_pdf(team: Team, demo_schema: ir.Schema) -> None:
    svg = team.viewer.get(f"{team.base}/diagram.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.decode().count('class="node table"') == len(demo_schema.tables)
    focused = team.viewer.get(f"{team.base}/diagram.svg?focus=users&depth=0&detail=names")
    assert focused.content.decode().count('class="node table"') == 1 and focused["X-Diagram-Detail"] == "names"
    assert team.viewer.get(f"{team.base}/diagram.png").content.startswith(b"\x89PNG")
    pdf = team.viewer.get(f"{team.base}/diagram.pdf")
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Disposition"] == 'attachment; filename="fitness.pdf"'


def test_diagram_refusals_are_json(team: Team) -> None:
    unknown = team.viewer.get(f"{team.base}/diagram.svg?focus=nowhere")
    assert unknown.status_code == 400 and "nowhere" in unknown.json()["message"]
    assert team.viewer.get(f"{team.base}/diagram.svg?detail=everything").json()["field"] == "detail"


# Import ---------------------------------------------------------------------------------------

SHOP = "CREATE TABLE shops (id bigint PRIMARY KEY, name text NOT NULL);\nINSERT INTO shops VALUES (1, 'a');\n"


def test_import_preview_writes_nothing(team: Team) -> None:
    preview = team.editor.post(f"{team.base}/import", {"text": SHOP, "preview": True}, format="json").json()
    assert preview["changed"] is False and preview["version"] == 1
    assert preview["import"]["tables"] == 1 and preview["import"]["skipped"] == {"INSERT": 1}
    assert [t["name"] for t in preview["document"]["tables"]] == ["shops"]
    assert team.version() == 1


def test_import_as_a_new_version(team: Team, demo_schema: ir.Schema) -> None:
    done = team.editor.post(f"{team.base}/import", {"files": {"shop.sql": SHOP}, "base_version": 1}, format="json")
    assert done.status_code == 200 and done.json()["version"] == 2 and done.json()["changed"]
    assert [t.name for t in schema_get(team.project).tables] == ["shops"]
    restored = team.editor.post(f"{team.base}/versions/1/restore", {"base_version": 2}, format="json")
    assert restored.status_code == 200 and schema_get(team.project) == demo_schema


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"text": "CREATE TABLE broken (id int,,);", "base_version": 1}, 400, "text"),
    ({"files": {"a.dbml": "Table a {"}, "base_version": 1}, 400, "files"),
    ({"text": SHOP}, 400, "base_version"),
    ({"text": SHOP, "files": {"a.sql": SHOP}, "base_version": 1}, 400, "text"),
    ({"text": SHOP, "base_version": 0}, 409, "base_version"),
])
def test_import_refusals(team: Team, body: dict[str, object], status: int, field: str) -> None:
    response = team.editor.post(f"{team.base}/import", body, format="json")
    assert response.status_code == status, response.json()
    assert response.json()["field"] == field
    assert team.version() == 1


def test_a_parse_error_says_where(team: Team) -> None:
    error = team.editor.post(f"{team.base}/import", {"files": {"shop.sql": "CREATE TABLE a (id int);\nCREATE TABL b;"},
                                                      "base_version": 1}, format="json").json()
    assert error["message"].startswith("shop.sql:2:")


def test_viewers_cannot_import(team: Team) -> None:
    assert team.viewer.post(f"{team.base}/import", {"text": SHOP, "preview": True}, format="json").status_code == 403

"""The other pages: dashboard (create, search, rename, trash), history, members, settings, the
problems and export panels, and import with its preview."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import User
from django.test import Client

from projects.models import Membership, Project, Role
from projects.selectors import schema_get, version_schema
from projects.services import schema_apply
from tests.web.views.conftest import htmx

pytestmark = pytest.mark.django_db


# Dashboard --------------------------------------------------------------------------------------


def test_creating_a_blank_and_a_demo_project(client_owner: Client, owner: User) -> None:
    response = client_owner.post("/new/", {"name": "Blank one", "start": "blank"}, headers=htmx())
    assert response.status_code == 200 and response["HX-Redirect"] == "/p/blank-one/"
    assert schema_get(Project.objects.get(slug="blank-one")).tables == ()
    client_owner.post("/new/", {"name": "From demo", "start": "demo"}, headers=htmx())
    demo = Project.objects.get(slug="from-demo")
    assert len(schema_get(demo).tables) == 6
    assert Membership.objects.get(project=demo, user=owner).role == Role.OWNER


def test_a_project_without_a_name_is_refused_next_to_the_name(client_owner: Client) -> None:
    response = client_owner.post("/new/", {"name": "  ", "description": "kept", "start": "blank"}, headers=htmx())
    body = response.content.decode()
    assert response.status_code == 422
    assert "field-error" in body and "kept</textarea>" in body
    assert not Project.objects.exists()


def test_search_answers_the_list_fragment(client_owner: Client, project: Project) -> None:
    response = client_owner.get("/?q=fitn", headers=htmx("project-list"))
    body = response.content.decode()
    assert "<html" not in body and "Fitness" in body
    assert "Fitness" not in client_owner.get("/?q=zzz", headers=htmx("project-list")).content.decode()
    assert "<html" in client_owner.get("/?q=fitn").content.decode()


def test_rename_delete_to_trash_and_restore(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/rename/", {"name": "Gym", "description": "d"}, headers=htmx())
    assert response.status_code == 200 and "Gym" in response.content.decode()
    client_owner.post(f"/p/{project.slug}/delete/", headers=htmx())
    assert "<h3><a" not in client_owner.get("/").content.decode()  # no project card any more
    assert "<h3>Gym</h3>" in client_owner.get("/?trash=1").content.decode()
    assert client_owner.get(f"/p/{project.slug}/").status_code == 404
    response = client_owner.post(f"/p/{project.slug}/restore/")
    assert response.status_code == 302
    assert client_owner.get(f"/p/{project.slug}/").status_code == 200


def test_only_an_owner_renames_or_deletes(client_viewer: Client, project: Project) -> None:
    assert client_viewer.post(f"/p/{project.slug}/rename/", {"name": "x"}).status_code == 403
    assert client_viewer.post(f"/p/{project.slug}/delete/").status_code == 403


# History ------------------------------------------------------------------------------------------


def test_history_lists_versions_and_what_changed_in_words(client_owner: Client, owner: User,
                                                          project: Project) -> None:
    from designer.core import edits

    schema_apply(project=project, user=owner, edit=edits.DeleteColumn("workouts", "notes"),
                 base_version=project.version)
    body = client_owner.get(f"/p/{project.slug}/history/").content.decode()
    assert "Deleted column workouts.notes" in body and "olivia" in body
    fragment = client_owner.get(f"/p/{project.slug}/history/?from=1&to=2", headers=htmx("changes")).content.decode()
    assert "<html" not in fragment
    assert "removed" in fragment and "workouts.notes" in fragment
    # The migration rules say what the change would do to a database holding rows.
    assert "Migration risks" in fragment and "migration.drop-column" in fragment
    assert "is dropped, with every value in it" in fragment
    report = client_owner.get(f"/p/{project.slug}/history/report.md?from=1&to=2")
    assert report["Content-Type"] == "text/markdown; charset=utf-8" and "attachment" in report["Content-Disposition"]
    text = report.content.decode()
    assert text.startswith("# Fitness: v1 → v2") and "(`migration.drop-column`)" in text
    assert client_owner.get(f"/p/{project.slug}/history/report.md?from=1&to=9").status_code == 404
    back = client_owner.get(f"/p/{project.slug}/history/?from=2&to=1", headers=htmx("changes")).content.decode()
    assert "migration.drop-column" not in back  # the column comes back: nothing is lost that way


def test_marking_a_version_deployed_adds_the_risks_since_it_to_the_problems_panel(
        client_owner: Client, client_viewer: Client, owner: User, project: Project) -> None:
    from designer.core import edits

    schema_apply(project=project, user=owner, edit=edits.DeleteColumn("workouts", "notes"),
                 base_version=project.version)
    assert client_viewer.post(f"/p/{project.slug}/deployed/", {"number": "1"}).status_code == 403
    response = client_owner.post(f"/p/{project.slug}/deployed/", {"number": "1"}, follow=True)
    assert "Version 1 is marked as deployed" in response.content.decode()
    assert 'title="The version running in production">deployed</span>' in response.content.decode()
    panel = client_owner.get(f"/p/{project.slug}/problems/", headers=htmx("problems")).content.decode()
    assert "since the deployed" in panel and "migration.drop-column" in panel
    refused = client_owner.post(f"/p/{project.slug}/deployed/", {"number": "77"}, follow=True).content.decode()
    assert "There is no version 77" in refused
    refused = client_owner.post(f"/p/{project.slug}/deployed/", {"number": "v1"}, follow=True).content.decode()
    assert "&#x27;v1&#x27; is not a version number" in refused
    project.refresh_from_db()
    assert project.deployed_version == 1  # a bad number changes nothing
    client_owner.post(f"/p/{project.slug}/deployed/", {"number": ""})
    panel = client_owner.get(f"/p/{project.slug}/problems/", headers=htmx("problems")).content.decode()
    assert "since the deployed" not in panel and "migration.drop-column" not in panel


def test_restoring_a_version_records_a_new_one(client_owner: Client, owner: User, project: Project) -> None:
    from designer.core import edits

    original = schema_get(project)
    schema_apply(project=project, user=owner, edit=edits.DeleteTable("sessions"), base_version=project.version)
    response = client_owner.post(f"/p/{project.slug}/history/1/restore/", {"base_version": project.version},
                                 headers=htmx())
    assert response.status_code == 200 and "HX-Location" in response
    project.refresh_from_db()
    assert project.version == 3 and schema_get(project) == original
    assert version_schema(project, 2).find_table("sessions") is None  # nothing lost


def test_a_stale_restore_is_a_conflict(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/history/1/restore/", {"base_version": 0}, headers=htmx())
    assert response.status_code == 409


def test_a_version_downloads_as_a_json_document(client_owner: Client, project: Project) -> None:
    response = client_owner.get(f"/p/{project.slug}/history/1/download/")
    assert response["Content-Type"] == "application/json" and b'"tables"' in response.content


# Members ------------------------------------------------------------------------------------------


def test_an_owner_adds_changes_and_removes_members(client_owner: Client, project: Project, stranger: User) -> None:
    response = client_owner.post(f"/p/{project.slug}/members/", {"username": "sam", "role": "editor"},
                                 headers=htmx())
    assert response.status_code == 200
    assert Membership.objects.get(project=project, user=stranger).role == Role.EDITOR
    client_owner.post(f"/p/{project.slug}/members/", {"username": "sam", "role": "viewer"}, headers=htmx())
    assert Membership.objects.get(project=project, user=stranger).role == Role.VIEWER
    client_owner.post(f"/p/{project.slug}/members/", {"username": "sam", "role": "viewer", "remove": "1"},
                      headers=htmx())
    assert not Membership.objects.filter(project=project, user=stranger).exists()


def test_an_unknown_username_is_refused_next_to_the_field(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/members/", {"username": "nobody", "role": "editor"},
                                 headers=htmx())
    body = response.content.decode()
    assert response.status_code == 422 and "There is no user" in body and 'value="nobody"' in body


def test_the_last_owner_cannot_step_down(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/members/", {"username": "olivia", "role": "viewer"},
                                 headers=htmx())
    assert response.status_code == 422 and "at least one owner" in response.content.decode()


def test_a_viewer_cannot_change_members(client_viewer: Client, project: Project) -> None:
    response = client_viewer.post(f"/p/{project.slug}/members/", {"username": "vera", "role": "owner"})
    assert response.status_code == 403


# Settings ---------------------------------------------------------------------------------------


def test_settings_store_the_profile_overrides_and_export_defaults(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/settings/", {
        "profile": "strict-postgres", "rules": "naming.* off\n", "export_target": "prisma", "idempotent": "on"})
    assert response.status_code == 302, response.content.decode()[:1500]
    project.refresh_from_db()
    assert project.lint_settings["profile"] == "strict-postgres"
    assert project.lint_settings["rules"] == {"naming.*": "off"}
    assert project.export_settings["default_target"] == "prisma"
    assert project.export_settings["sql"]["idempotent"] is True
    page = client_owner.get(f"/p/{project.slug}/settings/").content.decode()
    assert "naming.* off" in page


def test_an_unknown_rule_is_refused_and_nothing_is_stored(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/settings/", {
        "profile": "recommended", "rules": "no.such-rule warning", "export_target": "sql"})
    body = response.content.decode()
    assert response.status_code == 422 and "no.such-rule" in body
    project.refresh_from_db()
    assert project.lint_settings == {}


def test_a_malformed_override_line_is_refused(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/settings/", {
        "profile": "recommended", "rules": "naming.table-plural loud", "export_target": "sql"})
    assert response.status_code == 422 and "Line 1" in response.content.decode()


# Problems and export panels -----------------------------------------------------------------------


def test_the_problems_panel_groups_findings_and_offers_fixes(client_owner: Client, project: Project) -> None:
    body = client_owner.get(f"/p/{project.slug}/problems/", headers=htmx("problems")).content.decode()
    assert "WARNINGS" in body.upper() and 'name="finding"' in body
    assert 'id="problem-count"' in body and 'hx-swap-oob="true"' in body
    finding = body.split('name="finding" value="', 1)[1].split('"', 1)[0]
    response = client_owner.post(f"/p/{project.slug}/problems/fix/", {"finding": finding,
                                                                       "base_version": project.version},
                                 headers=htmx())
    assert response.status_code == 200 and response["HX-Retarget"] == "#inspector"
    project.refresh_from_db()
    assert project.version == 2
    after = client_owner.get(f"/p/{project.slug}/problems/", headers=htmx("problems")).content.decode()
    assert f'value="{finding}"' not in after


def test_a_gone_finding_cannot_be_fixed(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/problems/fix/", {"finding": "nope",
                                                                       "base_version": project.version},
                                 headers=htmx())
    assert response.status_code == 422 and "no longer there" in response.content.decode()


def test_the_export_panel_previews_with_highlighting(client_owner: Client, project: Project) -> None:
    body = client_owner.get(f"/p/{project.slug}/export/?target=prisma", headers=htmx("export")).content.decode()
    assert 'class="hl"' in body and "model" in body and "Download all (.zip)" in body
    sql = client_owner.get(f"/p/{project.slug}/export/?target=sql", headers=htmx("export")).content.decode()
    assert "CREATE" in sql


def test_export_downloads_one_file_or_a_zip(client_owner: Client, project: Project) -> None:
    one = client_owner.get(f"/p/{project.slug}/export/prisma/download/?file=schema.prisma")
    if one.status_code == 404:  # the exporter names its file differently: take the first listed
        panel = client_owner.get(f"/p/{project.slug}/export/?target=prisma").content.decode()
        name = panel.split("?file=", 1)[1].split('"', 1)[0]
        one = client_owner.get(f"/p/{project.slug}/export/prisma/download/?file={name}")
    assert one.status_code == 200 and "attachment" in one["Content-Disposition"]
    assert b"model" in one.content
    archive = client_owner.get(f"/p/{project.slug}/export/sql/download/")
    assert archive["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert names and all(not n.startswith("/") for n in names)


def test_an_unknown_export_target_is_explained(client_owner: Client, project: Project) -> None:
    body = client_owner.get(f"/p/{project.slug}/export/?target=cobol", headers=htmx("export")).content.decode()
    assert "Cannot export" in body and "cobol" in body
    assert client_owner.get(f"/p/{project.slug}/export/cobol/download/").status_code == 400


# Import -------------------------------------------------------------------------------------------

DDL = """
CREATE TABLE authors (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (id bigint PRIMARY KEY, author_id bigint REFERENCES authors (id), title text);
INSERT INTO authors VALUES (1, 'x');
"""


def test_import_preview_then_a_new_project(client_owner: Client) -> None:
    preview = client_owner.post("/import/preview/", {"text": DDL, "format": "sql"}, headers=htmx())
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "2 tables" in body and "books" in body and "INSERT" in body  # what is skipped is said
    assert not Project.objects.exists()  # nothing written yet
    response = client_owner.post("/import/confirm/", {"text": DDL, "format": "sql", "name": "Library"},
                                 headers=htmx())
    assert response.status_code == 200 and response["HX-Redirect"] == "/p/library/"
    assert [t.name for t in schema_get(Project.objects.get(slug="library")).tables] == ["authors", "books"]


def test_an_uploaded_file_is_imported(client_owner: Client) -> None:
    upload = io.BytesIO(DDL.encode())
    upload.name = "library.sql"
    preview = client_owner.post("/import/preview/", {"file": upload}, headers=htmx())
    assert preview.status_code == 200 and "authors" in preview.content.decode()


def test_an_import_with_a_syntax_error_says_where(client_owner: Client) -> None:
    response = client_owner.post("/import/preview/", {"text": "CREATE TABLE (;", "format": "sql"}, headers=htmx())
    body = response.content.decode()
    assert response.status_code == 422 and "Cannot import" in body and ":1:" in body


def test_an_import_as_a_new_version_keeps_the_old_one(client_owner: Client, project: Project) -> None:
    response = client_owner.post("/import/confirm/", {"text": DDL, "format": "sql", "project": project.slug,
                                                      "base_version": project.version}, headers=htmx())
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.version == 2
    assert [t.name for t in schema_get(project).tables] == ["authors", "books"]
    assert len(version_schema(project, 1).tables) == 6


def test_a_viewer_cannot_import_into_a_project(client_viewer: Client, project: Project) -> None:
    response = client_viewer.post("/import/confirm/", {"text": DDL, "format": "sql", "project": project.slug,
                                                       "base_version": project.version}, headers=htmx())
    assert response.status_code == 403


def test_undo_from_a_subpage_goes_back_there(client_owner: Client, owner: User, project: Project) -> None:
    from designer.core import edits

    schema_apply(project=project, user=owner, edit=edits.DeleteTable("sessions"), base_version=project.version)
    response = client_owner.post(f"/p/{project.slug}/undo/", {"base_version": project.version,
                                                               "next": f"/p/{project.slug}/history/"})
    assert response.status_code == 302 and response["Location"] == f"/p/{project.slug}/history/"
    project.refresh_from_db()
    assert schema_get(project).find_table("sessions") is not None
    evil = client_owner.post(f"/p/{project.slug}/undo/", {"base_version": project.version,
                                                           "next": "https://evil.example/"})
    assert evil["Location"].startswith(f"/p/{project.slug}/")


def test_renaming_from_the_settings_page_returns_there(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/rename/", {"name": "Gym", "description": "",
                                                                "next": f"/p/{project.slug}/settings/"})
    assert response.status_code == 302 and response["Location"] == f"/p/{project.slug}/settings/"


PRISMA_FILES = {
    "schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n',
    "users.prisma": "model User {\n  id    Int    @id\n  posts Post[]\n}\n",
    "posts.prisma": "model Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], "
                    "references: [id])\n}\n",
}


def test_a_prisma_schema_folder_is_imported_from_several_files(client_owner: Client) -> None:
    uploads = []
    for name, text in PRISMA_FILES.items():
        f = io.BytesIO(text.encode())
        f.name = name
        uploads.append(f)
    preview = client_owner.post("/import/preview/", {"file": uploads, "format": "prisma"}, headers=htmx())
    body = preview.content.decode()
    assert preview.status_code == 200, body[:800]
    assert 'name="bundle"' in body
    bundle = body.split('name="bundle" hidden aria-hidden="true">', 1)[1].split("</textarea>", 1)[0]
    import html

    response = client_owner.post("/import/confirm/", {"bundle": html.unescape(bundle), "format": "prisma",
                                                      "name": "Blog"}, headers=htmx())
    assert response.status_code == 200, response.content.decode()[:800]
    tables = schema_get(Project.objects.get(slug="blog")).tables
    assert len(tables) == 2 and any(t.foreign_keys for t in tables)


def test_settings_store_ignores_with_their_reason(client_owner: Client, project: Project) -> None:
    response = client_owner.post(f"/p/{project.slug}/settings/", {
        "profile": "recommended", "rules": "", "export_target": "sql",
        "ignores": "integrity.cascade-vs-soft-delete workout_exercises.workout_id the rows go with their workout"})
    assert response.status_code == 302, response.content.decode()[:1500]
    project.refresh_from_db()
    assert project.lint_settings["ignores"] == [{"rule": "integrity.cascade-vs-soft-delete",
                                                 "object": "workout_exercises.workout_id",
                                                 "reason": "the rows go with their workout"}]
    response = client_owner.post(f"/p/{project.slug}/settings/", {
        "profile": "recommended", "rules": "", "export_target": "sql", "ignores": "naming.table-plural users"})
    assert response.status_code == 422 and "needs a reason" in response.content.decode()

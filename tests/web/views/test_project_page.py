"""The project page: full page vs htmx fragment, and a query count that does not grow with the schema."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.synthetic import synthetic_schema
from projects.models import Project
from projects.services import project_create
from tests.web.views.conftest import client_for, htmx

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_the_full_page_has_every_region(client_owner: Client, project: Project) -> None:
    page = client_owner.get(f"/p/{project.slug}/?table=workouts").content.decode()
    for region in ('id="table-list"', 'id="diagram-viewport"', 'id="inspector"', 'id="problems"', 'id="export"',
                   'id="version-bar"', "<html"):
        assert region in page
    assert 'data-selected-table="workouts"' in page
    assert 'aria-current="true"' in page  # the selected table is marked in the list


def test_an_htmx_request_for_the_inspector_gets_only_the_inspector(client_owner: Client, project: Project) -> None:
    response = client_owner.get(f"/p/{project.slug}/?table=users", headers=htmx("inspector"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="table-list"' not in body
    assert 'data-selected-table="users"' in body
    assert 'value="email"' in body  # the users table's column grid


def test_an_htmx_request_for_a_missing_table_is_404(client_owner: Client, project: Project) -> None:
    assert client_owner.get(f"/p/{project.slug}/?table=nope", headers=htmx("inspector")).status_code == 404


def test_without_a_selection_the_inspector_shows_the_schema_overview(client_owner: Client, project: Project) -> None:
    body = client_owner.get(f"/p/{project.slug}/", headers=htmx("inspector")).content.decode()
    assert 'data-selected-table=""' in body and "Tables" in body


def test_the_relationships_are_described_in_words(client_owner: Client, project: Project) -> None:
    body = client_owner.get(f"/p/{project.slug}/?table=workouts", headers=htmx("inspector")).content.decode()
    assert "Each workout may belong to one program; a program has many workouts." in body


def test_the_diagram_is_loaded_lazily_as_inline_svg_with_table_links(client_owner: Client, project: Project) -> None:
    page = client_owner.get(f"/p/{project.slug}/").content.decode()
    assert 'class="node table"' not in page  # the page does not wait for Graphviz
    body = client_owner.get(f"/p/{project.slug}/diagram/", headers=htmx("diagram")).content.decode()
    assert body.count('class="node table"') == 6
    assert f"/p/{project.slug}/?table=workouts" in body  # a click on a table opens it


@pytest.mark.parametrize("fmt, content_type", [("png", "image/png"), ("pdf", "application/pdf"),
                                               ("svg", "image/svg+xml")])
def test_the_diagram_downloads(client_owner: Client, project: Project, fmt: str, content_type: str) -> None:
    response = client_owner.get(f"/p/{project.slug}/diagram.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "attachment" in response["Content-Disposition"]


def test_the_page_takes_the_same_number_of_queries_for_10_and_200_tables(owner: User) -> None:
    client = client_for(owner)
    counts = []
    for n in (10, 200):
        project = project_create(owner=owner, name=f"synthetic {n}", schema=synthetic_schema(n))
        table = f"accounts_{0}"
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/p/{project.slug}/?table={table}")
        assert response.status_code == 200
        assert response.content.decode().count('data-name="') == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_stranger_gets_404_and_a_viewer_sees_a_read_only_page(client_stranger: Client, client_viewer: Client,
                                                                  project: Project) -> None:
    assert client_stranger.get(f"/p/{project.slug}/").status_code == 404
    assert client_stranger.get(f"/p/{project.slug}/diagram/", headers=htmx()).status_code == 404
    body = client_viewer.get(f"/p/{project.slug}/?table=users").content.decode()
    assert "Add a column" not in body and "Undo" not in body
    assert "readonly" in body


def test_anonymous_visitors_are_sent_to_sign_in(project: Project) -> None:
    response = Client().get(f"/p/{project.slug}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_diagram_can_show_one_group_or_a_search(client_owner: Client, project: Project) -> None:
    found = client_owner.get(f"/p/{project.slug}/diagram/?search=work", headers=htmx("diagram")).content.decode()
    assert 0 < found.count('class="node table"') < 6
    assert 'id="table&#45;workouts"' in found and 'id="table&#45;users"' not in found
    group = client_owner.get(f"/p/{project.slug}/diagram/?group=Accounts", headers=htmx("diagram")).content.decode()
    assert group.count('class="node table"') == 1
    bad = client_owner.get(f"/p/{project.slug}/diagram/?focus=nope", headers=htmx("diagram")).content.decode()
    assert "cannot be drawn" in bad  # the reason is shown in the canvas, not a server error

"""The API and the page make the same schema from the same sequence of edits.

Two copies of the demo project: one edited through the page's forms (``/p/<slug>/edit/...``),
the other through the REST API, step by step; after every step both schemas must be equal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from designer.core import ir
from projects.models import Project
from projects.selectors import schema_get
from projects.services import project_create
from tests.web.api.conftest import token_client


class Editors:
    def __init__(self, page: Client, api: APIClient, page_project: Project, api_project: Project) -> None:
        self.page, self.api = page, api
        self.page_project, self.api_project = page_project, api_project

    def on_page(self, action: str, **fields: Any) -> None:
        self.page_project.refresh_from_db()
        before = self.page_project.version
        response = self.page.post(f"/p/{self.page_project.slug}/edit/{action}/",
                                  {"base_version": before, **fields})
        assert response.status_code in (200, 302), response.content[:500]
        self.page_project.refresh_from_db()
        assert self.page_project.version == before + 1, f"the page refused {action}: {response.content[:500]!r}"

    def on_api(self, method: str, path: str, body: dict[str, Any] | None = None) -> None:
        self.api_project.refresh_from_db()
        version = self.api_project.version
        url = f"/api/projects/{self.api_project.slug}{path}"
        call: Callable[..., Any] = getattr(self.api, method)
        if method == "delete":
            response = call(f"{url}?base_version={version}")
        else:
            response = call(url, {**(body or {}), "base_version": version}, format="json")
        assert response.status_code in (200, 201), response.json()

    def same(self) -> None:
        assert schema_get(self.page_project) == schema_get(self.api_project)


@pytest.fixture
def editors(db: None, demo_schema: ir.Schema) -> Editors:
    user = User.objects.create_user("olga", password="pw-olga")
    page = Client()
    page.force_login(user)
    return Editors(page, token_client(user),
                   project_create(owner=user, name="Via the page", slug="page", schema=demo_schema),
                   project_create(owner=user, name="Via the API", slug="api", schema=demo_schema))


def test_the_same_edits_make_the_same_schema(editors: Editors) -> None:
    e = editors
    e.on_page("table-create", name="gyms", key="bigint", comment="A place to train.")
    e.on_api("post", "/tables", {"name": "gyms", "comment": "A place to train.", "columns": [
        {"name": "id", "type": "bigint", "nullable": False, "identity": "by_default"}],
        "primary_key": {"columns": ["id"], "name": "gyms_pkey"}})
    e.same()

    e.on_page("column-add", table="gyms", name="city", type="varchar", size="120", unique="on", default="")
    e.on_api("post", "/tables/gyms/columns", {"name": "city", "type": "varchar(120)", "nullable": False})
    e.on_api("post", "/tables/gyms/uniques", {"name": "gyms_city_key", "columns": ["city"]})
    e.same()

    e.on_page("fk-add", table="sessions", column="__new__", ref_table="gyms", ref_column="id",
              on_delete="set_null", on_update="no_action")
    e.on_api("post", "/tables/sessions/columns", {"name": "gym_id", "type": "bigint"})
    e.on_api("post", "/tables/sessions/foreign-keys", {"name": "fk_sessions_gym_id", "columns": ["gym_id"],
                                                       "ref_table": "gyms", "ref_columns": ["id"],
                                                       "on_delete": "set_null"})
    e.same()

    e.on_page("index-add", table="sessions", columns=["gym_id"], method="btree", where="gym_id IS NOT NULL")
    e.on_api("post", "/tables/sessions/indexes", {"name": "idx_sessions_gym_id", "elements": [{"column": "gym_id"}],
                                                  "where": "gym_id IS NOT NULL"})
    e.same()

    e.on_page("check-add", table="gyms", expression="length(city) > 1")
    e.on_api("post", "/tables/gyms/checks", {"name": "chk_gyms_1", "expression": "length(city) > 1"})
    e.same()

    e.on_page("enum-save", name="gym_kind", values="indoor\noutdoor")
    e.on_api("post", "/enums", {"name": "gym_kind", "values": ["indoor", "outdoor"]})
    e.same()

    e.on_page("column-update", table="gyms", column_name="city", name="town", type="varchar", size="120",
              nullable="on", unique="on", default="", comment="Where it is")
    e.on_api("patch", "/tables/gyms/columns/city", {"name": "town", "nullable": True, "comment": "Where it is"})
    e.same()

    e.on_page("table-settings", table="gyms", name="venues", comment="A place to train.", tags="lookup",
              group="Training")
    e.on_api("patch", "/tables/gyms", {"name": "venues", "tags": ["lookup"], "group": "Training"})
    e.same()

    e.on_page("m2m", table="venues", other="exercises")
    e.on_api("post", "/many-to-many", {"left": "venues", "right": "exercises"})
    e.same()

    e.on_page("constraint-delete", table="sessions", kind="indexes", name="idx_sessions_gym_id")
    e.on_api("delete", "/tables/sessions/indexes/idx_sessions_gym_id")
    e.same()

    e.on_page("table-delete", table="venue_exercises", cascade="")
    e.on_api("delete", "/tables/venue_exercises")
    e.same()
    assert schema_get(e.api_project).find_table("venues") is not None

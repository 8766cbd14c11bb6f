"""A live PostgreSQL database imported from the page and the API, on the servers the site allows.

The database is a real one the test builds on the server ``designer.localpg`` finds; the site's
list of servers (``LIVE_IMPORT_HOSTS``) is set to that server for the tests that read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client, override_settings
from psycopg.conninfo import conninfo_to_dict
from rest_framework.test import APIClient

from projects.models import Project, Version
from projects.selectors import schema_get
from tests.support.pgdb import run_sql, scratch_database
from tests.web.views.conftest import htmx

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SHOP = """
CREATE TYPE mood AS ENUM ('happy', 'grumpy');
CREATE TABLE people (id bigint PRIMARY KEY, name text NOT NULL, mood mood);
CREATE TABLE pets (id bigint PRIMARY KEY, owner_id bigint NOT NULL REFERENCES people (id));
"""
#: Put in the URL to show it never comes back (trust authentication ignores it).
PASSWORD = "s3cret-Pa55"


@pytest.fixture(scope="module")
def shop() -> Iterator[str]:
    """The URL of a database holding two tables and an enum, with a password in it."""
    with scratch_database("liveimport") as url:
        run_sql(url, SHOP)
        params = conninfo_to_dict(url)
        if not str(params.get("host", "")) or str(params["host"]).startswith("/"):
            pytest.skip("the PostgreSQL server is reached by a Unix socket: no host to allow")
        yield _as_url(params)


def _as_url(params: dict[str, object]) -> str:
    user = params.get("user") or "postgres"
    return f"postgresql://{user}:{PASSWORD}@{params['host']}:{params.get('port') or 5432}/{params['dbname']}"


def _server(url: str) -> str:
    params = conninfo_to_dict(url)
    return f"{params['host']}:{params.get('port') or 5432}"


@override_settings(LIVE_IMPORT_HOSTS=[])  # the default
def test_the_page_offers_no_live_import_unless_the_site_allows_it(client_owner: Client, shop: str) -> None:
    assert 'name="database_url"' not in client_owner.get("/").content.decode()
    response = client_owner.post("/import/preview/", {"database_url": shop}, headers=htmx())
    assert response.status_code == 422 and "DESIGNER_LIVE_IMPORT_HOSTS" in response.content.decode()


def test_a_database_is_previewed_then_imported_as_a_new_project(client_owner: Client, shop: str) -> None:
    with override_settings(LIVE_IMPORT_HOSTS=[_server(shop)]):
        assert 'name="database_url"' in client_owner.get("/").content.decode()
        preview = client_owner.post("/import/preview/", {"database_url": shop}, headers=htmx())
        body = preview.content.decode()
        assert preview.status_code == 200 and "people" in body and "pets" in body
        assert PASSWORD not in body and shop not in body  # the confirm step carries the schema, not the URL
        assert not Project.objects.exists()
        # The confirm step posts back what the preview form holds.
        fields = dict(re.findall(r'name="(text|format|source_name|origin)"[^>]*?(?:value="([^"]*)")?>', body))
        text = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', body, re.S)
        assert text is not None and fields["format"] == "json"
        confirm = {"text": _unescape(text.group(1)), "format": "json", "source_name": fields["source_name"],
                   "origin": _unescape(fields["origin"]), "name": "Shop"}
        response = client_owner.post("/import/confirm/", confirm, headers=htmx())
    assert response.status_code == 200 and response["HX-Redirect"] == "/p/shop/"
    project = Project.objects.get(slug="shop")
    schema = schema_get(project)
    assert [t.name for t in schema.tables] == ["people", "pets"] and [e.name for e in schema.enums] == ["mood"]
    summary = Version.objects.get(project=project, number=1).summary
    assert summary.startswith(f"Imported the database {conninfo_to_dict(shop)['dbname']} at {_server(shop)}")


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql://u:pw@10.1.2.3:5432/shop", "10.1.2.3:5432 is not a database server this site may read"),
    ("postgresql://u:pw@{server}/shop?hostaddr=10.1.2.3", "not hostaddr"),
    ("postgresql://u:pw@{server}/shop?host=10.1.2.3", "10.1.2.3:5432 is not a database server"),
    ("postgresql://u:pw@[::1/shop", "not a PostgreSQL connection URL"),
    ("mysql://u:pw@{server}/shop", "postgresql:// URL"),
])
def test_other_servers_and_parameters_are_refused(client_owner: Client, shop: str, url: str, message: str) -> None:
    with override_settings(LIVE_IMPORT_HOSTS=[_server(shop)]):
        response = client_owner.post("/import/preview/", {"database_url": url.format(server=_server(shop))},
                                     headers=htmx())
    body = response.content.decode()
    assert response.status_code == 422 and message in body and "pw@" not in body


def test_the_api_imports_a_database_as_a_new_version(owner_token_client: APIClient, shop: str) -> None:
    client, project = owner_token_client
    base = f"/api/projects/{project.slug}/import"
    with override_settings(LIVE_IMPORT_HOSTS=[]):
        refused = client.post(base, {"database_url": shop, "preview": True}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "database_url"
    with override_settings(LIVE_IMPORT_HOSTS=[_server(shop)]):
        preview = client.post(base, {"database_url": shop, "preview": True}, format="json").json()
        assert preview["import"]["tables"] == 2 and PASSWORD not in str(preview)
        stored = client.post(base, {"database_url": shop, "schemas": ["public"], "base_version": project.version},
                             format="json").json()
    assert stored["changed"] and stored["summary"].startswith("Imported the database")
    assert [t.name for t in schema_get(project).tables] == ["people", "pets"]


@pytest.fixture
def owner_token_client(project: Project, owner: object) -> tuple[APIClient, Project]:
    client = APIClient()
    client.force_authenticate(owner)  # type: ignore[arg-type]
    return client, project


def _unescape(text: str) -> str:
    return (text.replace("&quot;", '"').replace("&#x27;", "'").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&amp;", "&"))

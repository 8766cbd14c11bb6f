"""The OpenAPI document and the browsable docs, served without any CDN (they work offline)."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import Client

from tests.web.api.conftest import Team


def test_the_openapi_document_is_served(team: Team) -> None:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    assert "/api/projects/{slug}/tables/{table}/columns/{name}" in doc["paths"]
    assert "knoxApiToken" in doc["components"]["securitySchemes"]


def test_the_docs_load_swagger_ui_from_our_own_static_files(team: Team) -> None:
    page = Client().get("/api/docs/").content.decode()
    assert "cdn." not in page and "unpkg" not in page
    assets = re.findall(r'(?:src|href)="/static/([^"?]+)', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert finders.find(asset), asset


def test_redoc_too(team: Team) -> None:
    page = Client().get("/api/redoc/").content.decode()
    assert "cdn." not in page and "redoc.standalone.js" in page

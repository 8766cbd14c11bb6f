"""Every project URL, walked as a stranger and as a viewer.

URL patterns are discovered from the resolver, so a new page or endpoint is covered the day it
is added: a stranger must get 404 on every project URL (for every method), and a viewer must be
refused every write (403, or 405 where the URL takes no such method), with nothing changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from designer.core import document
from projects.models import Membership, Project, Role
from projects.services import project_create
from tests.conftest import DEMO_SCHEMA

pytestmark = pytest.mark.django_db

# Plausible values for URL parameters, so a viewer's request reaches the permission check on
# real objects of the demo schema rather than failing on a missing object.
SAMPLE = {
    "table": "users", "column": "email", "name": "fk_workouts_user_id", "constraint": "fk_workouts_user_id",
    "kind": "indexes", "enum": "difficulty", "group": "Accounts", "number": "1", "version": "1", "a": "1", "b": "1",
    "target": "sql", "fmt": "svg", "format": "svg", "ext": "svg", "username": "olivia", "user": "olivia",
    "pk": "1", "id": "1", "finding": "x", "finding_id": "x", "path": "schema.sql", "index": "0",
}


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, route)
        else:
            yield route


def project_urls(slug: str) -> list[str]:
    urls = []
    for route in _routes(get_resolver().url_patterns):
        if "<slug:slug>" not in route and "<str:slug>" not in route and "<slug>" not in route:
            continue
        if route.startswith("^") or "(?P" in route:
            continue  # regex routes (e.g. format suffixes) are covered by their plain twin
        url = route.replace("<slug:slug>", slug).replace("<str:slug>", slug).replace("<slug>", slug)
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE.get(m.group(1), "x"), url)
        urls.append("/" + url.lstrip("^").rstrip("$"))
    return sorted(set(urls))


@pytest.fixture
def project() -> Project:
    owner = User.objects.create_user("olivia", password="pw")
    project = project_create(owner=owner, name="Fitness", slug="fitness",
                             schema=document.loads(DEMO_SCHEMA.read_text("utf-8")))
    viewer = User.objects.create_user("vera", password="pw")
    Membership.objects.create(project=project, user=viewer, role=Role.VIEWER)
    return project


def test_there_are_project_urls_to_walk(project: Project) -> None:
    assert "/p/fitness/" in project_urls(project.slug)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_strangers_get_404_everywhere(project: Project, method: str) -> None:
    User.objects.create_user("stranger", password="pw")
    client = Client()
    client.login(username="stranger", password="pw")
    wrong = {}
    for url in project_urls(project.slug):
        status = getattr(client, method)(url).status_code
        if status not in (404, 405):
            wrong[url] = status
    assert wrong == {}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_viewers_cannot_write_anywhere(project: Project, method: str) -> None:
    client = Client()
    client.login(username="vera", password="pw")
    wrong = {}
    for url in project_urls(project.slug):
        status = getattr(client, method)(url, data={"base_version": 1}).status_code
        if status not in (403, 405):
            wrong[url] = status
    assert wrong == {}
    project.refresh_from_db()
    assert project.version == 1


def test_anonymous_users_are_sent_to_sign_in_or_refused(project: Project) -> None:
    client = Client()
    for url in project_urls(project.slug):
        response = client.get(url)
        assert response.status_code in (302, 401, 403, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), url

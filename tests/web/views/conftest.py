"""Fixtures of the page tests: users of each role on the demo project, and logged-in clients."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from designer.core import ir
from projects.models import Project, Role
from projects.services import membership_set, project_create


@pytest.fixture
def owner(db: None) -> User:
    return User.objects.create_user("olivia", password="pw")


@pytest.fixture
def viewer(db: None) -> User:
    return User.objects.create_user("vera", password="pw")


@pytest.fixture
def stranger(db: None) -> User:
    return User.objects.create_user("sam", password="pw")


@pytest.fixture
def project(owner: User, viewer: User, demo_schema: ir.Schema) -> Project:
    project = project_create(owner=owner, name="Fitness", schema=demo_schema)
    membership_set(project=project, actor=owner, user=viewer, role=Role.VIEWER)
    return project


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_owner(owner: User) -> Client:
    return client_for(owner)


@pytest.fixture
def client_viewer(viewer: User) -> Client:
    return client_for(viewer)


@pytest.fixture
def client_stranger(stranger: User) -> Client:
    return client_for(stranger)


def htmx(target: str | None = None) -> dict[str, str]:
    """Headers of an htmx request (aimed at ``target``), for ``Client(headers=...)``."""
    headers = {"HX-Request": "true"}
    if target:
        headers["HX-Target"] = target
    return headers

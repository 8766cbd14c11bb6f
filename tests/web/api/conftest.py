"""API fixtures: a demo project with an owner, an editor, a viewer, and a user who is not a member."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from designer.core import ir
from projects.models import Project, Role
from projects.services import membership_set, project_create
from projects.tokens import token_create


@dataclass
class Team:
    project: Project
    owner: APIClient
    editor: APIClient
    viewer: APIClient
    stranger: APIClient
    anonymous: APIClient
    owner_token: str  # the owner's Authorization header value


    @property
    def base(self) -> str:
        return f"/api/projects/{self.project.slug}"

    def version(self) -> int:
        self.project.refresh_from_db()
        return self.project.version


def token_client(user: User) -> APIClient:
    """A client that authenticates the way a script does: with a knox token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=token_header(user))
    return client


def token_header(user: User) -> str:
    return f"Token {token_create(user=user, expires_in_days=1).secret}"


@pytest.fixture
def team(db: None, demo_schema: ir.Schema) -> Team:
    users = {name: User.objects.create_user(name, password="pw-" + name) for name in
             ("olga", "eddie", "vera", "stan")}
    project = project_create(owner=users["olga"], name="Fitness", slug="fitness", schema=demo_schema)
    membership_set(project=project, actor=None, user=users["eddie"], role=Role.EDITOR)
    membership_set(project=project, actor=None, user=users["vera"], role=Role.VIEWER)
    return Team(project, token_client(users["olga"]), token_client(users["eddie"]), token_client(users["vera"]),
                token_client(users["stan"]), APIClient(), token_header(users["olga"]))

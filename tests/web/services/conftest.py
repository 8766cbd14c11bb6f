from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from designer.core import ir
from projects.models import Project, Role
from projects.services import membership_set, project_create


@pytest.fixture
def owner(db: None) -> User:
    return User.objects.create_user("olivia", password="pw")


@pytest.fixture
def editor(db: None) -> User:
    return User.objects.create_user("eddie", password="pw")


@pytest.fixture
def viewer(db: None) -> User:
    return User.objects.create_user("vera", password="pw")


@pytest.fixture
def project(owner: User, editor: User, viewer: User, demo_schema: ir.Schema) -> Project:
    project = project_create(owner=owner, name="Fitness", schema=demo_schema)
    membership_set(project=project, actor=owner, user=editor, role=Role.EDITOR)
    membership_set(project=project, actor=owner, user=viewer, role=Role.VIEWER)
    return project

"""Command fixtures: a stored demo project, and helpers that run a command and capture its output."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from designer.core import ir
from projects.models import Project
from projects.services import project_create


@dataclass(frozen=True)
class Output:
    stdout: str
    stderr: str


def run(*args: str) -> Output:
    """Run a management command in-process; its printed output."""
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return Output(out.getvalue(), err.getvalue())


@dataclass(frozen=True)
class Failure:
    message: str
    returncode: int
    stdout: str

    def __str__(self) -> str:
        return self.message


def fails(*args: str) -> Failure:
    """Run a command that must fail: its message, exit status and what it printed before failing."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as info:
        call_command(*args, stdout=out, stderr=err)
    return Failure(str(info.value), info.value.returncode, out.getvalue())


@pytest.fixture
def owner(db: None) -> User:
    return User.objects.create_user("olga", password="pw-olga")


@pytest.fixture
def project(owner: User, demo_schema: ir.Schema) -> Project:
    return project_create(owner=owner, name="Fitness", slug="fitness", schema=demo_schema)

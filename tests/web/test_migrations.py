"""Data migrations, run forward from the state before them on a real database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("projects", "0001_initial")]
AFTER = [("projects", "0002_version_undo_redo")]


def test_versions_made_before_undo_links_undo_to_the_version_before_them() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    project = old.get_model("projects", "Project").objects.create(slug="old", name="Old", version=3)
    Version = old.get_model("projects", "Version")
    for number, summary in ((1, "Created the project"), (2, "Added table a"), (3, "Undid: Added table a")):
        Version.objects.create(project=project, number=number, summary=summary, snapshot=b"", size=0)

    executor = MigrationExecutor(connection)  # a fresh loader sees the migrated-back state
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rows = new.get_model("projects", "Version").objects.filter(project_id=project.pk).order_by("number")
    assert [(v.number, v.undo_to, v.redo_to, v.change) for v in rows] == [
        (1, None, None, "Created the project"),
        (2, 1, None, "Added table a"),
        (3, 2, None, "Undid: Added table a"),
    ]

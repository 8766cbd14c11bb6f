"""Schemas kept in memory per (project, version), for reads and edits alike.

A version never changes once recorded, and every change records a new one
(``services.schema_apply``), so the schema of (project, version) can be kept for the next
request without ever being stale; ``created_at`` tells apart projects whose ids were reused (a
test database, SQLite). Each process keeps its own few: another process that moved a project
forward has a new version number, which is simply a miss here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from designer.core import ir
from projects.models import Project

_KEPT = 8
_schemas: OrderedDict[tuple[int, int, str], ir.Schema] = OrderedDict()
_lock = threading.Lock()


def _key(project: Project, version: int) -> tuple[int, int, str]:
    return (project.pk, version, project.created_at.isoformat())


def content_key(project: Project) -> str:
    """A name for the content of ``project``'s schema at its current version, for caches shared
    between processes (the diagram's): versions never change, and ``created_at`` tells apart
    projects whose ids were reused."""
    return "{}:{}:v{}".format(*_key(project, project.version))


def lookup(project: Project, version: int) -> ir.Schema | None:
    """The kept schema of ``project`` at ``version``, if any."""
    key = _key(project, version)
    with _lock:
        found = _schemas.get(key)
        if found is not None:
            _schemas.move_to_end(key)
        return found


def remember(project: Project, version: int, schema: ir.Schema) -> ir.Schema:
    """Keep ``schema`` as the schema of ``project`` at ``version``."""
    key = _key(project, version)
    with _lock:
        _schemas[key] = schema
        _schemas.move_to_end(key)
        while len(_schemas) > _KEPT:
            _schemas.popitem(last=False)
    return schema


def forget() -> None:
    """Drop every kept schema (the benchmark measures the cold path with it)."""
    with _lock:
        _schemas.clear()

"""schemathesis against our own OpenAPI document: no 5xx, and every answer is what the document says.

Each operation is its own test, with a bounded number of valid and of invalid requests,
authenticated as the owner of a demo project. Left alone, nearly every
generated path would name a project, table or column that does not exist (a documented 404),
so about half the cases are aimed at real objects and at the latest version: the write paths
run too. schemathesis's coverage phase (every boundary value of every parameter) is left out:
it takes minutes per operation with bodies as rich as a schema document.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from designer.core import ir
from projects.models import Project
from projects.selectors import schema_get
from projects.services import project_restore
from tests.web.api.conftest import Team

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
# Examples per operation: valid requests (they must be answered as documented, mostly 2xx once
# aimed), then invalid ones (they must be refused as documented, never with a 5xx).
EXAMPLES = {GenerationMode.POSITIVE: 5, GenerationMode.NEGATIVE: 3}

# The operations, known at collection time so that each is its own test.
_DOCUMENT = SchemaGenerator().get_schema(public=True)  # type: ignore[no-untyped-call]
OPERATIONS = [f"{method.upper()} {path}" for path, methods in _DOCUMENT["paths"].items()
              for method in methods]


@pytest.fixture(scope="module", autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Calls go through the real WSGI handler, which closes "old" database connections around each
    request; inside a test's transaction that would close the test's own connection. Django's
    test client switches this off the same way."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(_keep_the_test_connection: None) -> Any:
    """The OpenAPI document as the app serves it at /api/schema/ (read without a database)."""
    return schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())


# Which list of a table a URL segment names, for aiming {name} at a real object.
_TABLE_PARTS = {"columns": "columns", "foreign-keys": "foreign_keys", "uniques": "uniques", "indexes": "indexes",
                "checks": "checks"}


def _coin(value: Any) -> bool:
    """A stable yes/no derived from generated data (half the cases are aimed at real objects)."""
    return zlib.crc32(repr(value).encode()) % 2 == 0


def _aim(case: Any, project: Project) -> None:
    """Point the case at the demo project, and often at an object that exists and the latest version."""
    path = case.path_parameters or {}
    if "slug" in path:
        path["slug"] = project.slug
    current = schema_get(project)
    table: ir.Table | None = None
    if "table" in path and current.tables and _coin(path["table"]):
        table = current.tables[len(str(path["table"])) % len(current.tables)]
        path["table"] = table.path
    elif "table" in path:
        table = current.find_table(str(path["table"]))
    if "name" in path and _coin(path["name"]):
        segment = case.operation.path.rsplit("/", 2)[-2]
        if table is not None and segment in _TABLE_PARTS:
            items = [i.name for i in getattr(table, _TABLE_PARTS[segment])]
        else:
            items = {"enums": [e.path for e in current.enums], "groups": [g.name for g in current.groups]}.get(
                segment, [])
        if items:
            path["name"] = items[len(str(path["name"])) % len(items)]
    if "number" in path and _coin(path["number"]):
        path["number"] = max(1, project.version - 1)
    for where in (case.query, case.body):
        if isinstance(where, dict) and "base_version" in where and _coin(where):
            where["base_version"] = project.version


def test_the_served_document_lists_every_operation(api_schema: Any) -> None:
    served = sorted(r.ok().label for r in api_schema.get_all_operations())
    assert served == sorted(OPERATIONS)
    assert "POST /api/projects/{slug}/tables/{table}/columns" in served


@pytest.mark.parametrize("label", OPERATIONS)
def test_every_answer_matches_the_openapi_document(label: str, api_schema: Any, team: Team) -> None:
    method, path = label.split(" ", 1)
    operation = api_schema[path][method]

    for mode, count in EXAMPLES.items():
        @settings(max_examples=count, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(mode))
        def call(case: Any) -> None:
            project = team.project
            project.refresh_from_db()
            if project.deleted_at is not None:  # an earlier case moved it to the trash: bring it back
                project_restore(project=project, user=None)
            _aim(case, project)
            case.call_and_validate(headers={"Authorization": team.owner_token}, checks=CHECKS)

        try:
            call()
        except Unsatisfiable:
            # No invalid request exists when every input is a free-form string (or there is none).
            assert mode is GenerationMode.NEGATIVE

"""The export service shared by the page, the API and the command line."""

from __future__ import annotations

import io
import zipfile

import pytest

from designer.core import ir
from designer.core.exporters import export
from projects.exporting import export_project, export_zip
from projects.services import ServiceError, project_create


def test_a_zip_is_deterministic_and_holds_the_files() -> None:
    files = {"prisma/schema.prisma": "model A {}\n", "prisma/constraints.sql": "-- ✓ unicode\n"}
    first, second = export_zip(files), export_zip(dict(files))
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {n: archive.read(n).decode() for n in archive.namelist()} == files


@pytest.mark.django_db
def test_project_defaults_apply_and_stale_ones_are_ignored(demo_schema: ir.Schema) -> None:
    project = project_create(owner=None, name="Fitness", schema=demo_schema)
    project.export_settings = {"sql": {"idempotent": True, "an_option_that_was_removed": 1}}
    project.save()
    assert export_project(project, "sql").main == export(demo_schema, "sql", {"idempotent": True}).main
    assert export_project(project, "sql", {"idempotent": False}).main == export(demo_schema, "sql").main


@pytest.mark.django_db
@pytest.mark.parametrize(("target", "options", "field"), [("cobol", {}, "target"), ("sql", {"colour": "x"}, "options")])
def test_refusals_name_the_field(demo_schema: ir.Schema, target: str, options: dict[str, str], field: str) -> None:
    project = project_create(owner=None, name="Fitness", schema=demo_schema)
    with pytest.raises(ServiceError) as info:
        export_project(project, target, options)
    assert info.value.field == field

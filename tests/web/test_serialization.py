"""Rows <-> core model: lossless, in a constant number of queries, writing only what changed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis.extra.django import TestCase as HypothesisTestCase

from bench.synthetic import synthetic_schema
from designer.core import edits, ir
from projects import models as m
from projects.serialization import schema_load, schema_store
from projects.services import project_create
from tests.support.strategies import schemas


class RowsRoundTripTests(HypothesisTestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(schemas(names="hostile"))
    def test_random_schemas_survive_rows_round_trip(self, schema: ir.Schema) -> None:
        project = m.Project.objects.create(slug=f"p{m.Project.objects.count()}", name="p")
        schema_store(project, None, schema)
        project.save()
        assert schema_load(project) == schema


@pytest.mark.django_db
def test_loading_takes_the_same_number_of_queries_for_10_and_200_tables() -> None:
    counts = []
    for n in (10, 200):
        project = project_create(owner=None, name=f"synthetic {n}", schema=synthetic_schema(n))
        with CaptureQueriesContext(connection) as ctx:
            assert len(schema_load(project).tables) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_storing_an_edit_rewrites_only_the_changed_table(demo_schema: ir.Schema) -> None:
    project = project_create(owner=None, name="demo", schema=demo_schema)
    before = {t.name: (t.pk, t.updated_at) for t in m.SchemaTable.objects.filter(project=project)}
    workouts_columns = set(m.SchemaColumn.objects.filter(table__name="workouts").values_list("pk", flat=True))
    new = edits.AddColumn("users", ir.Column("nickname", demo_schema.tables[0].columns[2].type)).apply(demo_schema)
    schema_store(project, demo_schema, new)
    after = {t.name: (t.pk, t.updated_at) for t in m.SchemaTable.objects.filter(project=project)}
    assert after["users"][1] > before["users"][1]
    assert {k: v for k, v in after.items() if k != "users"} == {k: v for k, v in before.items() if k != "users"}
    assert set(m.SchemaColumn.objects.filter(table__name="workouts").values_list("pk", flat=True)) == workouts_columns
    assert schema_load(project) == new


@pytest.mark.django_db
def test_a_renamed_table_keeps_its_row(demo_schema: ir.Schema) -> None:
    project = project_create(owner=None, name="demo", schema=demo_schema)
    row = m.SchemaTable.objects.get(project=project, name="users")
    edit = edits.RenameTable("users", "accounts")
    new = edit.apply(demo_schema)
    schema_store(project, demo_schema, new, edit.table_renames(demo_schema))
    assert m.SchemaTable.objects.get(project=project, name="accounts").pk == row.pk
    assert schema_load(project) == new


@pytest.mark.django_db
def test_swapping_two_table_names_in_one_edit_does_not_collide(demo_schema: ir.Schema) -> None:
    project = project_create(owner=None, name="demo", schema=demo_schema)
    swap = edits.Batch((edits.RenameTable("users", "tmp"), edits.RenameTable("sessions", "users"),
                        edits.RenameTable("tmp", "sessions")))
    new = swap.apply(demo_schema)
    schema_store(project, demo_schema, new, swap.table_renames(demo_schema))
    assert schema_load(project) == new


@pytest.mark.django_db
def test_table_order_is_kept(demo_schema: ir.Schema) -> None:
    project = project_create(owner=None, name="demo", schema=demo_schema)
    new = replace(demo_schema, tables=tuple(reversed(demo_schema.tables)))
    schema_store(project, demo_schema, new)
    assert [t.name for t in schema_load(project).tables] == [t.name for t in reversed(demo_schema.tables)]



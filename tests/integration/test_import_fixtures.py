"""Pagila, a real pg_dump written by others: applied directly, or imported, exported and applied,
it must give the same catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.core.exporters import export
from designer.core.importers import import_source
from tests.support.catalog import differences, snapshot
from tests.support.pgdb import run_sql, scratch_database

pytestmark = pytest.mark.postgres

PAGILA = Path(__file__).resolve().parent.parent / "fixtures" / "import" / "pagila-schema.sql"


def test_pagila_imported_and_exported_gives_the_same_catalog(scratch_db: str) -> None:
    text = PAGILA.read_text("utf-8")
    run_sql(scratch_db, text)
    result = import_source({PAGILA.name: text})
    assert "CREATE DOMAIN" in result.summary.skipped  # the domain is not imported: create it, as the report says
    with scratch_database("pagila") as url:
        run_sql(url, "CREATE DOMAIN year AS integer CHECK (VALUE >= 1901 AND VALUE <= 2155);\n"
                + export(result.schema, "sql").main)
        assert differences(snapshot(scratch_db), snapshot(url)) == []

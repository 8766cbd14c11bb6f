"""The JSON export is the document format: it reads back to the very same schema."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from designer.core import document, ir
from designer.core.exporters import export
from tests.support.cases import CASES, load_case
from tests.support.strategies import schemas


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_export_reads_back_unchanged(name: str) -> None:
    schema = load_case(name)
    result = export(schema, "json")
    assert list(result.files) == ["schema.json"]
    assert document.loads(result.main) == schema
    assert result.diagnostics == ()


@settings(max_examples=25, deadline=None)
@given(schemas(names="hostile"))
def test_hostile_schemas_read_back_unchanged(schema: ir.Schema) -> None:
    assert document.loads(export(schema, "json").main) == schema

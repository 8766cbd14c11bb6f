"""The JSON document format: lossless both ways, precise errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from designer.core import document, ir
from designer.core.types import LogicalType
from tests.support.strategies import schemas

ROOT = Path(__file__).resolve().parents[2]
JSON_SCHEMA = json.loads((ROOT / "docs" / "schema-document.schema.json").read_text("utf-8"))


@settings(max_examples=60, deadline=None)
@given(schemas(names="hostile"))
def test_random_schemas_survive_json_round_trip(schema: ir.Schema) -> None:
    assert document.loads(document.dumps(schema)) == schema


@settings(max_examples=30, deadline=None)
@given(schemas(names="quoted"))
def test_documents_match_the_published_json_schema(schema: ir.Schema) -> None:
    jsonschema.validate(document.schema_to_document(schema), JSON_SCHEMA)


def test_demo_document_matches_the_published_json_schema(demo_schema: ir.Schema) -> None:
    jsonschema.validate(document.schema_to_document(demo_schema), JSON_SCHEMA)


def test_the_same_schema_always_gives_the_same_bytes(demo_schema: ir.Schema) -> None:
    assert document.dumps(demo_schema) == document.dumps(document.loads(document.dumps(demo_schema)))


def test_enum_types_resolve_to_the_schema_enum(demo_schema: ir.Schema) -> None:
    users = demo_schema.table("users")
    assert users is not None
    role = users.column("role")
    assert role is not None and role.type.logical is LogicalType.ENUM and role.type.enum == "user_role"


def test_a_json_syntax_error_names_line_and_column() -> None:
    with pytest.raises(document.DocumentError) as err:
        document.loads('{\n  "tables": [,]\n}')
    assert "line 2" in str(err.value)


def test_a_bad_field_names_its_json_path() -> None:
    doc = {"tables": [{"name": "t", "columns": [{"name": "a", "type": "varchar(0)"}]}]}
    with pytest.raises(document.DocumentError) as err:
        document.schema_from_document(doc)
    assert err.value.where == "tables[0].columns[0].type"
    assert "length" in err.value.message


def test_an_unknown_referential_action_is_refused_with_the_choices() -> None:
    doc = {"tables": [{"name": "t", "columns": [], "foreign_keys": [
        {"name": "f", "columns": ["a"], "ref_table": "t", "ref_columns": ["a"], "on_delete": "explode"}]}]}
    with pytest.raises(document.DocumentError) as err:
        document.schema_from_document(doc)
    assert err.value.where == "tables[0].foreign_keys[0].on_delete"
    assert "cascade" in err.value.message


def test_a_newer_document_version_is_refused() -> None:
    with pytest.raises(document.DocumentError, match="version"):
        document.schema_from_document({"format": "designer.schema", "version": 99, "tables": []})


def test_the_example_in_the_format_documentation_reads() -> None:
    text = (ROOT / "docs" / "document-format.md").read_text("utf-8")
    example = text.split("```json", 1)[1].split("```", 1)[0]
    schema = document.loads(example)
    jsonschema.validate(json.loads(example), JSON_SCHEMA)
    workouts = schema.table("workouts")
    assert workouts is not None and workouts.uniques[0].where == "deleted_at IS NULL"

"""The docs exporter: the YAML contract read back by PyYAML, the Markdown read by a CommonMark parser."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from designer.core import ir
from designer.core.exporters import export
from designer.core.exporters.docs import DocsExporter, md_code, md_text
from tests.support.cases import load_case
from tests.support.strategies import NAME_KINDS, schemas

MARKDOWN = MarkdownIt("commonmark").enable("table")
LINE_BREAKS = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
#: Any text but NUL, which CommonMark replaces with U+FFFD by design (and names cannot hold).
HOSTILE = NAME_KINDS["hostile"] | st.text(st.characters(exclude_characters="\x00"), min_size=1, max_size=30)


def contracts(schema: ir.Schema) -> dict[str, Any]:
    data = yaml.safe_load(export(schema, "docs").files[DocsExporter.CONTRACTS])
    assert isinstance(data, dict)
    return data


def markdown(schema: ir.Schema) -> str:
    return export(schema, "docs").files[DocsExporter.MARKDOWN]


def inline_tokens(source: str) -> list[Token]:
    tokens = MARKDOWN.parse(source)
    return [child for t in tokens if t.type == "inline" for child in t.children or []]


# The YAML contract ----------------------------------------------------------------------------


def test_the_contract_has_seed_003_layout() -> None:
    data = contracts(load_case("rich"))
    accounts = data["tables"]["accounts"]
    assert accounts["schema"] == "public"
    email = accounts["columns"]["email"]
    assert email == {"type": "varchar(255)", "nullable": False, "backend_field": "email",
                     "description": "Unique among live accounts.", "index": "btree"}
    assert accounts["columns"]["id"]["primary_key"] is True
    assert accounts["columns"]["login_count"]["validation"] == "login_count >= 0"
    partial = next(i for i in accounts["indexes"] if i["name"] == "uniq_accounts_email")
    assert partial == {"name": "uniq_accounts_email", "columns": ["email"], "type": "btree", "unique": True,
                       "where": "deleted_at IS NULL",
                       "reason": "Enforces uniqueness among rows where deleted_at IS NULL"}
    profile = next(r for r in accounts["relationships"] if r["foreign_table"] == "profiles")
    assert profile == {"name": "fk_profiles_account_id", "type": "one_to_one", "foreign_table": "profiles",
                       "foreign_key": "account_id", "on_delete": "CASCADE", "on_update": "NO ACTION"}
    assert data["tables"]["billing.invoices"]["schema"] == "billing"


def test_many_to_many_is_listed_on_both_ends_through_the_junction() -> None:
    tables = contracts(load_case("rich"))["tables"]
    posts = [r for r in tables["posts"]["relationships"] if r["type"] == "many_to_many"]
    tags = [r for r in tables["tags"]["relationships"] if r["type"] == "many_to_many"]
    assert posts == [{"name": "post_tags", "type": "many_to_many", "foreign_table": "tags", "foreign_key": "post_id",
                      "on_delete": "CASCADE", "on_update": "NO ACTION", "through": "post_tags"}]
    assert [r["foreign_table"] for r in tags] == ["posts"]
    assert not any(r["foreign_table"] == "post_tags" for r in tables["posts"]["relationships"])


def test_composite_foreign_keys_list_their_columns() -> None:
    revisions = contracts(load_case("rich"))["tables"]["post_revisions"]
    assert revisions["relationships"][0]["foreign_key"] == ["post_id", "revision"]


@settings(max_examples=25, deadline=None)
@given(schemas(names="hostile"))
def test_yaml_gives_back_the_exact_names_and_comments(schema: ir.Schema) -> None:
    data = contracts(schema)
    assert data["database"] == schema.name
    assert data.get("description") == (schema.comment or None)
    assert list(data["tables"]) == [t.path for t in schema.tables]
    for table in schema.tables:
        got = data["tables"][table.path]
        assert got["schema"] == table.namespace
        assert got.get("description") == (table.comment or None)
        assert list(got["columns"]) == [c.name for c in table.columns]
        for column in table.columns:
            assert got["columns"][column.name].get("description") == (column.comment or None)
            assert got["columns"][column.name]["type"] == column.type.sql
        assert [i["name"] for i in got.get("indexes", [])] == [u.name for u in table.uniques] + [
            i.name for i in table.indexes]
    for enum in schema.enums:
        assert data["enums"][enum.path]["values"] == list(enum.values)


# Markdown -------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(HOSTILE)
def test_md_text_shows_as_itself_in_a_paragraph_and_in_a_table_cell(text: str) -> None:
    want = LINE_BREAKS.sub(" ", text).strip()
    paragraph = MARKDOWN.parse(md_text(text))
    if want:
        assert [t.type for t in paragraph] == ["paragraph_open", "inline", "paragraph_close"]
    assert "".join(t.content for t in inline_tokens(md_text(text)) if t.type == "text") == want
    cell = inline_tokens(f"| a |\n|---|\n| {md_text(text)} |\n")
    assert "".join(t.content for t in cell[1:] if t.type == "text") == want


@settings(max_examples=200, deadline=None)
@given(HOSTILE)
def test_md_code_is_one_code_span_in_a_paragraph_and_in_a_table_cell(text: str) -> None:
    want = LINE_BREAKS.sub(" ", text)
    assert [(t.type, t.content) for t in inline_tokens(md_code(text))] == [("code_inline", want)]
    table = MARKDOWN.parse(f"| a | b |\n|---|---|\n| {md_code(text, cell=True)} | x |\n")
    cells = [t for t in table if t.type == "inline"]
    assert [t.content for t in cells][-1] == "x"  # the cell did not split
    assert [(c.type, c.content) for c in cells[-2].children or []] == [("code_inline", want)]


@pytest.mark.parametrize("text", ["# heading", "- item", "1. one", "2) two", "> quote", "    code", "***", "===",
                                  "<b>html</b>", "[link](x)", "a | b", "*em*"])
def test_md_text_never_becomes_markup(text: str) -> None:
    tokens = MARKDOWN.parse(md_text(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert "".join(c.content for c in tokens[1].children or []) == text.strip()


def test_the_data_model_describes_tables_relationships_and_rules() -> None:
    text = markdown(load_case("rich"))
    assert text.startswith("# Data model: Rich\n")
    assert "### `accounts`" in text
    assert "| `email` | `varchar(255)` | no |  |  | Unique among live accounts. |" in text
    assert "- each post belongs to one account; an account has many posts: `author_id` → `accounts` (`id`)." in text
    assert "- Referenced by `profiles` (`account_id`): deleting an account also deletes its profiles." in text
    assert "- `chk_accounts_login_count`: `login_count >= 0`" in text
    assert "- `posts` and `tags`, through `post_tags`" in text
    assert "| `uniq_accounts_email` | `email` | btree | yes | `deleted_at IS NULL` |" in text


@settings(max_examples=25, deadline=None)
@given(schemas(names="hostile"))
def test_every_table_heading_and_column_cell_survives_hostile_names(schema: ir.Schema) -> None:
    tokens = MARKDOWN.parse(markdown(schema))
    headings = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h3"]
    code = [c.content for h in headings for c in h.children or [] if c.type == "code_inline"]
    flat = [LINE_BREAKS.sub(" ", p) for p in [*(e.path for e in schema.enums), *(t.path for t in schema.tables)]]
    assert code == flat
    cells = [c.content for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "code_inline"]
    for table in schema.tables:
        for column in table.columns:
            assert LINE_BREAKS.sub(" ", column.name) in cells

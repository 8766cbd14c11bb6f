"""The DBML exporter, read back by pydbml (the DBML importer's parser)."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import given, settings

from designer.core import ir
from designer.core.exporters import export
from designer.core.exporters.dbml import dbml_string, note_as_read
from designer.core.types import ColumnType, LogicalType
from tests.support.cases import CASES, load_case
from tests.support.strategies import schemas

with warnings.catch_warnings():
    # pydbml calls pyparsing names that pyparsing now deprecates, on import and on every parse; the
    # warnings are about pydbml's code, so they are silenced around pydbml only.
    warnings.simplefilter("ignore", DeprecationWarning)
    from pydbml import PyDBML


def read_dbml(text: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return PyDBML(text)

BIGINT = ColumnType(LogicalType.BIGINT)


def parse(schema: ir.Schema) -> Any:
    return read_dbml(export(schema, "dbml").main)


@pytest.mark.parametrize("name", sorted(CASES))
def test_pydbml_reads_every_table_column_reference_and_enum(name: str) -> None:
    schema = load_case(name)
    changed = {d.path for d in export(schema, "dbml").diagnostics if d.code == "dbml.name-changed"}
    db = parse(schema)
    got = {(t.schema, t.name): [c.name for c in t.columns] for t in db.tables}
    for table in schema.tables:
        if table.path in changed:
            continue
        assert (table.namespace, table.name) in got
        columns = got[(table.namespace, table.name)]
        for column in table.columns:
            assert column.name in columns or f"{table.path}.{column.name}" in changed
    assert len(db.refs) == sum(len(t.foreign_keys) for t in schema.tables)
    assert len(db.enums) == len(schema.enums)


def test_references_keep_actions_and_composite_columns() -> None:
    db = parse(load_case("rich"))
    refs = {r.name: r for r in db.refs}
    author = refs["fk_posts_author_id"]
    assert (author.on_delete, author.on_update) == ("restrict", "cascade")
    composite = refs["fk_revision_reviews_revision"]
    assert [c.name for c in composite.col1] == ["post_id", "revision"]
    assert [c.name for c in composite.col2] == ["post_id", "revision"]
    assert refs["fk_profiles_account_id"].type == "-"  # one-to-one: the key is also the primary key
    assert author.type == ">"


def test_a_partial_condition_goes_into_the_index_note_and_a_diagnostic() -> None:
    result = export(load_case("fitness"), "dbml")
    users = next(t for t in read_dbml(result.main).tables if t.name == "users")
    index = next(i for i in users.indexes if i.name == "uniq_users_email")
    assert index.unique and "deleted_at IS NULL" in index.note.text
    assert any(d.code == "dbml.index-detail" and d.path == "users.uniq_users_email" for d in result.diagnostics)


def test_checks_and_deferrable_references_are_reported() -> None:
    codes = [d.code for d in export(load_case("cycle"), "dbml").diagnostics]
    assert codes.count("dbml.deferrable") == 2
    codes = [d.code for d in export(load_case("rich"), "dbml").diagnostics]
    assert "dbml.check-dropped" in codes and "dbml.generated" in codes


def test_a_name_dbml_cannot_hold_is_changed_and_reported_once() -> None:
    t = ir.Table('a"b', columns=(ir.Column("id", BIGINT, nullable=False), ir.Column("x\ny", BIGINT)),
                 primary_key=ir.PrimaryKey(("id",)))
    result = export(ir.Schema(tables=(t,)), "dbml")
    table = read_dbml(result.main).tables[0]
    assert table.name == "a_b" and [c.name for c in table.columns] == ["id", "x_y"]
    assert sorted(d.path for d in result.diagnostics if d.code == "dbml.name-changed") == ['a"b', 'a"b.x\ny']


@pytest.mark.parametrize("word", ["as", "assets", "as0", "null", "True"])
def test_names_dbml_reads_as_keywords_are_quoted(word: str) -> None:
    t = ir.Table(word, columns=(ir.Column(word, BIGINT, nullable=False),), primary_key=ir.PrimaryKey((word,)),
                 group=word)
    result = export(ir.Schema(tables=(t,), groups=(ir.Group(word),)), "dbml")
    db = read_dbml(result.main)
    assert db.tables[0].name == word and db.tables[0].columns[0].name == word
    assert db.table_groups[0].name == word and not result.diagnostics


@pytest.mark.parametrize("text", ["it's", "back\\slash", "a\\nb", "line\nbreak", "tab\tx", "'''", "\\'", "é名前"])
def test_strings_round_trip_through_pydbml(text: str) -> None:
    db = read_dbml(f"Table t {{\n  id int [note: {dbml_string(text)}]\n}}\n")
    assert db.tables[0].columns[0].note.text == text


@settings(max_examples=25, deadline=None)
@given(schemas(names="hostile"))
def test_hostile_names_and_comments_survive_or_are_reported(schema: ir.Schema) -> None:
    result = export(schema, "dbml")
    changed = {d.path for d in result.diagnostics if d.code == "dbml.name-changed"}
    notes = {d.path for d in result.diagnostics if d.code in ("dbml.note-trimmed", "dbml.note-dropped")}

    def expected(text: str | None, path: str) -> str | None:
        """The comment as it must read back: exact, unless the export said a reader trims it."""
        if text is None:
            return None
        return (note_as_read(text) or None) if path in notes else text

    db = read_dbml(result.main)
    tables = {(t.schema, t.name): t for t in db.tables}
    assert len(tables) == len(schema.tables)
    for table in schema.tables:
        if table.path in changed:
            continue
        got = tables[(table.namespace, table.name)]
        assert (got.note.text or None) == expected(table.comment, table.path)
        for column, parsed in zip(table.columns, got.columns, strict=True):
            path = f"{table.path}.{column.name}"
            if path not in changed:
                assert parsed.name == column.name
            assert (parsed.note.text or None) == expected(column.comment, path)
    assert len(db.refs) == sum(len(t.foreign_keys) for t in schema.tables)


@pytest.mark.parametrize(("text", "read"), [
    ("plain", "plain"), ("  indented", "indented"), ("\u2028x", "x"), ("a\n  b", "a\n  b"), (" \n a\n  b", "a\n b"),
    ("\n\nx\n\n", "x"), (" ", None), ("\u2028", None), ("\n \n", None),
])
def test_note_as_read_matches_what_pydbml_reads(text: str, read: str | None) -> None:
    assert note_as_read(text) == read
    if read is not None:
        db = read_dbml(f"Table t {{\n  id int [note: {dbml_string(text)}]\n}}\n")
        assert db.tables[0].columns[0].note.text == read

"""Parsing a script in chunks: cuts after semicolons, the parser's own split when a cut is wrong, offsets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pglast import parser

from designer.core.importers import ImportFailed, import_source, sqlscript
from designer.core.importers.base import LineIndex
from designer.core.importers.sqlscript import parse_statements, read_script

# Semicolons inside statements (a BEGIN ATOMIC body, a rule's actions), non-ASCII text before and inside
# statements, comments and blank lines between them.
SCRIPT = """-- héllo, a comment with ünïcode
CREATE TABLE "café" (id int PRIMARY KEY, label text DEFAULT 'crème');

CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT x + 1;
  SELECT x + 2;
END;
  CREATE TABLE "naïve" (id int, café_id int REFERENCES "café", note text DEFAULT 'ß;');
/* a ; in a comment */ CREATE INDEX ON "naïve" (café_id);
CREATE RULE r AS ON INSERT TO "naïve" DO ALSO (NOTIFY a; NOTIFY b);
"""


def kinds_and_places(chunk: int, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int]]:
    monkeypatch.setattr(sqlscript, "CHUNK", chunk)
    script = read_script(SCRIPT)
    lines = LineIndex(script.text, "s.sql")
    out = []
    for stmt in parse_statements(script.text, lines, script.ends):
        where = stmt.location()
        out.append((stmt.kind, where.line, where.column))
    return out


def test_statements_and_their_places_do_not_depend_on_where_the_script_is_cut(
        monkeypatch: pytest.MonkeyPatch) -> None:
    whole = kinds_and_places(1 << 20, monkeypatch)
    assert whole == [("CreateStmt", 2, 1), ("CreateFunctionStmt", 4, 1), ("CreateStmt", 9, 3),
                     ("IndexStmt", 10, 24), ("RuleStmt", 11, 1)]
    # A chunk per semicolon: the cuts inside BEGIN ATOMIC fail to parse and the parser's split takes over.
    calls = {"parse": 0, "split": 0}

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(sqlscript, "parse_sql_json", counted("parse", parser.parse_sql_json))
    monkeypatch.setattr(sqlscript, "split", counted("split", parser.split))
    assert kinds_and_places(1, monkeypatch) == whole
    assert calls["split"] == 1 and calls["parse"] > len(whole)


@pytest.mark.parametrize("chunk", [1, 1 << 20])
def test_node_locations_count_characters_not_bytes(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlscript, "CHUNK", chunk)
    sql = 'CREATE TABLE "é" (id int);\nCREATE TABLE "ü" (id int, x int, CONSTRAINT c FOREIGN KEY (x) REFERENCES "ö");\n'
    with pytest.raises(ImportFailed) as failure:
        import_source({"s.sql": sql}, "sql")
    assert (failure.value.line, failure.value.column) == (2, sql.splitlines()[1].index("CONSTRAINT") + 1)


@pytest.mark.parametrize("chunk", [1, 1 << 20])
def test_a_syntax_error_after_a_cut_points_at_its_line_and_column(chunk: int,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlscript, "CHUNK", chunk)
    sql = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCREATE TABLE ç (id int,, x int);\n"
    with pytest.raises(ImportFailed) as failure:
        import_source({"s.sql": sql}, "sql")
    assert (failure.value.line, failure.value.column) == (3, 24)
    assert "CREATE TABLE ç (id int,, x int);" in str(failure.value)


def test_a_syntax_error_is_reported_before_what_earlier_statements_did_wrong(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlscript, "CHUNK", 1)
    sql = "CREATE TABLE a (id int);\nCREATE TABLE a (id int);\nCREATE TABLE b (id int,, x int);\n"
    with pytest.raises(ImportFailed) as failure:
        import_source({"s.sql": sql}, "sql")
    assert "syntax error" in str(failure.value) and failure.value.line == 3


def test_semicolon_ends_are_offsets_in_the_cleaned_text() -> None:
    script = read_script("\\connect app\nCREATE TABLE t (a int);\nCOPY t (a) FROM stdin;\n1\n2\n\\.\nSELECT 1;\n")
    assert [script.text[end - 1] for end in script.ends] == [";", ";", ";"]
    assert script.text[script.ends[-1] - 9:script.ends[-1]] == "SELECT 1;"


def test_a_script_cut_short_points_at_its_end() -> None:
    sql = "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int,\n  note text DEFAULT\n\n"
    with pytest.raises(ImportFailed) as failure:
        import_source({"s.sql": sql}, "sql")
    assert "at end of input" in str(failure.value)
    assert (failure.value.line, failure.value.column) == (4, len("  note text DEFAULT"))


def test_line_numbers_counted_and_indexed_agree() -> None:
    text = "ab\ncd\n\n  ef\ng"
    index = LineIndex(text, "f")
    expected = []
    for offset in range(len(text) + 1):
        before = text[:offset]
        expected.append((before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1))
    # The first lookups count newlines, the later ones use the index of line starts.
    assert [index.line_column(o) for o in range(len(text) + 1)] * 2 == expected * 2
    assert str(index.deferred(8)) == "f:4:2" and index.line_text(4) == "  ef"

"""Export previews are coloured by a lexer that reads every file of every target without errors,
and a hostile comment stays text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pygments.token import Error

from designer.core import ir
from designer.core.exporters import export, exporters
from projects.highlighting import highlighted, lexer_for


@pytest.mark.parametrize("target", [t.value for t in exporters()])
def test_every_exported_file_is_read_without_lexer_errors(demo_schema: ir.Schema, target: str) -> None:
    for path, text in export(demo_schema, target).files.items():
        errors = [value for token, value in lexer_for(path).get_tokens(text) if str(token).startswith(str(Error))]
        assert errors == [], (path, errors[:5])


def test_markup_in_a_comment_is_escaped(demo_schema: ir.Schema) -> None:
    table = replace(demo_schema.tables[0], comment="</pre><script>alert(1)</script>")
    schema = replace(demo_schema, tables=(table, *demo_schema.tables[1:]))
    for target in ("prisma", "sql", "dbml"):
        for path, text in export(schema, target).files.items():
            html = highlighted(path, text)
            assert "<script>" not in html

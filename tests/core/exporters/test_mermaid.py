"""The Mermaid exporter's text: safe ids, labels, attribute words, crow's-foot ends.

``tests/conformance/test_mermaid.py`` reads the output with Mermaid's own parser.
"""

from __future__ import annotations

import re

from hypothesis import given, settings

from designer.core import ir
from designer.core.exporters import export
from designer.core.exporters.mermaid import MermaidExporter
from designer.core.types import ColumnType, LogicalType
from tests.support.cases import load_case
from tests.support.strategies import schemas

BIGINT = ColumnType(LogicalType.BIGINT)
ID = r"[A-Za-z_][A-Za-z0-9_]*"
WORD = r"(?:[A-Za-z_][A-Za-z0-9_]*(?:\(\d+(?:,\d+)?\))?(?:\[\])*|`[^`\n]+`)"
#: Every line the exporter may write, as the erDiagram grammar reads it.
LINE = re.compile("|".join([
    r"erDiagram",
    r"    %% [^\n]*",
    rf'    {ID}(\["[^"%\\\r\n]+"\])?( \{{)?',
    rf'        {WORD} {WORD}( (PK|FK|UK)(, (PK|FK|UK))*)?( "[^"%~\n]*")?',
    r"    \}",
    rf'    {ID} (\|\||\|o)(--|\.\.)(o\||o\{{) {ID} : "[^"%~\n]*"',
]))


def mermaid(schema: ir.Schema) -> str:
    return export(schema, "mermaid").main


def test_rich_case_entities_attributes_and_relationships() -> None:
    text = mermaid(load_case("rich"))
    assert text.startswith("erDiagram\n")
    assert "    billing__invoices[\"billing.invoices\"] {\n" in text
    assert "        bigint id PK\n" in text
    assert "        bigint account_id PK, FK\n" in text
    assert "        varchar(50) label UK\n" in text
    assert '        bigint manager_id FK "Self-reference: who manages this account."\n' in text
    assert '    accounts ||--o| profiles : "account_id"\n' in text  # one-to-one, identifying (key is the PK)
    assert '    accounts |o..o{ posts : "editor_id"\n' in text  # optional, many
    assert '    accounts ||..o{ posts : "author_id"\n' in text
    assert '    post_revisions ||..o{ revision_reviews : "post_id, revision"\n' in text


def test_grammar_words_cannot_be_entity_ids() -> None:
    key = ir.PrimaryKey(("id",))
    tables = tuple(ir.Table(name, columns=(ir.Column("id", BIGINT, nullable=False),), primary_key=key)
                   for name in ("one", "to", "u", "Many", "1st", "名前"))
    text = mermaid(ir.Schema(tables=tables))
    ids = [line.split("[")[0].strip() for line in text.splitlines() if line.endswith("{")]
    assert all(re.fullmatch(ID, i) and i.lower() not in MermaidExporter.RESERVED_IDS for i in ids), ids
    assert len(set(ids)) == len(ids)
    assert '["名前"]' in text and '["1st"]' in text


def test_attribute_names_that_look_like_keys_or_hold_spaces_are_back_quoted() -> None:
    t = ir.Table("t", columns=(ir.Column("pk", BIGINT, nullable=False), ir.Column("group by", BIGINT),
                               ir.Column("a`b", BIGINT), ir.Column("x", ColumnType(LogicalType.DOUBLE))),
                 primary_key=ir.PrimaryKey(("pk",)))
    text = mermaid(ir.Schema(tables=(t,)))
    assert "        bigint `pk` PK\n" in text
    assert "        bigint `group by`\n" in text
    assert "        bigint `a'b`\n" in text
    assert "        float8 x\n" in text


def test_text_that_would_break_out_is_changed_and_reported() -> None:
    comment = "100% %%{init}%% ~a~ direction TB"
    t = ir.Table('say "hi"', columns=(ir.Column("id", BIGINT, nullable=False, comment=comment),))
    result = export(ir.Schema(tables=(t,)), "mermaid")
    assert "say 'hi'" in result.main
    line = next(line for line in result.main.splitlines() if " id " in line)
    assert "%" not in line and "~" not in line and not re.search(r"(?i)direction\s+tb", line)
    assert {d.code for d in result.diagnostics} == {"mermaid.text-changed"}


@settings(max_examples=50, deadline=None)
@given(schemas(names="hostile"))
def test_every_line_of_a_hostile_schema_is_one_the_grammar_reads(schema: ir.Schema) -> None:
    text = mermaid(schema)
    for line in text.splitlines():
        assert LINE.fullmatch(line), line
    entities = [line for line in text.splitlines() if line.endswith("{") or re.fullmatch(rf"    {ID}(\[.*\])?", line)]
    assert len(entities) == len(schema.tables)
    assert text.count(" : ") == sum(len(t.foreign_keys) for t in schema.tables)

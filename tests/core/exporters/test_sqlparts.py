"""The shared SQL pieces: fast paths give exactly the text of the plain definitions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from designer.core import ir
from designer.core.exporters.sqlparts import sequence_users, string_literal
from designer.core.types import ColumnType, LogicalType

BIGINT = ColumnType(LogicalType.BIGINT)


def _plain_string_literal(text: str) -> str:
    """The definition the fast path must match: E'' with escapes for a backslash or control character."""
    if any(ch == "\\" or ord(ch) < 32 for ch in text):
        escaped = "".join("\\\\" if ch == "\\" else "''" if ch == "'" else f"\\x{ord(ch):02x}" if ord(ch) < 32
                          else ch for ch in text)
        return f"E'{escaped}'"
    return "'" + text.replace("'", "''") + "'"


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(["a", "'", "\\", "\n", "\x00", "\x1f", " ", "\x7f", "é", "$"]), max_size=12))
def test_string_literal_escapes_exactly_backslashes_and_control_characters(text: str) -> None:
    assert string_literal(text) == _plain_string_literal(text)


def test_sequence_users_lists_each_sequence_with_its_columns_in_schema_order() -> None:
    def column(name: str, sequence: str | None) -> ir.Column:
        return ir.Column(name, BIGINT, default=ir.Default.sequence(sequence) if sequence else None)

    a = ir.Table("a", (column("id", "a_id_seq"), column("n", "shared"), column("x", None)))
    b = ir.Table("b", (column("n", "shared"), column("m", None)))
    users = sequence_users(ir.Schema(tables=(a, b)))
    assert list(users) == ["a_id_seq", "shared"]
    assert [(t.name, c.name) for t, c in users["shared"]] == [("a", "n"), ("b", "n")]
    assert sequence_users(ir.Schema(tables=(b,))) == {"shared": [(b, b.columns[0])]}

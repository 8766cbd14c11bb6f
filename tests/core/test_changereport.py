"""The Markdown report of a change: the changes in words, then the migration risks by level."""

from __future__ import annotations

from designer.core.changereport import change_report
from designer.core.diff import schema_changes
from designer.core.validate import LintConfig, lint
from tests.core.validate.builders import col, schema, table, uid, users


def test_a_report_lists_the_changes_then_the_risks_worst_first() -> None:
    old = schema(users(), table("orders", uid(), col("note"), col("total", "integer", null=False)))
    new = schema(users(), table("orders", uid(), col("total", "integer", null=True), col("code", null=False)))
    findings = lint(new, LintConfig(), old=old, tags=("migration",))
    report = change_report("shop: v1 → v2", schema_changes(old, new), findings)
    assert report.startswith("# shop: v1 → v2\n\n## Changes\n")
    assert "- Removed column `orders.note`" in report and "- Added column `orders.code`: text" in report
    assert report.index("### Errors (") < report.index("### Notes (")
    assert "`orders.note` orders.note is dropped, with every value in it. (`migration.drop-column`)" in report
    assert "  - What to do: Stop reading and writing it first" in report


def test_names_cannot_break_the_markdown() -> None:
    old = schema(users())
    new = schema(users(), table("t`*_|<b>", uid(), col("x\n# heading")))
    report = change_report("a *b*", schema_changes(old, new), [])
    assert "# a \\*b\\*" in report and "\n# heading" not in report
    assert "``t`*_|<b>``" in report
    assert "No migration rule finds a risk in this change." in report

"""A change between two versions as a Markdown report, for a pull request or an issue comment.

The shape follows the migration report seed 002 asks for (catalog section 14): what changes,
then what it risks on a database that holds rows (the ``migration.*`` findings, worst first)
with what to do about each.
"""

from __future__ import annotations

from collections.abc import Sequence

from designer.core.diagnostics import Level
from designer.core.diff import Change
from designer.core.exporters.docs import md_code, md_text
from designer.core.validate import Finding


def change_report(title: str, changes: Sequence[Change], findings: Sequence[Finding]) -> str:
    """The report: ``title`` (``shop: v3 -> v7``), the changes in words, the risks by level."""
    lines = [f"# {md_text(title)}", "", "## Changes", ""]
    lines += [f"- {c.kind.capitalize()} {c.what} {md_code(c.path)}" + (f": {md_text(c.detail)}" if c.detail else "")
              for c in changes] or ["No differences in the schema."]
    lines += ["", "## Migration risks", ""]
    if not findings:
        lines.append("No migration rule finds a risk in this change.")
    for level, heading in ((Level.ERROR, "Errors"), (Level.WARNING, "Warnings"), (Level.INFO, "Notes")):
        found = [f for f in findings if f.level is level]
        if not found:
            continue
        lines += [f"### {heading} ({len(found)})", ""]
        for f in found:
            d = f.diagnostic
            lines.append(f"- {md_code(d.path)} {md_text(d.message)} ({md_code(d.code)})" if d.path
                         else f"- {md_text(d.message)} ({md_code(d.code)})")
            if d.hint:
                lines.append(f"  - What to do: {md_text(d.hint)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"

"""The test cases every exporter is checked on: ``tests/cases/*.json`` plus the demo project."""

from __future__ import annotations

from pathlib import Path

from designer.core import document, ir

ROOT = Path(__file__).resolve().parent.parent.parent
#: Case name to document path.
CASES: dict[str, Path] = {p.stem: p for p in sorted((ROOT / "tests" / "cases").glob("*.json"))} | {
    "fitness": ROOT / "projects" / "demo" / "fitness.json"}


def load_case(name: str) -> ir.Schema:
    return document.loads(CASES[name].read_text("utf-8"))

"""The Mermaid export, read by Mermaid's own parser (``mermaid_read.mjs``).

Needs ``mermaid`` and ``jsdom`` next to the other pinned tools in ``tests/conformance``; until
they are in package.json the tests skip and say so. ``MERMAID_READER`` may name another copy of
``mermaid_read.mjs`` whose folder has them installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from designer.core import ir
from designer.core.exporters import ExportResult, export
from tests.conformance.materialize import HERE, NODE_MODULES
from tests.support.cases import CASES, load_case
from tests.support.strategies import schemas

pytestmark = pytest.mark.conformance

READER = Path(os.environ.get("MERMAID_READER", HERE / "mermaid_read.mjs"))
INSTALLED = all((READER.parent / "node_modules" / p).is_dir() for p in ("mermaid", "jsdom")) or (
    READER.parent == HERE and all((NODE_MODULES / p).is_dir() for p in ("mermaid", "jsdom")))
needs_mermaid = pytest.mark.skipif(not INSTALLED, reason="mermaid and jsdom are not installed in tests/conformance "
                                   "(add them to package.json), and MERMAID_READER names no other reader")


def read(text: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mermaid-") as tmp:
        path = Path(tmp) / "schema.mmd"
        path.write_text(text, "utf-8")
        done = subprocess.run(["node", str(READER), str(path)], capture_output=True, text=True, check=False,
                              timeout=120)
    assert done.returncode == 0, f"Mermaid cannot read the export:\n{done.stderr[-3000:]}"
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def assert_means_the_design(schema: ir.Schema, result: ExportResult) -> None:
    """Mermaid sees every table (label), column (name, keys) and foreign key, apart from changed text."""
    changed = {d.path for d in result.diagnostics if d.code == "mermaid.text-changed"}
    got = read(result.main)
    assert len(got["entities"]) == len(schema.tables)
    assert len(got["relationships"]) == sum(len(t.foreign_keys) for t in schema.tables)
    for table, entity in zip(schema.tables, got["entities"], strict=True):
        if table.path not in changed:
            assert entity["label"] == table.path
        names = [a["name"] for a in entity["attributes"]]
        assert len(names) == len(table.columns)
        for column, name in zip(table.columns, names, strict=True):
            if f"{table.path}.{column.name}" not in changed:
                assert name == column.name
        pk = set(table.primary_key.columns) if table.primary_key else set()
        assert {a["name"] for a in entity["attributes"] if "PK" in a["keys"]} == {
            n for c, n in zip(table.columns, names, strict=True) if c.name in pk}


@needs_mermaid
@pytest.mark.parametrize("name", sorted(CASES))
def test_mermaid_reads_every_case_as_the_design(name: str) -> None:
    schema = load_case(name)
    assert_means_the_design(schema, export(schema, "mermaid"))


@needs_mermaid
# Each example runs node for seconds: no shrinking, the failing example is reported as found.
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(schemas(names="hostile"))
def test_hostile_names_cannot_break_the_diagram(schema: ir.Schema) -> None:
    assert_means_the_design(schema, export(schema, "mermaid"))

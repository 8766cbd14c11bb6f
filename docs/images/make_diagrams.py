"""Regenerate the README's diagram images through the product's own renderer.

    .venv/bin/python docs/images/make_diagrams.py

- ``er-demo.svg`` / ``er-demo.png``: the demo project (``projects/demo/fitness.json``), full detail;
- ``er-300-overview.png``: the 300-table synthetic schema (``bench.synthetic``) as a map of
  table names (the ``overview`` strategy);
- ``er-300-focus.png``: the same schema focused on one table and its neighbours, full detail.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "designer.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from bench.synthetic import synthetic_schema  # noqa: E402
from designer.core import document, ir  # noqa: E402
from designer.core.render.er import DiagramOptions, to_dot  # noqa: E402
from projects.diagrams import render_diagram  # noqa: E402

OUT = Path(__file__).resolve().parent


def png(schema: ir.Schema, options: DiagramOptions, dpi: int) -> bytes:
    """A PNG at ``dpi`` (``render_diagram`` keeps Graphviz's default 96 dpi for downloads)."""
    import subprocess

    diagram = to_dot(schema, options)
    return subprocess.run([settings.GRAPHVIZ_DOT, f"-K{diagram.strategy.engine}", "-Tpng", f"-Gdpi={dpi}"],
                          input=diagram.source.encode(), capture_output=True, check=True).stdout


def _middle_table(schema: ir.Schema) -> ir.Table:
    """A table with both parents and children and a handful of neighbours: a readable focus."""
    def fit(t: ir.Table) -> tuple[bool, int]:
        children, parents = len(schema.referencing(*t.key)), len(t.foreign_keys)
        return (parents >= 1 and children >= 2, -abs(children + parents - 6))

    return max(schema.tables, key=fit)


def main() -> None:
    demo = document.loads((ROOT / "projects" / "demo" / "fitness.json").read_text("utf-8"))
    (OUT / "er-demo.svg").write_bytes(render_diagram(demo, "svg").data)
    (OUT / "er-demo.png").write_bytes(png(demo, DiagramOptions(), 110))
    big = synthetic_schema(300)
    (OUT / "er-300-overview.png").write_bytes(png(big, DiagramOptions(strategy="overview"), 52))
    (OUT / "er-300-focus.png").write_bytes(png(big, DiagramOptions(focus=_middle_table(big).path, depth=1), 80))
    for path in sorted(OUT.glob("er-*")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()

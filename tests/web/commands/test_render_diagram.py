"""render_diagram: SVG, PNG and PDF through the real dot, focus and detail, and its failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.core import ir
from projects.models import Project
from tests.conftest import DEMO_SCHEMA
from tests.web.commands.conftest import fails, run


def test_svg_has_one_node_per_table(project: Project, demo_schema: ir.Schema, tmp_path: Path) -> None:
    out = tmp_path / "fitness.svg"
    run("render_diagram", "fitness", "--out", str(out))
    svg = out.read_text("utf-8")
    assert svg.count('class="node table"') == len(demo_schema.tables)


def test_focus_draws_the_table_and_its_neighbours(project: Project, demo_schema: ir.Schema, tmp_path: Path) -> None:
    out = tmp_path / "focus.svg"
    run("render_diagram", "fitness", "--out", str(out), "--focus", "users", "--depth", "0")
    assert out.read_text("utf-8").count('class="node table"') == 1


@pytest.mark.parametrize(("suffix", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_png_and_pdf(project: Project, tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"fitness.{suffix}"
    printed = run("render_diagram", "fitness", "--out", str(out), "--detail", "names")
    assert out.read_bytes().startswith(magic)
    assert f"Wrote {out}" in printed.stderr


@pytest.mark.django_db
def test_a_schema_file_without_a_project(tmp_path: Path, demo_schema: ir.Schema) -> None:
    out = tmp_path / "file.svg"
    run("render_diagram", "--file", str(DEMO_SCHEMA), "--out", str(out), "--detail", "keys")
    assert out.read_text("utf-8").count('class="node table"') == len(demo_schema.tables)


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "x.gif"], "must end in one of .svg, .png, .pdf, .dot"),
    (["--out", "x.svg", "--focus", "nowhere"], "Cannot draw the diagram: there is no table named 'nowhere'"),
    (["--out", "x.svg", "--depth", "-1"], "--depth must be 0 or more"),
])
def test_failures_say_what_is_wrong(project: Project, tmp_path: Path, args: list[str], message: str) -> None:
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    assert message in str(fails("render_diagram", "fitness", *args))

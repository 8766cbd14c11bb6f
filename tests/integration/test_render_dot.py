"""Diagrams through the real Graphviz ``dot``: SVG structure, escaping in the SVG, formats,
time limits with fallback, the cache, and errors. (The DOT text alone is tested in
``tests/core/render/test_er.py``.)"""

from __future__ import annotations

import dataclasses
import re
import shutil
import stat
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import Settings as SettingsWrapper

from bench.synthetic import synthetic_schema
from designer.core import document, ir
from designer.core.render.er import DiagramOptions, to_dot
from designer.core.render.escaping import url_part
from designer.core.render.layout import Detail
from designer.core.types import ColumnType, LogicalType
from projects.diagrams import DiagramError, render_diagram
from tests.support.strategies import schemas

ROOT = Path(__file__).resolve().parents[2]
RICH = document.loads((ROOT / "tests" / "cases" / "rich.json").read_text("utf-8"))
DEMO = document.loads((ROOT / "projects" / "demo" / "fitness.json").read_text("utf-8"))
DOT = shutil.which("dot")

pytestmark = pytest.mark.skipif(DOT is None, reason="Graphviz dot is not installed")

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

# Everything Graphviz writes for our diagrams; anything else in the SVG would be injected.
SVG_TAGS = {f"{SVG}{t}" for t in ("svg", "g", "title", "polygon", "polyline", "path", "ellipse", "text", "a")}
SVG_ATTRIBUTES = {"id", "class", "transform", "viewBox", "width", "height", "fill", "stroke", "points", "d", "cx",
                  "cy", "rx", "ry", "x", "y", "text-anchor", "font-family", "font-size", "font-weight",
                  "font-style", "stroke-width", "stroke-dasharray", "target", f"{XLINK}href", f"{XLINK}title"}


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def groups(svg: ET.Element, css_class: str) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if css_class in classes(g)]


def texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def xml_safe(text: str) -> str:
    return "".join("\ufffd" if unicodedata.category(ch) in ("Cc", "Cs") and ch != "\t" else ch for ch in text)


def one_line(text: str) -> str:
    """How a label shows a name: line breaks as one space, what XML cannot carry replaced."""
    return xml_safe(re.sub(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+", " ", text))


def svg_of(schema: ir.Schema, options: DiagramOptions | None = None) -> ET.Element:
    result = render_diagram(schema, "svg", options)
    assert result.content_type == "image/svg+xml"
    return ET.fromstring(result.data)


# Structure -------------------------------------------------------------------------------------


@pytest.mark.parametrize("schema", [DEMO, RICH], ids=["demo", "rich"])
def test_one_node_per_table_and_one_edge_per_foreign_key(schema: ir.Schema) -> None:
    svg = svg_of(schema)
    tables = groups(svg, "table")
    assert all("node" in classes(g) for g in tables)
    assert sorted(g.get("id", "") for g in tables) == sorted("table-" + url_part(t.path) for t in schema.tables)
    relations = [g for g in groups(svg, "edge") if "relation" in classes(g)]
    assert len(relations) == sum(len(t.foreign_keys) for t in schema.tables)
    # Everything else is the legend and the notes.
    others = [g for g in groups(svg, "node") if not classes(g) & {"table", "legend", "note"}]
    assert others == []


def test_table_nodes_show_their_columns_and_link_to_the_editor() -> None:
    svg = svg_of(DEMO, DiagramOptions(url_template="/p/demo/?table={table}"))
    users = next(g for g in groups(svg, "table") if g.get("id") == "table-users")
    shown = texts(users)
    for column in DEMO.find_table("users").columns:  # type: ignore[union-attr]
        assert column.name in shown
    assert "user_role" in shown and "varchar(255)" in shown
    [link] = users.iter(f"{SVG}a")
    assert link.get(f"{XLINK}href") == "/p/demo/?table=users"
    assert link.get(f"{XLINK}title", "").startswith("users: A person with an account.")


def test_names_detail_draws_boxes_without_columns() -> None:
    svg = svg_of(DEMO, DiagramOptions(detail=Detail.NAMES))
    users = next(g for g in groups(svg, "table") if g.get("id") == "table-users")
    assert texts(users) == ["users"]


# Escaping --------------------------------------------------------------------------------------

HOSTILE = 'x"] -> evil [label="<b>pwn</b>"] \\N \\ }}\n<script>alert(1)</script>&amp;&lt;'


def assert_nothing_injected(svg_bytes: bytes) -> ET.Element:
    svg = ET.fromstring(svg_bytes)  # well-formed, or this raises
    for element in svg.iter():
        assert element.tag in SVG_TAGS, element.tag
        assert set(element.attrib) <= SVG_ATTRIBUTES, set(element.attrib) - SVG_ATTRIBUTES
    return svg


def test_a_hostile_name_renders_literally() -> None:
    schema = ir.Schema(name=HOSTILE, tables=(
        ir.Table(HOSTILE, columns=(ir.Column("id", ColumnType(LogicalType.BIGINT), nullable=False, comment=HOSTILE),
                                   ir.Column(HOSTILE, ColumnType(LogicalType.BIGINT))),
                 primary_key=ir.PrimaryKey(("id",)), comment=HOSTILE, group=HOSTILE,
                 foreign_keys=(ir.ForeignKey(HOSTILE, (HOSTILE,), HOSTILE, ("id",)),)),
    ), groups=(ir.Group(HOSTILE),), notes=(ir.Note(HOSTILE),))
    result = render_diagram(schema, "svg", DiagramOptions(url_template="/p/x/?table={table}"))
    svg = assert_nothing_injected(result.data)
    [node] = groups(svg, "table")
    assert one_line(HOSTILE) in texts(node)  # the header and the column row
    assert texts(node).count(one_line(HOSTILE)) == 2
    [link] = node.iter(f"{SVG}a")
    assert link.get(f"{XLINK}title") == f"{HOSTILE}: {HOSTILE}\nid: {HOSTILE}"  # tooltips keep line breaks
    assert link.get(f"{XLINK}href") == "/p/x/?table=" + url_part(HOSTILE)
    assert one_line(HOSTILE) in texts(svg)  # the title and the group's cluster label
    assert sum(t == one_line(HOSTILE) for t in texts(svg)) == 4
    [edge] = [g for g in groups(svg, "edge") if "relation" in classes(g)]
    assert len(groups(svg, "note")) == 1


def test_lines_into_a_group_keep_their_crows_feet() -> None:
    # Found by the test below: dot 2.43 misread the line ends of these edges into a cluster
    # ("Arrow type "Helvetica,Arial,sans-serif" unknown") and drew plain arrows.
    def table(name: str, *columns: str, group: str | None = None, fks: tuple[ir.ForeignKey, ...] = (),
              uniques: tuple[ir.Unique, ...] = ()) -> ir.Table:
        bigint = ColumnType(LogicalType.BIGINT)
        return ir.Table(name, columns=tuple(ir.Column(c, bigint, nullable=False) for c in ("id", *columns)),
                        primary_key=ir.PrimaryKey(("id",)), group=group, foreign_keys=fks, uniques=uniques)

    schema = ir.Schema(groups=(ir.Group("b"),), tables=(
        table("orders", group="b"),
        table("lines", "order_id", fks=(ir.ForeignKey("lines_order_fk", ("order_id",), "orders", ("id",)),)),
        table("notes", "order_id", "line_id", group="b",
              uniques=(ir.Unique("notes_order_key", ("order_id",)),),
              fks=(ir.ForeignKey("notes_order_fk", ("order_id",), "orders", ("id",)),
                   ir.ForeignKey("notes_line_fk", ("line_id",), "lines", ("id",)))),
    ))
    done = subprocess.run([DOT or "dot", "-Tsvg"], input=to_dot(schema).source.encode(), capture_output=True,
                          timeout=60, check=True)
    assert done.stderr == b""


@hypothesis_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.function_scoped_fixture])
@given(schemas(names="hostile", max_tables=4))
def test_hostile_schemas_render_to_well_formed_svg(schema: ir.Schema) -> None:
    # The DOT text of any schema is read by dot without complaint, and nothing leaks into markup.
    diagram = to_dot(schema)
    done = subprocess.run([DOT or "dot", "-Tsvg"], input=diagram.source.encode(), capture_output=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert b"Warning" not in done.stderr and b"Error" not in done.stderr, done.stderr
    svg = assert_nothing_injected(done.stdout)
    tables = groups(svg, "table")
    assert len(tables) == len(schema.tables)
    assert len([g for g in groups(svg, "edge") if "relation" in classes(g)]) == sum(
        len(t.foreign_keys) for t in schema.tables)
    by_id = {g.get("id"): g for g in tables}
    for t in schema.tables:
        shown = texts(by_id["table-" + url_part(t.path)])
        assert any(one_line(t.name) == s or s.endswith(one_line(t.name)) for s in shown), (t.name, shown)
        for c in t.columns:
            assert one_line(c.name) in shown
        [link] = by_id["table-" + url_part(t.path)].iter(f"{SVG}a")
        first_line = t.path + (f": {t.comment}" if t.comment else "")
        expected = "\n".join(xml_safe(line) for line in re.split(r"\r\n|[\n\r\u2028\u2029\x85]", first_line))
        assert (link.get(f"{XLINK}title") or "").startswith(expected)


# Formats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "magic", "content_type"), [
    ("png", b"\x89PNG\r\n\x1a\n", "image/png"),
    ("pdf", b"%PDF-", "application/pdf"),
    ("svg", b"<?xml", "image/svg+xml"),
    ("dot", b"digraph er {", "text/vnd.graphviz; charset=utf-8"),
])
def test_formats(fmt: str, magic: bytes, content_type: str) -> None:
    result = render_diagram(DEMO, fmt)
    assert result.data.startswith(magic)
    assert result.content_type == content_type
    assert result.fallback_note is None and not result.cached


def test_an_svg_inlines_without_its_prolog() -> None:
    markup = render_diagram(DEMO, "svg").inline_svg()
    assert markup.startswith("<svg") and "<?xml" not in markup and "DOCTYPE" not in markup
    assert ET.fromstring(markup).tag == f"{SVG}svg"
    with pytest.raises(DiagramError, match="cannot be inlined"):
        render_diagram(DEMO, "png").inline_svg()


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(DiagramError, match="unknown diagram format 'gif'"):
        render_diagram(DEMO, "gif")


def test_bad_options_become_a_diagram_error() -> None:
    with pytest.raises(DiagramError, match="no table named 'nope'"):
        render_diagram(DEMO, "svg", DiagramOptions(focus="nope"))


# Time limit and fallback -----------------------------------------------------------------------


def wide_schema(tables: int, extra_columns: int) -> ir.Schema:
    """Tables with many columns: slow to lay out in full, quick with keys or names only."""
    schema = synthetic_schema(tables)
    extra = tuple(ir.Column(f"extra_{i}", ColumnType(LogicalType.TEXT)) for i in range(extra_columns))
    return dataclasses.replace(schema, tables=tuple(dataclasses.replace(t, columns=t.columns + extra)
                                                    for t in schema.tables))


def test_a_layout_that_runs_out_of_time_falls_back_to_less_detail(tmp_path: Path, settings: SettingsWrapper) -> None:
    # How long a real layout takes depends on the machine, so a ``dot`` that stalls on the full
    # detail (only it shows the extra_* columns) stands for a slow one; the rest is the real dot.
    script = tmp_path / "dot"
    script.write_text('#!/bin/sh\ninput=$(cat)\ncase "$input" in *extra_*) exec sleep 30;; esac\n'
                      f'printf "%s" "$input" | "{DOT}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    settings.GRAPHVIZ_DOT = str(script)
    settings.DIAGRAM_TIMEOUT_SECONDS = 1.5
    schema = wide_schema(150, 50)
    result = render_diagram(schema, "svg")
    assert result.fallback_note is not None
    assert "took longer than 1.5 s" in result.fallback_note
    assert result.detail in ("keys", "names")
    svg = ET.fromstring(result.data)
    assert len(groups(svg, "table")) == 150


def test_a_layout_too_slow_even_with_names_only_is_an_error(settings: SettingsWrapper) -> None:
    settings.DIAGRAM_TIMEOUT_SECONDS = 0.001
    with pytest.raises(DiagramError, match=r"took longer than 0.001 s to lay out even with table names only"):
        render_diagram(DEMO, "svg")


# Cache -----------------------------------------------------------------------------------------


@pytest.fixture
def counting_dot(tmp_path: Path, settings: SettingsWrapper) -> Path:
    """A ``dot`` that records each run in a file, then runs the real one."""
    calls = tmp_path / "calls"
    calls.write_text("")
    script = tmp_path / "dot"
    script.write_text(f'#!/bin/sh\necho run >> "{calls}"\nexec "{DOT}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    settings.GRAPHVIZ_DOT = str(script)
    return calls


def runs(calls: Path) -> int:
    return len(calls.read_text().splitlines())


def test_an_unchanged_schema_is_laid_out_once(counting_dot: Path) -> None:
    first = render_diagram(DEMO, "svg")
    assert runs(counting_dot) == 1 and not first.cached
    # Same content, a new object (as a new request would load it): from the cache.
    again = render_diagram(document.loads(document.dumps(DEMO)), "svg")
    assert runs(counting_dot) == 1
    assert again.cached and again.data == first.data and again.content_type == first.content_type
    # Other options, another format, or a changed schema: laid out again.
    render_diagram(DEMO, "svg", DiagramOptions(detail=Detail.KEYS))
    render_diagram(DEMO, "png")
    changed = dataclasses.replace(DEMO, tables=DEMO.tables[:-1])
    render_diagram(changed, "svg")
    assert runs(counting_dot) == 4
    render_diagram(changed, "svg")
    assert runs(counting_dot) == 4


# Errors ----------------------------------------------------------------------------------------


def test_missing_dot_is_a_clear_error(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.GRAPHVIZ_DOT = str(tmp_path / "no-such-dot")
    with pytest.raises(DiagramError, match="Graphviz is not installed"):
        render_diagram(DEMO, "svg")


def test_a_failing_dot_is_a_clear_error(settings: SettingsWrapper, tmp_path: Path) -> None:
    script = tmp_path / "dot"
    script.write_text('#!/bin/sh\necho "Error: <stdin>: syntax error in line 1" >&2\nexit 1\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    settings.GRAPHVIZ_DOT = str(script)
    with pytest.raises(DiagramError, match="Graphviz could not draw the diagram: Error: <stdin>: syntax error"):
        render_diagram(DEMO, "svg")


def test_a_content_key_stands_for_the_schema(counting_dot: Path) -> None:
    render_diagram(DEMO, "svg", content_key="demo:v1")
    again = render_diagram(document.loads(document.dumps(DEMO)), "svg", content_key="demo:v1")
    assert again.cached and runs(counting_dot) == 1
    render_diagram(DEMO, "svg", content_key="demo:v2")  # a new version: drawn again
    render_diagram(DEMO, "svg")  # no key: the document's hash is another key
    assert runs(counting_dot) == 3

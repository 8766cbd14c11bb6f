"""The ER diagram's DOT text: notation, ports, clusters, detail, views, escaping. No ``dot`` here
(``tests/integration/test_render_dot.py`` runs it)."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.core import document, ir
from designer.core.render.er import DiagramOptionError, DiagramOptions, neighbourhood, to_dot
from designer.core.render.escaping import html_text, safe_color, tooltip_text, url_part
from designer.core.render.labels import EXACTLY_ONE, ZERO_OR_MANY, ZERO_OR_ONE
from designer.core.render.layout import (
    OVERVIEW,
    STRATEGIES,
    Detail,
    choose_strategy,
    fallback_strategy,
    faster_strategy,
)
from designer.core.types import parse_type
from tests.core.render.dotread import Graph, label_lines, label_text, markup_left, read
from tests.support.strategies import schemas

ROOT = Path(__file__).resolve().parents[3]
RICH = document.loads((ROOT / "tests" / "cases" / "rich.json").read_text("utf-8"))
DEMO = document.loads((ROOT / "projects" / "demo" / "fitness.json").read_text("utf-8"))


# Building blocks -------------------------------------------------------------------------------


def col(name: str, type_: str = "bigint", *, null: bool = False, comment: str | None = None) -> ir.Column:
    return ir.Column(name, parse_type(type_), nullable=null, comment=comment)


def fk(name: str, columns: tuple[str, ...], ref: str, ref_columns: tuple[str, ...] = ("id",)) -> ir.ForeignKey:
    return ir.ForeignKey(name=name, columns=columns, ref_table=ref, ref_columns=ref_columns)


def table(name: str, *columns: ir.Column, pk: tuple[str, ...] = ("id",), fks: tuple[ir.ForeignKey, ...] = (),
          uniques: tuple[ir.Unique, ...] = (), group: str | None = None) -> ir.Table:
    return ir.Table(name=name, columns=columns, primary_key=ir.PrimaryKey(pk) if pk else None, foreign_keys=fks,
                    uniques=uniques, group=group)


# users <- profiles (1:1, PK is the FK), users <- passports (1:1 optional), users <- posts (N:1),
# posts <- comments (N:1 optional), posts <-> tags through post_tags (N:M).
NOTATION = ir.Schema(name="notation", tables=(
    table("users", col("id"), col("email", "text")),
    table("profiles", col("user_id"), col("bio", "text", null=True), pk=("user_id",),
          fks=(fk("fk_profiles_user", ("user_id",), "users"),)),
    table("passports", col("id"), col("user_id", null=True),
          fks=(fk("fk_passports_user", ("user_id",), "users"),), uniques=(ir.Unique("uq_passport", ("user_id",)),)),
    table("posts", col("id"), col("author_id"), col("title", "text"), fks=(fk("fk_posts_author", ("author_id",),
                                                                             "users"),)),
    table("comments", col("id"), col("post_id", null=True), col("body", "text"),
          fks=(fk("fk_comments_post", ("post_id",), "posts"),)),
    table("tags", col("id"), col("label", "text")),
    table("post_tags", col("post_id"), col("tag_id"), pk=("post_id", "tag_id"),
          fks=(fk("fk_pt_post", ("post_id",), "posts"), fk("fk_pt_tag", ("tag_id",), "tags"))),
))


def graph(schema: ir.Schema, **options: object) -> Graph:
    return read(to_dot(schema, DiagramOptions(**options)).source)  # type: ignore[arg-type]


def table_names(g: Graph) -> set[str]:
    return {label_lines(n.attrs["label"])[0].removesuffix(" N:M") for n in g.of_class("table")}


def ends(g: Graph, edge_id: str) -> tuple[str, str, str]:
    attrs = g.edge_by_id(edge_id).attrs
    return attrs["arrowtail"], attrs["arrowhead"], attrs["style"]


# Notation --------------------------------------------------------------------------------------


def test_crows_foot_ends_follow_the_keys() -> None:
    g = graph(NOTATION)
    # (at the referencing table, at the referenced table, line style)
    assert ends(g, "fk-profiles-fk_profiles_user") == (ZERO_OR_ONE, EXACTLY_ONE, "solid")  # 1:1
    assert ends(g, "fk-passports-fk_passports_user") == (ZERO_OR_ONE, ZERO_OR_ONE, "dashed")  # 1:1 optional
    assert ends(g, "fk-posts-fk_posts_author") == (ZERO_OR_MANY, EXACTLY_ONE, "solid")  # N:1 mandatory
    assert ends(g, "fk-comments-fk_comments_post") == (ZERO_OR_MANY, ZERO_OR_ONE, "dashed")  # N:1 optional
    assert ends(g, "fk-post_tags-fk_pt_post") == (ZERO_OR_MANY, EXACTLY_ONE, "solid")
    assert all("dir" not in e.attrs for e in g.edges_of_class("relation"))  # the default: dir=both


def test_shapes_read_as_crows_foot() -> None:
    # Graphviz lists arrow shapes from the node outwards: the crow (or bar) touches the table.
    assert (EXACTLY_ONE, ZERO_OR_ONE, ZERO_OR_MANY) == ("teetee", "teeodot", "crowodot")


def test_junction_tables_read_as_many_to_many() -> None:
    g = graph(NOTATION)
    junction = g.node_by_id("table-post_tags")
    assert label_lines(junction.attrs["label"])[0] == "post_tags N:M"
    assert "N:M" not in label_lines(g.node_by_id("table-posts").attrs["label"])[0]
    tooltip = g.edge_by_id("fk-post_tags-fk_pt_post").attrs["tooltip"]
    assert "many-to-many: posts and tags through post_tags" in tooltip
    assert "many-to-many" not in g.edge_by_id("fk-posts-fk_posts_author").attrs["tooltip"]


def test_junctions_as_edges_draw_one_many_to_many_line() -> None:
    g = graph(NOTATION, junctions_as_edges=True)
    assert "post_tags" not in table_names(g)
    [line] = g.edges_of_class("junction")
    posts, tags = g.node_by_id("table-posts").name, g.node_by_id("table-tags").name
    assert {line.tail_node, line.head_node} == {posts, tags}
    assert (line.attrs["arrowtail"], line.attrs["arrowhead"]) == (ZERO_OR_MANY, ZERO_OR_MANY)
    assert label_text(line.attrs["label"]) == "post_tags"
    assert len(g.edges_of_class("relation")) == 6 - 2 + 1  # the two legs became one line


def test_every_foreign_key_is_one_line_between_its_tables() -> None:
    for schema in (RICH, DEMO, NOTATION):
        g = graph(schema)
        names = {n.attrs["id"]: n.name for n in g.of_class("table")}
        fks = [(t, k) for t in schema.tables for k in t.foreign_keys]
        lines = g.edges_of_class("relation")
        assert len(lines) == len(fks)
        for t, k in fks:
            line = g.edge_by_id(f"fk-{url_part(t.path)}-{url_part(k.name)}")
            ref = schema.table(k.ref_table, k.ref_namespace)
            assert ref is not None
            assert line.tail_node == names["table-" + url_part(t.path)]
            assert line.head_node == names["table-" + url_part(ref.path)]


# Ports -----------------------------------------------------------------------------------------


def _row_ports(label: str) -> dict[str, str]:
    """Column name to the port number of its row."""
    out = {}
    for row in re.findall(r"<TR>(.*?)</TR>", label):
        port = re.search(r'PORT="L(\d+)"', row)
        if port:
            out[label_lines(row)[1]] = port.group(1)
    return out


def test_lines_join_the_fk_column_to_the_referenced_column() -> None:
    g = graph(RICH)
    for t in RICH.tables:
        for k in t.foreign_keys:
            line = g.edge_by_id(f"fk-{url_part(t.path)}-{url_part(k.name)}")
            child = g.node_by_id("table-" + url_part(t.path))
            ref = RICH.table(k.ref_table, k.ref_namespace)
            assert ref is not None
            parent = g.node_by_id("table-" + url_part(ref.path))
            tail_node, tail_port, tail_side = line.tail.split(":")
            head_node, head_port, head_side = line.head.split(":")
            assert tail_port == "L" + _row_ports(child.attrs["label"])[k.columns[0]]
            assert tail_side == "w"
            if t.key == ref.key:  # a self-reference loops on the left side
                assert (head_port[0], head_side) == ("L", "w")
            else:
                assert (head_port[0], head_side) == ("R", "e")
            assert head_port[1:] == _row_ports(parent.attrs["label"])[k.ref_columns[0]]


def test_each_column_row_has_a_port_on_both_sides() -> None:
    g = graph(DEMO)
    for t in DEMO.tables:
        label = g.node_by_id("table-" + url_part(t.path)).attrs["label"]
        for i in range(len(t.columns)):
            assert f'PORT="L{i}"' in label and f'PORT="R{i}"' in label
        assert f'PORT="L{len(t.columns)}"' not in label


# Labels ----------------------------------------------------------------------------------------


def _row(g: Graph, table_id: str, column: str) -> list[str]:
    label = g.node_by_id(table_id).attrs["label"]
    for row in re.findall(r"<TR>(.*?)</TR>", label):
        cells = label_lines(row)
        if len(cells) == 4 and cells[1] == column:
            return cells
    raise AssertionError(f"no row for {column} in {table_id}")


def test_rows_show_markers_name_and_type() -> None:
    g = graph(DEMO)
    assert _row(g, "table-users", "id") == ["PK", "id", "uuid", "NN"]
    assert _row(g, "table-users", "email") == ["UQ", "email", "varchar(255)", "NN"]
    assert _row(g, "table-users", "deleted_at") == [" ", "deleted_at", "timestamptz", " "]
    assert _row(g, "table-workout_exercises", "workout_id") == ["PK FK", "workout_id", "uuid", "NN"]
    assert _row(g, "table-exercises", "created_by") == ["FK", "created_by", "uuid", " "]


def test_enum_types_are_shown_in_their_own_colour_with_values_in_the_legend() -> None:
    g = graph(DEMO)
    label = g.node_by_id("table-users").attrs["label"]
    assert '<FONT COLOR="#7c3aed" POINT-SIZE="9"><I>user_role</I></FONT>' in label
    legend = label_text(g.node_by_id("legend-box").attrs["label"])
    assert "user_role" in legend and "member, coach, admin" in legend
    assert "role: one of member, coach, admin" in g.node_by_id("table-users").attrs["tooltip"]


def test_comments_are_tooltips() -> None:
    g = graph(DEMO)
    tooltip = g.node_by_id("table-users").attrs["tooltip"]
    assert tooltip.startswith("users: A person with an account.")
    assert "email: Sign-in address, unique among live users." in tooltip.splitlines()


def test_namespaced_tables_show_their_namespace() -> None:
    g = graph(RICH)
    assert label_lines(g.node_by_id("table-billing.invoices").attrs["label"])[0] == "billing.invoices"


# Groups, notes, legend -------------------------------------------------------------------------


def test_groups_are_clusters_in_their_colour() -> None:
    g = graph(DEMO)
    clusters = {name: attrs for name, attrs in g.subgraphs.items() if name.startswith("cluster_")}
    by_id = {attrs["id"]: name for name, attrs in clusters.items()}
    assert set(by_id) == {"group-Accounts", "group-Catalog", "group-Training"}
    for t in DEMO.tables:
        assert g.node_by_id("table-" + url_part(t.path)).subgraph == by_id[f"group-{t.group}"]
    accounts = clusters[by_id["group-Accounts"]]
    assert label_text(accounts["label"]) == "Accounts"
    assert accounts["tooltip"] == "People and their access."  # the group's comment
    assert 'COLOR="#4f6d7a"' in accounts["label"]
    assert 'BGCOLOR="#4f6d7a"' in g.node_by_id("table-users").attrs["label"]  # header in the group colour
    assert not any(n.startswith("cluster_") for n in graph(DEMO, clusters=False).subgraphs)


def test_a_colour_that_is_not_a_hex_colour_is_ignored() -> None:
    hostile = ir.Schema(tables=(table("a", col("id"), group="g"),),
                        groups=(ir.Group("g", color='red" onload="alert(1)'),))
    source = to_dot(hostile).source
    assert "onload" not in source and "alert" not in source
    assert safe_color("#ABC", "#000000") == "#aabbcc"
    assert safe_color("#12345g", "#000000") == "#000000"
    assert safe_color(None, "#111111") == "#111111"


def test_notes_attached_to_a_table_are_a_footer_and_free_notes_are_note_shapes() -> None:
    g = graph(DEMO)
    [free] = g.of_class("note")
    assert free.attrs["shape"] == "note"
    assert label_text(free.attrs["label"]).startswith("Soft delete everywhere")
    exercises = label_text(g.node_by_id("table-exercises").attrs["label"])
    assert "Workout generation must answer in under 3 s" in exercises
    assert not graph(DEMO, notes=False).of_class("note")
    assert "Workout generation" not in label_text(graph(DEMO, notes=False).node_by_id("table-exercises")
                                                  .attrs["label"])
    assert not graph(DEMO, focus="users").of_class("note")  # a partial view leaves schema-wide notes out


def test_the_legend_explains_markers_and_line_ends() -> None:
    g = graph(DEMO)
    legend = g.of_class("legend")
    text = " ".join(label_text(n.attrs.get("label", "")) for n in legend)
    for words in ("primary key", "foreign key", "unique", "not null", "enum type", "exactly one", "zero or one",
                  "zero or many"):
        assert words in text
    assert {e.attrs["arrowhead"] for e in g.edges_of_class("legend")} == {EXACTLY_ONE, ZERO_OR_ONE, ZERO_OR_MANY}
    assert g.subgraphs["legend"]["rank"] == "max"
    assert not graph(DEMO, legend=False).of_class("legend")


# Detail levels ---------------------------------------------------------------------------------


def test_full_detail_shows_every_column() -> None:
    g = graph(DEMO)
    assert label_text(g.attrs["label"]) == "Fitness   6 tables"
    for t in DEMO.tables:
        shown = _row_ports(g.node_by_id("table-" + url_part(t.path)).attrs["label"])
        assert list(shown) == [c.name for c in t.columns]


def test_keys_detail_shows_key_columns_and_counts_the_rest() -> None:
    g = graph(DEMO, detail=Detail.KEYS)
    users = g.node_by_id("table-users").attrs["label"]
    assert list(_row_ports(users)) == ["id", "email"]  # PK, unique
    assert "6 more columns" in label_text(users)
    workouts = g.node_by_id("table-workouts").attrs["label"]
    assert list(_row_ports(workouts)) == ["id", "user_id", "program_id"]  # PK, two FKs
    # Lines still join columns.
    assert all(":" in e.tail for e in g.edges_of_class("relation"))


def test_names_detail_shows_only_names() -> None:
    g = graph(DEMO, detail=Detail.NAMES)
    for n in g.of_class("table"):
        assert "PORT=" not in n.attrs["label"]
        assert len(label_lines(n.attrs["label"])) == 1
    assert table_names(g) == {t.name for t in DEMO.tables}
    assert all(":" not in e.tail + e.head for e in g.edges_of_class("relation"))
    # Attached notes move to the tooltip; the legend drops the enums.
    assert "Note: Workout generation" in g.node_by_id("table-exercises").attrs["tooltip"]
    assert "Enums" not in label_text(g.node_by_id("legend-box").attrs["label"])


# Views: focus, group, search -------------------------------------------------------------------

CHAIN = ir.Schema(tables=(
    table("a", col("id")),
    table("b", col("id"), col("a_id"), fks=(fk("fk_b_a", ("a_id",), "a"),)),
    table("c", col("id"), col("b_id"), fks=(fk("fk_c_b", ("b_id",), "b"),), group="g"),
    table("d", col("id"), col("c_id"), fks=(fk("fk_d_c", ("c_id",), "c"),), group="g"),
    table("lonely", col("id"), group="g"),
), groups=(ir.Group("g"),))


@pytest.mark.parametrize(("depth", "expected"), [(0, {"b"}), (1, {"a", "b", "c"}), (2, {"a", "b", "c", "d"}),
                                                 (9, {"a", "b", "c", "d"})])
def test_focus_shows_neighbours_up_to_depth(depth: int, expected: set[str]) -> None:
    g = graph(CHAIN, focus="b", depth=depth)
    assert table_names(g) == expected
    assert label_text(g.attrs["label"]).endswith(f"{len(expected)} of 5 tables")
    assert len(g.edges_of_class("relation")) == len(expected) - 1  # only lines between shown tables
    assert g.node_by_id("table-b").attrs["label"].startswith('<TABLE BORDER="2"')  # the focus stands out
    assert {k[1] for k in neighbourhood(CHAIN, ("public", "b"), depth)} == expected


def test_focus_on_a_namespaced_table() -> None:
    g = graph(RICH, focus="billing.invoices", depth=1)
    assert table_names(g) == {"billing.invoices", "accounts"}


def test_group_view() -> None:
    g = graph(CHAIN, group="g")
    assert table_names(g) == {"c", "d", "lonely"}
    assert [e.attrs["id"] for e in g.edges_of_class("relation")] == ["fk-d-fk_d_c"]


def test_search_is_a_case_insensitive_substring_of_table_names() -> None:
    assert table_names(graph(DEMO, search="WORKOUT")) == {"workouts", "workout_exercises"}
    assert table_names(graph(DEMO, search="nothing-like-this")) == set()
    assert table_names(graph(RICH, search="billing.")) == {"billing.invoices"}


def test_views_combine() -> None:
    assert table_names(graph(CHAIN, group="g", focus="d", depth=1)) == {"c", "d"}


@pytest.mark.parametrize(("options", "message"), [
    ({"focus": "nope"}, "no table named 'nope'"),
    ({"focus": "a", "depth": -1}, "depth must be 0 or more"),
    ({"group": "nope"}, "no group named 'nope'"),
    ({"strategy": "nope"}, "unknown layout strategy 'nope'"),
])
def test_bad_options_say_what_is_wrong(options: dict[str, object], message: str) -> None:
    with pytest.raises(DiagramOptionError, match=message):
        to_dot(CHAIN, DiagramOptions(**options))  # type: ignore[arg-type]


# Links and ids ---------------------------------------------------------------------------------


def test_url_template_makes_tables_links_with_encoded_paths() -> None:
    schema = ir.Schema(tables=(table('we"ird <name>&', col("id")), table("x", col("id"), group=None)))
    g = graph(schema, url_template="/p/demo/?a=1&table={table}")
    node = g.node_by_id("table-we%22ird%20%3Cname%3E%26")
    assert node.attrs["URL"] == "/p/demo/?a=1&amp;table=we%22ird%20%3Cname%3E%26"
    assert g.node_by_id("table-x").attrs["URL"] == "/p/demo/?a=1&amp;table=x"
    assert "URL" not in graph(schema).node_by_id("table-x").attrs


def test_ids_are_unique_even_when_names_contain_dashes() -> None:
    schema = ir.Schema(tables=(
        table("a-b", col("id"), col("r", null=True), fks=(fk("c", ("r",), "a-b"),)),
        table("a", col("id"), col("r", null=True), fks=(fk("b-c", ("r",), "a"),)),
    ))
    ids = [e.attrs["id"] for e in graph(schema).edges_of_class("relation")]
    assert len(set(ids)) == 2


# Layout strategies -----------------------------------------------------------------------------


def test_strategy_by_size_and_fallback_order() -> None:
    assert choose_strategy(10, 10).name == "standard"
    assert choose_strategy(10, 10) is STRATEGIES[0]
    sizes = [choose_strategy(n, n) for n in (10, 400, 1500, 4000, 100_000)]
    assert [STRATEGIES.index(s) for s in sizes] == sorted(STRATEGIES.index(s) for s in sizes)
    assert choose_strategy(100_000, 100_000) is STRATEGIES[-1]
    chain, current = [], STRATEGIES[0]
    while (nxt := faster_strategy(current)) is not None:
        chain.append(nxt)
        current = nxt
    assert chain == list(STRATEGIES[1:])
    details = [s.detail for s in STRATEGIES]
    assert details == sorted(details, key=list(Detail).index)  # never more detail when falling back


def test_a_timeout_falls_back_to_less_detail() -> None:
    steps, current = [], choose_strategy(10, 10)
    while (nxt := fallback_strategy(current)) is not None:
        steps.append(nxt.detail)
        current = nxt
    assert steps == [Detail.KEYS, Detail.NAMES]
    assert fallback_strategy(STRATEGIES[-1]) is None


def test_the_overview_is_a_force_directed_map_of_names() -> None:
    diagram = to_dot(DEMO, DiagramOptions(strategy="overview"))
    assert diagram.strategy is OVERVIEW and diagram.strategy.engine == "sfdp" and diagram.detail is Detail.NAMES
    g = read(diagram.source)
    assert table_names(g) == {t.name for t in DEMO.tables}
    assert not g.edges_of_class("legend")  # the line-end samples need dot's ranks
    assert g.of_class("legend")
    assert fallback_strategy(OVERVIEW) is None and faster_strategy(OVERVIEW) is None


def test_the_strategy_caps_the_detail() -> None:
    assert to_dot(DEMO, DiagramOptions(strategy="names")).detail is Detail.NAMES
    assert to_dot(DEMO, DiagramOptions(strategy="keys")).detail is Detail.KEYS
    assert to_dot(DEMO, DiagramOptions(detail=Detail.NAMES, strategy="standard")).detail is Detail.NAMES
    fast = read(to_dot(DEMO, DiagramOptions(strategy="huge")).source)
    assert fast.attrs["splines"] == "line" and "mclimit" in fast.attrs


# Escaping --------------------------------------------------------------------------------------


def test_escaping_helpers() -> None:
    assert html_text('<b a="1">&\\N') == "&lt;b a=&quot;1&quot;&gt;&amp;\\\\N"
    assert html_text("two\nlines\u2028x") == "two lines x"
    assert html_text("bell\x07") == "bell\ufffd"
    assert tooltip_text('a\\b "q" <i>&') == 'a\\\\\\\\b &quot;q&quot; &lt;i&gt;&amp;'
    assert tooltip_text("one\r\ntwo") == "one\ntwo"
    assert url_part("a b/c-d.e") == "a%20b%2Fc%2Dd.e"


def one_line(text: str) -> str:
    """How a label shows a name: line breaks as one space."""
    return re.sub(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+", " ", text)


def xml_safe(text: str) -> str:
    """``text`` with what XML 1.0 cannot carry (control characters, surrogates) replaced."""
    return "".join("\ufffd" if (unicodedata.category(ch) in ("Cc", "Cs") and ch != "\t") or ch in "\ufffe\uffff"
                   else ch for ch in text)


_MARKUP = st.text(alphabet=st.sampled_from('<>&"\'\\/;=[]{}#\n\u2028 aZé名'), max_size=30)


@given(st.one_of(st.text(max_size=30), _MARKUP))
def test_label_text_escaping_round_trips(text: str) -> None:
    escaped = html_text(text)
    assert not set(escaped) & set('<>"')
    shown = re.sub(r"\\(.)", r"\1", html.unescape(escaped), flags=re.DOTALL)
    assert shown == xml_safe(one_line(text))


@given(st.one_of(st.text(max_size=30), _MARKUP))
def test_tooltip_escaping_round_trips(text: str) -> None:
    escaped = tooltip_text(text)
    assert not set(escaped) & set('<>"')
    # dot 2.43 decodes entities and reads backslashes twice (see escaping.py).
    decoded = html.unescape(escaped).replace(4 * "\\", "\\")
    lines = re.split(r"\r\n|[\n\r\u2028\u2029\x85]", text)
    assert decoded == "\n".join(xml_safe(line) for line in lines)


HOSTILE_NAME = 'x"] -> evil [label="<b>pwn</b>"] \\ }}\n<script>alert(1)</script>&amp;'


def test_a_hostile_name_stays_text() -> None:
    schema = ir.Schema(name=HOSTILE_NAME, tables=(
        table(HOSTILE_NAME, col("id", comment=HOSTILE_NAME), col(HOSTILE_NAME, null=True),
              fks=(fk(HOSTILE_NAME, (HOSTILE_NAME,), HOSTILE_NAME),), group=HOSTILE_NAME),
    ), groups=(ir.Group(HOSTILE_NAME, comment=HOSTILE_NAME),), notes=(ir.Note(HOSTILE_NAME),))
    g = graph(schema)
    assert len(g.of_class("table")) == 1 and len(g.edges_of_class("relation")) == 1
    assert "evil" not in g.nodes  # the name did not become a node of its own
    flat = HOSTILE_NAME.replace("\n", " ")
    node = g.of_class("table")[0]
    assert label_lines(node.attrs["label"])[0] == flat
    assert flat in label_lines(node.attrs["label"])
    assert markup_left(node.attrs["label"]).count("<") == 0
    assert label_text(g.attrs["label"]).startswith(flat)
    note = label_text(g.of_class("note")[0].attrs["label"])
    assert re.sub(r"\s", "", note) == re.sub(r"\s", "", HOSTILE_NAME)  # wrapped over lines, all there


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemas(names="hostile"))
def test_hostile_names_cannot_inject_markup(schema: ir.Schema) -> None:
    g = graph(schema)
    assert len(g.of_class("table")) == len(schema.tables)
    assert len(g.edges_of_class("relation")) == sum(len(t.foreign_keys) for t in schema.tables)
    for t in schema.tables:
        node = g.node_by_id("table-" + url_part(t.path))
        label = node.attrs["label"]
        leftover = markup_left(label)
        assert "<" not in leftover and ">" not in leftover and '"' not in leftover, leftover
        assert one_line(t.path) == label_lines(label)[0].removesuffix(" N:M")
        for c in t.columns:
            assert one_line(c.name) in label_lines(label)
        tooltip = node.attrs["tooltip"]
        assert "<" not in tooltip and ">" not in tooltip and '"' not in tooltip
        assert re.fullmatch(r"table-[A-Za-z0-9_.~%]+", node.attrs["id"])
    for e in g.edges:
        assert '"' not in e.attrs.get("tooltip", "") and "<" not in e.attrs.get("tooltip", "")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemas(names="plain"))
def test_any_schema_draws_every_table_and_key(schema: ir.Schema) -> None:
    for detail in Detail:
        g = graph(schema, detail=detail)
        assert len(g.of_class("table")) == len(schema.tables)
        assert len(g.edges_of_class("relation")) == sum(len(t.foreign_keys) for t in schema.tables)

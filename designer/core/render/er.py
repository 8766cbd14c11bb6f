"""ER diagrams: a schema to Graphviz DOT text (running ``dot`` happens at the edge).

Each table is a node with an HTML-like label (:mod:`designer.core.render.labels`: name,
columns with their types, PK/FK/UQ/NN markers, enum types in their own colour) with a port on
each side of every column row. Each foreign key is an edge from its first column to the
referenced column, in crow's-foot notation derived from the keys by
:mod:`designer.core.relations`:

- at the referenced ("parent") end, ``||`` exactly one, or ``o|`` zero or one when a FK column
  is nullable (the line is then dashed too);
- at the referencing ("child") end, ``o<`` zero or many, or ``o|`` zero or one when the FK
  columns are unique (one-to-one);
- a junction table (its key is two FKs) gets an ``N:M`` badge and its legs' tooltips name the
  many-to-many; ``junctions_as_edges`` draws it as one ``>o--o<`` line instead.

Groups are clusters in their colour; notes are note shapes, or a footer row of the table they
are attached to; a legend explains the markers, the line ends and the enums.

Large schemas: :class:`DiagramOptions` narrows the view (``focus`` with ``depth`` hops, a
``group``, a ``search`` on table names) and :mod:`designer.core.render.layout` picks the
detail and layout effort by size. The SVG is meant to be inlined in the page: tables, notes,
legend parts and relationship lines carry an ``id`` and a ``class`` (``table``, ``note``,
``legend``, ``relation``), and a caller-given ``url_template`` makes tables links.

    >>> diagram = to_dot(schema, DiagramOptions(detail=Detail.KEYS, focus="users", depth=1))
    >>> diagram.source  # the DOT text; diagram.strategy.engine lays it out
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import graphviz

from designer.core import ir
from designer.core.relations import Cardinality, Relationship, is_junction, many_to_many, relationships
from designer.core.render import labels
from designer.core.render.escaping import attribute_text, safe_color, tooltip_text, url_part
from designer.core.render.labels import EXACTLY_ONE, ZERO_OR_MANY, ZERO_OR_ONE, LabelContext, run
from designer.core.render.layout import Detail, Strategy, choose_strategy, strategy_named
from designer.core.types import LogicalType

TableKey = tuple[str, str]


class DiagramOptionError(ValueError):
    """Options that do not fit the schema (an unknown focus table or group, a negative depth)."""


@dataclass(frozen=True)
class DiagramOptions:
    """What to draw and how.

    Attributes:
        detail: ``full`` (every column), ``keys`` (key columns only) or ``names``.
        focus: a table path (``users``, ``billing.invoices``): show it and its neighbours.
        depth: how many foreign-key hops from ``focus`` to include.
        group: show only the tables of this group.
        search: show only tables whose path contains this text (case-insensitive).
        url_template: makes each table a link: ``{table}`` is replaced by the table's path,
            percent-encoded (``/p/demo/?table={table}``).
        legend: draw the legend (markers, line ends, enums).
        notes: draw the schema's notes.
        clusters: draw groups as clusters.
        junctions_as_edges: draw each many-to-many junction table as one N:M line.
        title: draw the schema's name and size above the diagram.
        strategy: force a layout strategy by name (``layout.STRATEGIES``); None picks one by size.

    ``group``, ``search`` and ``focus`` combine: a table is shown when it passes all of them.
    """

    detail: Detail = Detail.FULL
    focus: str | None = None
    depth: int = 1
    group: str | None = None
    search: str | None = None
    url_template: str | None = None
    legend: bool = True
    notes: bool = True
    clusters: bool = True
    junctions_as_edges: bool = False
    title: bool = True
    strategy: str | None = None

    @property
    def filtered(self) -> bool:
        """True when the view shows part of the schema (focus, group or search)."""
        return self.focus is not None or self.group is not None or bool(self.search)

    def cache_key(self) -> str:
        """A stable text form of the options, for content-hash caches."""
        return repr(self)


@dataclass(frozen=True)
class ErDiagram:
    """The DOT text of a diagram and what it shows.

    Attributes:
        source: the DOT text.
        strategy: the layout strategy it was drawn for (its engine lays it out).
        detail: the detail drawn (the coarser of the one asked for and the strategy's).
        tables: the number of tables shown.
        edges: the number of relationship lines drawn.
    """

    source: str
    strategy: Strategy
    detail: Detail
    tables: int
    edges: int


# Which tables and lines are shown --------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """The part of a schema a diagram shows.

    Attributes:
        tables: the tables drawn as nodes.
        relationships: the foreign keys drawn as lines (both ends shown).
        junction_edges: junction tables drawn as one N:M line (``junctions_as_edges``).
    """

    tables: tuple[ir.Table, ...]
    relationships: tuple[Relationship, ...]
    junction_edges: tuple[tuple[ir.Table, ir.ForeignKey, ir.ForeignKey], ...] = ()


def neighbourhood(schema: ir.Schema, start: TableKey, depth: int) -> set[TableKey]:
    """The tables at most ``depth`` foreign-key hops from ``start``, in either direction."""
    adjacent: dict[TableKey, set[TableKey]] = {}
    for table in schema.tables:
        for fk in table.foreign_keys:
            adjacent.setdefault(table.key, set()).add(fk.ref_key)
            adjacent.setdefault(fk.ref_key, set()).add(table.key)
    seen = {start}
    queue = deque([(start, 0)])
    while queue:
        key, hops = queue.popleft()
        if hops < depth:
            for other in adjacent.get(key, set()) - seen:
                seen.add(other)
                queue.append((other, hops + 1))
    return seen


def select_view(schema: ir.Schema, options: DiagramOptions) -> View:
    """The tables and lines a diagram with ``options`` shows.

    Raises:
        DiagramOptionError: an unknown group or focus table, or a negative depth.
    """
    tables = list(schema.tables)
    if options.group is not None:
        if options.group not in {g.name for g in schema.groups} | {t.group for t in schema.tables}:
            raise DiagramOptionError(f"there is no group named {options.group!r}")
        tables = [t for t in tables if t.group == options.group]
    if options.search:
        needle = options.search.casefold()
        tables = [t for t in tables if needle in t.path.casefold()]
    if options.focus is not None:
        if options.depth < 0:
            raise DiagramOptionError(f"depth must be 0 or more, not {options.depth}")
        start = schema.find_table(options.focus)
        if start is None:
            raise DiagramOptionError(f"there is no table named {options.focus!r} to focus on")
        near = neighbourhood(schema, start.key, options.depth)
        tables = [t for t in tables if t.key in near]
    shown = {t.key for t in tables}
    rels = [r for r in relationships(schema) if r.table.key in shown and r.fk.ref_key in shown]
    if not options.junctions_as_edges:
        return View(tuple(tables), tuple(rels))
    # A junction that other tables reference is more than a link table: it stays a node.
    referenced = {fk.ref_key for t in schema.tables for fk in t.foreign_keys}
    collapsed = [m for m in many_to_many(schema)
                 if m.junction.key in shown and m.junction.key not in referenced
                 and m.left.ref_key in shown and m.right.ref_key in shown]
    hidden = {m.junction.key for m in collapsed}
    return View(
        tables=tuple(t for t in tables if t.key not in hidden),
        relationships=tuple(r for r in rels if r.table.key not in hidden),
        junction_edges=tuple((m.junction, m.left, m.right) for m in collapsed),
    )


# Lines -----------------------------------------------------------------------------------------


def line_ends(rel: Relationship) -> tuple[str, str]:
    """The crow's-foot ends of ``rel``: (at the referencing table, at the referenced table)."""
    child = ZERO_OR_ONE if rel.cardinality is Cardinality.ONE_TO_ONE else ZERO_OR_MANY
    parent = ZERO_OR_ONE if rel.optional else EXACTLY_ONE
    return child, parent


def _relation_tooltip(rel: Relationship, partner: dict[tuple[TableKey, str], str]) -> str:
    text = (f"{rel.table.path}({', '.join(rel.fk.columns)}) references "
            f"{rel.fk.ref_table}({', '.join(rel.fk.ref_columns)})\n{rel.describe()}")
    other = partner.get((rel.table.key, rel.fk.name))
    if other is not None:
        text += f"\nmany-to-many: {rel.fk.ref_table} and {other} through {rel.table.path}"
    return tooltip_text(text)


# The graph -------------------------------------------------------------------------------------


def _label_context(schema: ir.Schema, options: DiagramOptions, detail: Detail) -> LabelContext:
    referenced: dict[TableKey, set[str]] = {}
    for table in schema.tables:
        for fk in table.foreign_keys:
            referenced.setdefault(fk.ref_key, set()).update(fk.ref_columns)
    notes: dict[str, list[str]] = {}
    for note in schema.notes:
        found = schema.find_table(note.table) if note.table is not None else None
        if found is not None:
            notes.setdefault(found.path, []).append(note.text)
    focus = schema.find_table(options.focus) if options.focus else None
    return LabelContext(
        schema=schema,
        detail=detail,
        referenced=referenced,
        notes=notes,
        header_colors={g.name: safe_color(g.color, labels.HEADER) for g in schema.groups},
        focus=focus.key if focus else None,
    )


def _choose(options: DiagramOptions, view: View) -> Strategy:
    if options.strategy:
        try:
            return strategy_named(options.strategy)
        except ValueError as error:
            raise DiagramOptionError(str(error)) from None
    return choose_strategy(len(view.tables), len(view.relationships) + len(view.junction_edges))


def to_dot(schema: ir.Schema, options: DiagramOptions | None = None, strategy: Strategy | None = None) -> ErDiagram:
    """The DOT text of ``schema``'s ER diagram.

    Args:
        schema: the schema.
        options: what to draw; defaults to everything at full detail.
        strategy: the layout strategy; defaults to ``options.strategy``, else one chosen by size.

    Raises:
        DiagramOptionError: an unknown focus table, group or strategy, or a negative depth.
    """
    options = options or DiagramOptions()
    view = select_view(schema, options)
    strategy = strategy or _choose(options, view)
    detail = options.detail.at_most(strategy.detail)
    ctx = _label_context(schema, options, detail)

    g = graphviz.Digraph(name="er", engine=strategy.engine)
    # RL: referenced tables to the left of the tables that point at them, as people read ERDs.
    g.attr("graph", rankdir="RL", fontname=labels.FONT, bgcolor="#ffffff", pad="0.4", nodesep="0.45",
           ranksep="0.9", splines=strategy.splines, outputorder="edgesfirst", **dict(strategy.graph_attrs))
    if options.title:
        total = f" of {len(schema.tables)}" if len(view.tables) != len(schema.tables) else ""
        size = f"{len(view.tables)}{total} table{'s' if len(schema.tables) != 1 else ''}"
        g.attr("graph", labelloc="t", labeljust="l", label=f"<{run(schema.name, color=labels.INK, size=16, bold=True)}"
                                                           f"   {run(size, color=labels.MUTED, size=10)}>")
    g.attr("node", shape="plain", fontname=labels.FONT, fontsize="10", fontcolor=labels.INK)
    # The line ends and style are declared here although every edge sets its own: dot 2.43 reads
    # an attribute that only edges declare at the wrong index for edges into a cluster (it took
    # the fontname for the arrow type, and drew plain arrows instead of crow's feet).
    g.attr("edge", fontname=labels.FONT, fontsize="8", color=labels.EDGE, penwidth="1.1", arrowsize="0.9",
           dir="both", arrowhead="normal", arrowtail="normal", style="solid")

    names = {table.key: f"t{i}" for i, table in enumerate(view.tables)}
    ports: dict[TableKey, dict[str, int]] = {}

    def add_table(graph: graphviz.Digraph, table: ir.Table) -> None:
        label, ports[table.key] = labels.table_label(table, ctx, with_notes=options.notes)
        attrs = {"id": "table-" + url_part(table.path), "class": "table",
                 "tooltip": labels.table_tooltip(table, ctx, with_notes=options.notes and detail is Detail.NAMES)}
        if options.url_template:
            attrs["URL"] = attribute_text(options.url_template.replace("{table}", url_part(table.path)))
            attrs["target"] = "_top"
        graph.node(names[table.key], label=label, **attrs)

    _add_tables(g, schema, view, options, ctx, add_table)
    _add_lines(g, view, names, ports)
    if options.notes and not options.filtered:
        free = [n for n in schema.notes if n.table is None or schema.find_table(n.table) is None]
        for i, note in enumerate(free):
            g.node(f"note{i}", label=labels.note_label(note.text), shape="note", style="filled",
                   fillcolor=labels.NOTE_FILL, color=labels.NOTE_LINE, margin="0.15,0.1", id=f"note-{i}",
                   **{"class": "note"})
    if options.legend:
        used = {(c.type.enum_namespace, c.type.enum) for t in view.tables for c in t.columns
                if c.type.logical is LogicalType.ENUM}
        _add_legend(g, [e for e in schema.enums if e.key in used] if detail is Detail.FULL else [],
                    line_samples=strategy.engine == "dot")
    return ErDiagram(source=g.source, strategy=strategy, detail=detail, tables=len(view.tables),
                     edges=len(view.relationships) + len(view.junction_edges))


def _add_tables(g: graphviz.Digraph, schema: ir.Schema, view: View, options: DiagramOptions, ctx: LabelContext,
                add_table: Callable[[graphviz.Digraph, ir.Table], None]) -> None:
    """Tables, grouped into one cluster per group (in the schema's group order)."""
    clustered: dict[str, list[ir.Table]] = {}
    for table in view.tables:
        if options.clusters and table.group is not None:
            clustered.setdefault(table.group, []).append(table)
        else:
            add_table(g, table)
    declared = [group.name for group in schema.groups]
    comments = {group.name: group.comment for group in schema.groups}
    order = [name for name in declared if name in clustered] + sorted(set(clustered) - set(declared))
    for n, group_name in enumerate(order):
        color = ctx.header_colors.get(group_name, labels.HEADER)
        with g.subgraph(name=f"cluster_{n}") as cluster:
            # labeljust is mirrored in RL layouts: "r" puts the group's name on the left.
            cluster.attr(label=f"<{run(group_name, color=color, size=12, bold=True)}>", labeljust="r",
                         style="rounded,filled", color=labels.tint(color, 0.35), fillcolor=labels.tint(color, 0.93),
                         penwidth="1.2", margin="14", id="group-" + url_part(group_name),
                         tooltip=tooltip_text(comments.get(group_name) or group_name))
            for table in clustered[group_name]:
                add_table(cluster, table)


def _add_lines(g: graphviz.Digraph, view: View, names: dict[TableKey, str],
               ports: dict[TableKey, dict[str, int]]) -> None:
    """One crow's-foot line per foreign key, from the FK column's port to the referenced column's."""
    partner: dict[tuple[TableKey, str], str] = {}
    for table in view.tables:
        if len(table.foreign_keys) == 2 and is_junction(table):
            first, second = table.foreign_keys
            partner[(table.key, first.name)] = second.ref_table
            partner[(table.key, second.name)] = first.ref_table
    for rel in view.relationships:
        child, parent = rel.table.key, rel.fk.ref_key
        child_port = ports[child].get(rel.fk.columns[0]) if rel.fk.columns else None
        parent_port = ports[parent].get(rel.fk.ref_columns[0]) if rel.fk.ref_columns else None
        # Referenced tables sit to the left (RL), so a line leaves the FK column's left side and
        # reaches the referenced column's right side; a self-reference loops on the left.
        tail = names[child] + (f":L{child_port}:w" if child_port is not None else "")
        if parent_port is None:
            head = names[parent]
        elif child == parent:
            head = f"{names[parent]}:L{parent_port}:w"
        else:
            head = f"{names[parent]}:R{parent_port}:e"
        at_child, at_parent = line_ends(rel)
        g.edge(tail, head, arrowtail=at_child, arrowhead=at_parent, style="dashed" if rel.optional else "solid",
               tooltip=_relation_tooltip(rel, partner), id=f"fk-{url_part(rel.table.path)}-{url_part(rel.fk.name)}",
               **{"class": "relation"})
    for junction, left, right in view.junction_edges:
        text = f"{left.ref_table} and {right.ref_table}: many-to-many through {junction.path}"
        g.edge(names[left.ref_key], names[right.ref_key], arrowtail=ZERO_OR_MANY, arrowhead=ZERO_OR_MANY,
               label=f"<{run(junction.path, color=labels.MUTED, size=8, italic=True)}>", tooltip=tooltip_text(text),
               id="nm-" + url_part(junction.path), **{"class": "relation junction"})


def _add_legend(g: graphviz.Digraph, enums: list[ir.Enum], *, line_samples: bool) -> None:
    """The legend, in the leftmost column (``rank=max``: the most referenced tables).

    Not a cluster: ``dot`` ignores rank constraints inside clusters, so the legend's box is the
    border of its table. The line-end samples need ``dot``'s ranks to stay together.
    """
    legend_class = {"class": "legend"}
    with g.subgraph(name="legend") as legend:
        legend.attr(rank="max")
        legend.node("legend_box", label=labels.legend_label(enums), id="legend-box", **legend_class)
        # Line-end samples: short flat (same rank) edges from an invisible point to a caption.
        samples = (("zero or many", ZERO_OR_MANY), ("zero or one", ZERO_OR_ONE), ("exactly one", EXACTLY_ONE))
        for i, (caption, arrow) in enumerate(samples if line_samples else ()):
            legend.node(f"legend_end{i}", label=f"<{run(caption, color=labels.INK, size=9)}>", id=f"legend-end{i}",
                        **legend_class)
            legend.node(f"legend_start{i}", label="", shape="point", width="0.01", style="invis",
                        id=f"legend-start{i}", **legend_class)
            legend.edge(f"legend_start{i}", f"legend_end{i}", dir="forward", arrowhead=arrow,
                        id=f"legend-line{i}", **legend_class)

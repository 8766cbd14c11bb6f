"""A reader for the DOT subset ``designer.core.render.er`` writes, so tests can look at nodes,
edges, clusters and attributes without running ``dot``.

It reads what the ``graphviz`` library emits: statements ``a [k=v ...]``, ``a -> b [...]``,
``graph|node|edge [...]``, ``k=v`` and nested ``subgraph name { ... }``; values are IDs,
``"quoted"`` strings (only ``\\"`` is an escape at this level, as in DOT's own lexer) or
``<html>`` strings (balanced angle brackets).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r'\s*(?:(->)|([\[\]{}=;,])|("(?:\\.|[^"\\])*")|([^\s\[\]{}=;,"<>]+)|(<))', re.DOTALL)


@dataclass
class Node:
    name: str
    attrs: dict[str, str]
    subgraph: str | None


@dataclass
class Edge:
    tail: str
    head: str
    attrs: dict[str, str]
    subgraph: str | None

    @property
    def tail_node(self) -> str:
        return self.tail.split(":")[0]

    @property
    def head_node(self) -> str:
        return self.head.split(":")[0]


@dataclass
class Graph:
    attrs: dict[str, str] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    subgraphs: dict[str, dict[str, str]] = field(default_factory=dict)

    def of_class(self, css_class: str) -> list[Node]:
        return [n for n in self.nodes.values() if css_class in n.attrs.get("class", "").split()]

    def edges_of_class(self, css_class: str) -> list[Edge]:
        return [e for e in self.edges if css_class in e.attrs.get("class", "").split()]

    def node_by_id(self, node_id: str) -> Node:
        found = [n for n in self.nodes.values() if n.attrs.get("id") == node_id]
        assert len(found) == 1, (node_id, found)
        return found[0]

    def edge_by_id(self, edge_id: str) -> Edge:
        found = [e for e in self.edges if e.attrs.get("id") == edge_id]
        assert len(found) == 1, (edge_id, found)
        return found[0]


def _html_end(source: str, start: int) -> int:
    depth = 0
    for i in range(start, len(source)):
        if source[i] == "<":
            depth += 1
        elif source[i] == ">":
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError(f"unbalanced HTML string at {start}")


def _tokens(source: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(source):
        if source[pos:].strip() == "":
            break
        m = _TOKEN.match(source, pos)
        if m is None:
            raise ValueError(f"unexpected {source[pos:pos + 20]!r}")
        if m.group(5):
            start = m.start(5)
            end = _html_end(source, start)
            out.append(("html", source[start + 1 : end - 1]))
            pos = end
            continue
        if m.group(3):
            out.append(("str", m.group(3)[1:-1].replace('\\"', '"')))
        elif m.group(4):
            out.append(("id", m.group(4)))
        else:
            out.append(("punct", m.group(1) or m.group(2)))
        pos = m.end()
    return out


def read(source: str) -> Graph:
    tokens = _tokens(source)
    graph = Graph()
    assert tokens[0] == ("id", "digraph") and tokens[2] == ("punct", "{"), tokens[:3]
    pos = _body(tokens, 3, graph, None)
    assert pos == len(tokens), tokens[pos:]
    return graph


def _attrs(tokens: list[tuple[str, str]], pos: int) -> tuple[dict[str, str], int]:
    assert tokens[pos] == ("punct", "[")
    pos += 1
    attrs: dict[str, str] = {}
    while tokens[pos] != ("punct", "]"):
        key = tokens[pos][1]
        assert tokens[pos + 1] == ("punct", "="), tokens[pos : pos + 3]
        attrs[key] = tokens[pos + 2][1]
        pos += 3
        if tokens[pos] in (("punct", ","), ("punct", ";")):
            pos += 1
    return attrs, pos + 1


def _body(tokens: list[tuple[str, str]], pos: int, graph: Graph, subgraph: str | None) -> int:
    while True:
        kind, value = tokens[pos]
        if (kind, value) == ("punct", "}"):
            return pos + 1
        if (kind, value) == ("id", "subgraph"):
            name = tokens[pos + 1][1]
            assert tokens[pos + 2] == ("punct", "{")
            graph.subgraphs[name] = {}
            pos = _body(tokens, pos + 3, graph, name)
            continue
        if kind == "id" and value in ("graph", "node", "edge") and tokens[pos + 1] == ("punct", "["):
            attrs, pos = _attrs(tokens, pos + 1)
            if value == "graph":
                (graph.subgraphs[subgraph] if subgraph else graph.attrs).update(attrs)
            continue
        if tokens[pos + 1] == ("punct", "="):
            (graph.subgraphs[subgraph] if subgraph else graph.attrs)[value] = tokens[pos + 2][1]
            pos += 3
            continue
        if tokens[pos + 1] == ("punct", "->"):
            head = tokens[pos + 2][1]
            pos += 3
            attrs, pos = _attrs(tokens, pos) if tokens[pos] == ("punct", "[") else ({}, pos)
            graph.edges.append(Edge(value, head, attrs, subgraph))
            continue
        attrs, pos = _attrs(tokens, pos + 1) if tokens[pos + 1] == ("punct", "[") else ({}, pos + 1)
        graph.nodes[value] = Node(value, attrs, subgraph)


# HTML-like labels ------------------------------------------------------------------------------

#: The markup the renderer writes; anything else in a label would be injected.
_OUR_TAG = re.compile(r'</?(?:TABLE|TR|TD|FONT|B|I|BR)(?:\s+[A-Z-]+="[^"<>&]*")*\s*/?>')


def markup_left(label: str) -> str:
    """The label with our own tags removed: what remains must be plain escaped text."""
    return _OUR_TAG.sub("", label)


def label_text(label: str) -> str:
    """The text a viewer reads in a label: tags dropped, entities and doubled backslashes decoded."""
    # Graphviz reads the label as XML first (entities), then as an escString (backslashes).
    text = html.unescape(_OUR_TAG.sub("", label))
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def label_lines(label: str) -> list[str]:
    """The label's cells' texts, one string per cell."""
    cells = re.findall(r"<TD[^>]*>(.*?)</TD>", label)
    return [label_text(cell) for cell in cells]

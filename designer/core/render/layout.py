"""Layout strategies: how much detail and layout effort a diagram of a given size can afford.

``dot`` spends most of its time on crossing minimisation and spline routing, both of which
grow much faster than the number of tables. Each :class:`Strategy` names a level of effort;
:func:`choose_strategy` picks the best one a diagram's size allows, and
:func:`faster_strategy` gives the next cheaper one, which the edge (``projects.diagrams``)
switches to when a layout runs past its time limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Detail(StrEnum):
    """How much of each table a diagram shows."""

    FULL = "full"
    """Every column, with its type and markers."""
    KEYS = "keys"
    """Only key columns: primary key, foreign keys, unique and referenced columns."""
    NAMES = "names"
    """Table names only."""

    def at_most(self, other: Detail) -> Detail:
        """The coarser of the two."""
        order = list(Detail)
        return self if order.index(self) >= order.index(other) else other


@dataclass(frozen=True)
class Strategy:
    """One level of layout effort.

    Attributes:
        name: a short id (``standard``, ``large``...).
        max_tables: the largest diagram (in tables shown) :func:`choose_strategy` uses it for.
        max_edges: the same limit in relationship lines.
        detail: the most detail it draws; a coarser detail asked for by the user wins.
        engine: the Graphviz layout program.
        splines: how edges are drawn (``spline`` curves, ``polyline``, straight ``line``...).
        graph_attrs: extra graph attributes that bound ``dot``'s work (``mclimit``, ``nslimit``...).
        description: what a user is told when a diagram was drawn with this strategy as a fallback.
    """

    name: str
    max_tables: int
    max_edges: int
    detail: Detail
    engine: str
    splines: str
    graph_attrs: tuple[tuple[str, str], ...]
    description: str


#: From the best looking to the fastest. Limits are in tables and edges actually drawn, set from
#: ``bench/render.py``: ``dot`` needs about 0.5 s of CPU for 300 tables at full detail and 2 s
#: for 1,000, so full detail stops at 1,500 tables to stay well inside the default 8 s limit
#: on a busy server.
STRATEGIES: tuple[Strategy, ...] = (
    Strategy("standard", 150, 300, Detail.FULL, "dot", "spline", (), "full layout"),
    Strategy(
        "large", 600, 1200, Detail.FULL, "dot", "spline",
        # One crossing-minimisation pass and bounded network simplex: the layout is a little
        # less tidy but takes a fraction of the time.
        (("mclimit", "0.3"), ("nslimit", "2"), ("nslimit1", "2"), ("searchsize", "20"), ("remincross", "false")),
        "quick layout",
    ),
    Strategy(
        "huge", 1500, 3000, Detail.FULL, "dot", "line",
        (("mclimit", "0.05"), ("nslimit", "1"), ("nslimit1", "1"), ("searchsize", "10"), ("remincross", "false")),
        "quick layout with straight lines",
    ),
    Strategy(
        "keys", 4000, 8000, Detail.KEYS, "dot", "line",
        (("mclimit", "0.01"), ("nslimit", "0.5"), ("nslimit1", "0.5"), ("searchsize", "5"), ("remincross", "false")),
        "key columns only",
    ),
    Strategy(
        "names", 1_000_000_000, 1_000_000_000, Detail.NAMES, "dot", "line",
        (("mclimit", "0.01"), ("nslimit", "0.5"), ("nslimit1", "0.5"), ("searchsize", "5"), ("remincross", "false")),
        "table names only",
    ),
)

#: Not in the size ladder above (it is no faster than ``names`` with ``dot``): a force-directed
#: map of table names that fills a landscape page instead of one tall column per rank, for
#: looking at a whole large schema at once. Asked for by name.
OVERVIEW = Strategy(
    "overview", 1_000_000_000, 1_000_000_000, Detail.NAMES, "sfdp", "line",
    (("overlap", "prism"), ("sep", "+10"), ("K", "0.6")),
    "a map of table names",
)

_BY_NAME = {s.name: s for s in (*STRATEGIES, OVERVIEW)}


def strategy_named(name: str) -> Strategy:
    """The strategy called ``name``; a ``ValueError`` lists the valid names."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown layout strategy {name!r}; choose one of {', '.join(_BY_NAME)}") from None


def choose_strategy(n_tables: int, n_edges: int) -> Strategy:
    """The best-looking strategy for a diagram of ``n_tables`` tables and ``n_edges`` lines."""
    for strategy in STRATEGIES:
        if n_tables <= strategy.max_tables and n_edges <= strategy.max_edges:
            return strategy
    return STRATEGIES[-1]


def faster_strategy(strategy: Strategy) -> Strategy | None:
    """The next cheaper strategy after ``strategy``, or None when it is already the cheapest."""
    if strategy not in STRATEGIES:
        return None
    index = STRATEGIES.index(strategy)
    return STRATEGIES[index + 1] if index + 1 < len(STRATEGIES) else None


def fallback_strategy(strategy: Strategy) -> Strategy | None:
    """What to try when a layout with ``strategy`` ran out of time: the next one with less detail.

    Label size is what dominates ``dot``'s time on these diagrams once crossing minimisation and
    network simplex are bounded: for the 1,000-table benchmark schema ``dot`` spends about
    2.7 s of CPU at full detail, 1.8 s with keys and 1.1 s with names, and the ``standard``,
    ``large`` and ``huge`` settings differ by much less. So after a timeout only a coarser
    detail is worth a try, which bounds a request to three attempts.
    """
    if strategy not in STRATEGIES:
        return None
    later = STRATEGIES[STRATEGIES.index(strategy) + 1 :]
    return next((s for s in later if s.detail.at_most(strategy.detail) is not strategy.detail), None)

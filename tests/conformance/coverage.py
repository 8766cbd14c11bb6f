"""Compare a database an ORM toolchain built with the one the SQL export built, diagnostic by diagnostic.

An ORM export may differ from the SQL baseline only where the exporter *said* it would: every
difference between the two catalog snapshots must be covered by a diagnostic the exporter
reported, on that very object, with a code that is known to explain that kind of difference.
Nothing is ignored wholesale: a difference nobody announced fails the test.

A target's test declares which (section, field) differences each of its diagnostic codes can
explain, e.g. ``"prisma.identity-as-serial": {("columns", "identity"), ("columns", "default")}``.
Sections are those of :func:`tests.support.catalog.snapshot`: ``columns``, ``constraints``,
``indexes`` (per object), and ``table`` (the table itself: its comment, its column order).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from designer.core.diagnostics import Diagnostic
from designer.core.identifiers import DEFAULT_NAMESPACE

#: What a diagnostic code explains: a set of (section, field) pairs.
Explains = Mapping[str, set[tuple[str, str]]]


@dataclass(frozen=True)
class Difference:
    """One difference between the expected (SQL export) and the actual (ORM) database.

    Attributes:
        table: the snapshot key of the table (``namespace.name``), or "" for schema-wide objects.
        section: ``table``, ``columns``, ``constraints``, ``indexes``, ``enums`` or ``schemas``.
        name: the column, constraint, index, enum or schema concerned ("" for the table itself).
        field: what differs: a column field (``default``, ``identity``...), ``definition``, ``type``,
            ``comment``, ``order``, or ``missing`` / ``unexpected`` for a whole object.
    """

    table: str
    section: str
    name: str
    field: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        where = ".".join(p for p in (self.table, self.section, self.name) if p)
        return f"{where} [{self.field}]: expected {self.expected!r}, got {self.actual!r}"


def _by_name(items: Mapping[str, Any] | list[dict[str, Any]]) -> dict[str, Any]:
    return dict(items) if isinstance(items, Mapping) else {item["name"]: item for item in items}


def _compare_objects(table: str, section: str, expected: Any, actual: Any) -> Iterable[Difference]:
    exp, act = _by_name(expected), _by_name(actual)
    for name in sorted(exp.keys() - act.keys()):
        yield Difference(table, section, name, "missing", exp[name], None)
    for name in sorted(act.keys() - exp.keys()):
        yield Difference(table, section, name, "unexpected", None, act[name])
    for name in sorted(exp.keys() & act.keys()):
        e, a = exp[name], act[name]
        if isinstance(e, dict) and isinstance(a, dict):
            for key in sorted(e.keys() | a.keys()):
                if e.get(key) != a.get(key):
                    yield Difference(table, section, name, key, e.get(key), a.get(key))
        elif e != a:
            yield Difference(table, section, name, "definition", e, a)


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> list[Difference]:
    """Every difference between two :func:`~tests.support.catalog.snapshot` results."""
    out: list[Difference] = []
    for name in sorted(set(expected["schemas"]) ^ set(actual["schemas"])):
        field = "missing" if name in expected["schemas"] else "unexpected"
        out.append(Difference("", "schemas", name, field, name in expected["schemas"], name in actual["schemas"]))
    out += _compare_objects("", "enums", expected["enums"], actual["enums"])
    exp_tables, act_tables = expected["tables"], actual["tables"]
    for key in sorted(exp_tables.keys() ^ act_tables.keys()):
        field = "missing" if key in exp_tables else "unexpected"
        out.append(Difference(key, "table", "", field, key in exp_tables, key in act_tables))
    for key in sorted(exp_tables.keys() & act_tables.keys()):
        e, a = exp_tables[key], act_tables[key]
        if e["comment"] != a["comment"]:
            out.append(Difference(key, "table", "", "comment", e["comment"], a["comment"]))
        order_e = [c["name"] for c in e["columns"]]
        order_a = [c["name"] for c in a["columns"]]
        if sorted(order_e) == sorted(order_a) and order_e != order_a:
            out.append(Difference(key, "table", "", "order", order_e, order_a))
        for section in ("columns", "constraints", "indexes"):
            out += _compare_objects(key, section, e[section], a[section])
    return out


def table_path(snapshot_key: str) -> str:
    """A snapshot key (``namespace.name``) as diagnostics name the table (``name`` in public)."""
    namespace, _, name = snapshot_key.partition(".")
    return name if namespace == DEFAULT_NAMESPACE else snapshot_key


def _paths(difference: Difference, expected: dict[str, Any]) -> set[str]:
    """The diagnostic paths that may explain ``difference``."""
    if not difference.table:
        return {difference.name}
    path = table_path(difference.table)
    if difference.section != "table":
        return {f"{path}.{difference.name}"}
    # A table-wide difference (the column order, say) is explained by a diagnostic on the
    # table or on one of its columns (a column the ORM had to re-create at the end).
    columns = [c["name"] for c in expected["tables"].get(difference.table, {}).get("columns", [])]
    return {path, *(f"{path}.{c}" for c in columns)}


def uncovered(expected: dict[str, Any], actual: dict[str, Any], diagnostics: Iterable[Diagnostic],
              explains: Explains) -> list[Difference]:
    """The differences between the snapshots that no reported diagnostic explains."""
    by_path: dict[str, set[str]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, set()).add(d.code)
    out = []
    for difference in compare(expected, actual):
        codes = set().union(*(by_path.get(p, set()) for p in _paths(difference, expected)))
        if not any((difference.section, difference.field) in explains.get(code, set()) for code in codes):
            out.append(difference)
    return out

"""Reading PostgreSQL parse trees in libpg_query's JSON form, and printing expressions from them.

Why JSON: pglast's ``parse_sql`` builds a Python object for every node, about 0.3 ms a
statement, which is 13 s for a 5,000-table dump. ``parse_sql_json`` runs the same parser
(PostgreSQL's own) and its text, read by orjson, gives plain dicts ten times faster. Only the
few subtrees that become text in the model (CHECK and WHERE expressions, defaults, exotic
types) are turned into pglast nodes, so that pglast's ``RawStream`` prints them canonically;
those are cached, because a schema repeats ``now()`` and ``deleted_at IS NULL`` thousands of
times.

A JSON node is ``{"NodeType": {fields}}``; fields typed as a specific struct (``TypeName*``)
hold the fields directly. Zero values (``false``, ``0``, empty lists) are left out.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

import orjson
from pglast import ast, enums
from pglast.parser import ParseError, parse_sql_json
from pglast.stream import RawStream

Json = dict[str, Any]


def kind(node: Json) -> str:
    """The node type of a wrapped node: ``{"A_Const": {...}}`` is ``A_Const``."""
    for name in node:
        return name
    raise ValueError("an empty node")


def body(node: Json) -> Json:
    """The fields of a wrapped node."""
    for fields in node.values():
        return fields  # type: ignore[no-any-return]
    raise ValueError("an empty node")


def strings(items: list[Json] | None) -> tuple[str, ...]:
    """The values of a list of ``String`` nodes (qualified names, column lists)."""
    if not items:
        return ()
    return tuple([i["String"].get("sval", "") for i in items if "String" in i])


def list_items(node: Json | None) -> list[Json]:
    """The items of a ``List`` node (as in ``COMMENT ON`` objects and ``DROP``)."""
    if node is None:
        return []
    return cast(list[Json], node.get("List", {}).get("items", []))


def const_value(node: Json) -> str | int | float | bool | None:
    """The value of an ``A_Const`` node's fields (``None`` for NULL); ints, floats as written, booleans."""
    if node.get("isnull"):
        return None
    if "ival" in node:
        return int(node["ival"].get("ival", 0))
    if "sval" in node:
        return str(node["sval"].get("sval", ""))
    if "fval" in node:
        return str(node["fval"].get("fval", "0"))
    if "boolval" in node:
        return bool(node["boolval"].get("boolval", False))
    if "bsval" in node:
        return str(node["bsval"].get("bsval", ""))
    return 0  # an A_Const with every field at its zero value is the integer 0


def column_refs(node: Any) -> list[str]:
    """Column names an expression mentions, in the order PostgreSQL's ``pull_var_clause`` meets them."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "ColumnRef" in value:
                names = strings(value["ColumnRef"].get("fields"))
                if names:
                    out.append(names[-1])
                return
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(node)
    return out


# Turning JSON into pglast nodes ------------------------------------------------------------------

_ENUM_TYPES = {name for name in dir(enums) if isinstance(getattr(enums, name), type)}


def _slot_class(c_type: str) -> type[ast.Node] | None:
    name = c_type.rstrip("*")
    cls = getattr(ast, name, None)
    return cls if isinstance(cls, type) and issubclass(cls, ast.Node) else None


def to_ast(value: Any, c_type: str = "Node*") -> Any:
    """A pglast value from a JSON value whose C type (from the parent's slot) is ``c_type``."""
    if isinstance(value, list):
        return tuple(to_ast(v) for v in value)
    if not isinstance(value, dict):
        if c_type in _ENUM_TYPES and isinstance(value, str):
            return getattr(enums, c_type)[value]
        return value
    if c_type in ("Node*", "List*", "Expr*") or _slot_class(c_type) is None:
        name, fields = next(iter(value.items()))
    else:
        name, fields = c_type.rstrip("*"), value
    if name == "A_Const":
        return _const(fields)
    if name == "List":
        return tuple(to_ast(v) for v in fields.get("items", []))
    cls = getattr(ast, name)
    kwargs: dict[str, Any] = {}
    for slot, info in cls.__slots__.items():
        if slot in fields:
            kwargs[slot] = to_ast(fields[slot], info.c_type)
        elif info.c_type in _ENUM_TYPES:
            kwargs[slot] = getattr(enums, info.c_type)(0)
        elif info.c_type == "bool":
            kwargs[slot] = False
        elif info.c_type in ("int", "int32", "ParseLoc", "Index", "AttrNumber", "Oid", "int16", "bits32"):
            kwargs[slot] = 0
    return cls(**kwargs)


def _const(fields: Json) -> ast.A_Const:
    if fields.get("isnull"):
        return ast.A_Const(isnull=True)
    if "ival" in fields:
        return ast.A_Const(isnull=False, val=ast.Integer(fields["ival"].get("ival", 0)))
    if "fval" in fields:
        return ast.A_Const(isnull=False, val=ast.Float(fields["fval"].get("fval", "0")))
    if "boolval" in fields:
        return ast.A_Const(isnull=False, val=ast.Boolean(fields["boolval"].get("boolval", False)))
    if "sval" in fields:
        return ast.A_Const(isnull=False, val=ast.String(fields["sval"].get("sval", "")))
    if "bsval" in fields:
        return ast.A_Const(isnull=False, val=ast.BitString(fields["bsval"].get("bsval", "")))
    return ast.A_Const(isnull=False, val=ast.Integer(0))


# Node positions differ between two occurrences of the same expression; the cache key drops them.
_LOCATION = re.compile(rb',?"location":-?\d+')


def deparse(node: Json, c_type: str = "Node*") -> str:
    """The canonical SQL text of an expression (or a ``TypeName``) subtree."""
    key = _LOCATION.sub(b"", orjson.dumps(node)).replace(b"{,", b"{")
    return _deparse_cached(key, c_type)


@lru_cache(maxsize=16384)
def _deparse_cached(key: bytes, c_type: str) -> str:
    return str(RawStream()(to_ast(orjson.loads(key), c_type)))


@lru_cache(maxsize=16384)
def canonical_expression(text: str) -> str:
    """``text`` (one SQL expression) as :func:`deparse` prints it: ``(a>0)`` becomes ``a > 0``.

    Raises:
        ValueError: ``text`` is not one expression.
    """
    try:
        tree = orjson.loads(parse_sql_json(f"SELECT {text}"))
    except ParseError as exc:
        raise ValueError(f"{text!r} is not a valid expression: {exc.args[0]}") from None
    stmts = tree.get("stmts", [])
    targets = stmts[0]["stmt"].get("SelectStmt", {}).get("targetList", []) if len(stmts) == 1 else []
    if len(targets) != 1:
        raise ValueError(f"{text!r} is not one expression")
    return deparse(targets[0]["ResTarget"]["val"])

"""What the rules need to know about SQL expressions (partial-index WHERE, CHECK, index keys).

They read PostgreSQL's own parse tree (pglast), never the text, so ``(deleted_at is null)``
and ``deleted_at IS NULL`` are the same predicate. Each function is cached on the expression
text: a schema repeats the same few predicates on hundreds of tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pglast import ast, enums, parse_sql
from pglast.parser import ParseError
from pglast.stream import RawStream

from designer.core.sqltext import referenced_names


@dataclass(frozen=True)
class Predicate:
    """What a WHERE condition pins in every row it keeps.

    Attributes:
        is_null: columns it requires to be NULL (``deleted_at IS NULL``).
        pinned: columns it fixes to one value (IS NULL, ``= constant``, a bare boolean, NOT one).
        canonical: the condition re-printed by PostgreSQL's grammar, to compare two conditions.
    """

    is_null: frozenset[str]
    pinned: frozenset[str]
    canonical: str


def _node(where: str) -> ast.Node | None:
    try:
        statements = parse_sql(f"SELECT WHERE {where}")
    except ParseError:
        return None
    stmt = statements[0].stmt if len(statements) == 1 else None
    return stmt.whereClause if isinstance(stmt, ast.SelectStmt) else None


def _column(node: object) -> str | None:
    while isinstance(node, ast.TypeCast):
        node = node.arg
    if isinstance(node, ast.ColumnRef) and node.fields and isinstance(node.fields[-1], ast.String):
        return str(node.fields[-1].sval)
    return None


def _constant(node: object) -> bool:
    while isinstance(node, ast.TypeCast):
        node = node.arg
    return isinstance(node, ast.A_Const)


@lru_cache(maxsize=4096)
def predicate(where: str) -> Predicate:
    """Analyse a WHERE condition (an unreadable one pins nothing)."""
    node = _node(where)
    if node is None:
        return Predicate(frozenset(), frozenset(), " ".join(where.split()))
    conjuncts: list[object] = []
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.BoolExpr) and item.boolop == enums.BoolExprType.AND_EXPR:
            stack.extend(item.args or ())
        else:
            conjuncts.append(item)
    is_null: set[str] = set()
    pinned: set[str] = set()
    for item in conjuncts:
        if isinstance(item, ast.NullTest) and item.nulltesttype == enums.NullTestType.IS_NULL:
            if (col := _column(item.arg)) is not None:
                is_null.add(col)
                pinned.add(col)
        elif isinstance(item, ast.A_Expr) and item.kind == enums.A_Expr_Kind.AEXPR_OP and _op(item) == "=":
            left, right = _column(item.lexpr), _column(item.rexpr)
            if left is not None and _constant(item.rexpr):
                pinned.add(left)
            elif right is not None and _constant(item.lexpr):
                pinned.add(right)
        elif isinstance(item, ast.BooleanTest):
            if (col := _column(item.arg)) is not None:
                pinned.add(col)
        else:
            if isinstance(item, ast.BoolExpr) and item.boolop == enums.BoolExprType.NOT_EXPR and item.args:
                item = item.args[0]  # NOT flag pins the flag as much as flag does
            if (col := _column(item)) is not None:
                pinned.add(col)
    return Predicate(frozenset(is_null), frozenset(pinned), RawStream()(node))


def _op(expr: ast.A_Expr) -> str:
    names = expr.name or ()
    last = names[-1] if names else None
    return str(last.sval) if isinstance(last, ast.String) else ""


def same_predicate(a: str | None, b: str | None) -> bool:
    """True when two WHERE conditions read the same (both absent counts)."""
    if a is None or b is None:
        return a is b
    return predicate(a).canonical == predicate(b).canonical


@lru_cache(maxsize=4096)
def in_list(expression: str) -> tuple[str, tuple[str, ...]] | None:
    """``(column, values)`` when a CHECK is exactly ``column IN ('a', 'b')`` (or ``= ANY (ARRAY[...])``)."""
    node = _node(expression)
    if not isinstance(node, ast.A_Expr):
        return None
    column = _column(node.lexpr)
    if column is None:
        return None
    items: tuple[object, ...] | None = None
    if node.kind == enums.A_Expr_Kind.AEXPR_IN and _op(node) == "=" and isinstance(node.rexpr, tuple):
        items = node.rexpr
    elif node.kind == enums.A_Expr_Kind.AEXPR_OP_ANY and _op(node) == "=":
        array = node.rexpr
        while isinstance(array, ast.TypeCast):
            array = array.arg
        if isinstance(array, ast.A_ArrayExpr):
            items = tuple(array.elements or ())
    if items is None:
        return None
    values = []
    for item in items:
        while isinstance(item, ast.TypeCast):
            item = item.arg
        if not isinstance(item, ast.A_Const) or not isinstance(item.val, ast.String):
            return None
        values.append(str(item.val.sval))
    return column, tuple(values)


@lru_cache(maxsize=8192)
def names_in(expression: str) -> frozenset[str]:
    """The identifiers an expression mentions (columns, and function names too)."""
    try:
        return frozenset(referenced_names(expression))
    except ParseError:
        return frozenset()


_JSON_OPERATORS = re.compile(r"(->>?|#>>?|\?\||\?&|\?|@>|<@|@\?|@@)")


@lru_cache(maxsize=4096)
def uses_json_path(expression: str, column: str) -> bool:
    """True when ``expression`` reads inside JSON ``column`` (``col->>'key'``, ``col ? 'key'``...)."""
    if column not in names_in(expression):
        return False
    pattern = rf'(?:\b{re.escape(column)}\b|"{re.escape(column)}")\s*\)?\s*{_JSON_OPERATORS.pattern}'
    return re.search(pattern, expression) is not None


_NOW = re.compile(r"^\s*(now\(\)|current_timestamp|localtimestamp|transaction_timestamp\(\)|statement_timestamp\(\)"
                  r"|clock_timestamp\(\)|current_date|timezone\([^)]*now\(\)\))\s*(::\s*[a-z ]+)?\s*$",
                  re.IGNORECASE)


def is_now(expression: str) -> bool:
    """True for the clock defaults: ``now()``, ``CURRENT_TIMESTAMP``, ``current_date``..."""
    return _NOW.match(expression) is not None


_UUID_DEFAULT = re.compile(r"^\s*(gen_random_uuid|uuid_generate_v[1-7]|uuidv[47]|uuid_generate_v1mc)\(\)", re.I)


def is_uuid_generator(expression: str) -> bool:
    """True for the database's UUID generators (``gen_random_uuid()``, ``uuid_generate_v4()``, ``uuidv7()``)."""
    return _UUID_DEFAULT.match(expression) is not None

"""Small operations on SQL expression text (checks, partial index WHERE, index expressions).

They work on PostgreSQL's own tokens (pglast's scanner), so string literals, comments and
quoted identifiers are never mistaken for names.
"""

from __future__ import annotations

from functools import lru_cache

from pglast import ast, enums, parse_sql
from pglast.parser import ParseError, scan

from designer.core.identifiers import quote_identifier

# Token names that can spell an identifier: plain identifiers and every keyword, since
# unreserved keywords such as ``name`` or ``position`` are legal column names.
_NOT_NAMES = frozenset({
    "SQL_COMMENT", "C_COMMENT", "SCONST", "USCONST", "BCONST", "XCONST", "ICONST", "FCONST", "PARAM", "Op",
    "TYPECAST", "DOT_DOT", "COLON_EQUALS", "EQUALS_GREATER", "LESS_EQUALS", "GREATER_EQUALS", "NOT_EQUALS",
})


# Reserved words are never column references: renaming a column named ``is`` must leave
# ``x IS NOT NULL`` alone.
_KEYWORD_KINDS = frozenset({"RESERVED_KEYWORD", "TYPE_FUNC_NAME_KEYWORD"})


def _is_name(tok: object) -> bool:
    name = getattr(tok, "name", "")
    return not (name in _NOT_NAMES or name.startswith("ASCII_") or getattr(tok, "kind", "") in _KEYWORD_KINDS)


def _token_name(text: str) -> str:
    """The identifier a name token spells: unquoted names fold to lower case."""
    if text.startswith('"'):
        return text[1:-1].replace('""', '"')
    if text[:2].lower() == 'u&':
        return text
    return text.lower()


def referenced_names(expression: str) -> set[str]:
    """Identifiers an expression mentions (column names, and function names too)."""
    names = set()
    for tok in scan(expression):
        if not _is_name(tok):
            continue
        names.add(_token_name(expression[tok.start : tok.end + 1]))
    return names


def rename_identifier(expression: str, old: str, new: str) -> str:
    """``expression`` with references to column ``old`` renamed to ``new``.

    A token is renamed when it spells ``old`` and is used as a name: not a function call
    (followed by ``(``) and not a type (after ``::``).
    """
    tokens = list(scan(expression))
    out: list[str] = []
    last = 0
    for i, tok in enumerate(tokens):
        if not _is_name(tok):
            continue
        text = expression[tok.start : tok.end + 1]
        if _token_name(text) != old:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        prev = tokens[i - 1] if i > 0 else None
        if nxt is not None and nxt.name == "ASCII_40":  # "(": a function call
            continue
        if prev is not None and prev.name == "TYPECAST":
            continue
        out.append(expression[last : tok.start])
        out.append(quote_identifier(new))
        last = tok.end + 1
    out.append(expression[last:])
    return "".join(out)


_SELECT_CLAUSES = ("distinctClause", "intoClause", "fromClause", "whereClause", "groupClause", "havingClause",
                   "windowClause", "valuesLists", "sortClause", "limitOffset", "limitCount", "lockingClause",
                   "withClause")


@lru_cache(maxsize=8192)  # schemas repeat expressions (now(), deleted_at IS NULL) a lot
def expression_problem(expression: str) -> str | None:
    """Why ``expression`` is not one SQL value expression, or None when it is.

    Exporters paste expressions into DDL and ORM code (``CHECK (...)``, ``WHERE ...``), so
    anything that could close the surrounding statement, or a comment that would swallow the
    rest of the line, is refused here.
    """
    if not expression.strip():
        return "the expression is empty"
    try:
        statements = parse_sql("SELECT " + expression)
        tokens = list(scan(expression))
    except ParseError as exc:
        return f"it is not valid SQL ({exc.args[0]})"
    if len(statements) != 1 or not isinstance(statements[0].stmt, ast.SelectStmt):
        return "it must be a single expression"
    stmt = statements[0].stmt
    if stmt.targetList is None or len(stmt.targetList) != 1 or stmt.targetList[0].name is not None:
        return "it must be a single expression"
    if any(getattr(stmt, clause, None) for clause in _SELECT_CLAUSES) or stmt.op != enums.SetOperation.SETOP_NONE:
        return "it must be a single expression, not a query"
    if any(tok.name in ("SQL_COMMENT", "C_COMMENT") for tok in tokens):
        return "it cannot contain comments"
    return None


@lru_cache(maxsize=1024)
def type_problem(native: str) -> str | None:
    """Why ``native`` is not one PostgreSQL type name (``geometry(Point,4326)``), or None."""
    if not native.strip():
        return "the type is empty"
    try:
        statements = parse_sql(f"SELECT NULL::{native}")
        tokens = list(scan(native))
    except ParseError as exc:
        return f"it is not a valid type ({exc.args[0]})"
    if len(statements) != 1 or not isinstance(statements[0].stmt, ast.SelectStmt):
        return "it must be a single type name"
    stmt = statements[0].stmt
    if (stmt.targetList is None or len(stmt.targetList) != 1 or stmt.targetList[0].name is not None
            or not isinstance(stmt.targetList[0].val, ast.TypeCast)
            or any(getattr(stmt, clause, None) for clause in _SELECT_CLAUSES)):
        return "it must be a single type name"
    if any(tok.name in ("SQL_COMMENT", "C_COMMENT") for tok in tokens):
        return "it cannot contain comments"
    return None

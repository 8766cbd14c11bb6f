"""A normalized picture of a database read from ``pg_catalog``, to compare two databases.

``information_schema`` hides index methods, partial predicates and expressions, so this reads
``pg_catalog`` and PostgreSQL's own ``pg_get_*def`` functions. Normalization removes spellings
that mean the same thing (``CURRENT_TIMESTAMP`` is ``now()``, literal casts in defaults).
"""

from __future__ import annotations

import re
from typing import Any

import psycopg

_USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"


def _normalize_default(expr: str | None) -> str | None:
    if expr is None:
        return None
    expr = expr.replace("CURRENT_TIMESTAMP", "now()")
    # 'x'::some_type -> 'x' (tools differ in whether they write the cast)
    expr = re.sub(r"('(?:[^']|'')*')::[a-zA-Z_][\w .\"]*(\[\])?", r"\1", expr)
    return expr


def snapshot(url: str) -> dict[str, Any]:
    """Enums, tables (columns, constraints, indexes, comments) of every user schema."""
    out: dict[str, Any] = {"enums": {}, "tables": {}, "schemas": []}
    with psycopg.connect(url) as conn:
        cur = conn.cursor()
        cur.execute(f"SELECT n.nspname FROM pg_namespace n WHERE {_USER_SCHEMAS} ORDER BY 1")
        out["schemas"] = [r[0] for r in cur.fetchall()]
        cur.execute(f"""
            SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
            WHERE {_USER_SCHEMAS} GROUP BY 1, 2 ORDER BY 1, 2""")
        for ns, name, labels in cur.fetchall():
            out["enums"][f"{ns}.{name}"] = list(labels)
        cur.execute(f"""
            SELECT c.oid, n.nspname, c.relname, obj_description(c.oid, 'pg_class')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND {_USER_SCHEMAS} ORDER BY 2, 3""")
        for oid, ns, name, comment in cur.fetchall():
            table: dict[str, Any] = {"comment": comment, "columns": [], "constraints": {}, "indexes": {}}
            cur2 = conn.cursor()
            cur2.execute("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
                       col_description(a.attrelid, a.attnum)
                FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""", (oid,))
            for col, typ, notnull, default, identity, generated, ccomment in cur2.fetchall():
                table["columns"].append({
                    "name": col, "type": typ, "not_null": notnull,
                    "default": None if generated else _normalize_default(default),
                    "identity": identity or None, "generated": default if generated else None,
                    "comment": ccomment,
                })
            cur2.execute("""
                SELECT conname, contype, pg_get_constraintdef(oid, true) FROM pg_constraint
                WHERE conrelid = %s ORDER BY conname""", (oid,))
            for cname, ctype, cdef in cur2.fetchall():
                table["constraints"][cname] = {"type": ctype, "definition": cdef}
            cur2.execute("""
                SELECT i.relname, pg_get_indexdef(x.indexrelid)
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                WHERE x.indrelid = %s
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid
                                  AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
                ORDER BY 1""", (oid,))
            for iname, idef in cur2.fetchall():
                table["indexes"][iname] = idef
            out["tables"][f"{ns}.{name}"] = table
    return out


def differences(expected: dict[str, Any], actual: dict[str, Any], path: str = "") -> list[str]:
    """Human-readable differences between two snapshots (empty when they are the same)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in actual:
                out.append(f"{where}: missing (expected {expected[key]!r})")
            elif key not in expected:
                out.append(f"{where}: unexpected {actual[key]!r}")
            else:
                out.extend(differences(expected[key], actual[key], where))
        return out
    if isinstance(expected, list) and isinstance(actual, list) and all(isinstance(x, dict) for x in expected + actual):
        by_name_e = {x.get("name", i): x for i, x in enumerate(expected)}
        by_name_a = {x.get("name", i): x for i, x in enumerate(actual)}
        out = differences(by_name_e, by_name_a, path)
        order_e = [x.get("name") for x in expected]
        order_a = [x.get("name") for x in actual]
        if not out and order_e != order_a:
            out.append(f"{path}: order {order_a} instead of {order_e}")
        return out
    return [] if expected == actual else [f"{path}: {actual!r} instead of {expected!r}"]

"""Read a live PostgreSQL database's catalog (the I/O edge of the live importer).

The connection is read-only (a read-only session, and only ``SELECT`` on ``pg_catalog``), and
``search_path`` is emptied as pg_dump empties it, so ``format_type`` and the ``pg_get_*def``
functions qualify every name outside ``pg_catalog``. Objects that belong to an extension (as
PostGIS's ``spatial_ref_sys``) are left out, as pg_dump leaves them out.

The connection URL's password is used to connect and nowhere else: it is not stored, not
logged, and removed from any error message before it is raised.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

import psycopg

from designer.core.importers.base import ImportFailed, ImportResult
from designer.core.importers.postgres import (
    Catalog,
    ColumnRow,
    ConstraintRow,
    EnumRow,
    NamespaceRow,
    TableRow,
    chosen,
    import_catalog,
)

# Every query below is a constant: the only inputs (schema names, oids) are bound parameters.
# "NOT EXISTS ... deptype = 'e'" leaves out objects that belong to an extension, as pg_dump does.


class IntrospectionError(ImportFailed):
    """The database could not be read (unreachable, refused, not PostgreSQL); never names the password."""


def redact(text: str, url: str) -> str:
    """``text`` with the URL's password (raw and percent-decoded) replaced by ``***``."""
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    for secret in {password, unquote(password or "")} - {None, ""}:
        assert secret is not None
        text = text.replace(secret, "***")
    return re.sub(r"(password\s*=\s*)\S+", r"\1***", text, flags=re.IGNORECASE)


def safe_url(url: str) -> str:
    """The URL as it may be shown: ``postgresql://user:***@host/db``."""
    return redact(url, url)


def read_catalog(url: str, schemas: Sequence[str] | None = None) -> Catalog:
    """The catalog rows of the chosen ``schemas`` (all user schemas when none are given)."""
    try:
        with psycopg.connect(url, connect_timeout=10, application_name="schema-designer import") as conn:
            conn.read_only = True
            with conn.cursor() as cur:
                cur.execute("SELECT pg_catalog.set_config('search_path', '', true)")
                return _read(cur, schemas)
    except psycopg.Error as exc:
        raise IntrospectionError(f"cannot read the database at {safe_url(url)}: {redact(str(exc).strip(), url)}") \
            from None


def import_database(url: str, schemas: Sequence[str] | None = None, name: str | None = None) -> ImportResult:
    """Import the live database at ``url`` (only the given schemas, if any)."""
    catalog = read_catalog(url, schemas)
    return import_catalog(catalog, name)


def _read(cur: psycopg.Cursor[Any], wanted: Sequence[str] | None) -> Catalog:
    cur.execute("SELECT current_database()")
    row = cur.fetchone()
    database = str(row[0]) if row else "database"
    cur.execute("""
        SELECT n.nspname, pg_catalog.obj_description(n.oid, 'pg_namespace')
        FROM pg_catalog.pg_namespace n
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = n.oid AND d.deptype = 'e')
        ORDER BY n.nspname = 'public' DESC, n.oid""")
    namespaces: dict[str, str | None] = dict(cur.fetchall())
    names = chosen(namespaces, wanted)
    cur.execute("""
        SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder),
               pg_catalog.obj_description(t.oid, 'pg_type')
        FROM pg_catalog.pg_type t
        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
        WHERE n.nspname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
        GROUP BY n.nspname, t.typname, t.oid ORDER BY t.oid""", (names,))
    enums = tuple(EnumRow(ns, name, tuple(labels), comment) for ns, name, labels, comment in cur.fetchall())
    cur.execute("""
        SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relispartition,
               pg_catalog.obj_description(c.oid, 'pg_class'),
               (SELECT pg_catalog.format('%%I.%%I', pn.nspname, p.relname) FROM pg_catalog.pg_inherits i
                JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
                JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
                WHERE i.inhrelid = c.oid LIMIT 1)
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        ORDER BY c.oid""", (names,))
    tables_rows = cur.fetchall()
    oids = [r[0] for r in tables_rows]
    columns: dict[int, list[ColumnRow]] = defaultdict(list)
    cur.execute("""
        SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
               pg_catalog.col_description(a.attrelid, a.attnum),
               CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0
                    THEN (SELECT pg_catalog.format('%%I.%%I', cn.nspname, co.collname)
                          FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                          WHERE co.oid = a.attcollation) END
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum""", (oids,))
    for rel, name, type_, not_null, default, identity, generated, comment, collation in cur.fetchall():
        columns[rel].append(ColumnRow(name, type_, not_null, default, identity, generated, comment, collation))
    constraints: dict[int, list[ConstraintRow]] = defaultdict(list)
    cur.execute("""
        SELECT conrelid, conname, contype, pg_catalog.pg_get_constraintdef(oid)
        FROM pg_catalog.pg_constraint
        WHERE conrelid = ANY(%s) AND contype IN ('p', 'u', 'f', 'c', 'x') AND conislocal
        ORDER BY conrelid, contype = 'f', oid""", (oids,))
    for rel, name, kind, definition in cur.fetchall():
        constraints[rel].append(ConstraintRow(name, kind, definition))
    indexes: dict[int, list[str]] = defaultdict(list)
    cur.execute("""
        SELECT x.indrelid, pg_catalog.pg_get_indexdef(x.indexrelid)
        FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid
                          AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
        ORDER BY x.indrelid, x.indexrelid""", (oids,))
    for rel, definition in cur.fetchall():
        indexes[rel].append(definition)
    tables = tuple(
        TableRow(ns, name, tuple(columns[oid]), tuple(constraints[oid]), tuple(indexes[oid]), comment,
                 partition_of=parent if is_partition else None, partitioned=relkind == "p",
                 unlogged=persistence == "u")
        for oid, ns, name, relkind, persistence, is_partition, comment, parent in tables_rows)
    cur.execute("""
        SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                              WHEN 'f' THEN 'foreign table' WHEN 'S' THEN 'sequence' END, count(*)
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('v', 'm', 'f') AND n.nspname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        GROUP BY 1""", (names,))
    others = {str(kind): int(count) for kind, count in cur.fetchall()}
    cur.execute("""
        SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')""", (names,))
    row = cur.fetchone()
    if row and row[0]:
        others["function"] = int(row[0])
    cur.execute("""
        SELECT count(*) FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid
        WHERE NOT g.tgisinternal AND c.oid = ANY(%s)""", (oids,))
    row = cur.fetchone()
    if row and row[0]:
        others["trigger"] = int(row[0])
    return Catalog(
        database=database,
        namespaces=tuple(NamespaceRow(n, namespaces[n]) for n in names),
        enums=enums,
        tables=tables,
        others=others,
    )

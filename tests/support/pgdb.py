"""Scratch PostgreSQL databases for tests: created on the server ``designer.localpg`` finds,
dropped afterwards, named uniquely so parallel runs never meet."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from designer.localpg import server_url, with_database


@contextmanager
def scratch_database(prefix: str = "scratch") -> Iterator[str]:
    """Create an empty database and yield its URL; drop it on the way out."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = server_url()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(admin, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def run_sql(url: str, text: str) -> None:
    """Run a SQL script with psql, stopping at the first error (raises with psql's message)."""
    result = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"],
        input=text, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"psql failed ({result.returncode}):\n{result.stderr}")

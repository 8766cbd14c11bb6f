"""Find a PostgreSQL server for the test suite (and anyone who wants one locally).

Order: the URL in ``TEST_DATABASE_URL`` or a PostgreSQL ``DATABASE_URL``; else a server that
answers on 127.0.0.1:5432 (user ``postgres``, as on the project's machines); else a private
PostgreSQL 16 started from the ``pgserver`` wheel in ``var/pgserver`` on a Unix socket, so a
fresh machine with no server installed still runs the whole suite.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
_server = None  # the pgserver handle: kept alive for the life of the process


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def server_url() -> str:
    """A ``postgresql://`` URL of a server where we may create and drop databases.

    The URL names a maintenance database (``postgres``); callers pick their own database name.
    """
    global _server
    for var in ("TEST_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(var, "")
        if url.startswith(("postgres://", "postgresql://")):
            return with_database(url, "postgres")
    if _answers("127.0.0.1", 5432):
        return "postgresql://postgres@127.0.0.1:5432/postgres"
    if _server is None:
        import pgserver  # only needed on machines without a server

        pgdata = BASE_DIR / "var" / "pgserver"
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        _server = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
    return str(_server.get_uri())


def with_database(url: str, database: str) -> str:
    """``url`` pointing at another database of the same server."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))

"""The project page of a 200-table schema, rendered by the server: p50/p95 of N requests.

Target (issue 6): p95 under 200 ms, with a number of SQL queries that does not depend on the
schema's size (the web tests assert the query count; this script only measures time). The
"cold" line is the first request after an edit, which reads the new version from its rows.

Runs in a scratch PostgreSQL database that it creates and drops, through Django's test client
(the whole request: middleware, session, selectors, templates), so no server is needed:

    python -m bench.page [--tables 200] [--requests 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=200)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "designer.settings_test")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    import designer.wsgi  # noqa: F401 - start as a server process does (views loaded, start-up frozen)

    setup_test_environment()
    from django.db import connection
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        _measure(args.tables, args.requests, connection)
    finally:
        runner.teardown_databases(old)


def _measure(n_tables: int, n_requests: int, connection: object) -> None:
    from django.contrib.auth.models import User
    from django.db import reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.synthetic import synthetic_schema
    from projects import schema_cache
    from projects.services import project_create

    user = User.objects.create_user("bench", password="bench-password")  # noqa: S106 - a throwaway user in a scratch database
    schema = synthetic_schema(n_tables)
    project = project_create(owner=user, name=f"bench {n_tables}", schema=schema)
    client = Client()
    client.force_login(user)
    table = schema.tables[n_tables // 2].path
    cases = {
        "page, no table selected": f"/p/{project.slug}/",
        "page, one table selected": f"/p/{project.slug}/?table={table}",
        "inspector fragment (htmx)": f"/p/{project.slug}/?table={table}",
        # The first request after an edit reads the new version from its rows (then it is kept).
        "page after an edit (cold)": f"/p/{project.slug}/?table={table}",
    }
    print(f"Project page, {n_tables} tables ({sum(len(t.columns) for t in schema.tables)} columns), "
          f"{n_requests} requests each, Django test client on PostgreSQL")
    for label, url in cases.items():
        headers = {"HX-Request": "true", "HX-Target": "inspector"} if "htmx" in label else {}
        client.get(url, headers=headers)  # warm-up: template loading, first connection
        times = []
        for _ in range(n_requests):
            if "cold" in label:
                schema_cache.forget()
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        reset_queries()
        if "cold" in label:
            schema_cache.forget()
        with CaptureQueriesContext(connection) as ctx:  # type: ignore[arg-type]
            client.get(url, headers=headers)
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        verdict = "ok" if p95 < 200 else "OVER the 200 ms target"
        print(f"  {label:28} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  max {times[-1]:6.1f} ms  "
              f"{len(ctx.captured_queries)} queries  {len(response.content) // 1024} KiB  [{verdict}]")
    _measure_edits(client, project, table, max(5, n_requests // 5))


def _measure_edits(client: object, project: object, table: str, n_requests: int) -> None:
    """An edit's whole round trip: the service (which reads and writes rows) plus the re-rendered regions."""
    times = []
    for i in range(n_requests):
        project.refresh_from_db()  # type: ignore[attr-defined]
        data = {"base_version": project.version, "table": table, "name": f"bench_{i}",  # type: ignore[attr-defined]
                "type": "text", "size": "", "default": "", "default_value": "", "comment": "", "nullable": "on"}
        start = time.perf_counter()
        response = client.post(f"/p/{project.slug}/edit/column-add/", data,  # type: ignore[attr-defined]
                               headers={"HX-Request": "true"})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:500]
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(f"  {'edit: add a column (htmx)':28} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
          f"max {times[-1]:6.1f} ms  (the storage service's share is most of it)")


if __name__ == "__main__":
    main()

"""ER diagram speed: our renderer against plain ``dot`` and eralchemy, in one run.

    python -m bench.render                # demo, 300 and 1,000 tables, eralchemy included
    python -m bench.render --sizes 300    # quicker
    python -m bench.render --no-eralchemy

Figures (best of ``--repeat`` runs, each uncached unless it says cached), as wall-clock
seconds and as CPU seconds of this process and its ``dot`` children (the machine is shared, so
wall time swings with load and CPU time does not; the PostgreSQL server's own work for
reflection or import is in neither CPU figure):

- demo project, SVG end to end (``projects.diagrams.render_diagram``): target under 1 s;
- synthetic N tables (``bench.synthetic``), full detail, SVG end to end: 300 under 2 s;
- the same graph as plain ``dot`` input (record nodes listing the columns, one edge per FK, no
  ports, no HTML labels, default settings) to show what Graphviz itself costs;
- eralchemy (reflection with SQLAlchemy + its own ``dot`` run) on a PostgreSQL database built
  from the same schema with our SQL DDL export: 1,000 tables, ours in at most half its time;
  we also time our own path from that database (live import, then render);
- a cached render: the same schema object; a freshly loaded copy (its document is hashed); and
  with a ``content_key``: target under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "designer.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402

from bench.synthetic import synthetic_schema  # noqa: E402
from designer.core import document, ir  # noqa: E402
from designer.core.exporters import Target, export  # noqa: E402
from designer.core.render.er import DiagramOptions, to_dot  # noqa: E402
from projects.diagrams import render_diagram  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "projects" / "demo" / "fitness.json"

rows: list[tuple[str, float, float, str]] = []


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (``dot``): independent of how busy
    the machine is, unlike wall time."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def timed(fn: Callable[[], Any], repeat: int) -> tuple[tuple[float, float], Any]:
    """(wall, CPU) seconds of the fastest of ``repeat`` uncached runs, and the last result."""
    best, result = (float("inf"), float("inf")), None
    for _ in range(repeat):
        cache.clear()
        start, start_cpu = time.perf_counter(), cpu_seconds()
        result = fn()
        best = min(best, (time.perf_counter() - start, cpu_seconds() - start_cpu))
    return best, result


def report(label: str, seconds: tuple[float, float], note: str = "") -> None:
    wall, cpu = seconds
    rows.append((label, wall, cpu, note))
    print(f"{label:<58} {wall:8.3f} s wall {cpu:8.3f} s CPU  {note}", flush=True)


def plain_dot_source(schema: ir.Schema) -> str:
    """The same tables and foreign keys as the simplest DOT: record nodes, plain edges."""

    def esc(text: str) -> str:
        return "".join("\\" + ch if ch in '{}|<>"\\' else ch for ch in text)

    lines = ["digraph plain {", "  rankdir=RL;", "  node [shape=record];"]
    index = {t.key: i for i, t in enumerate(schema.tables)}
    for i, t in enumerate(schema.tables):
        fields = "|".join(esc(f"{c.name}: {c.type.sql}") for c in t.columns)
        lines.append(f'  t{i} [label="{{{esc(t.path)}|{fields}}}"];')
    for t in schema.tables:
        for fk in t.foreign_keys:
            lines.append(f"  t{index[t.key]} -> t{index[fk.ref_key]};")
    lines.append("}")
    return "\n".join(lines)


def run_dot(source: str, fmt: str = "svg") -> bytes:
    return subprocess.run([settings.GRAPHVIZ_DOT, f"-T{fmt}"], input=source.encode(), capture_output=True,
                          check=True).stdout


def bench_cached(label: str, schema: ir.Schema, repeat: int) -> None:
    cache.clear()
    render_diagram(schema, "svg")
    render_diagram(schema, "svg", content_key=f"bench:{label}")
    text = document.dumps(schema)

    def best(fn: Callable[[ir.Schema], Any], fresh: bool) -> tuple[float, float]:
        times = []
        for _ in range(max(repeat, 5)):
            subject = document.loads(text) if fresh else schema  # a new object, as a new request loads
            start, start_cpu = time.perf_counter(), cpu_seconds()
            result = fn(subject)
            times.append((time.perf_counter() - start, cpu_seconds() - start_cpu))
            assert result.cached
        return min(times)

    report(f"{label}: cached, same schema object", best(lambda s: render_diagram(s, "svg"), fresh=False))
    report(f"{label}: cached, freshly loaded copy (hashes the doc)",
           best(lambda s: render_diagram(s, "svg"), fresh=True), "target < 0.05 s")
    report(f"{label}: cached, freshly loaded copy with content_key",
           best(lambda s: render_diagram(s, "svg", content_key=f"bench:{label}"), fresh=True), "target < 0.05 s")


def bench_eralchemy(schema: ir.Schema, n: int, ours_svg: tuple[float, float], repeat: int) -> None:
    from eralchemy import main as eralchemy_main

    from tests.support.pgdb import run_sql, scratch_database

    ddl = export(schema, Target.SQL).files["schema.sql"]
    with scratch_database("bench_render") as url, tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run_sql(url, ddl)
        print(f"  (built the {n}-table database from our SQL export in {time.perf_counter() - start:.1f} s)")
        sqla_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        for fmt in ("svg", "png"):
            out = Path(tmp) / f"eralchemy.{fmt}"

            def run(out: Path = out) -> None:
                out.unlink(missing_ok=True)
                eralchemy_main.render_er(sqla_url, str(out))
                # render_er prints errors instead of raising them.
                if not out.exists() or out.stat().st_size == 0:
                    raise RuntimeError(f"eralchemy wrote no {out.name}")

            seconds, _ = timed(run, repeat)
            report(f"{n} tables: eralchemy {fmt} (reflect + its dot)", seconds)
            if fmt == "svg":
                eralchemy_svg = seconds
        seconds, _ = timed(lambda: eralchemy_main.all_to_intermediary(sqla_url), 1)  # type: ignore[no-untyped-call]
        report(f"{n} tables:   of which eralchemy's reflection", seconds)
        report(f"{n} tables: ours, svg (from the stored model)", ours_svg,
               f"wall ratio {ours_svg[0] / eralchemy_svg[0]:.2f}, CPU ratio {ours_svg[1] / eralchemy_svg[1]:.2f} "
               "of eralchemy (target <= 0.50)")
        try:
            from projects.introspect import import_database
        except ImportError:
            return

        def ours_from_db() -> bytes:
            imported = import_database(url).schema
            return render_diagram(imported, "svg").data

        seconds, _ = timed(ours_from_db, repeat)
        report(f"{n} tables: ours, svg from the database (import + render)", seconds,
               f"wall ratio {seconds[0] / eralchemy_svg[0]:.2f}, CPU ratio {seconds[1] / eralchemy_svg[1]:.2f}")


def bench_size(n: int, repeat: int, *, eralchemy: bool) -> None:
    schema = synthetic_schema(n)
    fks = sum(len(t.foreign_keys) for t in schema.tables)
    print(f"\n{n} tables, {sum(len(t.columns) for t in schema.tables)} columns, {fks} foreign keys")
    seconds, diagram = timed(lambda: to_dot(schema, DiagramOptions()), repeat)
    report(f"{n} tables: DOT text only (to_dot)", seconds, f"strategy {diagram.strategy.name}")
    seconds, result = timed(lambda: render_diagram(schema, "svg"), repeat)
    note = f"strategy {result.strategy}, {result.detail} detail" + (" (FELL BACK)" if result.fallback_note else "")
    report(f"{n} tables: ours, svg end to end", seconds, note + ("; target < 2 s" if n == 300 else ""))
    ours_svg = seconds
    plain = plain_dot_source(schema)
    seconds, _ = timed(lambda: run_dot(plain), repeat)
    report(f"{n} tables: plain dot on an equivalent graph, svg", seconds)
    bench_cached(f"{n} tables", schema, repeat)
    if eralchemy:
        bench_eralchemy(schema, n, ours_svg, max(1, repeat - 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="300,1000", help="synthetic schema sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-eralchemy", action="store_true")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="dot's time limit here (the app's default is 8 s; a busy machine can pass it and "
                             "fall back to less detail, which is not what we measure)")
    args = parser.parse_args()
    settings.DIAGRAM_TIMEOUT_SECONDS = args.timeout
    if shutil.which(settings.GRAPHVIZ_DOT) is None:
        sys.exit(f"{settings.GRAPHVIZ_DOT} not found: install Graphviz")
    version = subprocess.run([settings.GRAPHVIZ_DOT, "-V"], capture_output=True, text=True).stderr.strip()
    print(f"{version}; cache: {settings.CACHES['default']['BACKEND']}; time limit {args.timeout:g} s")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores\n")

    demo = document.loads(DEMO.read_text("utf-8"))
    seconds, result = timed(lambda: render_diagram(demo, "svg"), args.repeat)
    report("demo (6 tables): svg", seconds, "target < 1 s")
    seconds, _ = timed(lambda: render_diagram(demo, "png"), args.repeat)
    report("demo (6 tables): png", seconds)
    bench_cached("demo", demo, args.repeat)

    for n in (int(s) for s in args.sizes.split(",") if s):
        bench_size(n, args.repeat, eralchemy=not args.no_eralchemy and n >= 1000)

    print(f"\nload average at the end {os.getloadavg()[0]:.2f}: wall times on a busy machine are inflated, "
          "CPU times much less")


if __name__ == "__main__":
    main()

"""Exporter speed on a synthetic design (``bench.synthetic``: 1,000 tables, ~12,000 columns).

    python -m bench.exporters                    # 1,000 tables, 5 runs of everything
    python -m bench.exporters --tables 300 --runs 3 --no-cli

Figures, each the median of ``--runs`` (wall-clock seconds, and CPU seconds of the process
doing the work: the machine is shared, so wall time swings with load and CPU time much less):

- every registered exporter alone (``Exporter.run`` on a schema already checked);
- the consistency check that ``export()`` runs before every export;
- the five code targets together (sql, prisma, drizzle, sequelize, sqlalchemy, those that are
  registered): one check plus the five exporters, against the 0.5 s target;
- the floor: plain f-string DDL of the same tables (no quoting, no ordering, no escaping);
- side by side, whole processes on the same design: ``manage.py export_schema --file
  design.json --target sql`` (Django start, JSON load, check, export, stdout) against the DBML
  CLI's ``dbml2sql --postgres design.dbml`` fed with our DBML export; wall, CPU and peak RSS
  from ``/usr/bin/time -v``. Target: ours at most a third of dbml2sql's time.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.reference import reference_ms
from bench.synthetic import synthetic_schema
from designer.core import document, ir
from designer.core.consistency import check_consistency
from designer.core.exporters import Exporter, Target, export, exporters
from designer.core.gcpause import no_cycle_collection

ROOT = Path(__file__).resolve().parent.parent
DBML2SQL = ROOT / "tests" / "conformance" / "node_modules" / ".bin" / "dbml2sql"
CODE_TARGETS = (Target.SQL, Target.PRISMA, Target.DRIZZLE, Target.SEQUELIZE, Target.SQLALCHEMY)
TARGET_SECONDS = 0.5


def measure(work: Callable[[ir.Schema], object], schema: ir.Schema, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` calls of ``work``, each on a new copy of ``schema``.

    A copy read back from the JSON document, as the page gets after an edit: results kept per
    schema object (the consistency check, relation names, table lookups) are not reused from
    an earlier run, so the figure is what one export of a changed schema costs.
    """
    walls, cpus = [], []
    text = document.dumps(schema)
    for _ in range(runs):
        fresh = document.loads(text)
        wall, cpu = time.perf_counter(), time.process_time()
        work(fresh)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _run_paused(cls: type[Exporter], schema: ir.Schema) -> object:
    """One exporter alone, as ``export()`` runs it (collector paused) but without the check."""
    with no_cycle_collection():
        return cls(schema, {}).run()


def floor_ddl(schema: ir.Schema) -> str:
    """The least DDL text one can write for the design: f-strings, no quoting or ordering."""
    out = []
    for t in schema.tables:
        cols = ",\n".join(f"  {c.name} {c.type.sql}{'' if c.nullable else ' NOT NULL'}" for c in t.columns)
        pk = f",\n  PRIMARY KEY ({', '.join(t.primary_key.columns)})" if t.primary_key else ""
        fks = "".join(f",\n  CONSTRAINT {fk.name} FOREIGN KEY ({', '.join(fk.columns)}) REFERENCES {fk.ref_table} "
                      f"({', '.join(fk.ref_columns)})" for fk in t.foreign_keys)
        out.append(f"CREATE TABLE {t.name} (\n{cols}{pk}{fks}\n);")
        out += [f"CREATE INDEX {i.name} ON {t.name} ({', '.join(i.columns)});" for i in t.indexes]
    return "\n".join(out)


def timed_process(command: list[str], cwd: Path, runs: int) -> dict[str, float]:
    """Median wall, CPU (user + system) and peak RSS of a whole process, per ``/usr/bin/time -v``."""
    walls, cpus, rss = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, capture_output=True, text=True,
                              check=False)
        walls.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        report = done.stderr

        def field(label: str, text: str = report) -> float:
            match = re.search(rf"{re.escape(label)}: ([\d.]+)", text)
            assert match is not None, label
            return float(match.group(1))

        cpus.append(field("User time (seconds)") + field("System time (seconds)"))
        rss.append(field("Maximum resident set size (kbytes)") / 1024)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "rss_mb": statistics.median(rss)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-cli", action="store_true", help="skip the whole-process comparison with dbml2sql")
    args = parser.parse_args()

    schema = synthetic_schema(args.tables)
    columns = sum(len(t.columns) for t in schema.tables)
    print(f"Synthetic design: {len(schema.tables)} tables, {columns} columns, {len(schema.enums)} enums, "
          f"{sum(len(t.foreign_keys) for t in schema.tables)} foreign keys; median of {args.runs} runs; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, reference loop {reference_ms():.0f} ms CPU "
          "(how fast the CPU runs now: see bench.reference)")
    print(f"{'':34}{'wall s':>9}{'CPU s':>9}  output")

    check = measure(check_consistency, schema, args.runs)
    print(f"{'consistency check (per export)':34}{check[0]:9.3f}{check[1]:9.3f}")
    registered = exporters()
    figures: dict[Target, tuple[float, float]] = {}
    for target, cls in registered.items():
        sizes = sum(len(text) for text in cls(schema, {}).run().files.values())
        figures[target] = measure(lambda s, cls=cls: _run_paused(cls, s), schema, args.runs)  # type: ignore[misc]
        wall, cpu = figures[target]
        print(f"{target.value + ' exporter':34}{wall:9.3f}{cpu:9.3f}  {sizes / 1e6:.1f} MB")

    present = [t for t in CODE_TARGETS if t in figures]
    missing = [t.value for t in CODE_TARGETS if t not in figures]
    # What "export all" does: export() per target, which checks the schema (once: the result is
    # kept per schema object) and runs the exporter with the cycle collector paused.
    together = measure(lambda s: [export(s, t) for t in present], schema, args.runs)
    summed = (check[0] + sum(figures[t][0] for t in present), check[1] + sum(figures[t][1] for t in present))
    label = f"code targets together ({len(present)})"
    verdict = "meets" if together[1] <= TARGET_SECONDS else "MISSES"
    print(f"{label:34}{together[0]:9.3f}{together[1]:9.3f}  one check + {', '.join(t.value for t in present)}; "
          f"{verdict} the {TARGET_SECONDS} s target (CPU)" + (f"; not registered yet: {', '.join(missing)}"
                                                             if missing else ""))
    print(f"{'  (sum of the medians above)':34}{summed[0]:9.3f}{summed[1]:9.3f}")
    print(f"{'  reference loop after the runs':34}{'':9}{reference_ms() / 1000:9.3f}")
    floor = measure(floor_ddl, schema, args.runs)
    print(f"{'floor: plain f-string DDL':34}{floor[0]:9.3f}{floor[1]:9.3f}")
    if Target.SQL in figures:
        sql_wall, sql_cpu = figures[Target.SQL]
        print(f"{'  sql exporter / floor':34}{sql_wall / floor[0]:8.1f}x{sql_cpu / floor[1]:8.1f}x")

    if args.no_cli:
        return
    if not DBML2SQL.exists():
        print(f"dbml2sql not installed ({DBML2SQL}): run npm ci in tests/conformance", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory(prefix="bench-exporters-") as tmp:
        work = Path(tmp)
        (work / "design.json").write_text(document.dumps(schema), "utf-8")
        (work / "design.dbml").write_text(export(schema, Target.DBML).main, "utf-8")
        ours = timed_process([sys.executable, str(ROOT / "manage.py"), "export_schema", "--file",
                              str(work / "design.json"), "--target", "sql"], work, args.runs)
        theirs = timed_process([str(DBML2SQL), "--postgres", str(work / "design.dbml")], work, args.runs)
    print()
    print(f"{'whole process, same design':34}{'wall s':>9}{'CPU s':>9}{'peak RSS MB':>13}")
    for name, row in (("export_schema --target sql", ours), ("dbml2sql --postgres", theirs)):
        print(f"{name:34}{row['wall']:9.3f}{row['cpu']:9.3f}{row['rss_mb']:13.0f}")
    ratio = ours["wall"] / theirs["wall"]
    verdict = "meets" if ratio <= 1 / 3 else "MISSES"
    cpu_ratio, rss_ratio = ours["cpu"] / theirs["cpu"], ours["rss_mb"] / theirs["rss_mb"]
    print(f"{'ours / dbml2sql':34}{ratio:8.2f}x{cpu_ratio:8.2f}x{rss_ratio:12.2f}x  {verdict} the at-most-a-third "
          "target (wall)")


if __name__ == "__main__":
    main()

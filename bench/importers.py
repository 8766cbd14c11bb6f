"""Importer speed: a generated pg_dump of N tables, imported by us and by the DBML CLI's sql2dbml.

For each size the synthetic schema (``bench/synthetic.py``) is exported to SQL, applied to a
scratch PostgreSQL database and dumped with ``pg_dump --schema-only`` (a real dump, with its
``SET`` noise, ``ALTER TABLE ONLY`` constraints and ``\\restrict`` fences). Then, each in a fresh
process so peak memory is the process's own:

- ``import``: parse + resolve + consistency check (``import_source(..., "sql")``);
- ``import+store``: the same, then ``projects.services.project_create(schema=...)`` through Django
  with the test settings on a throw-away PostgreSQL test database;
- ``sql2dbml``: ``tests/conformance/node_modules/.bin/sql2dbml --postgres`` on the same file.

It also checks whether sql2dbml kept the partial indexes' WHERE conditions. The importer modules
(pglast and all) are loaded before the clock starts, as in the running app; the time that takes
is printed apart (``modules s``), since a one-off ``manage.py import_schema`` pays it too.

    python -m bench.importers            # 1000 and 5000 tables
    python -m bench.importers 200 1000   # other sizes
    python -m bench.importers 5000 --no-sql2dbml
    python -m bench.importers --keep /tmp/dumps   # reuse the dumps made by an earlier run (or keep them)
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL2DBML = ROOT / "tests" / "conformance" / "node_modules" / ".bin" / "sql2dbml"


def make_dump(n_tables: int, path: Path) -> None:
    from bench.synthetic import synthetic_schema
    from designer.core.exporters import export
    from tests.support.pgdb import run_sql, scratch_database

    sql = export(synthetic_schema(n_tables), "sql").main
    # One transaction over 5,000 tables needs more locks than a default server allows.
    sql = "\n".join(line for line in sql.splitlines() if line not in ("BEGIN;", "COMMIT;"))
    with scratch_database("bench_import") as url:
        run_sql(url, sql)
        dump = subprocess.run(["pg_dump", "--schema-only", "-d", url], capture_output=True, text=True, check=True)
    path.write_text(dump.stdout, "utf-8")


def child_import(path: str, store: bool) -> None:
    """Run in a fresh process: import (and maybe store) one file, print JSON figures."""
    text = Path(path).read_text("utf-8")
    figures: dict[str, float] = {}
    if store:
        os.environ["DJANGO_SETTINGS_MODULE"] = "designer.settings_test"
        import django

        django.setup()
        from django.db import connection

        old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    start = time.perf_counter()
    from designer.core.importers import import_source, importers

    importers()  # every importer module loaded, as in the running app
    figures["modules_s"] = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    result = import_source(text, "sql", name=Path(path).stem)
    figures["import_s"] = time.perf_counter() - start
    figures["import_cpu_s"] = time.process_time() - cpu
    figures["tables"] = result.summary.tables
    figures["columns"] = result.summary.columns
    if store:
        from projects.services import project_create

        start, cpu = time.perf_counter(), time.process_time()
        project_create(owner=None, name=f"bench {Path(path).stem}", schema=result.schema)
        figures["store_s"] = time.perf_counter() - start
        figures["store_cpu_s"] = time.process_time() - cpu
        connection.creation.destroy_test_db(old_name, verbosity=0)
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def run_child(path: Path, store: bool) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "bench.importers", "--child", str(path), "store" if store else "-"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run_sql2dbml(path: Path) -> dict[str, float | str]:
    if not SQL2DBML.exists():
        return {"error": "sql2dbml not installed"}
    out_path = path.with_suffix(".dbml")
    start = time.perf_counter()
    # cwd: sql2dbml writes dbml-error.log into its working folder on failure.
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", str(SQL2DBML), "--postgres", str(path), "-o", str(out_path)],
                          capture_output=True, text=True, check=False, cwd=path.parent)
    elapsed = time.perf_counter() - start
    peak_kb = re.findall(r"^(\d+)$", proc.stderr, re.MULTILINE)
    figures: dict[str, float | str] = {"seconds": elapsed, "peak_mb": int(peak_kb[-1]) / 1024 if peak_kb else -1}
    if proc.returncode != 0:
        figures["error"] = (proc.stderr.strip().splitlines() or ["failed"])[0][:200]
        return figures
    dbml = out_path.read_text("utf-8")
    dump = path.read_text("utf-8")
    partial = len(re.findall(r"^CREATE (?:UNIQUE )?INDEX .* WHERE ", dump, re.MULTILINE))
    figures["partial_indexes_in_dump"] = partial
    figures["where_conditions_in_dbml"] = dbml.count("deleted_at IS NULL") + dbml.count("deleted_at is null")
    return figures


def main(sizes: list[int], with_sql2dbml: bool = True, keep: Path | None = None) -> None:
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores (wall times stretch with load; CPU times less so)")
    print(f"{'tables':>7} {'dump MB':>8} | {'import s':>8} {'cpu s':>6} {'peak MB':>8} | {'+store s':>8} "
          f"{'cpu s':>6} {'peak MB':>8} | {'sql2dbml s':>10} {'peak MB':>8}  notes")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = (keep or Path(tmp)) / f"dump-{n}.sql"
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                make_dump(n, path)
            size_mb = path.stat().st_size / 1e6
            ours = run_child(path, store=False)
            stored = run_child(path, store=True)
            theirs: dict[str, float | str] = {"error": "not run (--no-sql2dbml)", "seconds": 0, "peak_mb": 0}
            if with_sql2dbml:
                theirs = run_sql2dbml(path)
            notes = [f"modules {ours['modules_s']:.2f} s", f"load {os.getloadavg()[0]:.1f}"]
            if "error" in theirs:
                notes.append(f"sql2dbml failed: {theirs['error']}")
            else:
                notes.append(f"sql2dbml kept {theirs['where_conditions_in_dbml']} of "
                             f"{theirs['partial_indexes_in_dump']} partial-index WHERE conditions")
            print(f"{n:>7} {size_mb:>8.1f} | {ours['import_s']:>8.2f} {ours['import_cpu_s']:>6.2f} "
                  f"{ours['peak_mb']:>8.0f} | {stored['import_s'] + stored['store_s']:>8.2f} "
                  f"{stored['import_cpu_s'] + stored['store_cpu_s']:>6.2f} {stored['peak_mb']:>8.0f} | "
                  f"{float(theirs['seconds']):>10.2f} {float(theirs['peak_mb']):>8.0f}  {'; '.join(notes)}",
                  flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_import(sys.argv[2], sys.argv[3] == "store")
    else:
        args = sys.argv[1:]
        keep = None
        if "--keep" in args:
            at = args.index("--keep")
            keep = Path(args[at + 1])
            del args[at:at + 2]
        sizes = [int(a) for a in args if a != "--no-sql2dbml"]
        main(sizes or [1000, 5000], with_sql2dbml="--no-sql2dbml" not in sys.argv, keep=keep)

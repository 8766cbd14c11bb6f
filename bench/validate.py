"""Validator speed: every rule on the 1,000-table synthetic schema (target: under 300 ms, median).

    python -m bench.validate            # 1,000 tables, 7 runs
    python -m bench.validate 2000 5     # other sizes

"All rules" means every registered rule turned on (``"*": "on"``), with a target ORM, zero
downtime and a tenant column set so the portability and tenancy rules do their work too. The
recommended profile is timed as well, then all rules plus the migration rules checking a change
(from a version where every tenth table had one column fewer), and the slowest rules of one run
are listed.

Both wall-clock and CPU time are printed, with the load average and the time of a fixed
reference loop: on a shared machine the wall clock mostly measures the neighbours, and the
reference says how slow this CPU is running right now.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import replace

from bench.reference import IDLE_REFERENCE_MS, reference_ms
from bench.synthetic import synthetic_schema
from designer.core import document, ir
from designer.core.validate import LintConfig, lint
from designer.core.validate.config import Plan
from designer.core.validate.context import Context
from designer.core.validate.registry import call, registry

TARGET_MS = 300.0
ALL_RULES = {"rules": {"*": "on"}, "target_orm": "prisma", "target_orm_version": "6", "zero_downtime": True,
             "tenant_column": "accounts_0_id"}


def _time(schema: ir.Schema, config: LintConfig, runs: int, old: ir.Schema | None = None,
          ) -> tuple[list[float], list[float], list[float], int]:
    """Wall and CPU milliseconds per run, and each run's CPU time divided by a reference loop's
    measured just before it (a ratio that the load of a shared machine affects much less).

    Each run lints a new copy of the schema read back from its JSON document, as the page does
    after an edit: nothing kept per schema object is reused from an earlier run.
    """
    wall, cpu, ratios, count = [], [], [], 0
    text = document.dumps(schema)
    old_text = document.dumps(old) if old is not None else None
    for _ in range(runs):
        fresh = document.loads(text)
        before = document.loads(old_text) if old_text is not None else None
        reference = reference_ms()
        start, start_cpu = time.perf_counter(), time.process_time()
        count = len(lint(fresh, config, old=before))
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        ratios.append(cpu[-1] / reference)
    return wall, cpu, ratios, count


def _per_rule(schema: ir.Schema, plan: Plan) -> list[tuple[float, str]]:
    """Milliseconds per rule for one run (the shared indexes are charged to the first rule that builds them)."""
    ctx = Context(schema, plan)
    out = []
    for r in registry:
        if plan.level(r.id) is None:
            continue
        start = time.perf_counter()
        call(r, ctx, plan.params[r.id])
        out.append(((time.perf_counter() - start) * 1000, r.id))
    return sorted(out, reverse=True)


def main(n_tables: int = 1000, runs: int = 7) -> int:
    schema = synthetic_schema(n_tables)
    columns = sum(len(t.columns) for t in schema.tables)
    print(f"synthetic schema: {len(schema.tables)} tables, {columns} columns; {len(registry)} rules registered")
    everything = LintConfig.from_dict(ALL_RULES)
    lint(schema, everything)  # warm-up: imports, expression caches
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} on {os.cpu_count()} CPU(s); reference loop {reference_ms():.0f} ms CPU")
    status = 0
    # A change for the migration rules: every tenth table had one column fewer in the version before.
    older = replace(schema, tables=tuple(replace(t, columns=t.columns[:-1]) if n % 10 == 0 else t
                                         for n, t in enumerate(schema.tables)))
    for label, config, old in (("all rules", everything, None), ("recommended", LintConfig(), None),
                               ("+ migration", everything, older)):
        wall, cpu, ratios, count = _time(schema, config, runs, old)
        median, cpu_median, ratio = statistics.median(wall), statistics.median(cpu), statistics.median(ratios)
        estimate = ratio * IDLE_REFERENCE_MS
        verdict = "OK" if median < TARGET_MS else "over (wall)" if cpu_median < TARGET_MS else "TOO SLOW"
        if label == "all rules" and verdict == "TOO SLOW" and estimate >= TARGET_MS:
            status = 1
        print(f"{label:12s} wall median {median:7.1f} ms (min {min(wall):6.1f}, max {max(wall):6.1f})  "
              f"CPU median {cpu_median:6.1f} ms (min {min(cpu):6.1f})  ({runs} runs, {count} findings)  "
              f"target < {TARGET_MS:.0f} ms: {verdict}")
        print(f"{'':12s} CPU = {ratio:.1f} x the reference loop; at {IDLE_REFERENCE_MS:.0f} ms for the loop (an idle "
              f"modern core) that is about {estimate:.0f} ms")
    print(f"reference loop after the runs: {reference_ms():.0f} ms CPU")
    print("slowest rules (one run, all rules on):")
    for ms, rule_id in _per_rule(schema, everything.resolve())[:10]:
        print(f"  {ms:7.2f} ms  {rule_id}")
    return status


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    sys.exit(main(*args))

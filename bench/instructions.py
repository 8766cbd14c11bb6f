"""Instructions per export, counted by valgrind's callgrind: a figure the machine's load cannot move.

    python -m bench.instructions                          # the five code targets, 300 tables
    python -m bench.instructions --targets prisma --tables 300
    python -m bench.instructions --check-first --targets drizzle   # the exporter alone

CPU time on a shared machine swings by 10 to 30 % from one minute to the next, more than most
single changes gain. Callgrind counts the instructions the CPU executes instead: the same code
gives the same count (with ``PYTHONHASHSEED`` fixed), so two versions of the code can be compared
a few hundred thousand instructions apart. The figure is the count of a run exporting two fresh
copies of the design minus a run exporting one, so start-up, imports and reading the design drop
out. It takes about a minute per target at 300 tables (callgrind runs code some 50 times slower).
Needs ``valgrind`` (``apt-get install valgrind``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.synthetic import synthetic_schema
from designer.core import document

ROOT = Path(__file__).resolve().parent.parent
CODE_TARGETS = "sql,prisma,drizzle,sequelize,sqlalchemy"

#: What runs under callgrind: read the design into fresh copies, then export ``runs`` of them.
_WORKER = """
import sys
sys.path.insert(0, {root!r})
from designer.core import document
from designer.core.consistency import check_consistency
from designer.core.exporters import export
targets, runs, check_first = {targets!r}.split(","), {runs}, {check_first}
text = open({design!r}, encoding="utf-8").read()
schemas = [document.loads(text) for _ in range(2)]
if check_first:
    for s in schemas:
        check_consistency(s)
for s in schemas[:runs]:
    for target in targets:
        export(s, target)
"""


def count(design: Path, targets: str, runs: int, check_first: bool) -> int:
    """Instructions of one process that exports ``runs`` copies of the design."""
    worker = _WORKER.format(root=str(ROOT), targets=targets, runs=runs, check_first=check_first,
                            design=str(design))
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           sys.executable, "-c", worker], capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    match = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or match is None:
        raise SystemExit(f"callgrind failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", type=int, default=300)
    parser.add_argument("--targets", default=CODE_TARGETS, help="comma-separated export targets, run in order")
    parser.add_argument("--check-first", action="store_true",
                        help="run the consistency check before counting (count the exporters alone)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as tmp:
        design = Path(tmp) / "design.json"
        design.write_text(document.dumps(synthetic_schema(args.tables)), "utf-8")
        one = count(design, args.targets, 1, args.check_first)
        two = count(design, args.targets, 2, args.check_first)
    what = "exporters alone" if args.check_first else "consistency check included"
    print(f"{args.targets} on {args.tables} tables ({what}): {(two - one) / 1e6:.0f} M instructions per export")


if __name__ == "__main__":
    main()

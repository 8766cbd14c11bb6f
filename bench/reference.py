"""How fast this CPU runs right now, for benches on a shared machine.

The same code measured minutes apart on this machine differs by up to 30 %: the neighbours and
the host decide. A fixed loop timed next to the work says how slow the CPU is running at that
moment, so figures from different runs (or sessions) can be compared.
"""

from __future__ import annotations

import time

#: What the reference loop takes on an idle, modern core with CPython 3.11 (about 30 ns per
#: iteration); only used to translate a measured ratio into an estimate.
IDLE_REFERENCE_MS = 30.0


def reference_ms() -> float:
    """CPU time of a fixed loop of one million additions (about 25-40 ms on an idle modern core)."""
    start = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i
    return (time.process_time() - start) * 1000

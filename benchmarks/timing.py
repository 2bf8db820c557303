"""Timing shared by the benchmarks: the best of several runs, since these
machines are shared and noisy and the minimum is the least disturbed figure."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The shortest wall-clock time of ``runs`` calls of ``work``, in seconds."""
    times = []
    for _ in range(runs):
        # Garbage left by earlier work would otherwise make whichever run crosses
        # the collector's threshold pay for a full collection of it.
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)

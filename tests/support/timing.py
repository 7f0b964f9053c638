"""Timing for the benchmarks: the median wall time of repeated runs, in one process."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(run: Callable[[], object], runs: int) -> float:
    """The median of ``runs`` wall times of ``run()``, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)

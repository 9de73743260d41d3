"""Percentiles and the targets from the issue."""

import statistics
import time
from collections import Counter

TARGETS = {"rare": 10, "common": 30, "common p95": 100, "suggest": 20}


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(fn, runs):
    """(p50, p95) of wall-clock ms, and the p50 of CPU ms (the engine's own cost, which other
    processes on a shared machine do not inflate; the database's CPU counts only on SQLite)."""
    fn()  # warm
    samples, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return (*percentiles(samples), statistics.median(cpu))


def document_frequencies(texts) -> Counter:
    df = Counter()
    for text in texts:
        df.update(set(text.lower().split()))
    return df

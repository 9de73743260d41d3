"""Percentiles and the targets from the issue."""

import statistics
import time
from collections import Counter

TARGETS = {"rare": 10, "common": 30, "common p95": 100, "suggest": 20, "typo p95": 50}


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


def server_cpu_seconds():
    """CPU seconds used so far by this connection's PostgreSQL server process, or None.

    The server runs on this machine in the bench, so /proc has its clock ticks (10 ms
    each: meaningful as a mean over many runs, not for one).
    """
    import os

    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def document_frequencies(texts) -> Counter:
    df = Counter()
    for text in texts:
        df.update(set(text.lower().split()))
    return df

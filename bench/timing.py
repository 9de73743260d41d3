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
    fn()  # warm
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def document_frequencies(texts) -> Counter:
    df = Counter()
    for text in texts:
        df.update(set(text.lower().split()))
    return df

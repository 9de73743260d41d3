"""``make bench``: search latency and indexing throughput on a 100,000-entry corpus."""

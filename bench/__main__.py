"""``make bench``: search on 100,000 entries (SQLite, then PostgreSQL if reachable), text
extraction and import throughput, page speed, the request floor, relevance on the demo and the
evaluation of ``bench/eval/`` (nDCG@10 beside BM25), `/healthz` under slow clients, and backup
and restore times. ``BENCH_PARTS=search,pages`` picks parts (the names in `PART_MODULES`, and
``search``).

Search is measured at 100,000 and 10,000 entries (``BENCH_SIZES=100000`` picks sizes);
``python -m bench --million`` (or ``BENCH_MILLION=1 make bench``) adds 1,000,000, which takes
long to build the first time. Each database and size runs in its own process (settings are
read once per process). Each corpus is built once and kept (``bench/.corpus/`` for SQLite,
database ``search_bench`` on PostgreSQL, with the size in the name for sizes other than
100,000), so reruns only measure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS_DIR = HERE / ".corpus"
SQLITE_URL = f"sqlite:///{CORPUS_DIR / 'bench.sqlite3'}"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/search_bench"
)
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
STANDARD_SIZE = 100_000
MILLION = 1_000_000


def sizes(argv=()) -> list[int]:
    """Corpus sizes to measure search at: ``BENCH_SIZES`` (default 100,000 and 10,000), and
    1,000,000 with ``--million`` or ``BENCH_MILLION=1``."""
    chosen = [int(n) for n in os.environ.get("BENCH_SIZES", "100000,10000").split(",") if n]
    if ("--million" in argv or os.environ.get("BENCH_MILLION") == "1") and MILLION not in chosen:
        chosen.append(MILLION)
    return chosen


def corpus_urls(size: int) -> tuple[str, str]:
    """The SQLite and PostgreSQL addresses of the corpus of this size (100,000 keeps the
    names it always had)."""
    if size == STANDARD_SIZE:
        return SQLITE_URL, POSTGRES_URL
    return (
        f"sqlite:///{CORPUS_DIR / f'bench-{size}.sqlite3'}",
        f"{POSTGRES_URL}_{size}",
    )


# Each further part runs as its own module, in the order given here.
PART_MODULES = {
    "extraction": "bench.extraction",
    "pages": "bench.pages",
    "floor": "bench.floor",
    "relevance": "bench.relevance",
    "evaluation": "bench.evaluation",
    "serving": "bench.slow_clients",
    "backup": "bench.backup",
    "readiness": "bench.readiness",
}
PARTS = os.environ.get("BENCH_PARTS", ",".join(["search", *PART_MODULES])).split(",")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(sys.argv[2])
    CORPUS_DIR.mkdir(exist_ok=True)
    if "search" in PARTS:
        for size in sizes(sys.argv[1:]):
            search_figures(size)
    for part, module in PART_MODULES.items():
        if part in PARTS:
            print(f"\n== {part} ==", flush=True)
            subprocess.run([sys.executable, "-m", module], check=True)  # noqa: S603
    return 0


def search_figures(size=STANDARD_SIZE):
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    sqlite_url, postgres_url = corpus_urls(size)
    targets = [("sqlite", sqlite_url)] if "sqlite" in wanted else []
    if "postgresql" in wanted:
        if _postgres_reachable(postgres_url):
            targets.append(("postgresql", postgres_url))
        else:
            print("PostgreSQL not reachable at BENCH_POSTGRES_URL: measuring SQLite only.")
    for name, url in targets:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "hub.settings.test",
            "BENCH_SIZE": str(size),
        }
        subprocess.run([sys.executable, "-m", "bench", "--child", name], env=env, check=True)  # noqa: S603


def _postgres_reachable(url=POSTGRES_URL) -> bool:
    import psycopg

    base = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(base, connect_timeout=2, autocommit=True) as conn:
            name = url.rsplit("/", 1)[1]
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return False
    return True


def child(name):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.build import build_if_needed
    from bench.measure import measure

    meta = build_if_needed(name, CORPUS_DIR)
    rows = measure(meta, runs=RUNS)
    print(f"\n== {name}: {meta['size']:,} entries (built at {meta['rate']:,.0f} entries/s) ==")
    # "db cpu": the PostgreSQL server's own CPU per answer (mean), which the process's
    # "cpu p50" does not include; blank on SQLite, where the database runs in the process.
    print(
        f"{'query':<40}{'matches':>9}{'p50 ms':>9}{'p95 ms':>9}{'cpu p50':>9}{'db cpu':>9}  target"
    )
    for row in rows:
        db_cpu = "" if row.get("db_cpu") is None else f"{row['db_cpu']:.1f}"
        print(
            f"{row['label']:<40}{row['matches']:>9}{row['p50']:>9.1f}{row['p95']:>9.1f}"
            f"{row['cpu']:>9.1f}{db_cpu:>9}  {row['target']}"
        )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    suffix = "" if meta["size"] == STANDARD_SIZE else f"-{meta['size']}"
    result_file = CORPUS_DIR / f"results-{name}{suffix}.json"
    result_file.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

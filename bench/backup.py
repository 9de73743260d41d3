"""Backup and restore times for the demo site, as an operator would run them.

`main()` makes a throwaway site (its own database and media folder under `bench/.corpus/`),
migrates it and loads the demo content, then times `manage.py backup` on it and `manage.py
restore` of that archive onto a second, freshly migrated site (which includes rebuilding
search). Each command runs as its own process, exactly as cron would start it, so the times
include Django's start-up. SQLite always; PostgreSQL too when `BENCH_POSTGRES_URL`'s server is
reachable (databases ``backup_bench_from`` and ``backup_bench_to``, dropped afterwards).

    python -m bench.backup
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from bench import relevance

BASE_DIR = Path(__file__).resolve().parent.parent
WORK = BASE_DIR / "bench" / ".corpus" / "backup"
SIDES = ("from", "to")
PASSWORD = "bench-backup-password"  # noqa: S105 (a throwaway demo site)


def _manage(site: dict, *arguments: str) -> float:
    """Run one management command for `site`; its wall time in seconds."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.test",
        "DATABASE_URL": site["database"],
        "MEDIA_ROOT": str(site["media"]),
        "HUB_DEMO_PASSWORD": PASSWORD,
    }
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _sites(kind: str) -> tuple[dict, dict]:
    sites = []
    for side in SIDES:
        media = WORK / f"{kind}-{side}-media"
        if kind == "sqlite":
            database = f"sqlite:///{WORK / f'{kind}-{side}.sqlite3'}"
        else:
            database = f"{relevance._postgres_server()}/backup_bench_{side}"
        sites.append({"database": database, "media": media})
    return sites[0], sites[1]


def _fresh(kind: str):
    for path in WORK.glob(f"{kind}-*"):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    if kind == "postgresql":
        return all(relevance.fresh_postgres_database(f"backup_bench_{side}") for side in SIDES)
    return True


def measure(kind: str) -> dict | None:
    if not _fresh(kind):
        return None
    source, target = _sites(kind)
    _manage(source, "migrate", "--noinput", "-v", "0")
    _manage(source, "load_demo")
    archive = WORK / f"{kind}-backup.tar.gz"
    backup_seconds = _manage(source, "backup", "--output", str(archive))
    _manage(target, "migrate", "--noinput", "-v", "0")
    restore_seconds = _manage(target, "restore", str(archive))
    with tarfile.open(archive) as opened:
        files = sum(1 for member in opened.getmembers() if member.name.startswith("media/"))
    figures = {
        "database": kind,
        "backup_s": backup_seconds,
        "restore_s": restore_seconds,
        "archive_kb": archive.stat().st_size / 1024,
        "media_files": files,
    }
    _fresh(kind)
    if kind == "postgresql":
        for side in SIDES:
            relevance.drop_postgres_database(f"backup_bench_{side}")
    return figures


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    for kind in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(","):
        figures = measure(kind)
        if figures is None:
            print(f"{kind}: server not reachable, skipped.")
            continue
        rows.append(figures)
    print("Demo site; each command's wall time, Django start-up included.")
    print(f"{'database':<12}{'backup s':>10}{'restore s':>11}{'archive KB':>12}{'media files':>13}")
    for row in rows:
        print(
            f"{row['database']:<12}{row['backup_s']:>10.1f}{row['restore_s']:>11.1f}"
            f"{row['archive_kb']:>12.0f}{row['media_files']:>13}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

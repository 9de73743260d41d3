"""The readiness view at rollout size: 152 councils and 100,000 recorded activity rows.

Builds (once) a SQLite database under ``bench/.corpus/``: every council from the shipped list,
three members each (one pending), ten key guidance pages, and 100,000 ``ActivityEvent`` rows
spread over the councils, two kinds, 400 documents and pages and two years of days. Then, as a
programme team member through Django's test client, it counts the queries of ``/readiness/``
and its CSV and times them (median of several runs, after one warm-up). Targets: at most 15
queries and 200 ms.

    python -m bench.readiness [--runs 7]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE = BASE_DIR / "bench" / ".corpus" / "readiness.sqlite3"
EVENTS = 100_000
KEY_PAGES = 10


def build():
    import datetime
    import random

    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Page

    from home.models import GuidanceIndexPage, GuidancePage
    from hub.accounts import roles
    from hub.accounts.models import Organisation, User
    from hub.models import ActivityEvent

    call_command("migrate", verbosity=0)
    if ActivityEvent.objects.count() >= EVENTS:
        return
    call_command("load_councils", verbosity=0)
    councils = list(Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY))
    people = []
    for council in councils:
        for n, status in enumerate(("approved", "approved", "pending")):
            people.append(
                User(
                    username=f"{council.slug}-{n}",
                    email=f"{council.slug}-{n}@bench.example",
                    organisation=council,
                    status=status,
                )
            )
    User.objects.bulk_create(people, ignore_conflicts=True)
    home = Page.objects.get(depth=2)
    index = GuidanceIndexPage(title="Guidance", slug="guidance-bench")
    home.add_child(instance=index)
    key_ids = []
    for n in range(KEY_PAGES):
        page = GuidancePage(
            title=f"Key guidance {n}",
            slug=f"key-{n}",
            audience="councils",
            summary="Bench",
            body=[],
            is_key=True,
        )
        index.add_child(instance=page)
        key_ids.append(page.pk)
    team = User.objects.create(
        username="bench-editor", email="editor@bench.example", status="approved"
    )
    team.groups.add(*Group.objects.filter(name=roles.PROGRAMME_TEAM))

    rng = random.Random(16)
    today = timezone.localdate()
    seen, rows = set(), []
    kinds = [ActivityEvent.Kind.GUIDANCE_READ, ActivityEvent.Kind.DOCUMENT_DOWNLOADED]
    while len(rows) < EVENTS:
        council = rng.choice(councils)
        kind = rng.choice(kinds)
        if kind == ActivityEvent.Kind.GUIDANCE_READ:
            key = f"page:{rng.choice(key_ids) if rng.random() < 0.3 else rng.randint(1, 400)}"
        else:
            key = f"resource:{rng.randint(1, 400)}"
        day = today - datetime.timedelta(days=rng.randint(0, 729))
        if (council.pk, kind, key, day) in seen:
            continue
        seen.add((council.pk, kind, key, day))
        rows.append(
            ActivityEvent(
                organisation=council, kind=kind, object_key=key, day=day, count=rng.randint(1, 5)
            )
        )
    ActivityEvent.objects.bulk_create(rows, batch_size=5000)


def _get(client, path):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return response


def measure(runs):
    from django.db import connection
    from django.test import Client

    from hub.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-editor"))
    print(f"{'page':<24}{'queries':>9}{'median ms':>11}{'max ms':>9}  target")
    for label, path in (("/readiness/", "/readiness/"), ("CSV", "/readiness/readiness.csv")):
        _get(client, path)  # warm-up: templates, the cached role groups
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            _get(client, path)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            _get(client, path)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"{label:<24}{len(queries):>9}{statistics.median(times):>11.1f}{max(times):>9.1f}"
            "  ≤ 15 queries, ≤ 200 ms"
        )


def child(runs):
    import django

    django.setup()
    started = time.perf_counter()
    build()
    from hub.models import ActivityEvent

    print(
        f"{ActivityEvent.objects.count():,} activity rows, built or found in "
        f"{time.perf_counter() - started:.1f} s"
    )
    measure(runs)
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.runs)
    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "DJANGO_SETTINGS_MODULE": "hub.settings.test",
    }
    command = [sys.executable, "-m", "bench.readiness", "--child", "--runs", str(args.runs)]
    return subprocess.run(command, env=environment, check=True).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())

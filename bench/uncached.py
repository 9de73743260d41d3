"""Uncached pages in process: what each page family costs with the page cache off, and where
the time goes.

Each page is served through Django's WSGI handler with the hub's middleware, anonymously, the
page cache off (``HUB_PAGE_CACHE_SECONDS = 0``), after a few warming requests (templates,
Wagtail's site root paths). Timed as in the floor bench: pages take turns, medians of wall
clock and CPU time per request. Then a sampling profile (the main thread's stack, read every
half millisecond by a second thread) puts each sample in the first of these that its stack
holds, innermost frame first:

- database: running SQL (the driver, Django's cursor wrappers);
- ORM: building SQL and model instances (``django/db/models``);
- then, from the innermost frame outwards, the first that caused it: access (``hub/accounts/
  access.py``), navigation (``hub/navigation.py``), routing (Wagtail's ``route`` and
  ``find_for_request``, Django's URL resolver), template rendering (``django/template``);
- other: the middleware, the handler, the view's own code.

So "access" is the access layer's own Python, "database" includes the access layer's queries.

    python -m bench.uncached [--rounds 9] [--requests 20]  (run by bench.floor)
"""

import collections
import sys
import threading
import time

from bench import floor

PAGES = {
    "home": "/",
    "guidance list": "/guidance/",
    "practice list, page 2": "/practice/?page=2",
    "guidance detail": "/guidance/a-guide-for-families-and-representatives/",
    "search": "/search/?q=direct+payments",
    "document library": "/resources/",
}
CATEGORIES = ("database", "ORM", "access", "navigation", "routing", "templates", "other")


def classify(frame) -> str:
    innermost = frame.f_code.co_filename
    if "/django/db/backends/" in innermost or "sqlite3" in innermost:
        return "database"
    while frame is not None:
        filename, name = frame.f_code.co_filename, frame.f_code.co_name
        if "/django/db/models/" in filename:
            return "ORM"
        if filename.endswith("hub/accounts/access.py"):
            return "access"
        if filename.endswith("hub/navigation.py"):
            return "navigation"
        if (
            name in ("route", "find_for_request", "_find_for_request", "get_site_for_hostname")
            and "/wagtail/" in filename
        ) or filename.endswith("django/urls/resolvers.py"):
            return "routing"
        if "/django/template/" in filename:
            return "templates"
        frame = frame.f_back
    return "other"


def sample_profile(handler, path: str, seconds: float) -> collections.Counter:
    main = threading.main_thread().ident
    counts: collections.Counter = collections.Counter()
    running = threading.Event()
    running.set()

    def sampler():
        while running.is_set():
            frame = sys._current_frames().get(main)
            if frame is not None:
                counts[classify(frame)] += 1
            time.sleep(0.0005)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)  # so the sampler gets the interpreter when it asks
    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            floor.serve_once(handler, path)
    finally:
        running.clear()
        thread.join()
        sys.setswitchinterval(interval)
    return counts


def count_queries(handler, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        floor.serve_once(handler, path)
    return len(captured)


def uncached(rounds: int, requests: int, profile_seconds: float = 3.0) -> None:
    from django.conf import settings

    settings.HUB_PAGE_CACHE_SECONDS = 0  # read on every request by the page-cache middleware
    handler = floor.handler_with(list(settings.MIDDLEWARE))
    cases = {name: (handler, path) for name, path in PAGES.items()}
    measured = floor.time_handlers(cases, rounds, requests)
    print(
        f"\nUncached pages in process, anonymous, page cache off ({rounds} rounds of "
        f"{requests} requests, load average {floor.os.getloadavg()[0]:.1f}):"
    )
    header = "".join(f"{c:>11}" for c in CATEGORIES)
    print(f"{'':<24}{'µs wall':>9}{'µs CPU':>9}{'queries':>8}{header}")
    for name, path in PAGES.items():
        wall, cpu = measured[name]
        counts = sample_profile(handler, path, profile_seconds)
        total = sum(counts.values()) or 1
        shares = "".join(f"{counts[c] / total:>11.0%}" for c in CATEGORIES)
        queries = count_queries(handler, path)
        print(f"{name:<24}{wall:>9.0f}{cpu:>9.0f}{queries:>8}{shares}")
    print("(shares: sampled stacks, innermost category first; see bench/uncached.py)")


if __name__ == "__main__":
    import argparse

    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--profile-seconds", type=float, default=3.0)
    arguments = parser.parse_args()
    django.setup()
    uncached(arguments.rounds, arguments.requests, arguments.profile_seconds)

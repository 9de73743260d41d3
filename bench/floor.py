"""The request floor: what every answer costs before its view does anything.

A bare view (``bench.urls``: ``HttpResponse("ok")``, no database) is served three ways:

1. In-process, through Django's WSGI handler (request signals, database connection handling and
   all), with no middleware, with Django's default middleware, with the hub's, and with the
   hub's added one middleware at a time: each middleware's share is what adding it costs.
   ``/healthz`` (one ``SELECT 1``) and the home page from the page cache are timed the same way,
   then a profile of the hub's stack shows where the time goes; then the uncached page
   families, timed and profiled (``bench/uncached.py``).
2. Over HTTP, gunicorn with two sync workers and ``wrk -t2 -c16`` (as the side-by-side harness
   runs), the bare view through the hub's stack against a second server with Django's default
   middleware, then a page from the cache and ``/healthz``, run back to back several times;
   the ratios are the medians of per-run ratios. Skipped when ``wrk`` is not installed.

Uses the pages bench's database (``bench/.corpus/pages.sqlite3``, demo content).

    python -m bench.floor [--rounds 15] [--requests 150] [--runs 3] [--seconds 5]
"""

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time

from bench import pages

BARE = "/bench/ok/"
# A past run, before the session's user, the message storage and the page-cache key became
# lazy (this machine, 3 December 2026, load average 2.3, wall clock): for comparison only.
PAST_RUN = (
    "past run, before lazy user, messages and page-cache key (3 Dec 2026, wall clock): "
    "no middleware 57 µs, Django's default 102 µs, the hub's 155 µs = 66%"
)
WRK_THREADS, WRK_CONNECTIONS = 2, 16

# --- In-process, run in a child with bench settings ----------------------------------------


def wsgi_environ(path: str) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": query,
        "SERVER_NAME": pages.HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": pages.HOST,
        "REMOTE_ADDR": pages.HOST,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
    }


def serve_once(handler, path: str) -> int:
    """One request as gunicorn makes it, closing the response (which sends request_finished)."""
    status = []
    response = handler(wsgi_environ(path), lambda line, headers, *rest: status.append(line))
    try:
        for _ in response:
            pass
    finally:
        response.close()
    return int(status[0].split()[0])


def handler_with(middleware: list[str]):
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    with override_settings(MIDDLEWARE=middleware):
        return WSGIHandler()  # the middleware chain is built here, once


def time_handlers(cases: dict, rounds: int, requests: int) -> dict[str, tuple[float, float]]:
    """Median over rounds of the mean wall-clock and CPU (``time.process_time``) microseconds
    per request. Cases take turns each round, in reverse order every other round, so a slow
    phase of a machine busy with other work falls on all of them; CPU time is the steadier
    figure there."""
    for handler, path in cases.values():  # warm: templates, site root paths, the page cache
        for _ in range(3):
            status = serve_once(handler, path)
            if status != 200:
                raise SystemExit(f"{path} answered {status} in the floor bench.")
    wall: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    for round_number in range(rounds):
        for name in names if round_number % 2 == 0 else names[::-1]:
            handler, path = cases[name]
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(requests):
                serve_once(handler, path)
            cpu[name].append((time.process_time() - started_cpu) / requests * 1e6)
            wall[name].append((time.perf_counter() - started) / requests * 1e6)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in cases}


def profile_summary(handler, path: str, requests: int, limit: int = 14) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        serve_once(handler, path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
    stats.print_stats(limit)
    # Keep the table, trimmed of the long site-packages prefixes.
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return "\n".join(
        re.sub(r"\S*/(site-packages|lib/python3\.\d+)/", "", line) for line in lines[start:]
    )


def in_process(rounds: int, requests: int) -> None:
    import django

    django.setup()
    from django.conf import settings

    ours = list(settings.MIDDLEWARE)
    home = "/"
    cases = {
        "bare view, no middleware": (handler_with([]), BARE),
        "bare view, Django's default middleware": (
            handler_with(settings.DJANGO_DEFAULT_MIDDLEWARE),
            BARE,
        ),
        "bare view, the hub's middleware": (handler_with(ours), BARE),
    }
    full = cases["bare view, the hub's middleware"][0]
    cases["/healthz, the hub's middleware"] = (full, "/healthz")
    cases["home from the page cache"] = (full, home)
    # Each middleware added in turn (later ones need earlier ones: auth needs the session).
    for count, name in enumerate(ours[:-1], start=1):
        cases[f"up to {name}"] = (handler_with(ours[:count]), BARE)
    measured = time_handlers(cases, rounds, requests)
    times = {name: cpu for name, (_wall, cpu) in measured.items()}

    reference = times["bare view, Django's default middleware"]
    floor = times["bare view, the hub's middleware"]
    print(
        f"In-process, one request at a time ({rounds} rounds of {requests} requests, "
        f"load average {os.getloadavg()[0]:.1f}):"
    )
    print(f"{'':<52}{'µs wall':>9}{'µs CPU':>9}{'rps (CPU)':>11}")
    for name in list(cases)[:5]:
        wall, cpu = measured[name]
        print(f"{name:<52}{wall:>9.0f}{cpu:>9.0f}{1e6 / cpu:>11.0f}")
    print(
        f"the hub's stack runs the bare view at {reference / floor:.0%} of Django's default "
        f"(target ≥ 70%); a cached page at {floor / times['home from the page cache']:.0%} of "
        "the bare view (target ≥ 50%), by CPU time"
    )
    print(PAST_RUN)
    print("\nEach middleware's share of the bare view (what adding it, in order, costs; CPU):")
    before = times["bare view, no middleware"]
    for name in ours:
        total = times.get(f"up to {name}", floor)
        print(f"  {name:<60}{total - before:>7.0f} µs")
        before = total
    print(f"\nProfile, bare view through the hub's stack ({requests * 4} requests):")
    print(profile_summary(full, BARE, requests * 4))
    print(f"\nProfile, home page from the page cache ({requests * 4} requests):")
    print(profile_summary(full, home, requests * 4))

    from bench import uncached  # last: it switches the page cache off

    uncached.uncached(rounds=9, requests=20)


# --- Over HTTP -----------------------------------------------------------------------------


def wrk(port: int, path: str, seconds: int) -> float:
    """Requests per second from ``wrk``; 0 if any answer was not a 2xx."""
    result = subprocess.run(  # noqa: S603 (wrk on a loopback address we chose)
        [
            shutil.which("wrk"),
            f"-t{WRK_THREADS}",
            f"-c{WRK_CONNECTIONS}",
            f"-d{seconds}s",
            f"http://{pages.HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in result.stdout:
        raise SystemExit(f"{path} answered errors under wrk:\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def over_http(environment: dict, runs: int, seconds: int) -> None:
    if shutil.which("wrk") is None:
        print("\nwrk is not installed (apt-get install wrk): the HTTP floor is not measured.")
        return
    targets = [
        ("bare view, Django's default middleware", "django", BARE),
        ("bare view, the hub's middleware", "hub", BARE),
        ("home from the page cache", "hub", "/"),
        ("/healthz", "hub", "/healthz"),
    ]
    rates: dict[str, list[float]] = {name: [] for name, _, _ in targets}
    servers = {}
    with pages.GUNICORN_LOG.open("a") as log, contextlib.ExitStack() as stack:
        for stack_name in ("hub", "django"):
            port = pages.free_port()
            server = pages.start_server({**environment, "BENCH_MIDDLEWARE": stack_name}, port, log)
            stack.callback(pages.stop_server, server)
            pages.wait_until_healthy(server, port)
            servers[stack_name] = port
        for _name, stack_name, path in targets:  # warm both workers; the cache stores the page
            for _ in range(pages.WARM_UP):
                pages.request(servers[stack_name], path)
        for run in range(runs):
            order = targets if run % 2 == 0 else targets[::-1]
            for name, stack_name, path in order:
                rates[name].append(wrk(servers[stack_name], path, seconds))
    print(
        f"\nOver HTTP: gunicorn, 2 sync workers, wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} "
        f"-d{seconds}s, {runs} runs back to back (load average {os.getloadavg()[0]:.1f}):"
    )
    print(f"{'':<44}{'rps (median)':>13}")
    for name, values in rates.items():
        print(f"{name:<44}{statistics.median(values):>13.0f}")

    def paired(a, b):
        return statistics.median(x / y for x, y in zip(rates[a], rates[b], strict=True))

    bare, default = "bare view, the hub's middleware", "bare view, Django's default middleware"
    print(
        f"paired: the hub's bare view at {paired(bare, default):.0%}"
        f" of Django's default (target ≥ 70%); a cached page at "
        f"{paired('home from the page cache', bare):.0%} of the bare view (target ≥ 50%); "
        f"/healthz at {paired('/healthz', bare):.0%}"
    )


def main(rounds=15, requests=150, runs=3, seconds=5) -> None:
    pages.CORPUS.mkdir(parents=True, exist_ok=True)
    creds = pages.credentials()
    environment = {**pages.child_environment(creds), "DJANGO_SETTINGS_MODULE": "bench.settings"}
    pages.prepare(environment)
    subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "bench.floor", "--in-process"]
        + ["--rounds", str(rounds), "--requests", str(requests)],
        cwd=pages.BASE_DIR,
        env=environment,
        check=True,
    )
    over_http(environment, runs, seconds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="in-process rounds per case")
    parser.add_argument("--requests", type=int, default=150, help="in-process requests per round")
    parser.add_argument("--runs", type=int, default=3, help="wrk runs per target")
    parser.add_argument("--seconds", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.in_process:
        in_process(arguments.rounds, arguments.requests)
    else:
        main(arguments.rounds, arguments.requests, arguments.runs, arguments.seconds)

"""Page timings: requests per second and latency of real pages served as production serves them.

`main()` builds a throwaway SQLite database with the demo content under `bench/.corpus/`, starts
gunicorn with two workers on a free loopback port, and times the home page, the guidance index, a
guidance page and `/healthz` (a bare Django view, the floor every page stands on): for anonymous
readers with the page cache off, for the signed-in demo `member` (private, so never cached), then,
on a second server with the page cache on, for anonymous readers again. It also counts the SQL
queries one request of each page makes, and the server's CPU time per request (less swayed by
other work on the machine than requests per second). Everything Django-side runs in child
processes, because settings are read once per process and this one must not touch the caller's.

    python -m bench.pages [--requests 300] [--clients 4]
"""

import argparse
import contextlib
import http.client
import json
import math
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import NamedTuple

BASE_DIR = Path(__file__).resolve().parent.parent
CORPUS = BASE_DIR / "bench" / ".corpus"
DATABASE = CORPUS / "pages.sqlite3"
# The secret key and demo password belong to the database: load_demo only sets the password of
# users it creates, so a new password on a rerun would lock the bench out of its own demo users.
CREDENTIALS = CORPUS / "pages-credentials.json"
STATIC_ROOT = CORPUS / "pages-static"
GUNICORN_LOG = CORPUS / "pages-gunicorn.log"
HOST = "127.0.0.1"
MEMBER = "member"

# Bounds, so a slow or broken server cannot hold the bench for long.
REQUEST_TIMEOUT = 10  # seconds for one request
PAGE_TIME_LIMIT = 12  # seconds of timed requests per page
STARTUP_TIME_LIMIT = 30  # seconds for gunicorn to answer /healthz
WARM_UP = 8  # untimed requests per page, so each worker has loaded templates before timing


@dataclass
class Timing:
    page: str
    path: str
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    queries: int | None = None  # SQL queries of one request, from Django's test client
    server_cpu: float | None = None  # seconds of gunicorn CPU (master and workers) while timed

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        done = len(self.latencies) + len(self.errors)
        if self.server_cpu is None or not done:
            return float("nan")
        return self.server_cpu * 1000 / done

    def percentile_ms(self, fraction: float) -> float:
        """Nearest-rank percentile, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(fraction * len(ordered)))
        return ordered[rank - 1] * 1000


class Answer(NamedTuple):
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def request(port: int, path: str, headers=None, body=None) -> Answer:
    """GET `path`, or POST `body` to it (as urllib does); one connection per request, as
    gunicorn's sync workers close each one anyway."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET" if body is None else "POST", path, body, headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.msg, response.read())
    finally:
        connection.close()


def measure(port: int, page: str, path: str, requests: int, clients: int, headers=None):
    """Time `requests` GETs of `path` from `clients` threads; anything but a 200 is an error."""
    timing = Timing(page, path)
    lock = threading.Lock()
    remaining = iter(range(requests))
    deadline = time.monotonic() + PAGE_TIME_LIMIT

    def client():
        while time.monotonic() < deadline:
            with lock:
                if next(remaining, None) is None:
                    return
            start = time.perf_counter()
            try:
                status = request(port, path, headers).status
                problem = None if status == 200 else f"HTTP {status}"
            except (OSError, http.client.HTTPException) as error:
                problem = f"{type(error).__name__}: {error}"
            took = time.perf_counter() - start
            with lock:
                if problem:
                    timing.errors.append(problem)
                else:
                    timing.latencies.append(took)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timing.elapsed = time.perf_counter() - started
    return timing


# --- The Django side, run in child processes ------------------------------------------------


def credentials() -> dict:
    if DATABASE.exists() and not CREDENTIALS.exists():
        DATABASE.unlink()  # its demo users' password is unknown: start again
    if not CREDENTIALS.exists():
        fresh = {"secret_key": secrets.token_urlsafe(50), "password": secrets.token_urlsafe(16)}
        CREDENTIALS.write_text(json.dumps(fresh))
    return json.loads(CREDENTIALS.read_text())


def child_environment(creds: dict) -> dict:
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        DATABASE_URL=f"sqlite:///{DATABASE}",
        SECRET_KEY=creds["secret_key"],
        HUB_DEMO_PASSWORD=creds["password"],
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        EMAIL_ALLOW_CONSOLE="1",
        STATIC_ROOT=str(STATIC_ROOT),
        MEDIA_ROOT=str(CORPUS / "pages-media"),
        # Empty values win over a developer's .env (read without overwriting), so the figures
        # always describe the same set-up: local-memory cache, database sessions.
        REDIS_URL="",
        ELASTICSEARCH_URL="",
    )
    return environment


def static_is_stale() -> bool:
    manifest = STATIC_ROOT / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(path.stat().st_mtime > built for path in (BASE_DIR / "static").rglob("*"))


def prepare(environment: dict) -> list[dict]:
    """Run `prepare_in_child` with the bench's settings; returns the pages to time."""
    # One child for all of it: each new process pays for importing Django and Wagtail again.
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "bench.pages", "--prepare"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"Preparing the pages bench failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.splitlines()[-1])


def prepare_in_child():
    """Migrate, load the demo content and static files (each quick when already done), then
    print the pages to time, found in the database, with the SQL queries one request makes."""
    import io

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from home.models import GuidanceIndexPage, GuidancePage
    from hub.accounts import access

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    if static_is_stale():
        call_command("collectstatic", interactive=False, clear=True, verbosity=0)

    def public_path(model):
        queryset = access.pages_visible_to(AnonymousUser(), model.objects.order_by("path"))
        page = queryset.first()
        if page is None:
            raise SystemExit(f"The demo content has no public {model._meta.verbose_name}.")
        return page.get_url_parts()[2]

    def queries(client, path):
        client.get(path)  # the first request fills per-process caches (site root paths)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status} in the test client.")
        return len(captured)

    guidance_index = public_path(GuidanceIndexPage)
    guidance_page = public_path(GuidancePage)
    anonymous_pages = [
        ("Home", "/"),
        ("Guidance index", guidance_index),
        ("Guidance page", guidance_page),
    ]
    pages = [{"page": "/healthz (bare Django view)", "path": "/healthz"}]
    pages += [{"page": f"{name}, no page cache", "path": path} for name, path in anonymous_pages]
    anonymous = Client(HTTP_HOST=HOST)
    with override_settings(HUB_PAGE_CACHE_SECONDS=0):
        for page in pages:
            page["queries"] = queries(anonymous, page["path"])
    member = Client(HTTP_HOST=HOST)
    member.force_login(get_user_model().objects.get(username=MEMBER))
    for name, path in [("Home", "/"), ("Guidance page", guidance_page)]:
        signed_in = {"page": f"{name}, signed in ({MEMBER})", "path": path, "signed_in": True}
        pages.append({**signed_in, "queries": queries(member, path)})
    for name, path in anonymous_pages:
        anonymous.get(path)  # the first answer only notes that the page may be stored
        cached = {"page": f"{name}, page cache", "path": path, "cached": True}
        pages.append({**cached, "queries": queries(anonymous, path)})
    print(json.dumps(pages))


# --- The server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as unused:
        unused.bind((HOST, 0))
        return unused.getsockname()[1]


def start_server(environment: dict, port: int, log) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "gunicorn", "hub.wsgi:application"]
        + ["--workers", "2", "--bind", f"{HOST}:{port}", "--graceful-timeout", "5"],
        cwd=BASE_DIR,
        env=environment,
        stdout=log,
        stderr=log,
        start_new_session=True,  # its own process group, so the workers can be stopped with it
    )


def wait_until_healthy(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + STARTUP_TIME_LIMIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {GUNICORN_LOG}")
        with contextlib.suppress(OSError):  # refused until gunicorn listens
            if request(port, "/healthz").status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /healthz in {STARTUP_TIME_LIMIT} s")


def stop_server(server: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (the whole process group), even if the master has died."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except ProcessLookupError:
        server.wait()  # nothing left in the group
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def server_cpu_seconds(server: subprocess.Popen) -> float | None:
    """CPU seconds used so far by gunicorn's process group (master and workers), from /proc;
    None where there is no /proc."""
    ticks = 0
    try:
        entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return None
    for entry in entries:
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # the process has gone
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        if int(fields[2]) == server.pid:  # its process group
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def member_cookie(port: int, password: str) -> str:
    """Sign in through the login form as a browser would; returns the Cookie header to send."""
    login = "/accounts/login/"
    form = request(port, login)
    cookies = SimpleCookie()
    for header in form.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    if form.status != 200 or token is None or "csrftoken" not in cookies:
        raise SystemExit(f"The login form did not load (HTTP {form.status}).")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": MEMBER, "password": password}
    )
    form_headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookies['csrftoken'].value}",
    }
    response = request(port, login, form_headers, body)
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    if response.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"Signing in as {MEMBER} failed (HTTP {response.status}).")
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())
    # PrivateCacheMiddleware marks every answer to a signed-in user private: proof we are in.
    if "private" not in request(port, "/", {"Cookie": cookie}).headers.get("Cache-Control", ""):
        raise SystemExit(f"The home page does not treat {MEMBER} as signed in.")
    return cookie


# --- Putting it together --------------------------------------------------------------------


def print_table(timings: list[Timing]) -> None:
    columns = (
        "page",
        "requests",
        "errors",
        "rps",
        "p50 ms",
        "p95 ms",
        "server CPU ms/req",
        "SQL queries",
    )
    rows = [
        (
            timing.page,
            str(len(timing.latencies) + len(timing.errors)),
            str(len(timing.errors)),
            f"{timing.rps:.1f}",
            f"{timing.percentile_ms(0.50):.1f}",
            f"{timing.percentile_ms(0.95):.1f}",
            f"{timing.cpu_ms_per_request:.1f}",
            "" if timing.queries is None else str(timing.queries),
        )
        for timing in timings
    ]
    widths = [max(len(row[i]) for row in [columns, *rows]) for i in range(len(columns))]

    def line(cells):
        numbers = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([cells[0].ljust(widths[0]), *numbers])

    print(line(columns))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line(row))
    for timing in timings:
        if timing.errors:
            print(f"{timing.page}: {len(timing.errors)} errors, first: {timing.errors[0]}")


def exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def time_pages(environment, pages, creds, requests, clients, log) -> list[Timing]:
    """Start gunicorn with `environment`, time each page, stop it."""
    port = free_port()
    server = start_server(environment, port, log)
    timings = []
    try:
        wait_until_healthy(server, port)
        signed_in = any(page.get("signed_in") for page in pages)
        cookie = member_cookie(port, creds["password"]) if signed_in else None
        for page in pages:
            headers = {"Cookie": cookie} if page.get("signed_in") else None
            for _ in range(WARM_UP):
                request(port, page["path"], headers)
            cpu_before = server_cpu_seconds(server)
            timing = measure(port, page["page"], page["path"], requests, clients, headers)
            cpu_after = server_cpu_seconds(server)
            if cpu_before is not None and cpu_after is not None:
                timing.server_cpu = cpu_after - cpu_before
            timing.queries = page["queries"]
            timings.append(timing)
    finally:
        stop_server(server)
    return timings


def main(requests: int = 300, clients: int = 4) -> list[Timing]:
    """Print page timings and query counts, and return them (one `Timing` per row)."""
    CORPUS.mkdir(parents=True, exist_ok=True)
    creds = credentials()
    environment = child_environment(creds)
    started = time.perf_counter()
    pages = prepare(environment)
    print(f"Pages: database and demo content ready in {time.perf_counter() - started:.1f} s")
    load = os.getloadavg()[0]
    timings = []
    with GUNICORN_LOG.open("w") as log:
        # gunicorn runs in its own session, so Ctrl-C reaches only us: `finally` stops it. A
        # plain `kill` must go through `finally` too.
        previous_handler = signal.signal(signal.SIGTERM, exit_on_sigterm)
        try:
            for cached in (False, True):
                batch = [page for page in pages if bool(page.get("cached")) is cached]
                server_environment = {**environment, "PAGE_CACHE_SECONDS": "300" if cached else "0"}
                timings += time_pages(server_environment, batch, creds, requests, clients, log)
        finally:
            signal.signal(signal.SIGTERM, previous_handler)
    print(
        f"gunicorn (2 workers, SQLite) on loopback, {clients} client threads sharing its cores; "
        f"{requests} requests per page or {PAGE_TIME_LIMIT} s, whichever ends first. The page "
        "cache is off for all but the last rows.\n"
        "SQL queries: one request after a first one, in Django's test client. Server CPU: "
        "gunicorn's master and workers, per request.\n"
        f"Load average before: {load:.1f} (other work on the machine slows every figure)."
    )
    print_table(timings)
    return timings


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.prepare:
        prepare_in_child()
    else:
        main(requests=arguments.requests, clients=arguments.clients)

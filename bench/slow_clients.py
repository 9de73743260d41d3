"""Slow clients: does `/healthz` still answer while 100 connections trickle in?

`main()` loads the demo content into a throwaway SQLite database, starts each server on a free
loopback port with production settings, and asks `/healthz` four times a second: first on a
quiet server, then while 50 connections send one header line every 1.5 s (never finishing
their headers) and 50 more send a POST body 16 bytes every 1.5 s (announcing a megabyte). It
prints p50 / p95 / max latency and how many answers took longer than a second or failed.

Before the attack it also counts answers per second to four clients asking back to back.
`bin/serve` is what `make run` starts; "gunicorn sync ×2" is the command line it used before
(two sync workers), kept for comparison.

    python -m bench.slow_clients [--seconds 20] [--servers "bin/serve,gunicorn sync ×2"]
"""

import argparse
import asyncio
import contextlib
import http.client
import math
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SLOW_HEADERS = 50
SLOW_BODIES = 50
TRICKLE_EVERY = 1.5  # seconds between one slow client's lines or body chunks
PROBE_EVERY = 0.25  # seconds between two health checks
PROBE_TIMEOUT = 5.0  # a check that takes longer counts as failed
TARGET = 1.0  # seconds: the check must answer within this under attack
QUIET_SECONDS = 3
SETTLE_SECONDS = 3  # for the slow connections to open and reach the server's workers
STARTUP_TIME_LIMIT = 60


def _python(*arguments):
    return [sys.executable, *arguments]


SERVERS = {
    "bin/serve": lambda port: [str(BASE_DIR / "bin" / "serve")],
    "gunicorn sync ×2": lambda port: _python(
        "-m", "gunicorn", "hub.wsgi:application", "--workers", "2", "--bind", f"{HOST}:{port}"
    ),
    "gunicorn gthread 2×16": lambda port: (
        _python(
            "-m", "gunicorn", "hub.wsgi:application", "--workers", "2", "--worker-class", "gthread"
        )
        + ["--threads", "16", "--bind", f"{HOST}:{port}"]
    ),
}


@dataclass
class Probe:
    latencies: list[float] = field(default_factory=list)  # seconds, answered 200
    failures: list[str] = field(default_factory=list)
    rps: float = float("nan")  # answers per second to 4 clients asking back to back

    def percentile_ms(self, fraction):
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[max(1, math.ceil(fraction * len(ordered))) - 1] * 1000

    @property
    def slow(self):
        return sum(latency > TARGET for latency in self.latencies)


@dataclass
class Attack:
    connections: int = 0  # slow connections opened
    dropped: int = 0  # of those, closed or reset by the server


def probe(port, seconds, pause=PROBE_EVERY) -> Probe:
    result = Probe()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, port, timeout=PROBE_TIMEOUT)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                result.latencies.append(time.perf_counter() - started)
            else:
                result.failures.append(f"HTTP {response.status}")
        except (OSError, http.client.HTTPException) as error:
            result.failures.append(type(error).__name__)
        finally:
            connection.close()
        time.sleep(max(0.0, pause - (time.perf_counter() - started)))
    return result


def throughput(port, seconds, clients=4) -> float:
    """Answers per second to `clients` threads asking /healthz back to back."""
    answered = []

    def client():
        result = probe(port, seconds, pause=0)
        answered.append(len(result.latencies))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(answered) / seconds


async def _slow_client(port, opening: bytes, trickle: bytes, until: float, attack: Attack):
    """Open a connection, send `opening`, then `trickle` every TRICKLE_EVERY seconds; when the
    server drops it, open another, as an attacker would."""
    loop = asyncio.get_running_loop()
    while loop.time() < until:
        writer = None
        try:
            _reader, writer = await asyncio.open_connection(HOST, port)
            attack.connections += 1
            writer.write(opening)
            await writer.drain()
            while loop.time() < until:
                await asyncio.sleep(TRICKLE_EVERY)
                writer.write(trickle)
                await writer.drain()
        except OSError:
            attack.dropped += 1
            await asyncio.sleep(TRICKLE_EVERY)
        finally:
            if writer is not None:
                writer.close()


async def _attack(port, seconds, attack):
    until = asyncio.get_running_loop().time() + seconds
    host = f"Host: {HOST}:{port}\r\n".encode()
    headers = b"GET / HTTP/1.1\r\n" + host
    body = (
        b"POST /accounts/login/ HTTP/1.1\r\n" + host + b"Content-Type: application/"
        b"x-www-form-urlencoded\r\nContent-Length: 1000000\r\n\r\nusername=x"
    )
    clients = [
        _slow_client(port, headers, b"X-Slow: 1\r\n", until, attack) for _ in range(SLOW_HEADERS)
    ]
    clients += [
        _slow_client(port, body, b"&padding=0123456", until, attack) for _ in range(SLOW_BODIES)
    ]
    await asyncio.gather(*clients)


def environment(directory: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        DATABASE_URL=f"sqlite:///{directory / 'db.sqlite3'}",
        SECRET_KEY=secrets.token_urlsafe(50),
        HUB_DEMO_PASSWORD=secrets.token_urlsafe(16),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        EMAIL_ALLOW_CONSOLE="1",
        STATIC_ROOT=str(directory / "static"),
        MEDIA_ROOT=str(directory / "media"),
        # Empty values win over a developer's .env: the same set-up every run.
        REDIS_URL="",
        ELASTICSEARCH_URL="",
    )
    return env


def prepare(env):
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
        subprocess.run(  # noqa: S603 (our own interpreter and arguments)
            _python("manage.py", *command),
            cwd=BASE_DIR,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def free_port() -> int:
    import socket

    with socket.socket() as unused:
        unused.bind((HOST, 0))
        return unused.getsockname()[1]


def wait_until_healthy(server, port, log):
    deadline = time.monotonic() + STARTUP_TIME_LIMIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server exited with {server.returncode}; see {log}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"The server did not answer /healthz in {STARTUP_TIME_LIMIT} s; see {log}")


def stop(server):
    """TERM the server's process group, as Ctrl-C would; KILL what is left after 15 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)  # anything the leader left behind


def measure(name, env, directory, seconds):
    port = free_port()
    log = directory / f"{name.replace('/', '-').replace(' ', '-')}.log"
    with open(log, "w") as output:
        server = subprocess.Popen(  # noqa: S603 (our own commands)
            SERVERS[name](port),
            cwd=BASE_DIR,
            env={**env, "PORT": str(port)},
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    try:
        wait_until_healthy(server, port, log)
        quiet = probe(port, QUIET_SECONDS)
        quiet.rps = throughput(port, QUIET_SECONDS)
        attack = Attack()
        attacker = threading.Thread(
            target=asyncio.run,
            args=(_attack(port, SETTLE_SECONDS + seconds, attack),),
            daemon=True,
        )
        attacker.start()
        time.sleep(SETTLE_SECONDS)
        attacked = probe(port, seconds)
        attacker.join()
        after = probe(port, 2)
    finally:
        stop(server)
    return quiet, attacked, attack, after


def print_table(rows, seconds):
    print(
        f"/healthz every {PROBE_EVERY} s; {SLOW_HEADERS} connections trickling headers and "
        f"{SLOW_BODIES} trickling bodies for {seconds} s (one line or 16 bytes every "
        f"{TRICKLE_EVERY} s); a check over {PROBE_TIMEOUT:.0f} s fails"
    )
    header = (
        f"{'server':<24}{'quiet p50':>10}{'rps':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        f"{'checks':>8}{'> 1 s':>7}{'failed':>8}{'slow conns':>12}{'dropped':>9}{'after':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, (quiet, attacked, attack, after) in rows:
        worst = f"{max(attacked.latencies, default=0) * 1000:.0f}"
        if attacked.failures:
            worst = f">{PROBE_TIMEOUT * 1000:.0f}"
        checks = len(attacked.latencies) + len(attacked.failures)
        print(
            f"{name:<24}{quiet.percentile_ms(0.5):>10.1f}{quiet.rps:>6.0f}"
            f"{attacked.percentile_ms(0.5):>9.1f}"
            f"{attacked.percentile_ms(0.95):>9.1f}{worst:>9}{checks:>8}{attacked.slow:>7}"
            f"{len(attacked.failures):>8}{attack.connections:>12}{attack.dropped:>9}"
            f"{'ok' if after.latencies and not after.failures else 'DOWN':>7}"
        )
    print(
        "quiet: before the attack (rps: 4 clients asking back to back); p50/p95/max: checks"
        " answered under attack (max is the timeout if any failed); after: once it stops"
    )


def main(seconds=20, servers=("bin/serve", "gunicorn sync ×2")):
    with tempfile.TemporaryDirectory(prefix="hub-slow-clients-") as temporary:
        directory = Path(temporary)
        env = environment(directory)
        prepare(env)
        rows = [(name, measure(name, env, directory, seconds)) for name in servers]
    print_table(rows, seconds)
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--servers", default="bin/serve,gunicorn sync ×2")
    arguments = parser.parse_args()
    names = [name.strip() for name in arguments.servers.split(",")]
    unknown = set(names) - set(SERVERS)
    if unknown:
        raise SystemExit(f"Unknown server(s): {', '.join(sorted(unknown))}; know {list(SERVERS)}")
    main(arguments.seconds, names)

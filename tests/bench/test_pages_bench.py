"""The page bench's own machinery, against a tiny local server (no Django, no timings asserted)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import pages


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status = 200 if self.path == "/ok" else 500
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass  # keep the test output quiet


@pytest.fixture
def port():
    server = ThreadingHTTPServer((pages.HOST, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join()


def test_measure_times_every_request_and_reports_rates(port):
    timing = pages.measure(port, "OK", "/ok", requests=12, clients=3)

    assert len(timing.latencies) == 12
    assert timing.errors == []
    assert timing.rps > 0
    assert 0 < timing.percentile_ms(0.5) <= timing.percentile_ms(0.95)


def test_measure_counts_answers_other_than_200_as_errors(port):
    timing = pages.measure(port, "Broken", "/broken", requests=5, clients=2)

    assert timing.latencies == []
    assert timing.errors == ["HTTP 500"] * 5


def test_percentiles_are_nearest_rank():
    timing = pages.Timing("Page", "/", latencies=[n / 1000 for n in range(1, 101)])

    assert timing.percentile_ms(0.50) == pytest.approx(50)
    assert timing.percentile_ms(0.95) == pytest.approx(95)


def test_the_table_shows_each_page_with_its_query_count(port, capsys):
    timing = pages.measure(port, "OK page", "/ok", requests=4, clients=2)
    timing.queries = 7
    timing.server_cpu = 0.02

    pages.print_table([timing])

    header, rule, row = capsys.readouterr().out.splitlines()
    assert header.split() == [
        "page",
        "requests",
        "errors",
        "rps",
        "p50",
        "ms",
        "p95",
        "ms",
        "server",
        "CPU",
        "ms/req",
        "SQL",
        "queries",
    ]
    assert row.startswith("OK page")
    assert row.split()[-2:] == ["5.0", "7"]  # 20 ms of CPU over 4 requests
    assert row.split()[2:4] == ["4", "0"]

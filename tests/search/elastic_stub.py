"""A loopback stand-in for Elasticsearch 8: records each request, answers like the real one."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from search.engines.base import FACETS

# A search that matched nothing, as a cluster answers it: hits, facet aggregations, suggestions.
NOTHING_FOUND = {
    "took": 1,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []},
    "aggregations": {f"_filter_{name}": {"doc_count": 0, name: {"buckets": []}} for name in FACETS},
    "suggest": {"titles": [{"text": "", "offset": 0, "length": 0, "options": []}]},
}


def _no_matches(body):
    return 0


class StubElasticsearch:
    def __init__(self, search_response=None, count=_no_matches):
        """``count(body)``: the total to answer each search of a multi-search with."""
        self.requests = []
        self.search_response = search_response or {}
        self.count = count
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                stub.requests.append((self.command, self.path, raw))
                status, body = stub.answer(self.command, self.path, raw)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, method, path, raw):
        if path.startswith("/_bulk") or "/_bulk" in path:
            lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
            actions = [line for line in lines if set(line) & {"index", "delete", "create"}]
            items = [{next(iter(a)): {"status": 200, "_id": "1"}} for a in actions]
            return 200, {"took": 1, "errors": False, "items": items}
        if "/_msearch" in path:
            bodies = [json.loads(line) for line in raw.splitlines() if line.strip()][1::2]
            responses = [
                {"hits": {"total": {"value": self.count(body), "relation": "eq"}, "hits": []}}
                for body in bodies
            ]
            return 200, {"took": 1, "responses": responses}
        if "/_search" in path:
            return 200, self.search_response
        if "/_alias" in path and method == "GET":
            return 200, {"hub-search-old": {"aliases": {"hub-search": {}}}}
        return 200, {"acknowledged": True}

    def bodies(self, fragment):
        return [json.loads(raw) for _, path, raw in self.requests if fragment in path and raw]


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"

"""The load client (benchmarks/load.py `run_load`) against a small HTTP server of the test's own.

The server answers 200, or 500 for paths under /fail, after a short pause, and records how many
requests it handled at once: the client must never have more than `clients` in flight, must
count every request it sent and every failure, and report the percentiles it promises.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.load import free_port, mix_paths, run_load

PAUSE = 0.05  # long enough for the clients' requests to overlap on the server


class CountingServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # the listen backlog: never the reason a client waits

    def __init__(self, address):
        super().__init__(address, Handler)
        self.lock = threading.Lock()
        self.now = self.most = 0
        self.handled = {"ok": 0, "fail": 0}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        server = self.server
        with server.lock:
            server.now += 1
            server.most = max(server.most, server.now)
        time.sleep(PAUSE)
        failing = self.path.startswith("/fail")
        with server.lock:
            server.handled["fail" if failing else "ok"] += 1
            # Out of flight before the answer leaves: the client sends its next request as soon
            # as it has this one's, which a count lowered after the write saw as a sixth.
            server.now -= 1
        body = b"no" if failing else b"ok"
        self.send_response(500 if failing else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # keep the test's output quiet


@pytest.fixture
def server():
    httpd = CountingServer(("127.0.0.1", 0))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def _base(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_counts_requests_and_errors(server):
    result = run_load(_base(server), ["/ok", "/ok?page=2", "/fail"], clients=4, seconds=2)
    assert result["requests"] == server.handled["ok"] + server.handled["fail"]
    assert result["errors"] == server.handled["fail"]
    assert 0 < result["errors"] < result["requests"]
    assert result["error_samples"]
    assert len(result["error_samples"]) <= 5
    assert all(sample.startswith("GET /fail") and "500" in sample for sample in result["error_samples"])


def test_reports_throughput_and_percentiles_in_ms(server):
    result = run_load(_base(server), ["/ok"], clients=3, seconds=1)
    expected = {"requests", "errors", "seconds", "throughput", "p50", "p95", "p99", "error_samples"}
    assert expected <= set(result)
    assert result["errors"] == 0
    assert result["error_samples"] == []
    assert result["seconds"] >= 1
    assert result["throughput"] == pytest.approx(result["requests"] / result["seconds"], rel=0.05)
    # Milliseconds: every answer waited PAUSE on the server.
    assert PAUSE * 1000 <= result["p50"] <= result["p95"] <= result["p99"]


def test_never_more_than_clients_in_flight(server):
    result = run_load(_base(server), ["/ok", "/fail"], clients=5, seconds=2)
    assert result["max_in_flight"] == 5  # the client kept all five going
    # The server saw them at once, and never one more (not always all five on a busy machine:
    # its accept loop is a single thread).
    assert 2 <= server.most <= 5


def test_exceptions_are_errors():
    # Nobody listens on this port: every request is refused.
    result = run_load(f"http://127.0.0.1:{free_port()}", ["/"], clients=2, seconds=0.3)
    assert result["requests"] > 0
    assert result["errors"] == result["requests"]
    assert result["p50"] is None
    assert "ConnectError" in result["error_samples"][0]


def test_mix_paths_ask_the_page_and_the_api():
    mix = {
        "locale": "fr",
        "classes": {
            "browse": {"queries": [{"q": "", "filters": {"type": ["report", "guidance"]}}]},
            "deep": {"queries": [{"q": "mercury", "filters": {"area": ["mining"]}, "page": 50}]},
        },
    }
    assert mix_paths(mix) == [
        "/fr/search/?type=report&type=guidance",
        "/api/search/?lang=fr&type=report&type=guidance",
        "/fr/search/?q=mercury&area=mining&page=50",
        "/api/search/?lang=fr&q=mercury&area=mining&page=50",
    ]

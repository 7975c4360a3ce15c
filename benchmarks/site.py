"""The search page as a visitor meets it on a `make run` site: real HTTP against `runserver`.

    from benchmarks.site import measure_site
    figures = measure_site("sqlite:////path/site.sqlite3", mix, repeat=10)
    # {"browse": {"p50": 61.2, "p95": 80.4, "runs": 40}, ...}

    python -m benchmarks.site DATABASE_URL MARKER.json [REPEAT]     # prints the figures

The server is started exactly as `make run` starts it: `manage.py runserver 127.0.0.1:PORT`
with the default (development) settings, DEBUG on and the autoreloader running, on a free port,
against the given DATABASE_URL. One thing differs: the search rate limit is raised for the
server's lifetime (RATELIMIT_SEARCH), because the timing client is a single address sending
hundreds of requests a minute; the limit itself still runs on every request. Every query of the
mix is fetched once untimed (the first request of a process loads templates and translations),
then `repeat` times in turn, timed from the request to the last byte of the body.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from .load import free_port
from .output import percentile

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 120  # seconds: migrations are checked and the URL conf imported at start
LOCALE = "en"


def server_env(database_url):
    """`make run`'s environment with this database: development settings, DEBUG on."""
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "DEBUG", "ELASTICSEARCH_URL"):
        env.pop(name, None)  # manage.py's default settings (dev), DEBUG on; the database engine
    env.update(DATABASE_URL=database_url, RATELIMIT_SEARCH="1000000/m", PYTHONUNBUFFERED="1")
    return env


def search_path(query, locale=LOCALE):
    """The page's address for a query of the mix: words, filters (all facets are always counted)."""
    data = [("q", query["q"])] if query["q"] else []
    for facet, values in query["filters"].items():
        data.extend((facet, value) for value in values)
    if int(query.get("page") or 1) > 1:
        data.append(("page", str(query["page"])))
    return f"/{locale}/search/" + (f"?{urlencode(data)}" if data else "")


class Server:
    """`manage.py runserver 127.0.0.1:PORT` as a child process group, stopped on exit."""

    def __init__(self, database_url, port=None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = server_env(database_url)
        self.process = None
        self.log = None

    def __enter__(self):
        self.log = open(os.devnull, "wb")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the reloader's child too is stopped with the group
        )
        self._wait()
        return self

    def _wait(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"runserver exited with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base}/en/search/", timeout=30) as response:  # noqa: S310
                    response.read()
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"runserver did not answer within {START_TIMEOUT} s")

    def get(self, path):
        """Seconds from the request to the body's last byte; fails loudly on any status but 200."""
        started = time.perf_counter()
        with urllib.request.urlopen(f"{self.base}{path}", timeout=60) as response:  # noqa: S310
            response.read()
            status = response.status
        elapsed = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return elapsed

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.log:
            self.log.close()
        return False


def measure_site(database_url, mix, repeat=10):
    """{class: {"p50": ms, "p95": ms, "runs": n}} for the mix's classes, over HTTP on runserver."""
    locale = mix.get("locale", LOCALE)
    classes = {name: spec["queries"] for name, spec in mix["classes"].items() if spec.get("queries")}
    figures = {}
    with Server(database_url) as server:
        for queries in classes.values():
            for query in queries:
                server.get(search_path(query, locale))  # untimed: the first fetch of each page
        time.sleep(3)  # the server's facet postings are read in the background after its first search
        for name, queries in classes.items():
            samples = []
            for _ in range(max(1, repeat)):
                for query in queries:
                    samples.append(server.get(search_path(query, locale)))
            figures[name] = {
                "p50": round(percentile(samples, 0.5), 1),
                "p95": round(percentile(samples, 0.95), 1),
                "runs": len(samples),
            }
    return figures


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: python -m benchmarks.site DATABASE_URL MARKER.json [REPEAT]")
    marker = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
    repeat = int(argv[3]) if len(argv) > 3 else 10
    figures = measure_site(argv[1], marker.get("mix", marker), repeat)
    for name, values in figures.items():
        print(f"{name:18} p50 {values['p50']:7.1f}  p95 {values['p95']:7.1f}  runs {values['runs']}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

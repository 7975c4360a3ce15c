"""The site as `make run` serves it, built once per pytest process for this package.

A temporary directory holds its own SQLite file and MEDIA_ROOT; the development settings (and so
the immediate task backend `make run` uses) drive subprocesses of `manage.py`: migrate,
load_seed_content, update_index, then `runserver` (threaded, no autoreload) on a free port. The
tests talk to it over HTTP and run more commands next to it, as an operator would. Nothing here
touches pytest-django's test database.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 900  # seconds for one step: the seed alone took 176 s on the shared, loaded 2-core machine
SERVER_START_TIMEOUT = 60
TIMINGS = []  # (label, text), shown at the end of the run by pytest_terminal_summary below


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveSite:
    """A running development site and the environment its commands share."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "exchange_platform.settings.dev",
            "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
            "MEDIA_ROOT": str(directory / "media"),
            "DEBUG": "1",
            "PYTHONUNBUFFERED": "1",
            # One test client plays many visitors from one address: no per-client limits.
            "RATELIMIT_ENABLE": "0",
        }
        # The embedded site: its own SQLite file and the database search engine, never a shared
        # Elasticsearch index or cache of the machine running the tests.
        for name in ("ELASTICSEARCH_URL", "REDIS_URL"):
            self.env.pop(name, None)

    def manage(self, *args, timeout=BUILD_TIMEOUT):
        """Run `manage.py ARGS` as a subprocess of the site; the CompletedProcess, with its time."""
        started = time.monotonic()
        process = subprocess.run(  # noqa: S603 - our own manage.py with arguments from the tests
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        process.seconds = time.monotonic() - started
        return process

    def record(self, label, text):
        """A timing or measure for the run's summary (tests may not print: ruff T20)."""
        TIMINGS.append((label, text))

    def build(self):
        for args in (("migrate", "--noinput"), ("load_seed_content",), ("update_index",)):
            process = self.manage(*args)
            self.record(f"build: manage.py {' '.join(args)}", f"{process.seconds:.1f} s")
            assert process.returncode == 0, f"manage.py {' '.join(args)} failed:\n{process.stdout}\n{process.stderr}"

    def start(self):
        started = time.monotonic()
        self.log = open(self.directory / "runserver.log", "w")  # noqa: SIM115 - closed in stop()
        self.server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        while time.monotonic() - started < SERVER_START_TIMEOUT:
            if self.server.poll() is not None:
                raise RuntimeError(f"runserver exited with {self.server.returncode}: {self.server_log()}")
            try:
                if self.get("/en/").status == 200:
                    self.record("build: runserver ready", f"{time.monotonic() - started:.1f} s")
                    return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError(f"runserver did not answer within {SERVER_START_TIMEOUT} s: {self.server_log()}")

    def stop(self):
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        if self.server is not None:
            self.log.close()

    def server_log(self):
        return (self.directory / "runserver.log").read_text(errors="replace")[-4000:]

    def get(self, path, timeout=30):
        """GET a path: (status, body, seconds). HTTP errors are answers too, not exceptions."""
        started = time.monotonic()
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=timeout) as response:  # noqa: S310
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        return Answer(path, status, body, time.monotonic() - started)

    def search_api(self, query):
        answer = self.get("/api/search/?" + query)
        assert answer.status == 200, f"/api/search/?{query} answered {answer.status}: {answer.body[:500]!r}"
        return json.loads(answer.body)

    def shell(self, code):
        """Run Python in `manage.py shell` against the site's database; its last output line as JSON."""
        process = self.manage("shell", "--no-imports", "-c", code)
        assert process.returncode == 0, process.stderr
        return json.loads(process.stdout.strip().splitlines()[-1])


class Answer:
    def __init__(self, path, status, body, seconds):
        self.path, self.status, self.body, self.seconds = path, status, body, seconds

    def __repr__(self):
        return f"<{self.path} {self.status} in {self.seconds:.2f} s>"


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        # The site `make run` serves is SQLite whatever DATABASE_URL says, so the run on the
        # SQLite suite database has already exercised exactly this; building it again costs minutes.
        pytest.skip("the `make run` site (SQLite, development settings) is tested in the SQLite run of the suite")
    site = LiveSite(tmp_path_factory.mktemp("live-site"))
    try:
        site.build()
        site.start()
        yield site
    finally:
        site.stop()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if TIMINGS:
        terminalreporter.section("live site timings")
        for label, text in TIMINGS:
            terminalreporter.write_line(f"{label}: {text}")

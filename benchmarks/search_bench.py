"""`make bench`: the search benchmark on SQLite (10,000 resources) and PostgreSQL (100,000).

    python -m benchmarks.search_bench            # both databases (BENCH_SKIP_PG=1: SQLite only)

This process only orchestrates: each database is prepared and measured by a child process of
its own (`python -m benchmarks.search_bench prepare|measure`), started with that database's
DATABASE_URL, because Django binds one database per process. See docs/benchmarks.md for what
is measured and how to read the table.

Environment:
  BENCH_SQLITE_RESOURCES  generated resources in the SQLite database (default 10000)
  BENCH_PG_RESOURCES      generated resources in PostgreSQL (default 100000)
  BENCH_SKIP_PG=1         SQLite only
  BENCH_SKIP_SQLITE=1     PostgreSQL only
  BENCH_PG_URL            server to use (default postgres://postgres@127.0.0.1:5432/minamata_bench)
  BENCH_REPEAT            timed runs of each query and contender (default 10)
  BENCH_MAX_SECONDS       stop repeating a query for a contender after this long (default 10)
  BENCH_REINDEX=1         rebuild both search indexes (otherwise `update_index --changed` runs)
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchmarks.output import say

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/minamata_bench"
REBUILD = 3  # a child's exit status: "the database holds more than asked, start it again"


def _int_env(name, default):
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw.strip() else default
    except ValueError:
        sys.exit(f"{name} must be a whole number, not {raw!r}.")


def targets():
    """[(label, vendor, DATABASE_URL, resources, marker path)] to prepare and measure."""
    DATA.mkdir(parents=True, exist_ok=True)
    sqlite_resources = _int_env("BENCH_SQLITE_RESOURCES", 10_000)
    found = []
    if os.environ.get("BENCH_SKIP_SQLITE", "") not in ("1", "true", "yes"):
        found.append(
            (
                f"SQLite, {sqlite_resources:,} resources",
                "sqlite",
                f"sqlite:///{DATA / f'bench-{sqlite_resources}.sqlite3'}",
                sqlite_resources,
                DATA / f"sqlite-{sqlite_resources}.json",
            )
        )
    if os.environ.get("BENCH_SKIP_PG", "") not in ("1", "true", "yes"):
        pg_resources = _int_env("BENCH_PG_RESOURCES", 100_000)
        url = os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL)
        name = urlsplit(url).path.lstrip("/")
        found.append(
            (f"PostgreSQL, {pg_resources:,} resources", "postgresql", url, pg_resources, DATA / f"pg-{name}.json")
        )
    return found


def child_env(url):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="exchange_platform.settings.dev",
        DEBUG="0",  # no query log in memory, templates as in production
        ALLOWED_HOSTS="localhost,127.0.0.1,testserver",  # the test Client's host
        # The benchmark is one client asking many times a minute; limits stay on (their cache
        # lookup is part of what is measured) but far above its rate.
        RATELIMIT_SEARCH="1000000/m",
        RATELIMIT_SUGGEST="1000000/m",
        RATELIMIT_EXPORT="1000000/m",
        PYTHONPATH=str(ROOT),
    )
    env.pop("ELASTICSEARCH_URL", None)  # the database engines are what is measured
    return env


def run_child(command, url, resources, marker):
    args = [sys.executable, "-m", "benchmarks.search_bench", command, str(resources), str(marker)]
    return subprocess.run(args, cwd=ROOT, env=child_env(url), check=False).returncode  # noqa: S603


# --- PostgreSQL databases, from outside Django ---------------------------------------------------


def _server_url(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def pg_ensure_database(url, drop=False):
    import psycopg
    from psycopg import sql

    server, name = _server_url(url)
    with psycopg.connect(server.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            say(f"Dropping database {name} to rebuild it.")
            connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            say(f"Creating database {name}.")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(label, vendor, url, resources, marker):
    say(f"\n=== {label}: preparing ({url.split('@')[-1]}) ===")
    started = time.monotonic()
    for attempt in range(2):
        if vendor == "postgresql":
            try:
                pg_ensure_database(url, drop=attempt > 0)
            except Exception as error:  # noqa: BLE001 - no server: say so and measure the rest
                say(f"!!! PostgreSQL is not reachable ({error}); it is not measured. BENCH_SKIP_PG=1 skips it.")
                return False
        elif attempt:
            Path(urlsplit(url).path).unlink(missing_ok=True)
        status = run_child("prepare", url, resources, marker)
        if status != REBUILD:
            break
        marker.unlink(missing_ok=True)
    if status:
        say(f"!!! Preparing {label} failed (exit status {status}); it is not measured.")
        return False
    say(f"Ready in {time.monotonic() - started:.0f} s.")
    return True


def main(argv):
    if len(argv) > 1 and argv[1] in ("prepare", "measure"):
        return child(argv[1], int(argv[2]), Path(argv[3]))
    measured = 0
    for label, vendor, url, resources, marker in targets():
        if not prepare(label, vendor, url, resources, marker):
            continue
        say(f"\n=== {label}: measuring ===")
        started = time.monotonic()
        status = run_child("measure", url, resources, marker)
        say(f"Measured in {time.monotonic() - started:.0f} s.")
        if status:
            say(f"!!! Measuring {label} failed (exit status {status}).")
        else:
            measured += 1
    return 0 if measured else 1


def child(command, resources, marker):
    import django

    django.setup()
    if command == "prepare":
        from .prepare import Outgrown, prepare_database

        try:
            prepare_database(resources, marker)
        except Outgrown as error:
            say(str(error))
            return REBUILD
        return 0
    from exchange_platform.gc_tuning import freeze_loaded_objects

    from .measure import measure

    # As the site's server does once its application is loaded (exchange_platform/wsgi.py).
    freeze_loaded_objects()
    measure(json.loads(marker.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

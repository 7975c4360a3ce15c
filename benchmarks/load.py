"""Concurrent visitors: the search page and API under gunicorn, as production serves them.

    python -m benchmarks.load DATABASE_URL [--clients 32] [--seconds 60] [--workers 2] [--threads 4]

`serve()` starts gunicorn on loopback with the production settings profile against a prepared
benchmark database; `run_load()` keeps exactly `clients` requests in flight for `seconds`,
cycling through the search URLs of the benchmark's query mix (`mix_paths()`), and returns the
throughput and latency percentiles. `measure_load()` does all three, for `make bench`.

Rate limits stay on (their cache lookup is part of every search's cost), but at a rate 32
clients from one address never reach: RATELIMIT_SEARCH, the variable docs/search.md documents,
is raised in gunicorn's environment only.
"""

import argparse
import asyncio
import contextlib
import itertools
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx2

from benchmarks.output import percentile, say

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
# Two gthread workers of four threads: one process per core, and while one thread waits for
# PostgreSQL (the GIL released) another of the same process renders. Measured on this 2-core
# machine with 32 clients (PostgreSQL, 1,000 resources, shared load): 2 x 4 threads served
# 35-40 requests/s, 2, 3 or 4 sync workers 17-24 (a sync worker serves nobody while its statement runs).
# The production image runs the same (Dockerfile GUNICORN_CMD_ARGS).
WORKERS = 2
THREADS = 4
# Far above what `clients` requests in flight can reach in `seconds`; the limit stays switched on.
BENCH_SEARCH_RATE = "1000000/m"
START_TIMEOUT = 90  # seconds for gunicorn to answer /healthz (imports, URL loading, first query)
REQUEST_TIMEOUT = 30.0  # a request slower than this counts as an error
ERROR_SAMPLES = 5
SEARCH_PARAMS = ("page", "per_page", "sort")  # a mix query's own keys that are search parameters


def free_port():
    """A TCP port on loopback nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database_url):
    """gunicorn's environment: production settings the benchmark can satisfy on plain HTTP."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="exchange_platform.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),  # a throwaway key: nothing outlives the run
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback, as the local docker compose runs it (docs/deployment.md).
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        RATELIMIT_SEARCH=BENCH_SEARCH_RATE,
        PYTHONPATH=str(ROOT),
    )
    # The database engines are what is measured, as in the rest of the benchmark.
    env.pop("ELASTICSEARCH_URL", None)
    return env


def collect_static(env):
    """WhiteNoise's manifest storage (production) needs collected files, as the image builds them."""
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


def gunicorn_command(port, workers, threads=1):
    """gunicorn's command line: sync workers, or gthread ones when `threads` > 1."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "exchange_platform.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        # Each gunicorn would otherwise share one control socket under ~/.gunicorn.
        "--no-control-socket",
        # With the time the server spent (ms): the rest of what a client waited was spent queueing.
        "--access-logformat",
        '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms',
    ]


def _wait_until_answering(process, base_url, log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}; see {log}")
        with contextlib.suppress(httpx2.HTTPError):
            if httpx2.get(f"{base_url}/healthz", timeout=5).status_code == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {base_url}/healthz within {START_TIMEOUT} s; see {log}")


def _stop(process):
    """TERM to gunicorn's process group (its master and workers), KILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def serve(database_url, port=None, workers=WORKERS, threads=THREADS):
    """gunicorn serving the site on 127.0.0.1:`port` (a free one when None); yields its base URL.

    Production settings (DEBUG off, WhiteNoise's manifest storage, HTTPS switches off for plain
    loopback HTTP). Its access and error log go to benchmarks/.data/gunicorn-<port>.log. The
    server and its workers are stopped on leaving, whatever happened.
    """
    port = port or free_port()
    env = server_env(database_url)
    collect_static(env)
    DATA.mkdir(parents=True, exist_ok=True)
    log = DATA / f"gunicorn-{port}.log"
    command = [*gunicorn_command(port, workers, threads), "--access-logfile", str(log), "--error-logfile", str(log)]
    base_url = f"http://127.0.0.1:{port}"
    with open(log, "w", encoding="utf-8") as output:
        # A session of its own, so _stop() reaches the workers through the process group.
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output, start_new_session=True)  # noqa: S603
    try:
        _wait_until_answering(process, base_url, log)
        yield base_url
    finally:
        _stop(process)


def mix_paths(mix):
    """The search page and API URLs of every query in the mix (marker["mix"]), in turn."""
    locale = mix.get("locale", "en")
    paths = []
    for spec in mix["classes"].values():
        for query in spec["queries"]:
            params = [("q", query["q"])] if query["q"] else []
            params += [(facet, value) for facet, values in query["filters"].items() for value in values]
            params += [(key, query[key]) for key in SEARCH_PARAMS if key in query]
            paths.append(f"/{locale}/search/?{urlencode(params)}")
            paths.append(f"/api/search/?{urlencode([('lang', locale), *params])}")
    return paths


async def _load(base_url, paths, clients, seconds):
    next_path = itertools.cycle(paths).__next__  # one event loop: no lock needed
    latencies, errors, samples = [], [], []
    in_flight = {"now": 0, "most": 0}
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx2.AsyncClient(base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT) as client:
        started = time.perf_counter()
        deadline = started + seconds

        async def visitor():
            # One request at a time per visitor, so `clients` visitors keep `clients` in flight.
            while time.perf_counter() < deadline:
                path = next_path()
                in_flight["now"] += 1
                in_flight["most"] = max(in_flight["most"], in_flight["now"])
                sent = time.perf_counter()
                try:
                    response = await client.get(path)
                    problem = None if 200 <= response.status_code < 300 else f"{response.status_code}"
                except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the run
                    problem = f"{type(error).__name__}: {error}"
                finally:
                    in_flight["now"] -= 1
                if problem is None:
                    latencies.append(time.perf_counter() - sent)
                else:
                    errors.append(path)
                    if len(samples) < ERROR_SAMPLES:
                        samples.append(f"GET {path}: {problem}")

        await asyncio.gather(*(visitor() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return latencies, errors, samples, elapsed, in_flight["most"]


def run_load(base_url, paths, clients=32, seconds=60):
    """`clients` concurrent visitors for `seconds`, each GETting the next of `paths` in turn.

    Every non-2xx answer and every exception (refused, timed out after 30 s) is an error.
    Requests under way at the deadline are finished and counted. Percentiles (ms) are of the
    successful requests; throughput is successful requests per second.
    """
    if not paths:
        raise ValueError("run_load needs at least one path")
    cpu = time.process_time()
    latencies, errors, samples, elapsed, most = asyncio.run(_load(base_url, list(paths), clients, seconds))
    cpu = time.process_time() - cpu
    return {
        "requests": len(latencies) + len(errors),
        "errors": len(errors),
        "seconds": round(elapsed, 2),
        "throughput": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "clients": clients,
        "max_in_flight": most,
        # The client shares the machine with the server: what it took of it, in CPU seconds.
        "client_cpu_seconds": round(cpu, 2),
        "error_samples": samples,
    }


def measure_load(database_url, mix, clients=32, seconds=60, workers=WORKERS, threads=THREADS, warmup=5):
    """serve() + a short warm-up (discarded: each worker loads its templates and caches once)
    + run_load() over the mix's search page and API URLs. Returns run_load's dict."""
    paths = mix_paths(mix)
    with serve(database_url, workers=workers, threads=threads) as base_url:
        if warmup:
            run_load(base_url, paths, clients=clients, seconds=warmup)
        result = run_load(base_url, paths, clients=clients, seconds=seconds)
    result["workers"] = workers
    result["threads"] = threads
    return result


def summary(result):
    """The one line the command prints."""

    def ms(value):
        return "—" if value is None else f"{value:.0f}"

    line = (
        f"load: {result['clients']} clients, {result['seconds']:.0f} s, gunicorn {result.get('workers', '?')} "
        f"workers x {result.get('threads', 1)} threads: {result['requests']} requests, {result['errors']} errors, "
        f"{result['throughput']:.1f} req/s, p50 {ms(result['p50'])} / p95 {ms(result['p95'])} / "
        f"p99 {ms(result['p99'])} ms; client CPU {result['client_cpu_seconds']:.1f} s"
    )
    if result["error_samples"]:
        line += f"; first error: {result['error_samples'][0]}"
    return line


def marker_for(database_url):
    """The prepared database's marker (benchmarks/search_bench.py names them), holding its mix."""
    parts = urlsplit(database_url)
    if parts.scheme.startswith("postgres"):
        return DATA / f"pg-{parts.path.lstrip('/')}.json"
    stem = Path(parts.path).stem  # bench-<N>
    return DATA / f"sqlite-{stem.removeprefix('bench-')}.json"


def main(argv=None):
    import json

    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.splitlines()[0])
    parser.add_argument("database_url", help="a database prepared by benchmarks.search_bench")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS, help="1: sync workers; more: gthread")
    parser.add_argument("--mix", type=Path, help="the marker JSON holding the query mix (default: the database's)")
    args = parser.parse_args(argv)
    marker = args.mix or marker_for(args.database_url)
    if not marker.exists():
        sys.exit(f"No query mix at {marker}: prepare the database with benchmarks.search_bench first.")
    mix = json.loads(marker.read_text(encoding="utf-8"))["mix"]
    result = measure_load(args.database_url, mix, args.clients, args.seconds, args.workers, args.threads)
    say(summary(result))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

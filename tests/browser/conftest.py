"""Playwright driving Debian's chromium (never a downloaded browser build).

Without /usr/bin/chromium the browser tests are skipped with a loud reason, or fail when
REQUIRE_BROWSER_TESTS=1 (CI sets it): a green CI must mean the browser tests ran.

Browser tests use pytest-django's `live_server` (so `transactional_db`) together with
`django_db_serialized_rollback`: each starts from the post-migration snapshot (locales, root
page) and is flushed afterwards. pytest-django runs them after every ordinary database test.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# pytest-django's live_server listens on "localhost" unless told otherwise; the pages must load
# nothing from anywhere but 127.0.0.1, so serve there.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


def browser_unavailable(reason):
    message = f"BROWSER TESTS NOT RUN: {reason}. Install Debian's chromium (`make browser-deps`, as root)."
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(message + " REQUIRE_BROWSER_TESTS=1 makes this a failure.", pytrace=False)
    pytest.skip(message)


@contextmanager
def django_connections_stay_thread_local():
    """Keep Django's database connections thread-local while Playwright runs.

    Playwright's sync API marks its event loop as running in this thread between calls
    (asyncio._set_running_loop). asgiref's thread-critical Local, which holds Django's
    connections, then switches to per-context storage, and the test would get fresh connection
    objects: without the serialized-rollback snapshot (`_test_serialized_contents`), so the
    teardown flush would re-run post_migrate and the next test restore nothing (or restore into
    re-created content types: IntegrityError), and on SQLite a second connection beside the one
    the live server shares. Pinning the lookup to the thread-local storage keeps one connection.
    """
    from django.db import connections

    local = connections._connections
    object.__setattr__(local, "_get_storage", lambda: object.__getattribute__(local, "_storage"))
    try:
        yield
    finally:
        object.__delattr__(local, "_get_storage")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        browser_unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is pinned in requirements.txt
        browser_unavailable("the playwright package is not installed")
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are
    # plain synchronous code, so Django's async-safety guard would only get in the way.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with django_connections_stay_thread_local():
        manager = sync_playwright().start()
        try:
            try:
                instance = manager.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            except Exception as error:  # noqa: BLE001 - any launch failure means "could not run"
                browser_unavailable(f"chromium at {CHROMIUM} did not start ({error})")
            yield instance
            instance.close()
        finally:
            manager.stop()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

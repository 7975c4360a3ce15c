"""Shared fixtures: the site (HomePage as the default Site's root, locale "en") and a full tree.

The tree and the indexed tree are built once per test module, not once per test: a
module-scoped fixture opens a transaction, builds them, and rolls it back when the module ends;
each test runs in a savepoint inside it (pytest-django's `db`) and gets its own copy of the
Python objects, so nothing a test writes or mutates reaches the next one. Tests of a module are
ordered so that those without the tree run before it is built, and those with the plain tree
before the indexed one (see `pytest_collection_modifyitems`): `site` and `home` alone still mean
an empty site.
"""

import copy
import os
from types import SimpleNamespace

import pytest

from .builders import build_home_site, build_tree, clear_caches, rolled_back


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Site root paths and settings are cached; a rolled-back test must not leak them.
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware activates the requested language in the test's thread and leaves it active;
    # with translated catalogues a test must not inherit the previous request's language.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


def _add_mercury_guidance(tree):
    import datetime

    from django.core.management import call_command

    from library import factories as lf

    tree.mercury_guidance = lf.ResourcePageFactory(
        parent=tree.library,
        title="Guidance on mercury waste",
        slug="mercury-waste-guidance",
        identifier="guidance-mercury-waste",
        resource_type=tree.types["guidance"],
        summary="How to store mercury wastes safely, with checklists for customs officers.",
        publication_date=datetime.date(2022, 3, 1),
        thematic_areas=[tree.emissions],
        languages=["en", "fr"],
    )
    call_command("update_index", backend_name="site", verbosity=0)
    clear_caches()
    return tree


@pytest.fixture(scope="module")
def shared_tree(django_db_setup, django_db_blocker):
    """The tree, built once for the module. Tests use `tree`, which hands each one a fresh copy."""
    with rolled_back(django_db_blocker):
        site = build_home_site()
        built = build_tree(site.root_page.specific)
        built.site = site
        yield copy.deepcopy(built)


@pytest.fixture(scope="module")
def shared_indexed(shared_tree, django_db_blocker):
    """`shared_tree` plus the mercury guidance, all in the public search index, once per module."""
    with rolled_back(django_db_blocker):
        yield copy.deepcopy(_add_mercury_guidance(copy.deepcopy(shared_tree)))


def _uses_shared_tree(request):
    return "shared_tree" in request.fixturenames


def _fail_if_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    if (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    ):
        pytest.fail("`tree`/`indexed` live in a rolled-back transaction; transactional tests call build_tree().")


@pytest.fixture
def site(request, db):
    """The default Site with a HomePage (locale "en") as its root; Wagtail's welcome page removed."""
    if _uses_shared_tree(request):
        return request.getfixturevalue("tree").site
    return build_home_site()


@pytest.fixture
def home(request, site):
    if _uses_shared_tree(request):
        return request.getfixturevalue("tree").home
    return site.root_page.specific


@pytest.fixture
def tree(request, shared_tree, db):
    """One live page of every type, tagged so the automatic sections have something to show.

    A copy of the module's tree: the rows are shared (rolled back after each test), the objects not.
    """
    _fail_if_transactional(request)
    # A test using a richer shared tree (`shared_indexed`, a module's `shared_lib` …) gets that one,
    # so `tree`, `indexed` and the module's own fixture are one object, as when each was built per test.
    names = [name for name in request.fixturenames if name.startswith("shared_") and name != "shared_tree"]
    richer = [value for name in names if isinstance(value := request.getfixturevalue(name), SimpleNamespace)]
    if len(richer) > 1:
        pytest.fail(f"A test can build on one shared tree only, not all of {names}.")
    return copy.deepcopy(richer[0] if richer else shared_tree)


@pytest.fixture
def indexed(shared_indexed, tree):
    """The tree plus a resource whose summary mentions mercury (highlights), in the public search index."""
    return tree


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "correct horse battery")


@pytest.fixture
def editor_client(client, superuser):
    client.force_login(superuser)
    return client


# --- Browser tests must not vanish quietly ------------------------------------------------

_browser_outcomes = {"selected": 0, "seen": 0, "passed": 0}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def _is_transactional(item):
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in names or "live_server" in names
    return transactional or bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))


def _shared_rows_rank(item):
    """Django TestCase classes first (they must not run inside a module's open transaction), then
    by the module-scoped `shared_*` fixtures a test uses: none, the tree, then what builds on the
    tree (`shared_indexed`, or a module's own `shared_<name>`), grouped."""
    if hasattr(getattr(item, "cls", None), "_pre_setup"):
        return (0, 0, ())
    shared = tuple(sorted(name for name in getattr(item, "fixturenames", ()) if name.startswith("shared_")))
    return (1, len(shared), shared)


class _SharedRowsOrder:
    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        """Within each run of consecutive tests of one module, run tests without the shared tree
        first, then with the tree, then with what builds on it, so each is built at most once per
        run and never seen by a test that did not ask for it. The order is otherwise kept.

        Transactional tests go last of all, after the tests that need no database. A transactional
        test ends with a flush that leaves the database empty (no locales: a data migration made
        them), so no database test may follow it; and a module's shared tree is an open
        transaction that it must not run inside. pytest-django puts them after the database
        tests, but a module whose database tests come last would otherwise run its own
        transactional tests beside them, in that module's open transaction or before them.
        """
        transactional = [item for item in items if _is_transactional(item)]
        ordered, run = [], []
        for item in items:
            if _is_transactional(item):
                continue
            if run and item.nodeid.split("::")[0] != run[0].nodeid.split("::")[0]:
                ordered += sorted(run, key=_shared_rows_rank)
                run = []
            run.append(item)
        ordered += sorted(run, key=_shared_rows_rank)
        items[:] = ordered + transactional


def pytest_configure(config):
    # A plugin object, so that its hook runs last (after pytest-django's reordering) while the
    # browser marker above is still added before `-m` deselects.
    config.pluginmanager.register(_SharedRowsOrder(), "shared-rows-order")


def pytest_collection_finish(session):
    _browser_outcomes["selected"] = sum(1 for item in session.items if item.get_closest_marker("browser"))


def pytest_runtest_logreport(report):
    if "browser" not in report.keywords or type(report).__name__ == "SubtestReport":
        return
    if report.when == "setup":
        _browser_outcomes["seen"] += 1  # under xdist the controller collects nothing itself
    if report.when == "call" and report.passed:
        _browser_outcomes["passed"] += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if config.option.collectonly:
        return
    required = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"
    if _browser_outcomes["passed"]:
        terminalreporter.write_line(f"Browser tests ran: {_browser_outcomes['passed']} passed.", green=True)
        return
    selected = _browser_outcomes["selected"] or _browser_outcomes["seen"]
    if not selected and not required:
        # A run of a few files: say so once, quietly.
        terminalreporter.write_line("Browser tests were not selected in this run.")
        return
    banner = "!" * 78
    terminalreporter.write_line(banner, red=True, bold=True)
    terminalreporter.write_line(
        "!! BROWSER TESTS DID NOT RUN (skipped, failed or deselected): see the reasons above.", red=True, bold=True
    )
    if required:
        terminalreporter.write_line("!! REQUIRE_BROWSER_TESTS=1: this run fails.", red=True, bold=True)
    terminalreporter.write_line(banner, red=True, bold=True)


def pytest_sessionfinish(session, exitstatus):
    required = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"
    if session.config.option.collectonly or hasattr(session.config, "workerinput"):
        return
    if required and not _browser_outcomes["passed"] and exitstatus == 0:
        session.exitstatus = 1

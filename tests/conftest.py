"""Shared fixtures: the site (HomePage as the default Site's root, locale "en") and a full tree."""

import os

import pytest

from .builders import build_home_site, build_tree, clear_caches


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Site root paths and settings are cached; a rolled-back test must not leak them.
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def site(db):
    """The default Site with a HomePage (locale "en") as its root; Wagtail's welcome page removed."""
    return build_home_site()


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def tree(home):
    """One live page of every type, tagged so the automatic sections have something to show."""
    return build_tree(home)


@pytest.fixture
def indexed(tree):
    """The tree plus a resource whose summary mentions mercury (highlights), in the public search index."""
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

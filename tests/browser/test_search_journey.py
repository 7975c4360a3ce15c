"""A visitor's search in a real browser: search, narrow by two facets, remove one chip, go to
page 2, change the order. Once with JavaScript (ticking a box submits at once) and once without
(the "Apply filters" and "Sort" buttons); then the autocomplete combobox, by keyboard.

The content is built with factories (28 library resources and two events that mention mercury),
so the test runs in seconds; see test_library_journey.py for the live-server snapshot rules.
"""

import datetime
import re

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from hub import factories as hf
from library import factories as lf

from ..builders import build_home_site, clear_caches

pytestmark = pytest.mark.browser

REPORTS, GUIDANCE = 16, 12


@pytest.fixture
def content(live_server, django_db_serialized_rollback):
    home = build_home_site().root_page.specific
    library = lf.LibraryIndexPageFactory(parent=home)
    report = hf.ResourceTypeFactory(slug="report", name="Report")
    guidance = hf.ResourceTypeFactory(slug="guidance", name="Guidance")
    for number in range(REPORTS):
        lf.ResourcePageFactory(
            parent=library,
            title=f"Mercury inventory report {number + 1:02d}",
            resource_type=report,
            publication_date=datetime.date(2005 + number, 6, 1),
        )
    for number in range(GUIDANCE):
        lf.ResourcePageFactory(
            parent=library,
            title=f"Guidance on mercury storage, volume {number + 1:02d}",
            resource_type=guidance,
            publication_date=datetime.date(2008 + number, 3, 1),
        )
    events = hf.EventIndexPageFactory(parent=home)
    hf.EventPageFactory(parent=events, title="Webinar on mercury in fish", slug="mercury-fish")
    hf.EventPageFactory(parent=events, title="Minamata Online: mercury trade", slug="mercury-trade")
    call_command("update_index", verbosity=0)
    clear_caches()
    return {"base": live_server.url}


def new_page(browser, base, javascript):
    context = browser.new_context(base_url=base, locale="en-GB", java_script_enabled=javascript)
    context.set_default_timeout(30_000)
    return context, context.new_page()


def count(page):
    return page.locator("#result-count")


def result_titles(page):
    return page.locator(".search-main ol.search-results .result-title a").all_inner_texts()


def narrow_page_and_sort(page, javascript, screenshot_dir):
    """The journey both variants share; `javascript` says how a choice is submitted."""

    def submit_filters():
        if not javascript:
            page.get_by_role("button", name="Apply filters").click()

    page.goto("/en/search/")
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")
    search_box = page.locator("#search-q")
    search_box.fill("mercury")
    page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    expect(count(page)).to_contain_text("30 results for “mercury”")
    expect(page).to_have_url(re.compile(r"[?&]q=mercury"))

    # Narrow by two facets: content "Library resources", then type "Report".
    filters = page.get_by_role("complementary", name="Filters")
    filters.get_by_role("checkbox", name=re.compile(r"^Library resources")).click()
    submit_filters()
    expect(page).to_have_url(re.compile(r"kind=resource"))
    expect(count(page)).to_contain_text(f"{REPORTS + GUIDANCE} results")
    filters.get_by_role("checkbox", name=re.compile(r"^Report")).click()
    submit_filters()
    expect(page).to_have_url(re.compile(r"type=report"))
    expect(count(page)).to_contain_text(f"{REPORTS} results")
    expect(page.locator(".chip")).to_have_count(3)  # two filters and "clear all"
    assert all(title.startswith("Mercury inventory report") for title in result_titles(page))
    if javascript:
        # The box ticked last has the focus again after the reload.
        expect(filters.get_by_role("checkbox", name=re.compile(r"^Report"))).to_be_focused()

    # Remove one chip: the type goes, the content filter stays.
    page.get_by_role("link", name=re.compile(r"^Resource type: Report")).click()
    expect(page).not_to_have_url(re.compile(r"type=report"))
    expect(page).to_have_url(re.compile(r"kind=resource"))
    expect(count(page)).to_contain_text(f"{REPORTS + GUIDANCE} results for “mercury” (page 1 of 2)")

    # Page 2 keeps the query and the filter.
    page.get_by_role("navigation", name="Result pages").get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page).to_have_url(re.compile(r"kind=resource"))
    expect(count(page)).to_contain_text("(page 2 of 2)")
    assert len(result_titles(page)) == REPORTS + GUIDANCE - 20

    # A new order starts again from page 1.
    page.get_by_label("Sort by").select_option(label="Title (A–Z)")
    if not javascript:
        page.get_by_role("button", name="Sort", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    expect(page).not_to_have_url(re.compile(r"page=2"))
    expect(page).to_have_url(re.compile(r"kind=resource"))
    titles = result_titles(page)
    assert titles == sorted(titles, key=str.casefold)
    assert titles[0] == "Guidance on mercury storage, volume 01"
    if javascript:
        expect(page.get_by_label("Sort by")).to_be_focused()
    suffix = "js" if javascript else "no-js"
    page.screenshot(path=str(screenshot_dir / f"search-journey-{suffix}.png"), full_page=True)


def test_search_journey_with_javascript(browser, content, screenshot_dir):
    context, page = new_page(browser, content["base"], javascript=True)
    try:
        narrow_page_and_sort(page, True, screenshot_dir)
        # With JavaScript the "Sort" button is not needed and is hidden; a hint says choices apply at once.
        expect(page.get_by_role("button", name="Sort", exact=True)).to_be_hidden()
        expect(page.get_by_text("The results change as soon as you tick a box")).to_be_visible()
    finally:
        context.close()


def test_search_journey_without_javascript(browser, content, screenshot_dir):
    context, page = new_page(browser, content["base"], javascript=False)
    try:
        narrow_page_and_sort(page, False, screenshot_dir)
        # Without JavaScript the search box stays a plain input, and nothing submits by itself.
        expect(page.locator("#search-q")).not_to_have_attribute("role", "combobox")
        expect(page.get_by_text("The results change as soon as you tick a box")).to_be_hidden()
    finally:
        context.close()


def test_autocomplete_combobox_by_keyboard(browser, content, screenshot_dir):
    context, page = new_page(browser, content["base"], javascript=True)
    try:
        page.goto("/en/search/")
        box = page.get_by_role("combobox", name="Search the platform").and_(page.locator("#search-q"))
        expect(box).to_have_attribute("aria-expanded", "false")
        listbox_id = box.get_attribute("aria-controls")
        listbox = page.locator(f"#{listbox_id}")
        expect(listbox).to_have_attribute("role", "listbox")

        box.press_sequentially("mercury tr", delay=40)
        expect(box).to_have_attribute("aria-expanded", "true")
        options = listbox.get_by_role("option")
        expect(options.first).to_be_visible()
        expect(options).to_have_count(1)
        expect(options.first).to_have_text("Minamata Online: mercury trade")

        # Escape closes the list; typing again opens it.
        box.press("Escape")
        expect(box).to_have_attribute("aria-expanded", "false")
        expect(listbox).to_be_hidden()
        box.fill("")
        box.press_sequentially("webin", delay=40)
        expect(options.first).to_have_text("Webinar on mercury in fish")
        box.fill("")
        box.press_sequentially("mercury inv", delay=40)
        expect(options).to_have_count(8)  # the endpoint's limit

        # Arrow keys move the active option; Enter opens it.
        box.press("ArrowDown")
        first = options.nth(0)
        expect(first).to_have_attribute("aria-selected", "true")
        expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
        box.press("ArrowDown")
        second = options.nth(1)
        expect(second).to_have_attribute("aria-selected", "true")
        expect(first).to_have_attribute("aria-selected", "false")
        expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
        expect(box).to_be_focused()
        page.screenshot(path=str(screenshot_dir / "search-autocomplete.png"))
        chosen_title = second.inner_text()
        chosen_url = second.get_attribute("data-url")
        box.press("Enter")
        expect(page).to_have_url(chosen_url)
        expect(page.get_by_role("heading", level=1)).to_have_text(chosen_title)
    finally:
        context.close()


def test_header_search_box_has_the_combobox_too(browser, content):
    context, page = new_page(browser, content["base"], javascript=True)
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto("/en/library/")
        box = page.locator("#site-search")
        expect(box).to_have_attribute("role", "combobox")
        box.press_sequentially("webin", delay=40)
        option = page.locator(f"#{box.get_attribute('aria-controls')}").get_by_role("option").first
        expect(option).to_have_text("Webinar on mercury in fish")
        box.press("ArrowDown")
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"/en/events/mercury-fish/$"))
    finally:
        context.close()

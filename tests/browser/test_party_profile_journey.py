"""Issue #11's journey in a real browser: a visitor opens a Party profile, reads the funding chart
and the table of its numbers, follows a project to its thematic area, and from there opens a
decision listed in the area's "Decisions" section. Then the same journey in Arabic (/ar/), right
to left.

The content is built with factories (Kenya with two projects, one thematic area, one decision,
their Arabic aliases), so the test runs in seconds; the seed is covered by the seeded tests.
"""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from hub import factories as hf
from hub.models import Project
from library import factories as lf

from ..builders import build_home_site, clear_caches

AREA = "Artisanal and small-scale gold mining"
DECISION = "Decision MC-2/2: Guidance on national action plans for gold mining"
PLANET_GOLD = "planetGOLD Kenya: mercury-free gold mining"
SIP_PROJECT = "Strengthening Kenya's institutions for the Minamata Convention"


@pytest.fixture
def journey(live_server, django_db_serialized_rollback):
    from wagtail.models import Locale

    home = build_home_site().root_page.specific
    article7 = hf.ConventionArticleFactory(number="7", name=AREA, slug="article-7")
    asgm = hf.ThematicAreaFactory(name=AREA, slug="asgm", articles=[article7])
    kenya = hf.CountryFactory(
        name="Kenya", iso3="KEN", iso2="KE", slug="ken", region=hf.RegionFactory(name="Africa", slug="africa")
    )
    area_page = hf.ThematicAreaPageFactory(parent=hf.ThematicAreaIndexPageFactory(parent=home), area=asgm)
    party = hf.CountryProfilePageFactory(
        parent=hf.CountryIndexPageFactory(parent=home),
        country=kenya,
        ratification_date=datetime.date(2023, 9, 22),
        entry_into_force_date=None,
    )
    decision = lf.ResourcePageFactory(
        parent=lf.LibraryIndexPageFactory(parent=home),
        title=DECISION,
        slug="mc-2-2",
        identifier="MC-2/2",
        symbol="MC-2/2",
        resource_type=hf.ResourceTypeFactory(slug="decision", name="Decision"),
        publication_date=datetime.date(2018, 11, 23),
        thematic_areas=[asgm],
    )
    hf.ProjectFactory(
        project_id="gef-10569",
        programme=Project.Programme.GEF,
        title=PLANET_GOLD,
        agency="UNEP",
        approval_date=datetime.date(2019, 6, 13),
        amount_usd=Decimal("4500000"),
        countries=[kenya],
        thematic_areas=[asgm],
    )
    hf.ProjectFactory(
        project_id="sip-2-ken",
        programme=Project.Programme.SIP,
        title=SIP_PROJECT,
        agency="",
        approval_date=datetime.date(2021, 3, 1),
        amount_usd=Decimal("250000"),
        countries=[kenya],
    )
    arabic = Locale.objects.get(language_code="ar")
    aliases = {
        name: page.copy_for_translation(arabic, copy_parents=True, alias=True).specific
        for name, page in (("party", party), ("area_page", area_page), ("decision", decision))
    }
    clear_caches()
    return {
        "base": live_server.url,
        "party": party,
        "area_page": area_page,
        "decision": decision,
        "ar": aliases,
        "projects": Project.objects.filter(countries=kenya),
    }


def number(value):
    return Decimal(value)


def chart_numbers(figure):
    """{(series, category): value} from the SVG's bars and from the table beside it."""
    bars = {
        (rect.get_attribute("data-series"), rect.get_attribute("data-category")): number(
            rect.get_attribute("data-value")
        )
        for rect in figure.locator("svg[role=img] rect[data-value]").all()
    }
    cells = {
        (cell.get_attribute("data-series"), cell.get_attribute("data-category")): number(
            cell.get_attribute("data-value")
        )
        for cell in figure.locator("table td[data-value]").all()
    }
    return bars, cells


def reads_the_charts(page, projects):
    """The funding chart and the count chart: accessible SVGs whose bars say what their tables say,
    and add up to the Party's projects and grants counted in the database."""
    section = page.locator("#projects")
    figures = section.locator("figure").filter(has=page.locator("svg[role=img]"))
    expect(figures.first).to_be_visible()
    assert figures.count() == 2, "a chart of projects and a chart of funding"
    totals = []
    for figure in figures.all():
        svg = figure.locator("svg[role=img]")
        labelled_by = svg.get_attribute("aria-labelledby")
        assert labelled_by and figure.locator(f"[id='{labelled_by.split()[0]}']").count() == 1
        expect(figure.locator("figcaption")).not_to_be_empty()
        expect(figure.locator("table caption")).not_to_be_empty()
        bars, cells = chart_numbers(figure)
        assert bars, "the chart has bars"
        # Every bar is in the table with the same number, and every non-zero cell has its bar.
        assert {key: value for key, value in cells.items() if value} == {k: v for k, v in bars.items() if v}
        totals.append(sum(bars.values()))
    assert totals[0] == projects.count()
    assert totals[1] == sum(project.amount_usd for project in projects)


def test_visitor_reads_the_funding_chart_follows_a_project_to_its_area_and_a_decision(browser, journey, screenshot_dir):
    options = {"base_url": journey["base"], "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**options)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        assert page.goto(journey["party"].url).status == 200
        expect(page.get_by_role("heading", level=1)).to_contain_text("Kenya")
        reads_the_charts(page, journey["projects"])
        page.screenshot(path=str(screenshot_dir / "party-profile-journey-charts.png"), full_page=True)

        # The project's row in the projects table links its thematic area.
        row = page.locator("#projects table tr").filter(has_text=PLANET_GOLD)
        expect(row).to_have_count(1)
        row.get_by_role("link", name=AREA).click()
        page.wait_for_url(re.compile(r"/en/thematic-areas/asgm/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(AREA)

        decisions = page.locator("section").filter(
            has=page.get_by_role("heading", level=2, name=re.compile(r"^Decisions\b"))
        )
        expect(decisions).to_have_count(1)
        decisions.get_by_role("link", name=DECISION).click()
        page.wait_for_url(re.compile(r"/en/library/mc-2-2/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(DECISION)
    finally:
        context.close()


def test_the_same_journey_in_arabic_reads_right_to_left(browser, journey, screenshot_dir):
    options = {"base_url": journey["base"], "locale": "ar", "viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**options)
    context.set_default_timeout(30_000)
    page = context.new_page()
    aliases = journey["ar"]
    try:
        assert page.goto(aliases["party"].url).status == 200
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        reads_the_charts(page, journey["projects"])
        page.screenshot(path=str(screenshot_dir / "party-profile-journey-arabic.png"), full_page=True)

        row = page.locator("#projects table tr").filter(has_text=PLANET_GOLD)
        row.locator(f"a[href='{aliases['area_page'].url}']").click()
        page.wait_for_url(re.compile(r"/ar/thematic-areas/asgm/$"))
        expect(page.locator("html")).to_have_attribute("dir", "rtl")

        page.locator("#decisions").locator(f"a[href='{aliases['decision'].url}']").click()
        page.wait_for_url(re.compile(r"/ar/library/mc-2-2/$"))
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.get_by_role("heading", level=1)).to_have_text(DECISION)
    finally:
        context.close()

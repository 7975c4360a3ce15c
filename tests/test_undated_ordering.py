"""Undated items sort last in every date-ordered listing, on SQLite and PostgreSQL alike.

SQLite puts NULL first when sorting up and last when sorting down; PostgreSQL does the opposite.
Each listing below gets an item dated 2019, one dated 2021 and one without a date, and must show
the undated one last, newest first and (where the listing has it) oldest first.
"""

import datetime

from django.db import connection

import pytest

from hub import factories as hf
from hub.models.tagging import live_resources_for, split_events
from hub.ordering import undated_last
from library import factories as lf
from library.models import ResourcePage
from search.indexing import index_pages, page_key
from search.models import SearchDocument
from search.params import SearchParams
from search.service import run_search

OLD, NEW = datetime.date(2019, 5, 1), datetime.date(2021, 5, 1)


@pytest.fixture
def dated(home):
    """Three resources (2019, 2021, undated) in a library, tagged with one area and one Party."""
    area = hf.ThematicAreaFactory(name="Emissions", slug="emissions")
    kenya = hf.CountryFactory(name="Kenya", iso3="KEN", iso2="KE", slug="ken")
    library = lf.LibraryIndexPageFactory(parent=home)
    pages = {}
    for name, day in (("Old", OLD), ("Undated", None), ("New", NEW)):
        page = lf.ResourcePageFactory(parent=library, title=f"{name} report", publication_date=day)
        page.thematic_areas = [area]
        page.countries = [kenya]
        page.save_revision().publish()
        pages[name] = page
    return {"library": library, "area": area, "kenya": kenya, "home": home, "pages": pages}


def titles(items):
    return [item.title for item in items]


NEWEST = ["New report", "Old report", "Undated report"]
OLDEST = ["Old report", "New report", "Undated report"]


@pytest.mark.django_db
def test_the_helper_puts_nulls_last_both_ways(dated):
    resources = ResourcePage.objects.all()
    assert titles(resources.order_by(*undated_last("-publication_date"))) == NEWEST
    assert titles(resources.order_by(*undated_last("publication_date"))) == OLDEST
    # What the helper is for: the database's own order disagrees between engines.
    plain = titles(resources.order_by("publication_date"))
    assert plain[0 if connection.vendor == "sqlite" else -1] == "Undated report"


@pytest.mark.django_db
def test_library_listing(dated):
    assert titles(dated["library"].get_resources()) == NEWEST


@pytest.mark.django_db
def test_thematic_area_and_party_profile_sections(dated):
    assert titles(live_resources_for(dated["area"])) == NEWEST
    assert titles(live_resources_for(dated["kenya"])) == NEWEST
    area_page = hf.ThematicAreaPageFactory(
        parent=hf.ThematicAreaIndexPageFactory(parent=dated["home"]), area=dated["area"]
    )
    assert titles(area_page.automatic_sections()["resources"]) == NEWEST


@pytest.mark.django_db
def test_home_page_latest_resources(dated):
    assert titles(dated["home"].specific._latest_resources()) == NEWEST


@pytest.mark.django_db
def test_party_profile_projects(dated):
    for title, day in (("Old project", OLD), ("Undated project", None), ("New project", NEW)):
        hf.ProjectFactory(title=title, approval_date=day, countries=[dated["kenya"]])
    party = hf.CountryProfilePageFactory(
        parent=hf.CountryIndexPageFactory(parent=dated["home"]), country=dated["kenya"]
    )
    assert titles(party.automatic_sections()["projects"]) == ["New project", "Old project", "Undated project"]


@pytest.mark.django_db
def test_events_without_a_start_time_come_last_on_their_day(home):
    index = hf.EventIndexPageFactory(parent=home)
    today = datetime.date.today()
    days = {"upcoming": today + datetime.timedelta(days=10), "past": today - datetime.timedelta(days=10)}
    for when, day in days.items():
        for title, time in (("at nine", datetime.time(9)), ("all day", None), ("at two", datetime.time(14))):
            end = datetime.time(17) if time else None  # an all-day event has neither time
            hf.EventPageFactory(parent=index, title=f"{when} {title}", start_date=day, start_time=time, end_time=end)
    from hub.models import EventPage

    upcoming, past = split_events(EventPage.objects.live())
    assert titles(upcoming) == ["upcoming at nine", "upcoming at two", "upcoming all day"]
    assert titles(past) == ["past at two", "past at nine", "past all day"]


@pytest.mark.django_db
def test_search_engine_newest_and_oldest(dated):
    index_pages(ResourcePage, [page.pk for page in dated["pages"].values()])
    # search/documents.py dates a page without a date of its own by its first publication, so
    # give the engine the undated row it would hold for a page with no date at all.
    undated = dated["pages"]["Undated"]
    SearchDocument.objects.filter(key=page_key(undated.pk)).update(date=None)
    for sort, expected in (("newest", NEWEST), ("oldest", OLDEST)):
        params = SearchParams(locale="en", filters={"kind": ("resource",)}, sort=sort)
        assert titles(run_search(params, log=False, promotions=False).results) == expected

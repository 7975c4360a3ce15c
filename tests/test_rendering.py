"""Every page type renders with its key content (title, dates, status …)."""

import re
from html.parser import HTMLParser

from django.utils.html import escape

import pytest

from .builders import add_data_and_intersessional, extra_key_content, key_content

pytestmark = pytest.mark.django_db

PAGES = [
    "home",
    "pillar_page",
    "topic",
    "thematic_index",
    "area_page",
    "country_index",
    "party",
    "meeting_index",
    "meeting",
    "event_index",
    "event",
    "news_index",
    "news",
    "standard",
    "library",
    "resource",
]


def date_forms(value):
    """The ways a template may print a date: 3 November 2023, November 3, 2023, Nov. 3, 2023, 2023-11-03."""
    return {
        f"{value.day} {value:%B %Y}",
        f"{value:%B} {value.day}, {value.year}",
        f"{value:%b}. {value.day}, {value.year}",
        f"{value:%b} {value.day}, {value.year}",
        f"{value.day} {value:%b} {value.year}",
        value.isoformat(),
    }


def assert_shows_date(html, value):
    assert any(form in html for form in date_forms(value)), f"{value} not shown in any usual form"


def shows(html, text):
    return text in html or escape(text) in html


class _Elements(HTMLParser):
    """Each element of the wanted tags as (attributes, text inside it)."""

    def __init__(self, tags):
        super().__init__()
        self.tags, self.found, self.open = set(tags), [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.tags:
            self.open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            _tag, attrs, text = self.open.pop()
            self.found.append((tag, attrs, "".join(text).strip()))

    def handle_data(self, data):
        for _tag, _attrs, text in self.open:
            text.append(data)


def elements(html, *tags):
    parser = _Elements(tags)
    parser.feed(html)
    return parser.found


def root_language(html):
    """The lang attribute of the document's <html> element (not of any other element)."""
    match = re.search(r"<html\b[^>]*>", html, re.IGNORECASE)
    assert match, "no <html> element"
    attributes = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(0)))
    return attributes.get("lang")


def get(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    return response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_with_key_content(tree, client, name):
    page = getattr(tree, name)
    html = get(client, page)
    assert shows(html, page.title) or name == "home"
    assert root_language(html) == "en"
    for text in key_content(tree)[name]:
        assert shows(html, text), f"{name}: {text!r} missing"


@pytest.mark.parametrize("name", ["data_page", "intersessional_index", "process"])
def test_newer_page_types_render_with_key_content(tree, client, name):
    add_data_and_intersessional(tree)
    page = getattr(tree, name)
    html = get(client, page)
    assert root_language(html) == "en"
    for text in extra_key_content(tree)[name]:
        assert shows(html, text), f"{name}: {text!r} missing"


def test_gmp_hub_is_a_second_site(tree, client):
    from urllib.parse import urlsplit

    from .builders import GMP_HOST, build_gmp_site

    t = build_gmp_site(tree)
    for page, texts in (
        (t.gmp_home, [t.gmp_home.hero_heading, t.gmp_area_page.title]),
        (t.gmp_area_page, [t.gmp_area_page.title, "What the partnership area works on.", t.gmp_resource.title]),
    ):
        url = page.get_url()
        assert urlsplit(url).hostname in (None, GMP_HOST)
        response = client.get(urlsplit(url).path, headers={"host": GMP_HOST})
        assert response.status_code == 200, url
        html = response.content.decode()
        for text in texts:
            assert shows(html, text), f"{page.title}: {text!r} missing"
    # The Minamata site still answers on its own host.
    assert client.get("/en/", headers={"host": "localhost"}).context["page"].specific == t.home


def test_every_page_type_is_rendered():
    from django.apps import apps

    from wagtail.models import Page

    ours = {
        model.__name__
        for model in apps.get_models()
        if issubclass(model, Page) and model._meta.app_label in {"hub", "library"} and model.__name__ != "Page"
    }
    # MeetingParticipantsPage renders for participants only (see test_participants_area),
    # the two GMP types on the second site (test_gmp_hub_is_a_second_site).
    assert len(PAGES) + 3 == len(ours) - 3  # + the three of test_newer_page_types_render_with_key_content


def test_event_shows_dates_times_and_languages(tree, client):
    html = get(client, tree.event)
    assert_shows_date(html, tree.event.start_date)
    assert "13:00" in html or "1:00" in html or "1 p.m." in html
    assert "Europe/Zurich" in html or "Zurich" in html or "CET" in html or "CEST" in html
    assert "English" in html
    assert "French" in html


def test_meeting_shows_dates_venue_and_schedule(tree, client):
    html = get(client, tree.meeting)
    # The dates as one range in a <time> element that machines can read too.
    times = {(attrs.get("datetime"), text) for _tag, attrs, text in elements(html, "time")}
    assert ("2023-10-30", "30 October \u2013 3 November 2023") in times
    assert tree.meeting.venue in html
    for session in tree.meeting.sessions.all():
        assert session.title in html
        assert session.room in html
    # The participants' area is private: no link for anonymous visitors.
    assert tree.participants.url not in html


def test_party_shows_status_and_dates(tree, client):
    html = get(client, tree.party)
    assert "Party" in html
    for value in (tree.party.ratification_date, tree.party.entry_into_force_date):
        assert_shows_date(html, value)


def test_signatory_shows_its_status(tree, client):
    from hub import factories as hf

    signatory = hf.CountryProfilePageFactory(
        parent=tree.country_index,
        country=hf.CountryFactory(name="Chile", iso3="CHL", slug="chl", region=tree.africa),
        status="signatory",
        ratification_date=None,
        instrument="",
        entry_into_force_date=None,
    )
    html = get(client, signatory)
    assert "Signatory" in html or "signatory" in html


def test_news_shows_its_date(tree, client):
    assert_shows_date(get(client, tree.news), tree.news.date)


def test_resource_shows_type_and_date(tree, client):
    html = get(client, tree.resource)
    eyebrow = next(text for _tag, attrs, text in elements(html, "p") if attrs.get("class") == "eyebrow")
    assert eyebrow == "Guidance · 1 May 2019"


def test_decision_shows_its_symbol(tree, client):
    assert "MC-5/1" in get(client, tree.decision)


def test_participants_area(tree, client, django_user_model):
    from django.contrib.auth.models import Group

    from .builders import PARTICIPANTS_GROUP

    anonymous = client.get(tree.participants.url)
    assert anonymous.status_code in (302, 403)
    delegate = django_user_model.objects.create_user("delegate", password="pw")
    delegate.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
    client.force_login(delegate)
    html = get(client, tree.participants)
    assert shows(html, tree.participants.title)
    # …and the meeting page now links to it.
    assert tree.participants.url in get(client, tree.meeting)


def test_upcoming_event_is_not_in_the_past_list(tree, client):
    response = client.get(tree.event_index.url)
    assert [e.title for e in response.context["upcoming_events"]] == [tree.event.title]
    assert [e.title for e in response.context["past_events"]] == [tree.past_event.title]


def test_meeting_index_splits_cops_from_other_meetings(tree, client):
    from hub import factories as hf

    hf.MeetingPageFactory(parent=tree.meeting_index, short_name="INC-5", meeting_kind="inc", title="INC-5")
    response = client.get(tree.meeting_index.url)
    assert [m.short_name for m in response.context["cops"]] == ["COP-5"]
    assert [m.short_name for m in response.context["other_meetings"]] == ["INC-5"]
    assert "INC-5" in response.content.decode()

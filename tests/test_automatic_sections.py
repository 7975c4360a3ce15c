"""Sections that fill themselves from tagged content: only live, public, correctly tagged items."""

import datetime
from unittest import mock

from django.test import RequestFactory
from django.utils import timezone

import pytest

from hub import factories as hf
from hub.models import MeetingPage, MeetingSession
from hub.models.meetings import symbol_sort_key
from library import factories as lf

from .builders import restrict_to_participants

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def titles(pages):
    return [page.title for page in pages]


@pytest.fixture
def area_setup(tree):
    """Events, news and resources around the ASGM area page, including ones that must not show."""
    t = tree
    index = t.event_index
    ev = {
        "soon": hf.EventPageFactory(parent=index, title="Soon", start_date=days(5), thematic_areas=[t.asgm]),
        "later": hf.EventPageFactory(parent=index, title="Later", start_date=days(40), thematic_areas=[t.asgm]),
        "ongoing": hf.EventPageFactory(
            parent=index, title="Ongoing", start_date=days(-1), end_date=days(1), thematic_areas=[t.asgm]
        ),
        "old": hf.EventPageFactory(parent=index, title="Old", start_date=days(-400), thematic_areas=[t.asgm]),
        "intersessional": hf.EventPageFactory(
            parent=index,
            title="Expert group on ASGM",
            event_type="intersessional",
            start_date=days(-10),
            thematic_areas=[t.asgm],
        ),
        "draft": hf.EventPageFactory(parent=index, title="Draft event", live=False, thematic_areas=[t.asgm]),
        "private": hf.EventPageFactory(parent=index, title="Private event", thematic_areas=[t.asgm]),
        "other_area": hf.EventPageFactory(parent=index, title="Emissions event", thematic_areas=[t.emissions]),
        "untagged": hf.EventPageFactory(parent=index, title="Untagged event"),
    }
    restrict_to_participants(ev["private"])
    news_index = t.news_index
    hf.NewsPageFactory(parent=news_index, title="Draft news", live=False, thematic_areas=[t.asgm])
    hf.NewsPageFactory(parent=news_index, title="Emissions news", thematic_areas=[t.emissions])
    restrict_to_participants(hf.NewsPageFactory(parent=news_index, title="Private news", thematic_areas=[t.asgm]))
    lib = t.library
    lf.ResourcePageFactory(
        parent=lib,
        title="Meeting document COP.5/3",
        symbol="UNEP/MC/COP.5/3",
        resource_type=t.types["meeting-document"],
        thematic_areas=[t.asgm],
    )
    lf.ResourcePageFactory(parent=lib, title="Draft report", live=False, thematic_areas=[t.asgm])
    lf.ResourcePageFactory(parent=lib, title="Emissions report", thematic_areas=[t.emissions])
    restrict_to_participants(lf.ResourcePageFactory(parent=lib, title="Private report", thematic_areas=[t.asgm]))
    return t, ev


class TestThematicAreaSections:
    def test_events_split_upcoming_and_past(self, area_setup):
        t, _ev = area_setup
        sections = t.area_page.automatic_sections()
        # Soonest first; an event in progress is still upcoming. An intersessional *event* is an
        # event like any other; "intersessional" lists processes (tests/test_intersessional.py).
        assert titles(sections["upcoming_events"]) == ["Ongoing", "Soon", t.event.title, "Later"]
        assert titles(sections["past_events"]) == ["Expert group on ASGM", t.past_event.title, "Old"]
        assert sections["intersessional"] == []

    def test_only_live_public_pages_tagged_with_this_area(self, area_setup):
        t, _ev = area_setup
        sections = t.area_page.automatic_sections()
        shown = {
            title
            for key in (
                "upcoming_events",
                "past_events",
                "intersessional",
                "news",
                "decisions_and_documents",
                "resources",
            )
            for title in titles(sections[key])
        }
        for hidden in (
            "Draft event",
            "Private event",
            "Emissions event",
            "Untagged event",
            "Draft news",
            "Emissions news",
            "Private news",
            "Draft report",
            "Emissions report",
            "Private report",
        ):
            assert hidden not in shown

    def test_news_and_topics(self, area_setup):
        t, _ev = area_setup
        sections = t.area_page.automatic_sections()
        assert titles(sections["news"]) == [t.news.title]
        assert titles(sections["topics"]) == [t.topic.title]
        assert sections["articles"] == [t.article7]

    def test_decisions_and_documents_apart_from_other_resources(self, area_setup):
        t, _ev = area_setup
        sections = t.area_page.automatic_sections()
        assert set(titles(sections["decisions_and_documents"])) == {t.decision.title, "Meeting document COP.5/3"}
        assert titles(sections["resources"]) == [t.resource.title]

    def test_unpublishing_removes_an_item(self, area_setup):
        t, ev = area_setup
        ev["soon"].unpublish()
        assert "Soon" not in titles(t.area_page.automatic_sections()["upcoming_events"])

    def test_rendered_page_shows_sections(self, area_setup, client):
        t, _ev = area_setup
        response = client.get(t.area_page.url)
        assert response.status_code == 200
        assert response.context["upcoming_events"][0].title == "Ongoing"
        html = response.content.decode()
        for title in ("Soon", t.news.title, t.decision.title, t.resource.title):
            assert title in html
        for hidden in ("Draft event", "Private event", "Emissions event", "Private report", "Draft news"):
            assert hidden not in html


class TestCountryProfileSections:
    def test_projects_reports_and_resources(self, tree):
        t = tree
        other = hf.CountryFactory(name="Peru", iso3="PER", slug="per")
        hf.ProjectFactory(title="Peru project", countries=[other])
        older = hf.ProjectFactory(
            title="Older Kenya project", countries=[t.kenya, other], approval_date=datetime.date(2015, 1, 1)
        )
        lf.ResourcePageFactory(parent=t.library, title="Draft Kenya report", live=False, countries=[t.kenya])
        lf.ResourcePageFactory(
            parent=t.library,
            title="National report of Peru",
            resource_type=t.types["national-report"],
            countries=[other],
        )
        sections = t.party.automatic_sections()
        assert sections["projects"] == [t.project, older]
        assert titles(sections["national_reports"]) == [t.national_report.title]
        assert titles(sections["resources"]) == [t.resource.title]

    def test_party_without_anything_tagged(self, tree):
        t = tree
        empty = hf.CountryProfilePageFactory(
            parent=t.country_index, country=hf.CountryFactory(name="Chile", iso3="CHL", slug="chl")
        )
        sections = empty.automatic_sections()
        for key in ("projects", "national_reports", "action_plans", "resources", "upcoming_events", "past_events"):
            assert sections[key] == [], key
        assert sections["organisations"] == []
        assert sections["resource_count"] == 0
        assert sections["projects_as_of"] is None


class TestMeetingDocuments:
    def test_symbol_sort_key_is_natural(self):
        symbols = ["UNEP/MC/COP.1/10", "UNEP/MC/COP.1/2", "UNEP/MC/COP.1/2/Add.1", "UNEP/MC/COP.1/1"]
        assert sorted(symbols, key=symbol_sort_key) == [
            "UNEP/MC/COP.1/1",
            "UNEP/MC/COP.1/2",
            "UNEP/MC/COP.1/2/Add.1",
            "UNEP/MC/COP.1/10",
        ]

    def test_documents_by_symbol(self, tree):
        t = tree
        doc = t.types["meeting-document"]
        decision = t.types["decision"]
        for symbol in ("UNEP/MC/COP.5/10", "UNEP/MC/COP.5/2", "UNEP/MC/COP.5/2/Add.1"):
            lf.ResourcePageFactory(
                parent=t.library, title=f"Doc {symbol}", symbol=symbol, resource_type=doc, meeting=t.meeting
            )
        lf.ResourcePageFactory(
            parent=t.library, title="Decision MC-5/10", symbol="MC-5/10", resource_type=decision, meeting=t.meeting
        )
        lf.ResourcePageFactory(
            parent=t.library, title="Decision MC-5/2", symbol="MC-5/2", resource_type=decision, meeting=t.meeting
        )
        lf.ResourcePageFactory(
            parent=t.library,
            title="Draft doc",
            symbol="UNEP/MC/COP.5/1",
            resource_type=doc,
            meeting=t.meeting,
            live=False,
        )
        other = hf.MeetingPageFactory(parent=t.meeting_index, short_name="COP-4")
        lf.ResourcePageFactory(
            parent=t.library, title="COP-4 doc", symbol="UNEP/MC/COP.4/1", resource_type=doc, meeting=other
        )

        decisions, documents = t.meeting.documents_by_symbol()
        assert [r.symbol for r in decisions] == ["MC-5/1", "MC-5/2", "MC-5/10"]
        assert [r.symbol for r in documents] == ["UNEP/MC/COP.5/2", "UNEP/MC/COP.5/2/Add.1", "UNEP/MC/COP.5/10"]

    def test_meeting_page_lists_documents_in_order(self, tree, client):
        t = tree
        doc = t.types["meeting-document"]
        for symbol in ("UNEP/MC/COP.5/10", "UNEP/MC/COP.5/2"):
            lf.ResourcePageFactory(
                parent=t.library, title=f"Doc {symbol}", symbol=symbol, resource_type=doc, meeting=t.meeting
            )
        response = client.get(t.meeting.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.index("UNEP/MC/COP.5/2") < html.index("UNEP/MC/COP.5/10")


class TestHomePageContext:
    def test_upcoming_events_latest_news_latest_resources(self, tree):
        t = tree
        hf.EventPageFactory(parent=t.event_index, title="Draft upcoming", live=False, start_date=days(1))
        for n in range(5):
            lf.ResourcePageFactory(parent=t.library, title=f"Fresh resource {n}", publication_date=days(-n))
        request = RequestFactory().get("/en/")
        context = t.home.get_context(request)
        assert titles(context["upcoming_events"]) == [t.event.title]
        assert titles(context["latest_news"]) == [t.news.title]
        assert titles(context["latest_resources"]) == [f"Fresh resource {n}" for n in range(4)]
        assert list(context["pillars"]) == [t.pillar_page]
        assert context["event_index"] == t.event_index
        assert context["library_index"].specific == t.library
        assert list(context["thematic_areas"]) == [t.area_page]

    def test_home_renders_them(self, tree, client):
        t = tree
        response = client.get("/en/")
        assert response.status_code == 200
        html = response.content.decode()
        for title in (t.event.title, t.news.title, t.resource.title, t.pillar_page.title):
            assert title in html
        assert t.past_event.title not in html


class TestScheduleUpdatedAt:
    T0 = datetime.datetime(2023, 10, 30, 8, 0, tzinfo=datetime.UTC)
    T1 = datetime.datetime(2023, 10, 31, 9, 30, tzinfo=datetime.UTC)
    T2 = datetime.datetime(2023, 11, 1, 11, 0, tzinfo=datetime.UTC)

    def make_meeting(self, tree):
        with mock.patch("hub.models.meetings.timezone.now", return_value=self.T0):
            return hf.MeetingPageFactory(
                parent=tree.meeting_index,
                short_name="INC-9",
                meeting_kind="inc",
                sessions=[hf.meeting_session(datetime.date(2023, 10, 30), "Plenary")],
            )

    def test_set_when_created_with_sessions_and_not_without(self, tree):
        meeting = self.make_meeting(tree)
        assert MeetingPage.objects.get(pk=meeting.pk).schedule_updated_at == self.T0
        bare = hf.MeetingPageFactory(parent=tree.meeting_index, short_name="INC-8")
        assert bare.schedule_updated_at is None

    def test_draft_does_not_move_it_publish_does(self, tree):
        meeting = MeetingPage.objects.get(pk=self.make_meeting(tree).pk)
        meeting.sessions.add(MeetingSession(date=datetime.date(2023, 10, 31), title="Contact group on finance"))
        with mock.patch("hub.models.meetings.timezone.now", return_value=self.T1):
            revision = meeting.save_revision()
        assert MeetingPage.objects.get(pk=meeting.pk).schedule_updated_at == self.T0
        assert MeetingPage.objects.get(pk=meeting.pk).sessions.count() == 1

        with mock.patch("hub.models.meetings.timezone.now", return_value=self.T2):
            revision.publish()
        published = MeetingPage.objects.get(pk=meeting.pk)
        assert published.schedule_updated_at == self.T2
        assert published.sessions.count() == 2

    def test_publishing_other_changes_leaves_it(self, tree):
        meeting = MeetingPage.objects.get(pk=self.make_meeting(tree).pk)
        meeting.venue = "Bali"
        with mock.patch("hub.models.meetings.timezone.now", return_value=self.T2):
            meeting.save_revision().publish()
        assert MeetingPage.objects.get(pk=meeting.pk).schedule_updated_at == self.T0

    def test_editing_a_session_moves_it(self, tree):
        meeting = MeetingPage.objects.get(pk=self.make_meeting(tree).pk)
        session = meeting.sessions.first()
        session.room = "Plenary hall"
        meeting.sessions = [session]
        with mock.patch("hub.models.meetings.timezone.now", return_value=self.T1):
            meeting.save_revision().publish()
        assert MeetingPage.objects.get(pk=meeting.pk).schedule_updated_at == self.T1

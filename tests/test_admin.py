"""Editors' forms: validation errors land on the right field, valid pages can be created,
taxonomy snippets are editable."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from hub.models import (
    ConventionArticle,
    Country,
    CountryProfilePage,
    EventPage,
    GMPArea,
    MeetingPage,
    NewsPage,
    Pillar,
    Project,
    Region,
    ResourceType,
    StandardPage,
    ThematicArea,
    ThematicAreaPage,
)

from .builders import build_home_site, build_tree


def page_form(**fields):
    """POST data for a BasePage form: the promote fields every page has, plus `fields`."""
    data = {
        "title": "A page",
        "seo_title": "",
        "search_description": "",
        "listing_title": "",
        "listing_summary": "",
        "listing_image": "",
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def meeting_form(**overrides):
    fields = {
        "title": "Sixth meeting of the Conference of the Parties",
        "slug": "cop-6",
        "meeting_kind": "cop",
        "short_name": "COP-6",
        "start_date": "2025-11-03",
        "end_date": "2025-11-07",
        "venue": "Geneva",
        "summary": "The sixth meeting.",
        "body": streamfield([]),
        "sessions": inline_formset(
            [
                {
                    "date": "2025-11-03",
                    "start_time": "10:00",
                    "end_time": "13:00",
                    "title": "Opening",
                    "room": "",
                    "notes": "",
                }
            ]
        ),
        "livestreams": inline_formset([]),
    }
    fields.update(overrides)
    return page_form(**fields)


def event_form(**overrides):
    fields = {
        "title": "Webinar on mercury-added products",
        "slug": "webinar-products",
        "event_type": "webinar",
        "start_date": "2025-06-10",
        "start_time": "14:00",
        "end_date": "",
        "end_time": "15:30",
        "time_zone": "Europe/Zurich",
        "location": "Online",
        "organizers": "",
        "intro": "",
        "body": streamfield([]),
        "registration_url": "",
        "recording_url": "",
    }
    fields.update(overrides)
    data = page_form(**fields)
    data["languages"] = ["en", "fr"]
    return data


def party_form(country, **overrides):
    fields = {
        "title": country.name,
        "slug": country.slug,
        "country": str(country.pk),
        "status": "party",
        "signature_date": "2013-10-10",
        "ratification_date": "2016-06-07",
        "instrument": "ratification",
        "entry_into_force_date": "2017-08-16",
        "status_as_of": "2024-01-01",
        "body": streamfield([]),
    }
    fields.update(overrides)
    return page_form(**fields)


class AdminFormTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        site = build_home_site()
        cls.t = build_tree(site.root_page.specific)
        cls.user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.user)

    def add_url(self, model, parent):
        return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])

    def post_new(self, model, parent, data):
        data = dict(data, **{"action-publish": "action-publish"})
        return self.client.post(self.add_url(model, parent), data)

    def assertFieldError(self, response, field, message):
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertIn(field, form.errors, form.errors)
        self.assertIn(message, " ".join(form.errors[field]))
        self.assertContains(response, message)

    # --- meetings -----------------------------------------------------------------------
    def test_meeting_ending_before_it_starts_is_refused_on_end_date(self):
        before = MeetingPage.objects.count()
        response = self.post_new(MeetingPage, self.t.meeting_index, meeting_form(end_date="2025-11-01"))
        self.assertFieldError(response, "end_date", "The last day cannot be before the first day.")
        self.assertEqual(MeetingPage.objects.count(), before)
        self.assertFalse(MeetingPage.objects.filter(slug="cop-6").exists())

    def test_valid_meeting_can_be_created(self):
        self.assertCanCreate(self.t.meeting_index, MeetingPage, meeting_form())
        meeting = MeetingPage.objects.get(slug="cop-6")
        self.assertTrue(meeting.live)
        self.assertEqual(meeting.sessions.count(), 1)
        self.assertIsNotNone(meeting.schedule_updated_at)

    def test_session_ending_before_it_starts_is_refused(self):
        sessions = inline_formset(
            [{"date": "2025-11-03", "start_time": "13:00", "end_time": "10:00", "title": "Plenary"}]
        )
        response = self.post_new(MeetingPage, self.t.meeting_index, meeting_form(sessions=sessions))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(MeetingPage.objects.filter(slug="cop-6").exists())
        self.assertContains(response, "A session cannot end before it starts.")

    # --- events -------------------------------------------------------------------------
    def test_event_ending_before_it_starts_is_refused_on_end_date(self):
        before = EventPage.objects.count()
        response = self.post_new(EventPage, self.t.event_index, event_form(end_date="2025-06-01"))
        self.assertFieldError(response, "end_date", "The event cannot end before it starts.")
        self.assertEqual(EventPage.objects.count(), before)

    def test_event_ending_before_it_starts_on_the_same_day(self):
        response = self.post_new(EventPage, self.t.event_index, event_form(start_time="15:00", end_time="09:00"))
        self.assertFieldError(response, "end_time", "The event cannot end before it starts.")

    def test_event_with_unknown_time_zone(self):
        response = self.post_new(EventPage, self.t.event_index, event_form(time_zone="Mars/Olympus"))
        self.assertFieldError(response, "time_zone", "Unknown time zone")

    def test_event_with_unknown_language(self):
        data = event_form()
        data["languages"] = ["en", "xx"]
        response = self.post_new(EventPage, self.t.event_index, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("languages", response.context["form"].errors)
        self.assertFalse(EventPage.objects.filter(slug="webinar-products").exists())

    def test_valid_event_can_be_created(self):
        self.assertCanCreate(self.t.event_index, EventPage, event_form())
        event = EventPage.objects.get(slug="webinar-products")
        self.assertEqual(event.languages, ["en", "fr"])
        self.assertEqual(event.start_date, datetime.date(2025, 6, 10))

    # --- Party profiles -----------------------------------------------------------------
    def test_party_without_ratification_date_is_refused(self):
        chile = Country.objects.create(name="Chile", slug="chl", iso3="CHL", region=self.t.africa)
        before = CountryProfilePage.objects.count()
        response = self.post_new(CountryProfilePage, self.t.country_index, party_form(chile, ratification_date=""))
        self.assertFieldError(response, "ratification_date", "A Party needs the date its instrument was deposited.")
        self.assertEqual(CountryProfilePage.objects.count(), before)

    def test_signatory_without_ratification_date_is_fine(self):
        chile = Country.objects.create(name="Chile", slug="chl", iso3="CHL", region=self.t.africa)
        data = party_form(chile, status="signatory", ratification_date="", instrument="", entry_into_force_date="")
        self.assertCanCreate(self.t.country_index, CountryProfilePage, data)

    def test_entry_into_force_before_deposit_is_refused(self):
        chile = Country.objects.create(name="Chile", slug="chl", iso3="CHL", region=self.t.africa)
        response = self.post_new(
            CountryProfilePage, self.t.country_index, party_form(chile, entry_into_force_date="2015-01-01")
        )
        self.assertFieldError(response, "entry_into_force_date", "Entry into force cannot precede")

    # --- other page types ---------------------------------------------------------------
    def test_valid_standard_page_can_be_created(self):
        body = streamfield([("paragraph", rich_text("<p>Who we are.</p>"))])
        self.assertCanCreate(self.t.home, StandardPage, page_form(title="Contact", slug="contact", body=body))

    def test_valid_news_page_can_be_created(self):
        data = page_form(
            title="COP-6 opens", slug="cop-6-opens", date="2025-11-03", intro="It opened.", body=streamfield([])
        )
        self.assertCanCreate(self.t.news_index, NewsPage, data)

    def test_thematic_area_page_needs_a_summary(self):
        # Draftail submits "null" for an empty editor.
        area = ThematicArea.objects.create(name="Emissions control", slug="emissions-control")
        data = page_form(
            title="Emissions control", slug="emissions-control", area=str(area.pk), summary="null", body=streamfield([])
        )
        response = self.post_new(ThematicAreaPage, self.t.thematic_index, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("summary", response.context["form"].errors)

    def test_dashboard(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)

    def test_edit_views_of_every_page_type_open(self):
        for name in (
            "home",
            "pillar_page",
            "topic",
            "area_page",
            "party",
            "meeting",
            "event",
            "news",
            "standard",
            "resource",
        ):
            page = getattr(self.t, name)
            with self.subTest(page=name):
                response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                self.assertEqual(response.status_code, 200)


class SnippetAdminTests(WagtailPageTestCase):
    MODELS = (Pillar, ThematicArea, ConventionArticle, GMPArea, Region, Country, ResourceType, Project)

    @classmethod
    def setUpTestData(cls):
        site = build_home_site()
        cls.t = build_tree(site.root_page.specific)
        GMPArea.objects.create(name="Chlor-alkali", slug="chlor-alkali")
        cls.user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.user)

    def test_listing_and_edit_views_answer(self):
        for model in self.MODELS:
            viewset = model.snippet_viewset
            instance = model.objects.first()
            with self.subTest(model=model.__name__):
                self.assertEqual(self.client.get(reverse(viewset.get_url_name("list"))).status_code, 200)
                edit = reverse(viewset.get_url_name("edit"), args=[instance.pk])
                self.assertEqual(self.client.get(edit).status_code, 200)
                self.assertEqual(self.client.get(reverse(viewset.get_url_name("add"))).status_code, 200)

    def test_listing_search_answers(self):
        for model in self.MODELS:
            with self.subTest(model=model.__name__):
                response = self.client.get(reverse(model.snippet_viewset.get_url_name("list")), {"q": "ke"})
                self.assertEqual(response.status_code, 200)

    def test_listing_search_and_export(self):
        viewset = Country.snippet_viewset
        response = self.client.get(reverse(viewset.get_url_name("list")), {"q": "KEN"})
        self.assertContains(response, "Kenya")
        response = self.client.get(reverse(viewset.get_url_name("list")), {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Kenya", b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        )

    def test_a_term_can_be_renamed(self):
        pillar = self.t.pillar
        edit = reverse(Pillar.snippet_viewset.get_url_name("edit"), args=[pillar.pk])
        response = self.client.post(
            edit, {"name": "Science", "slug": "scientific", "description": "Evidence.", "sort_order": "1"}
        )
        self.assertEqual(response.status_code, 302)
        pillar.refresh_from_db()
        self.assertEqual(pillar.name, "Science")

    def test_duplicate_slug_is_refused(self):
        # (slug, locale) is unique; the form has no locale field, so the model must check it.
        add = reverse(Region.snippet_viewset.get_url_name("add"))
        response = self.client.post(
            add, {"name": "Africa again", "slug": "africa", "description": "", "sort_order": "0"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Region.objects.filter(slug="africa").count(), 1)

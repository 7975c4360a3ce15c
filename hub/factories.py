"""factory_boy factories for hub's taxonomies, projects and page types.

Tests, benchmarks and ad-hoc shells build content with these, never with fixtures files.
Page factories need a parent: `HomePageFactory(parent=root)`, `NewsPageFactory(parent=news_index)`.
Taxonomy terms are created in the default locale (Wagtail fills it in on save); pages
inherit their parent's locale. M2M tags are passed as lists, e.g.
`EventPageFactory(parent=index, thematic_areas=[asgm])`.
"""

import datetime
import string

from django.utils import timezone
from django.utils.text import slugify

import factory
import wagtail_factories

from . import models

# ---------------------------------------------------------------------------
# Taxonomies
# ---------------------------------------------------------------------------


class TaxonomyFactory(factory.django.DjangoModelFactory):
    """Name, slug and order; `django_get_or_create` on slug so a contract slug is made once."""

    name = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name)[:100])
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        abstract = True
        django_get_or_create = ("slug",)


class PillarFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Pillar {n}")

    class Meta:
        model = models.Pillar


class GMPAreaFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Partnership area {n}")

    class Meta:
        model = models.GMPArea


class ConventionArticleFactory(TaxonomyFactory):
    number = factory.Sequence(lambda n: str(n % 35 + 1))
    name = factory.LazyAttribute(lambda obj: f"Article {obj.number} subject")
    slug = factory.LazyAttribute(lambda obj: f"article-{obj.number}")
    kind = models.ConventionArticle.Kind.ARTICLE

    class Meta:
        model = models.ConventionArticle


class ThematicAreaFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Thematic area {n}")

    class Meta:
        model = models.ThematicArea
        skip_postgeneration_save = True

    @factory.post_generation
    def articles(self, create, extracted, **kwargs):
        if create and extracted:
            self.articles.set(extracted)

    @factory.post_generation
    def gmp_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.gmp_areas.set(extracted)


class RegionFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Region {n}")

    class Meta:
        model = models.Region


def _iso3(n):
    letters = string.ascii_uppercase
    return f"Q{letters[(n // 26) % 26]}{letters[n % 26]}"


class CountryFactory(TaxonomyFactory):
    """A country with a made-up code in the user-assigned Q range unless `iso3` is given."""

    iso3 = factory.Sequence(_iso3)
    name = factory.LazyAttribute(lambda obj: f"Country {obj.iso3}")
    slug = factory.LazyAttribute(lambda obj: obj.iso3.lower())
    region = factory.SubFactory(RegionFactory)

    class Meta:
        model = models.Country
        django_get_or_create = ("iso3",)


class ResourceTypeFactory(TaxonomyFactory):
    name = factory.LazyAttribute(lambda obj: obj.slug.replace("-", " ").capitalize())
    slug = factory.Iterator(["report", "guidance", "toolkit", "fact-sheet", "case-study"])

    class Meta:
        model = models.ResourceType


class ProjectFactory(factory.django.DjangoModelFactory):
    project_id = factory.Sequence(lambda n: f"gef-{10000 + n}")
    programme = models.Project.Programme.GEF
    title = factory.Sequence(lambda n: f"Mercury reduction project {n}")
    agency = "UNEP"
    status = "approved"
    approval_date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))

    class Meta:
        model = models.Project
        skip_postgeneration_save = True

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def thematic_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.thematic_areas.set(extracted)


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


class BasePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title)[:255])
    live = True

    class Meta:
        abstract = True


def paragraph(html):
    """A one-paragraph `body` StreamField value."""
    from wagtail.rich_text import RichText

    return [("paragraph", RichText(html))]


class HomePageFactory(BasePageFactory):
    title = "Minamata Exchange Platform"
    slug = "home"
    hero_heading = "Sharing knowledge to make mercury history"
    hero_text = "Everything the Minamata Convention community knows about mercury, in one place."

    class Meta:
        model = models.HomePage


class StandardPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"About the platform {n}")
    body = factory.LazyFunction(lambda: paragraph("<p>The platform gathers the Convention's knowledge.</p>"))

    class Meta:
        model = models.StandardPage


class PillarPageFactory(BasePageFactory):
    pillar = factory.SubFactory(PillarFactory)
    title = factory.LazyAttribute(lambda obj: f"{obj.pillar.name} knowledge")
    intro = "What this pillar covers, in two or three sentences."

    class Meta:
        model = models.PillarPage


class TopicPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Topic {n}")
    intro = "A short lead paragraph about the topic."
    body = factory.LazyFunction(lambda: paragraph("<p>The topic in detail.</p>"))

    class Meta:
        model = models.TopicPage


class ThematicAreaIndexPageFactory(BasePageFactory):
    title = "Thematic areas"
    slug = "thematic-areas"
    intro = "The twelve priority areas of the Convention."
    show_in_menus = True

    class Meta:
        model = models.ThematicAreaIndexPage


class ThematicAreaPageFactory(BasePageFactory):
    area = factory.SubFactory(ThematicAreaFactory)
    title = factory.LazyAttribute(lambda obj: obj.area.name)
    slug = factory.LazyAttribute(lambda obj: obj.area.slug)
    summary = "<p>What the area covers and why it matters.</p>"

    class Meta:
        model = models.ThematicAreaPage


class CountryIndexPageFactory(BasePageFactory):
    title = "Parties"
    slug = "parties"
    intro = "Parties and signatories of the Minamata Convention."
    show_in_menus = True

    class Meta:
        model = models.CountryIndexPage


class CountryProfilePageFactory(BasePageFactory):
    """A Party by default (with a deposit date, as CountryProfilePage.clean requires)."""

    country = factory.SubFactory(CountryFactory)
    title = factory.LazyAttribute(lambda obj: obj.country.name)
    slug = factory.LazyAttribute(lambda obj: obj.country.slug)
    status = models.CountryProfilePage.Status.PARTY
    signature_date = datetime.date(2013, 10, 10)
    ratification_date = datetime.date(2016, 6, 7)
    instrument = models.CountryProfilePage.Instrument.RATIFICATION
    entry_into_force_date = datetime.date(2017, 8, 16)
    status_as_of = datetime.date(2024, 1, 1)

    class Meta:
        model = models.CountryProfilePage


class MeetingIndexPageFactory(BasePageFactory):
    title = "Meetings"
    slug = "meetings"
    intro = "Meetings of the Conference of the Parties."
    show_in_menus = True

    class Meta:
        model = models.MeetingIndexPage


class MeetingPageFactory(BasePageFactory):
    meeting_kind = models.MeetingPage.Kind.COP
    short_name = factory.Sequence(lambda n: f"COP-{n + 1}")
    title = factory.LazyAttribute(lambda obj: f"{obj.short_name}: Conference of the Parties")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.short_name))
    start_date = datetime.date(2023, 10, 30)
    end_date = datetime.date(2023, 11, 3)
    venue = "International Conference Centre, Geneva"
    summary = "The Conference of the Parties reviews the implementation of the Convention."

    class Meta:
        model = models.MeetingPage


def meeting_session(day, title="Plenary", start=(10, 0), end=(13, 0), room="Room 1", notes=""):
    """An unsaved MeetingSession to pass as `sessions=[...]` to MeetingPageFactory."""
    return models.MeetingSession(
        date=day,
        start_time=datetime.time(*start) if start else None,
        end_time=datetime.time(*end) if end else None,
        title=title,
        room=room,
        notes=notes,
    )


class MeetingParticipantsPageFactory(BasePageFactory):
    title = "Participants' area"
    slug = "participants"
    intro = "In-session documents for registered participants."

    class Meta:
        model = models.MeetingParticipantsPage


class EventIndexPageFactory(BasePageFactory):
    title = "Events"
    slug = "events"
    intro = "Webinars, Minamata Online sessions and meetings."
    show_in_menus = True

    class Meta:
        model = models.EventIndexPage


class EventPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Minamata Online session {n}")
    event_type = models.EventPage.EventType.WEBINAR
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    start_time = datetime.time(13, 0)
    end_time = datetime.time(15, 0)
    time_zone = "Europe/Zurich"
    location = "Online"
    languages = factory.LazyFunction(lambda: ["en", "fr"])
    organizers = "Secretariat of the Minamata Convention"
    intro = "A session on the Convention's work."

    class Meta:
        model = models.EventPage


class NewsIndexPageFactory(BasePageFactory):
    title = "News"
    slug = "news"
    intro = "News from the Convention."
    show_in_menus = True

    class Meta:
        model = models.NewsIndexPage


class NewsPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"News item {n}")
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    intro = "The news in one or two sentences."

    class Meta:
        model = models.NewsPage


class GMPHomePageFactory(BasePageFactory):
    title = "Global Mercury Partnership"
    slug = "gmp-home"
    hero_heading = "Partners working together to reduce mercury"
    hero_text = "The knowledge hub of the Global Mercury Partnership."

    class Meta:
        model = models.GMPHomePage


class GMPAreaPageFactory(BasePageFactory):
    gmp_area = factory.SubFactory(GMPAreaFactory)
    title = factory.LazyAttribute(lambda obj: obj.gmp_area.name)
    slug = factory.LazyAttribute(lambda obj: obj.gmp_area.slug)
    summary = "<p>What the partnership area works on.</p>"

    class Meta:
        model = models.GMPAreaPage

"""`load_seed_content`: the site it builds from the seed data files, idempotency and failure.

The full seed is loaded once for the package (tests/seeded/conftest.py) and rolled back after it.
"""

import hashlib
import io
import json
import re
from datetime import date, time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Revision, Site
from wagtail_localize.models import LocaleSynchronization

import pytest

from hub.models import (
    ConventionArticle,
    Country,
    CountryProfilePage,
    EventPage,
    GMPArea,
    GMPAreaPage,
    GMPHomePage,
    HomePage,
    MeetingPage,
    MeetingParticipantsPage,
    NewsPage,
    Pillar,
    PillarPage,
    Project,
    Region,
    ResourceType,
    SiteSettings,
    SiteTexts,
    StandardPage,
    ThematicArea,
    ThematicAreaPage,
    TopicPage,
)
from hub.seed import SeedError, records
from library.models import DownloadCount, FileText, LibraryCollection, LibraryIndexPage, ResourceFile, ResourcePage
from partners.models import Organisation

HUB_DATA = Path(records.DATA_DIR)
LIBRARY_DATA = Path(__file__).resolve().parents[2] / "library" / "seed" / "data"
PARTNERS_DATA = Path(__file__).resolve().parents[2] / "partners" / "seed" / "data"
Document = get_document_model()

THEMATIC_AREA_SLUGS = [
    "supply-and-trade",
    "mercury-added-products",
    "manufacturing-processes",
    "asgm",
    "emissions",
    "releases",
    "interim-storage",
    "mercury-wastes",
    "contaminated-sites",
    "financial-resources",
    "capacity-building",
    "health",
]
RESOURCE_TYPE_SLUGS = [
    "report",
    "guidance",
    "toolkit",
    "fact-sheet",
    "case-study",
    "training-material",
    "video",
    "webinar-recording",
    "presentation",
    "dataset",
    "tool",
    "template",
    "policy-brief",
    "national-action-plan",
    "national-report",
    "meeting-document",
    "decision",
    "legislation",
    "scientific-article",
    "other",
]
GMP_SLUGS = [
    "asgm",
    "coal-combustion",
    "chlor-alkali",
    "products",
    "air-transport-and-fate",
    "waste-management",
    "supply-and-storage",
    "cement",
]
REGION_SLUGS = ["africa", "asia-pacific", "central-eastern-europe", "latin-america-caribbean", "western-europe-others"]


def data(name, directory=HUB_DATA):
    return json.loads((directory / name).read_text(encoding="utf-8"))


def seed(**options):
    out = io.StringIO()
    call_command("load_seed_content", stdout=out, **options)
    return out.getvalue()


def english(queryset):
    return queryset.filter(locale=Locale.get_default())


def snapshot():
    """Counts and a checksum of the field values the seed writes."""
    models = [
        Page,
        Revision,
        Pillar,
        ThematicArea,
        ConventionArticle,
        GMPArea,
        Region,
        Country,
        ResourceType,
        Project,
        PageViewRestriction,
        LocaleSynchronization,
        SiteSettings,
        SiteTexts,
        Site,
        Organisation,
        LibraryCollection,
        ResourceFile,
        Document,
        DownloadCount,
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    digest = hashlib.sha256()
    querysets = [
        Page.objects.order_by("path").values(),
        CountryProfilePage.objects.order_by("pk").values(),
        ResourcePage.objects.order_by("pk").values(),
        EventPage.objects.order_by("pk").values(),
        MeetingPage.objects.order_by("pk").values(),
        NewsPage.objects.order_by("pk").values(),
        TopicPage.objects.order_by("pk").values(),
        ThematicAreaPage.objects.order_by("pk").values(),
        ThematicArea.objects.order_by("pk").values(),
        ThematicArea.articles.through.objects.order_by("pk").values(),
        ConventionArticle.objects.order_by("pk").values(),
        Country.objects.order_by("pk").values(),
        Project.objects.order_by("pk").values(),
        Project.countries.through.objects.order_by("pk").values(),
        ResourcePage.thematic_areas.through.objects.order_by("pk").values(),
        SiteSettings.objects.order_by("pk").values(),
        SiteTexts.objects.order_by("pk").values(),
        Site.objects.order_by("pk").values(),
        Organisation.objects.order_by("pk").values(),
        LibraryCollection.objects.order_by("pk").values(),
        ResourcePage.collections.through.objects.order_by("pk").values(),
        ResourceFile.objects.order_by("pk").values(),
        Document.objects.order_by("pk").values("pk", "title", "file", "file_hash", "file_size", "created_at"),
    ]
    for queryset in querysets:
        digest.update(json.dumps(list(queryset), default=str, sort_keys=True).encode())
    return counts, digest.hexdigest()


# Taxonomies -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_taxonomies_follow_the_contracts_and_the_data(seeded):
    # The source (English) terms; their translations are checked in test_vocabularies_seeded.py.
    assert list(english(Pillar.objects).values_list("slug", flat=True)) == [
        "scientific",
        "technical",
        "legal",
        "implementation",
    ]
    assert list(english(ThematicArea.objects).order_by("sort_order").values_list("slug", flat=True)) == (
        THEMATIC_AREA_SLUGS
    )
    assert sorted(english(GMPArea.objects).values_list("slug", flat=True)) == sorted(GMP_SLUGS)
    assert list(english(Region.objects).order_by("sort_order").values_list("slug", flat=True)) == REGION_SLUGS
    assert list(english(ResourceType.objects).order_by("sort_order").values_list("slug", flat=True)) == (
        RESOURCE_TYPE_SLUGS
    )
    articles = data("articles.json")
    assert english(ConventionArticle.objects).count() == len(articles) == 40
    assert english(ConventionArticle.objects).filter(kind="annex").count() == 5
    annex_c = english(ConventionArticle.objects).get(slug="annex-c")
    assert (annex_c.number, annex_c.name) == ("C", "Artisanal and small-scale gold mining National action plans")
    parties = data("parties.json")
    assert english(Country.objects).count() == len(parties) + len(data("countries_extra.json"))
    eu = english(Country.objects).get(iso3="EUU")
    assert (eu.slug, eu.region) == ("euu", None)
    kenya = english(Country.objects).get(iso3="KEN")
    assert (kenya.slug, kenya.iso2, kenya.region.slug) == ("ken", "KE", "africa")


@pytest.mark.django_db
def test_thematic_areas_link_articles_and_partnership_areas(seeded):
    names = {record["name"] for record in data("priority_areas.json")}
    assert set(english(ThematicArea.objects).values_list("name", flat=True)) == names
    asgm = english(ThematicArea.objects).get(slug="asgm")
    assert set(asgm.articles.values_list("slug", flat=True)) == {"article-7", "annex-c"}
    assert set(asgm.gmp_areas.values_list("slug", flat=True)) == {"asgm"}
    assert not english(ThematicArea.objects).get(slug="health").gmp_areas.exists()
    assert all(area.description for area in ThematicArea.objects.all())


# Page tree ------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_home_page_is_the_default_site_root(seeded):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("localhost", 80, "Minamata Exchange Platform")
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.slug == "home"
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    settings = SiteTexts.for_site(site, "en")
    assert [block.value["page"].slug for block in settings.main_menu] == [
        "thematic-areas",
        "library",
        "parties",
        "meetings",
        "events",
        "news",
        "partners",
    ]
    assert [block.value["page"].slug for block in settings.footer_links] == ["about", "contact", "terms"]


@pytest.mark.django_db
def test_page_counts_match_the_data_files(seeded):
    events = data("events.json")
    sessions = [e for e in events if e["event_type"] in ("COP", "INC")]
    other_events = [e for e in events if e["event_type"] not in ("COP", "INC") and e.get("start_date")]
    library = sum(len(data(name, LIBRARY_DATA)) for name in ("decisions.json", "documents.json", "resources.json"))
    assert english(PillarPage.objects).count() == 4
    assert english(TopicPage.objects).count() == 8
    assert all(1 <= TopicPage.objects.child_of(p).count() <= 2 for p in english(PillarPage.objects))
    assert list(english(ThematicAreaPage.objects).order_by("area__sort_order").values_list("slug", flat=True)) == (
        THEMATIC_AREA_SLUGS
    )
    assert english(CountryProfilePage.objects).count() == len(data("parties.json"))
    assert len(sessions) == 13  # COP-4 has two segments, modelled as one meeting
    assert sorted(english(MeetingPage.objects).values_list("slug", flat=True)) == sorted(
        [f"cop-{n}" for n in range(1, 7)] + [f"inc-{n}" for n in range(1, 7)]
    )
    assert english(EventPage.objects).count() == len(other_events)
    # The library's own records; the demo partner contributions are checked in test_partner_seed.py.
    assert english(ResourcePage.objects.filter(contributed_by__isnull=True)).count() == library
    assert english(NewsPage.objects).count() >= 4
    assert set(english(StandardPage.objects).values_list("slug", flat=True)) == {"about", "contact", "terms"}
    assert Project.objects.count() == len(data("projects.json"))
    # Every English page is live and published with a revision, but the demo contributions in review.
    in_review = ResourcePage.objects.filter(contributed_by__isnull=False, live=False)
    pages = english(Page.objects.filter(depth__gt=1)).exclude(pk__in=in_review.values("pk"))
    assert not pages.filter(live=False).exists()
    assert not pages.filter(live_revision__isnull=True).exists()


@pytest.mark.django_db
def test_party_profiles_carry_the_dates_of_the_data(seeded):
    parties = {record["name"]: record for record in data("parties.json")}
    for name in ("Kenya", "Afghanistan", "Angola", "European Union"):
        record = parties[name]
        profile = english(CountryProfilePage.objects).get(title=name)
        assert profile.status == record["status"]
        for field in ("signature_date", "ratification_date", "entry_into_force_date", "status_as_of"):
            expected = date.fromisoformat(record[field]) if record[field] else None
            assert getattr(profile, field) == expected, (name, field)
        assert profile.instrument == ("accession" if record["instrument_type"] else "")
    assert english(CountryProfilePage.objects).get(title="European Union").slug == "european-union"
    assert english(CountryProfilePage.objects).get(title="Kenya").slug == "ken"


@pytest.mark.django_db
def test_cop4_is_one_meeting_across_both_segments(seeded):
    cop4 = english(MeetingPage.objects).get(slug="cop-4")
    assert (cop4.start_date, cop4.end_date) == (date(2021, 11, 1), date(2022, 3, 25))
    assert "two segments" in cop4.summary
    assert not cop4.sessions.exists()
    assert cop4.documents.filter(symbol="MC-4/3").exists()


@pytest.mark.django_db
def test_events_are_typed_timed_and_tagged(seeded):
    meeting = english(EventPage.objects).get(title__startswith="Eastern European States regional preparatory")
    assert meeting.event_type == "intersessional"
    assert (meeting.start_time, meeting.end_time, meeting.time_zone) == (time(10), time(14, 30), "Europe/Zurich")
    side_event = english(EventPage.objects).get(title__startswith="Mercury Wastes")
    assert set(side_event.thematic_areas.values_list("slug", flat=True)) == {"mercury-wastes"}
    assert english(EventPage.objects).filter(event_type="minamata-online").exists()
    # COP and INC sessions are meetings, not events.
    sessions = [e["title"] for e in data("events.json") if e["event_type"] in ("COP", "INC")]
    assert not english(EventPage.objects).filter(title__in=sessions).exists()


@pytest.mark.django_db
def test_library_resources_are_keyed_typed_and_tagged(seeded):
    decision = english(ResourcePage.objects).get(identifier="MC-4/3")
    assert (decision.resource_type.slug, decision.symbol, decision.meeting.slug) == ("decision", "MC-4/3", "cop-4")
    assert {"article-4", "article-5", "article-27"} <= set(decision.articles.values_list("slug", flat=True))
    assert "mercury-added-products" in set(decision.thematic_areas.values_list("slug", flat=True))
    document = english(ResourcePage.objects).get(identifier="UNEP/MC/COP.1/26")
    assert (document.resource_type.slug, document.meeting.slug) == ("meeting-document", "cop-1")
    assert document.publication_date == date(2017, 4, 27)
    factsheet = english(ResourcePage.objects).get(identifier="hdl:20.500.11822/30813")
    assert factsheet.resource_type.slug == "fact-sheet"
    assert set(factsheet.gmp_areas.values_list("slug", flat=True)) == {"chlor-alkali"}
    assert factsheet.summary.startswith("Fact sheet published in 2019 by the United Nations Environment Programme")
    plan = english(ResourcePage.objects).get(title__startswith="National Strategic Plan for the Phaseout")
    assert plan.resource_type.slug == "national-action-plan"
    assert list(plan.countries.values_list("iso3", flat=True)) == ["PHL"]


@pytest.mark.django_db
def test_projects_resolve_countries_and_record_no_invented_amounts(seeded):
    project = Project.objects.get(project_id="sip-1-arg")
    assert (project.programme, project.round, project.approval_date) == ("sip", 1, date(2018, 10, 3))
    assert list(project.countries.values_list("iso3", flat=True)) == ["ARG"]
    assert not Project.objects.filter(amount_usd__isnull=False).exists()
    assert Project.objects.get(project_id="sip-2-mda").countries.get().iso3 == "MDA"
    assert Project.objects.filter(programme="gef").count() == 1


# Partners, collections, files and the GMP hub ------------------------------------------------------
def gmp_expected_titles():
    """Resources the GMP hub must list, straight from the data: a partnership area, the Partnership
    as publisher, or a Partnership meeting."""
    titles = {
        record["title"]
        for record in data("resources.json", LIBRARY_DATA)
        if record.get("partnership_area") or "Global Mercury Partnership" in (record.get("publisher") or "")
    }
    for record in data("documents.json", LIBRARY_DATA):
        if "Global Mercury Partnership" in record.get("meeting", ""):
            titles.add(record["title"])
    return titles


@pytest.mark.django_db
def test_partner_organisations_come_from_the_data(seeded):
    names = {record["name"] for record in data("partners.json", PARTNERS_DATA)}
    assert Organisation.objects.count() == len(names) == 73  # the United States is listed twice
    unep = Organisation.objects.get(slug="unep")
    assert (unep.name, unep.acronym, unep.kind, unep.gmp_partner) == (
        "United Nations Environment Programme",
        "UNEP",
        "igo",
        False,
    )
    usa = Organisation.objects.get(slug="government-of-united-states-of-america")
    assert usa.gmp_partner  # a GMP partner that also gave to the Specific International Programme
    assert usa.country.iso3 == "USA"
    assert usa.description == "Contributor to the Specific International Programme (first round)."
    assert Organisation.objects.get(slug="cnr").name == (
        "Italian National Research Council - Institute for Atmospheric Pollution"
    )
    # Two organisations share the acronym ARM: neither gets it as its slug.
    assert set(Organisation.objects.filter(acronym="ARM").values_list("slug", flat=True)) == {
        "association-for-responsible-mining",
        "alliance-for-responsible-mining",
    }
    assert Organisation.objects.get(slug="government-of-burkina-faso").country.iso3 == "BFA"
    assert Organisation.objects.get(slug="kyrgyz-mining-association").country is None  # not in the country list
    assert Organisation.objects.filter(gmp_partner=True).count() == 41


@pytest.mark.django_db
def test_resources_link_to_their_publisher_organisation(seeded):
    factsheet = english(ResourcePage.objects).get(identifier="hdl:20.500.11822/30813")
    assert factsheet.publisher.slug == "unep"
    assert factsheet.publisher_name == "United Nations Environment Programme; Global Mercury Partnership"
    nrdc = english(ResourcePage.objects).get(title__startswith="NRDC Guide")
    assert (nrdc.publisher.slug, nrdc.publisher_name) == ("nrdc", "")  # the name says no more than the link
    waste = english(ResourcePage.objects).get(title="Global Mercury Waste Assessment")
    assert waste.publisher.slug == "unep"  # published as "UN Environment", UNEP's name in 2017-2019
    undp = english(ResourcePage.objects).get(title="UNDP Minamata Initial Assessment Guidance")
    assert undp.publisher.slug == "undp"
    assert "in partnership with UNITAR" in undp.publisher_name
    # The Partnership itself is not an organisation of its own, and a Secretariat is not a partner.
    assert english(ResourcePage.objects).get(title="Wheel of Knowledge").publisher is None
    assert english(ResourcePage.objects).get(title__startswith="Becoming a Party").publisher is None
    assert Organisation.objects.get(slug="unep").publications.filter(locale=Locale.get_default()).count() == 14


@pytest.mark.django_db
def test_every_resource_is_in_the_minamata_collection_and_gmp_ones_in_gmp_too(seeded):
    assert list(LibraryCollection.objects.default_locale().values_list("slug", "locale__language_code")) == [
        ("minamata", "en"),
        ("gmp", "en"),
    ]
    # Named in every language: each collection has its five translations, same slug.
    for slug in ("minamata", "gmp"):
        translated = LibraryCollection.objects.filter(slug=slug).exclude(locale=Locale.get_default())
        assert sorted(translated.values_list("locale__language_code", flat=True)) == ["ar", "es", "fr", "ru", "zh-hans"]
    minamata = LibraryCollection.objects.default_locale().get(slug="minamata")
    with translation.override("ar"):
        assert minamata.localized.name == "مكتبة اتفاقية ميناماتا"
    resources = english(ResourcePage.objects)
    assert not resources.exclude(collections__slug="minamata").exists()
    gmp = resources.filter(collections__slug="gmp")
    assert set(gmp.values_list("title", flat=True)) == gmp_expected_titles()
    assert gmp.count() == 23
    assert not resources.filter(resource_type__slug="decision", collections__slug="gmp").exists()
    minamata_index = LibraryIndexPage.objects.child_of(english(HomePage.objects).get()).get()
    assert minamata_index.collection.slug == "minamata"
    assert minamata_index.get_resources().count() == resources.live().count()


@pytest.mark.django_db
def test_gmp_hub_is_a_second_site_with_its_own_tree(seeded):
    site = Site.objects.get(hostname="gmp.localhost")
    assert (site.port, site.site_name, site.is_default_site) == (80, "Global Mercury Partnership", False)
    home = site.root_page.specific
    assert isinstance(home, GMPHomePage)
    assert (home.slug, home.depth, home.locale.language_code) == ("gmp-home", 2, "en")
    assert home.hero_text.startswith("The Global Mercury Partnership brings together")
    areas = GMPAreaPage.objects.child_of(home).order_by("gmp_area__sort_order")
    assert [page.gmp_area.slug for page in areas] == GMP_SLUGS
    assert all(page.summary.startswith("<p>Works") or page.summary.startswith("<p>Brings") for page in areas)
    library = LibraryIndexPage.objects.child_of(home).get()
    assert (library.slug, library.collection.slug) == ("library", "gmp")
    assert SiteSettings.for_site(site).brand == "gmp"
    texts = SiteTexts.for_site(site, "en")
    assert texts.site_title == "Global Mercury Partnership"
    assert [block.value["page"].slug for block in texts.main_menu] == ["library", *GMP_SLUGS]
    # The tree is aliased into the other locales like the main one (cheap: ten pages).
    assert GMPHomePage.objects.count() == Locale.objects.count()


@pytest.mark.django_db
def test_gmp_site_shows_exactly_its_collection(seeded):
    gmp_titles = gmp_expected_titles()
    library = english(LibraryIndexPage.objects).get(collection__slug="gmp")
    assert set(library.get_resources().values_list("title", flat=True)) == gmp_titles
    client = Client(HTTP_HOST="gmp.localhost")
    listed = []
    for number in (1, 2):
        response = client.get("/en/library/", {"page": number})
        assert response.status_code == 200
        html = response.content.decode()
        assert "23 resources" in html
        listed += re.findall(r'href="http://localhost/en/library/([^/"]+)/"', html)
    assert len(listed) == 23  # each links to its one canonical address in the Minamata library
    assert set(listed) == set(library.get_resources().values_list("slug", flat=True))
    home = client.get("/en/")
    assert home.status_code == 200
    assert "Global Mercury Partnership" in home.content.decode()
    assert client.get("/en/asgm/").status_code == 200
    assert client.get("/fr/library/").status_code == 200
    # The main site's library lists every resource, the GMP ones included, once.
    # … and the two demo partner contributions a knowledge manager approved (partners/seed/demo.py).
    assert "112 resources" in Client(HTTP_HOST="localhost").get("/en/library/").content.decode()


@pytest.mark.django_db
def test_some_resources_have_record_sheet_files_in_english_and_french(seeded):
    from pypdf import PdfReader

    rows = ResourceFile.objects.filter(page__locale__language_code="en").select_related("page", "document")
    assert rows.count() == 12
    assert sorted({row.page.title for row in rows if row.language == "fr"}) == [
        "Custom Code Harmonization for Mercury-added Products",
        "Global Mercury Waste Assessment",
        "NAP Guidance document",
    ]
    for row in rows:
        assert row.document.filename.endswith(f"-{row.language}.pdf")
        with row.document.file.open("rb") as handle:
            text = " ".join(PdfReader(handle).pages[0].extract_text().split())
        # A catalogue record that says what it is, never the original document.
        heading = "notice catalographique" if row.language == "fr" else "catalogue record"
        assert heading in text
        assert ("Ce n'est pas le document lui-même" if row.language == "fr" else "It is not the document itself") in (
            text
        )
        assert " ".join(row.page.title.split()) in text
        assert row.page.summary.split(";")[0] in text
        # Extracted during the seed, searchable by what only the file says.
        assert row.extraction_status == FileText.Status.DONE
        assert heading in row.extracted_text
    found = english(ResourcePage.objects.live()).search("catalographique")
    assert {page.title for page in found} == {row.page.title for row in rows if row.language == "fr"}


@pytest.mark.django_db
def test_second_run_adds_no_documents_or_files(seeded, settings):
    stored = sorted(path.name for path in (Path(settings.MEDIA_ROOT) / "documents").iterdir())
    documents = Document.objects.count()
    seed()
    assert Document.objects.count() == documents == 12
    assert sorted(path.name for path in (Path(settings.MEDIA_ROOT) / "documents").iterdir()) == stored


# Privacy and locales --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_participants_area_is_private_in_every_locale(seeded):
    pages = MeetingParticipantsPage.objects.all()
    assert pages.count() == Locale.objects.count()
    assert not Page.objects.public().filter(pk__in=pages).exists()
    english_page = english(pages).get()
    assert english_page.get_parent().slug == "cop-6"
    restriction = english_page.view_restrictions.get()
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.values_list("name", flat=True)) == ["Meeting participants"]


@pytest.mark.django_db
def test_other_locales_serve_aliases(seeded):
    english_home = english(HomePage.objects).get()
    french_home = HomePage.objects.get(locale__language_code="fr")
    # The home page is translated in the seed (tests/seeded/test_page_translations.py); the rest are aliases.
    assert french_home.translation_key == english_home.translation_key and french_home.alias_of_id is None
    english_meetings = english(Page.objects).get(slug="meetings")
    assert english_meetings.get_translation(french_home.locale).alias_of_id == english_meetings.pk
    # The rows that make wagtail-localize alias pages created later in the admin.
    assert LocaleSynchronization.objects.count() == 5
    assert Page.objects.filter(locale__language_code="ar", alias_of__isnull=False).count() > 100
    response = Client(HTTP_HOST="localhost").get("/fr/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_aliases_copied_in_bulk_are_indexed_and_logged_as_wagtail_does(seeded):
    """The seed copies the locale trees in SQL (hub/localize/aliases.py) and hands the copies to
    its deferred indexing: their reference rows are those Wagtail writes for each page, and each
    has the audit-log entries of Wagtail's alias action."""
    aliases = list(Page.objects.filter(locale__language_code="ar", alias_of__isnull=False).specific())
    assert len(aliases) > 400
    ids = [str(alias.pk) for alias in aliases]

    pages = ReferenceIndex.objects.filter(base_content_type=ContentType.objects.get_for_model(Page))

    def references():
        rows = pages.filter(object_id__in=ids)
        return sorted(rows.values_list("object_id", "model_path", "content_path", "to_content_type_id", "to_object_id"))

    written = references()
    assert len({row[0] for row in written}) > 100
    pages.filter(object_id__in=ids).delete()
    for alias in aliases:
        ReferenceIndex.create_or_update_for_object(alias)
    assert references() == written
    logged = PageLogEntry.objects.filter(page_id__in=[alias.pk for alias in aliases], action="wagtail.create_alias")
    assert logged.count() == len(aliases)
    assert {entry.data["page"]["id"] for entry in logged} == {alias.pk for alias in aliases}


# Idempotency and failure ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_second_run_changes_nothing(seeded):
    assert re.search(r"; [1-9][0-9]* alias pages created", seeded.output)
    before = snapshot()
    output = seed()
    assert ": 0 created, 0 updated, " in output
    assert "; 0 alias pages created" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_a_page_an_editor_revised_is_kept(seeded):
    editor = get_user_model().objects.create_user("seed-editor", password="x")  # noqa: S106
    page = english(StandardPage.objects).get(slug="about")
    page.title = "About us"
    page.save_revision(user=editor).publish()
    output = seed()
    page.refresh_from_db()
    assert page.title == "About us"
    # A site with content gets no demo content again (tests/seeded/test_seed_split.py has the rest).
    assert "demo content not loaded" in output


@pytest.mark.django_db
def test_malformed_data_file_names_file_and_record_and_changes_nothing(seeded, tmp_path):
    parties = data("parties.json")
    parties[4]["ratification_date"] = "2017-13-45"
    (tmp_path / "parties.json").write_text(json.dumps(parties), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        seed(data_dir=str(tmp_path))
    message = str(error.value)
    assert "parties.json" in message
    assert f"record 5 ({parties[4]['name']})" in message
    assert "ratification_date" in message
    assert snapshot() == before


@pytest.mark.django_db
def test_invalid_json_names_the_file(seeded, tmp_path):
    (tmp_path / "documents.json").write_text('[{"symbol": "UNEP/MC/COP.1/5",}]', encoding="utf-8")
    with pytest.raises(CommandError, match=r"documents\.json: invalid JSON at line 1"):
        seed(data_dir=str(tmp_path))


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(seeded, monkeypatch):
    import library.seed

    article = english(ConventionArticle.objects).get(slug="article-7")
    article.name = "Edited heading"
    article.save()

    def fail(context):
        raise SeedError("library: simulated failure")

    monkeypatch.setattr(library.seed, "load", fail)
    with pytest.raises(CommandError, match="simulated failure"):
        seed()
    # The hub loader had restored the heading; the failure rolled that back too.
    article.refresh_from_db()
    assert article.name == "Edited heading"


# Small pieces ---------------------------------------------------------------------------------------
def test_tags_come_from_the_curated_subjects_file_not_titles():
    """Subjects are read from hub/seed/content/subjects.json (tests/seeded/test_subjects.py has the rest)."""
    from hub.seed.tagging import subjects_for

    # A title without the words a pattern would need, and one whose words would have misled.
    assert subjects_for("decision", "MC-1/10") == ([], ["article-23", "article-24"])
    assert subjects_for("document", "UNEP/MC/COP.3/18") == (["health"], ["article-16"])


def test_seed_loaders_are_discovered_lowest_layer_first():
    from hub.management.commands.load_seed_content import seed_modules

    labels = [label for label, _module in seed_modules()]
    assert labels[:3] == ["hub", "partners", "library"]

"""Harvesting /api/informea/ over HTTP, as InforMEA does, from the live server holding the real seed.

`tests/informea_harvester.py` is the client: every set paged with `$top`/`$skip` and
`$inlinecount=allpages` (and again by `__next`), every required field of every record checked,
each file fetched, `$metadata` read as EDMX; then incremental runs by `updated`. The seed loads
once, in the one test (as the browser's site test does), so the live process pays for it once.
`pytest -s` prints the records per set and the harvest's time. The seed holds no national report,
so a second, quick test harvests a built tree where every set has records (a French translation,
an alias, a public and a restricted file among them).
"""

import datetime

from django.core.management import call_command

from wagtail.models import Collection, CollectionViewRestriction, Locale

import pytest

from hub import factories as hf
from hub.models import Country, MeetingPage
from library import factories as lf
from library.models import ResourceFile, ResourcePage

from .builders import build_home_site, build_tree, clear_caches, make_document, restrict_to_participants
from .informea_harvester import Harvester

PAGE_SIZE = 7  # small, so every set of the seed with more than seven records takes several pages
OWN_SETS = {"decision": "Decisions", "national-report": "CountryReports", "national-action-plan": "NationalPlans"}


def english_public(queryset):
    return queryset.live().public().filter(locale=Locale.objects.get(language_code="en"))


def expected_ids():
    """The records each set should hold, read straight from the database (contracts §6): live,
    public English pages, less those that cannot have a field InforMEA requires (docs/interoperability.md)."""
    resources = english_public(ResourcePage.objects.all()).select_related("resource_type", "meeting")
    expected = {name: set() for name in ("Meetings", "Decisions", "Documents", "CountryReports", "NationalPlans")}
    for page in resources.prefetch_related("countries"):
        name = OWN_SETS.get(page.resource_type.slug if page.resource_type else None, "Documents")
        if name == "Decisions" and not (page.symbol and (page.publication_date or page.meeting)):
            continue  # no number or no date
        if name in ("CountryReports", "NationalPlans") and not any(c.iso2 for c in page.countries.all()):
            continue  # no country with an alpha-2 code (undated: submitted when first published)
        expected[name].add(str(page.translation_key))
    meetings = english_public(MeetingPage.objects.all()).exclude(city="").exclude(country=None)
    meetings = meetings.exclude(country__iso2="")
    expected["Meetings"] = {str(key) for key in meetings.values_list("translation_key", flat=True)}
    return expected


def differences(report):
    """{set: (harvested but not expected, expected but not harvested)} for the sets that differ."""
    expected = expected_ids()
    found = {name: set(harvest.ids) for name, harvest in report.sets.items()}
    return {
        name: (sorted(found.get(name, set()) - ids), sorted(ids - found.get(name, set())))
        for name, ids in expected.items()
        if found.get(name) != ids
    }


@pytest.fixture
def informea(live_server, settings):
    settings.RATELIMIT_ENABLE = False  # one client asks a few hundred times in a few seconds
    call_command("load_seed_content", verbosity=0)
    clear_caches()
    return live_server.url + "/api/informea/"


def harvester(url):
    known = {code.upper() for code in Country.objects.exclude(iso2="").values_list("iso2", flat=True)}
    return Harvester(url, page_size=PAGE_SIZE, known_countries=known)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_seed_harvested_completely_then_incrementally(informea):
    client = harvester(informea)
    report = client.harvest()
    print("\n" + report.summary())  # noqa: T201 - the records per set and the time, shown by `pytest -s`

    assert report.missing == [], "required fields missing (set, id, property)"
    assert report.problems == []
    assert differences(report) == {}
    assert all(harvest.count == len(harvest.ids) for harvest in report.sets.values())
    for name in ("Meetings", "Decisions", "Documents"):
        assert report.sets[name].pages > 1, f"{name}: the seed should need several pages of {PAGE_SIZE}"
    assert report.files_checked > 0

    # The next run from the newest `updated` of each set finds nothing new ...
    latest = {name: harvest.latest for name, harvest in report.sets.items() if harvest.ids}
    assert {name: client.incremental(name, moment) for name, moment in latest.items()} == {name: [] for name in latest}

    # ... then exactly the record an editor republished, and nothing in the other sets.
    decision = ResourcePage.objects.get(translation_key=report.sets["Decisions"].ids[-1], locale__language_code="en")
    decision.save_revision().publish()
    changed = {name: client.incremental(name, moment) for name, moment in latest.items()}
    assert changed == {name: [str(decision.translation_key)] if name == "Decisions" else [] for name in latest}

    # A record made private leaves its set and its own address.
    restrict_to_participants(decision)
    clear_caches()
    again = harvester(informea)
    decisions = again.harvest_set("Decisions")
    assert str(decision.translation_key) not in decisions.ids
    assert decisions.count == report.sets["Decisions"].count - 1
    gone = again.get(f"{informea}Decisions('{decision.translation_key}')", expect_json=False)
    assert gone.status_code == 404
    assert gone.json()["error"]["message"]["lang"] == "en"
    assert again.report.problems == []


def translate(page, locale, **fields):
    """A published real translation of `page` (its missing ancestors aliased first), or an alias."""
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        if not ancestor.get_translations().filter(locale=locale).exists():
            ancestor.specific.copy_for_translation(locale, alias=True)
    if not fields:
        return page.copy_for_translation(locale, alias=True)
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


@pytest.fixture
def built(live_server, settings):
    settings.RATELIMIT_ENABLE = False
    t = build_tree(build_home_site().root_page.specific)
    switzerland = hf.CountryFactory(name="Switzerland", iso3="CHE", iso2="CH", slug="che")
    t.meeting.city, t.meeting.country = "Geneva", switzerland
    t.meeting.save_revision().publish()
    nap = hf.ResourceTypeFactory(slug="national-action-plan", name="National action plan")
    t.plan = lf.ResourcePageFactory(
        parent=t.library,
        title="National action plan of Kenya on ASGM",
        slug="nap-kenya",
        identifier="nap-ken",
        resource_type=nap,
        publication_date=datetime.date(2022, 6, 30),
        countries=[t.kenya],
    )
    private = Collection.get_first_root_node().add_child(name="Participants only")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    t.plan.files.add(ResourceFile(document=make_document("nap-kenya-fr.pdf"), language="fr"))
    t.plan.files.add(ResourceFile(document=make_document("nap-kenya-draft.pdf", collection=private), language="en"))
    t.plan.save_revision().publish()
    french = Locale.objects.get(language_code="fr")
    translate(t.decision, french, title="Décision MC-5/1 : produits contenant du mercure")
    translate(t.national_report, Locale.objects.get(language_code="es"))  # an alias: no language of its own
    clear_caches()
    t.url = live_server.url + "/api/informea/"
    return t


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_set_of_a_built_tree_harvested(built):
    report = harvester(built.url).harvest()
    print("\n" + report.summary())  # noqa: T201 - shown by `pytest -s`

    assert report.missing == []
    assert report.problems == []
    assert differences(report) == {}
    assert all(report.counts.values()), report.counts
    decision = report.sets["Decisions"].records[str(built.decision.translation_key)]
    assert [item["language"] for item in decision["title"]] == ["en", "fr"]
    assert decision["meetingId"] == str(built.meeting.translation_key)
    report_record = report.sets["CountryReports"].records[str(built.national_report.translation_key)]
    assert [item["language"] for item in report_record["title"]] == ["en"]  # the Spanish alias is no language
    plan = report.sets["NationalPlans"].records[str(built.plan.translation_key)]
    assert [(item["language"], item["filename"]) for item in plan["files"]] == [("fr", "nap-kenya-fr.pdf")]
    assert report.files_checked == 1

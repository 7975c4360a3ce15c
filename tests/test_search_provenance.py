"""The `provenance` facet (contracts §3): who contributed a resource, the secretariat's library, a
Party's government or another partner, told apart in the search page, the JSON API and the exports.

The tree's library holds the secretariat's resources; a ministry (a government) and an NGO each
get a contribution space with one published resource, and the NGO one pending draft that must
never be counted, found or exported.
"""

import copy
import csv
import io
import json

from django.core.management import call_command
from django.utils import translation

import pytest
from lxml import etree

from library import factories as lf
from library.models import ResourcePage
from library.models.pages import PROVENANCE_PARTNER, PROVENANCE_PARTY, PROVENANCE_SECRETARIAT
from partners.models import ContributionSpacePage, Organisation
from search.documents import build_page_document
from search.facets import labels
from search.params import FACETS, PROVENANCES

from .builders import clear_caches, rolled_back

LABELS = {"secretariat": "Secretariat", "party": "Parties (national records)", "partner": "Partners"}


def space_for(library, organisation):
    """The organisation's space: the one made with it (partners/signals.py), else made here."""
    space = ContributionSpacePage.objects.filter(organisation=organisation).first()
    if space is None:
        space = ContributionSpacePage(
            title=organisation.name, slug=f"{organisation.slug}-space", organisation=organisation
        )
        library.add_child(instance=space)
    return space


def build_contributions(t):
    t.ministry = Organisation.objects.create(
        name="Ministry of Environment of Kenya", slug="kenya-environment", kind=Organisation.Kind.GOVERNMENT
    )
    t.ngo = Organisation.objects.create(name="Zero Mercury Working Group", slug="zmwg", kind=Organisation.Kind.NGO)
    t.unep = Organisation.objects.create(name="UN Environment Programme", slug="unep", kind=Organisation.Kind.IGO)
    t.national_plan = lf.ResourcePageFactory(
        parent=space_for(t.library, t.ministry),
        title="Kenya national action plan on gold mining",
        slug="kenya-nap",
        identifier="ken-nap-2020",
        resource_type=t.types["report"],
        publisher=None,
        publisher_name="",
    )
    t.ngo_report = lf.ResourcePageFactory(
        parent=space_for(t.library, t.ngo),
        title="Mercury in skin-lightening creams",
        slug="skin-creams",
        identifier="zmwg-creams",
        resource_type=t.types["report"],
        publisher=t.unep,  # published by one partner, contributed by another
    )
    t.ngo_draft = lf.ResourcePageFactory(
        parent=space_for(t.library, t.ngo),
        title="Mercury in dental amalgam pending review",
        slug="amalgam-draft",
        identifier="zmwg-amalgam",
        resource_type=t.types["report"],
        live=False,
    )
    call_command("update_index", backend_name="site", verbosity=0)
    clear_caches()
    return t


@pytest.fixture(scope="module")
def shared_contributions(shared_tree, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield copy.deepcopy(build_contributions(copy.deepcopy(shared_tree)))


@pytest.fixture
def t(shared_contributions, tree):
    return tree  # the copy of `shared_contributions` (tests/conftest.py)


def api(client, params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def secretariat_count():
    return ResourcePage.objects.live().public().filter(locale__language_code="en", contributed_by=None).count()


def titles(data):
    return sorted(result["title"] for result in data["results"])


# --- Vocabulary ------------------------------------------------------------------------------------


def test_provenance_is_a_facet_with_the_library_values():
    assert FACETS[-1] == "provenance"
    assert PROVENANCES == (PROVENANCE_SECRETARIAT, PROVENANCE_PARTY, PROVENANCE_PARTNER)


@pytest.mark.django_db
def test_documents_say_who_contributed_each_resource(t):
    assert t.national_plan.contributed_by == t.ministry and t.ngo_report.contributed_by == t.ngo
    facets = {page.slug: build_page_document(page).facets for page in (t.resource, t.national_plan, t.ngo_report)}
    assert facets["nap-guidance"]["provenance"] == ["secretariat"]
    assert facets["kenya-nap"]["provenance"] == ["party"]
    assert facets["skin-creams"]["provenance"] == ["partner"]
    # The `partner` facet finds a resource by its publisher and by the organisation that contributed it.
    assert "partner" not in facets["nap-guidance"]  # a free-text publisher only
    assert facets["kenya-nap"]["partner"] == ["kenya-environment"]
    assert facets["skin-creams"]["partner"] == ["unep", "zmwg"]
    # Pages that are not resources have no provenance.
    assert "provenance" not in build_page_document(t.news).facets


# --- Counting and filtering --------------------------------------------------------------------------


@pytest.mark.django_db
def test_facet_counts_each_provenance_and_never_the_draft(client, t):
    data = api(client, {"lang": "en", "kind": "resource"})
    assert data["facets"]["provenance"] == [
        {"value": "secretariat", "label": "Secretariat", "count": secretariat_count(), "selected": False},
        {"value": "party", "label": "Parties (national records)", "count": 1, "selected": False},
        {"value": "partner", "label": "Partners", "count": 1, "selected": False},
    ]
    assert secretariat_count() >= 3
    assert data["count"] == secretariat_count() + 2  # the draft is in no count
    assert "Mercury in dental amalgam pending review" not in titles(data)
    found = api(client, {"lang": "en", "q": "dental amalgam pending review"})
    assert "Mercury in dental amalgam pending review" not in titles(found)


@pytest.mark.django_db
def test_filtering_by_provenance_keeps_the_other_values_offered(client, t):
    data = api(client, {"lang": "en", "provenance": "party"})
    assert titles(data) == ["Kenya national action plan on gold mining"]
    assert data["ignored"] == []
    # Its own selection is left out of its counts (the visitor can widen it); the others apply it.
    assert data["facets"]["provenance"] == [
        {"value": "secretariat", "label": "Secretariat", "count": secretariat_count(), "selected": False},
        {"value": "party", "label": "Parties (national records)", "count": 1, "selected": True},
        {"value": "partner", "label": "Partners", "count": 1, "selected": False},
    ]
    assert data["facets"]["kind"] == [
        {"value": "resource", "label": "Library resources", "count": 1, "selected": False}
    ]

    both = api(client, [("lang", "en"), ("provenance", "party"), ("provenance", "PARTNER")])
    assert titles(both) == ["Kenya national action plan on gold mining", "Mercury in skin-lightening creams"]
    # AND across facets: the secretariat's resources of a type the contributions do not have.
    assert api(client, {"lang": "en", "provenance": "secretariat", "type": "decision"})["count"] == 1
    assert api(client, {"lang": "en", "provenance": "party", "type": "decision"})["count"] == 0


@pytest.mark.django_db
def test_the_partner_facet_finds_what_an_organisation_contributed(client, t):
    assert titles(api(client, {"lang": "en", "partner": "zmwg"})) == [
        "Mercury in skin-lightening creams",
        "Zero Mercury Working Group",
    ]
    unep = api(client, {"lang": "en", "partner": "unep", "kind": "resource"})
    assert titles(unep) == ["Mercury in skin-lightening creams"]


@pytest.mark.django_db
def test_an_unknown_provenance_is_ignored_and_listed(client, t):
    everything = api(client, {"lang": "en"})
    data = api(client, [("lang", "en"), ("provenance", "xyz"), ("provenance", "government")])
    assert data["ignored"] == ["provenance=xyz", "provenance=government"]
    assert data["count"] == everything["count"]
    assert all(not value["selected"] for value in data["facets"]["provenance"])
    page = client.get("/en/search/", {"provenance": "xyz"})
    assert page.status_code == 200
    assert b'name="provenance" value="xyz"' not in page.content


# --- Languages -------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_labels_are_in_the_requested_language(client, t, lang):
    # No French or Arabic documents here: selected values are still listed, with their labels.
    data = api(client, [("lang", lang), *(("provenance", value) for value in PROVENANCES)])
    shown = {value["value"]: value["label"] for value in data["facets"]["provenance"]}
    with translation.override(lang):
        expected = {value: translation.gettext(label) for value, label in LABELS.items()}
        title = translation.gettext("Contributed by")
    assert shown == expected
    assert shown["partner"] == {"fr": "Partenaires", "ar": "الشركاء"}[lang]
    assert labels(lang)["titles"]["provenance"] == title
    assert labels(lang)["provenance"] == expected


# --- The page ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_offers_the_facet_and_shows_the_chosen_value(client, t):
    response = client.get("/en/search/", {"provenance": "partner"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<fieldset class="facet" id="facet-provenance">' in html
    assert "<legend>Contributed by</legend>" in html
    assert 'name="provenance" value="partner" checked' in html
    assert 'name="provenance" value="party" data-auto-submit' in html
    assert "Contributed by:</span> Partners" in html  # the removable chip
    assert "Mercury in skin-lightening creams" in html
    assert "Kenya national action plan" not in html
    assert "export/?provenance=partner&amp;format=csv" in html


# --- Exports -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_export_ends_with_provenance_and_contributor(client, t):
    response = client.get("/en/search/export/", {"format": "csv", "kind": "resource"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][-3:] == ["license", "provenance", "contributed_by"]
    by_identifier = {row[0]: row[-2:] for row in rows[1:]}
    assert by_identifier["ken-nap-2020"] == ["party", "kenya-environment"]
    assert by_identifier["zmwg-creams"] == ["partner", "zmwg"]
    assert by_identifier["guidance-nap-asgm"] == ["secretariat", ""]
    assert "zmwg-amalgam" not in by_identifier
    assert len(by_identifier) == secretariat_count() + 2


@pytest.mark.django_db
def test_json_export_of_a_filtered_search(client, t):
    response = client.get("/en/search/export/", {"format": "json", "provenance": "partner"})
    records = json.loads(b"".join(response.streaming_content))
    assert [(item["identifier"], item["provenance"], item["contributed_by"]) for item in records] == [
        ("zmwg-creams", "partner", "zmwg")
    ]
    assert list(records[0])[-2:] == ["provenance", "contributed_by"]


# --- Re-indexing -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_change_of_kind_moves_the_contributions_to_the_other_value(client, t, django_capture_on_commit_callbacks):
    ngo = Organisation.objects.get(pk=t.ngo.pk)
    ngo.kind = Organisation.Kind.GOVERNMENT
    with django_capture_on_commit_callbacks(execute=True):
        ngo.save()
    counts = {value["value"]: value["count"] for value in api(client, {"lang": "en"})["facets"]["provenance"]}
    assert counts == {"secretariat": secretariat_count(), "party": 2}
    assert titles(api(client, {"lang": "en", "provenance": "party"})) == [
        "Kenya national action plan on gold mining",
        "Mercury in skin-lightening creams",
    ]


@pytest.mark.django_db
def test_other_changes_of_an_organisation_do_not_reindex_its_resources(
    t, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr("search.signal_handlers.reindex_resources_of", lambda *args, **kwargs: calls.append(args))
    ngo = Organisation.objects.get(pk=t.ngo.pk)
    ngo.kind = Organisation.Kind.ACADEMIA  # still a partner, not a Party
    ngo.description = "A coalition of NGOs."
    with django_capture_on_commit_callbacks(execute=True):
        ngo.save()
    assert calls == []
    ministry = Organisation.objects.get(pk=t.ministry.pk)
    ministry.kind = Organisation.Kind.OTHER
    with django_capture_on_commit_callbacks(execute=True):
        ministry.save()
    assert calls == [(t.ministry.pk,)]


@pytest.mark.django_db
def test_the_feed_names_each_resource_s_provenance(client, t):
    response = client.get("/en/search/feed/", {"provenance": ["party", "partner"]})
    assert response.status_code == 200
    atom = "{http://www.w3.org/2005/Atom}"
    entries = etree.fromstring(response.content).findall(f"{atom}entry")
    terms = {
        entry.find(f"{atom}title").text: {category.get("term") for category in entry.findall(f"{atom}category")}
        for entry in entries
    }
    assert terms == {
        "Kenya national action plan on gold mining": {"Library resource", "Report", "Parties (national records)"},
        "Mercury in skin-lightening creams": {"Library resource", "Report", "Partners"},
    }

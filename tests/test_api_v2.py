"""Wagtail API v2 (`/api/v2/`, issue 12 item 3): every public page type with its api_fields,
files a visitor may download only, no private page, the locale filter and bad input.

Rows: the shared tree plus the data page, an intersessional process, the GMP hub, a partner
directory with two organisations' contribution spaces (one holding a draft), files in a public
and in a restricted collection, and French aliases: built once for the module (`shared_api`).
"""

import copy
import datetime
import json
from decimal import Decimal

from wagtail.models import Collection, CollectionViewRestriction, Locale

import pytest

from hub.models import BasePage, MeetingLivestream
from library import factories as lf
from library.models import ResourceAuthor, ResourceFile
from partners.models import PartnerIndexPage

from .builders import (
    GMP_HOST,
    add_data_and_intersessional,
    add_two_partners,
    build_gmp_site,
    clear_caches,
    make_document,
    rolled_back,
)

pytestmark = pytest.mark.django_db

PUBLIC_PDF = b"%PDF-1.4\n% national action plan guidance, English\n%%EOF\n"
PRIVATE_PDF = b"%PDF-1.4\n% delegates only\n%%EOF\n"
SECRET = "Quillwort"


def _build(t):
    add_data_and_intersessional(t)
    build_gmp_site(t)
    add_two_partners(t)
    t.partner_index = t.home.add_child(
        instance=PartnerIndexPage(title="Partners", slug="partners", intro="Organisations working on mercury.")
    )

    # Files: one public (English), one French, one in a restricted collection.
    root = Collection.get_first_root_node()
    t.private_collection = root.add_child(name="Delegates only")
    CollectionViewRestriction.objects.create(
        collection=t.private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    t.public_doc = make_document("nap-guidance-en.pdf", PUBLIC_PDF, "NAP guidance (English)")
    t.french_doc = make_document("nap-guidance-fr.pdf", PUBLIC_PDF, "NAP guidance (French)")
    t.private_doc = make_document(
        "nap-draft.pdf", PRIVATE_PDF, f"{SECRET} draft guidance", collection=t.private_collection
    )
    t.resource.files = [
        ResourceFile(document=t.french_doc, language="fr", label="Version française"),
        ResourceFile(document=t.private_doc, language="en", label=SECRET),
        ResourceFile(document=t.public_doc, language="en"),
    ]
    t.resource.authors = [
        ResourceAuthor(name="UNEP", kind=ResourceAuthor.Kind.ORGANISATION),
        ResourceAuthor(name="Doe, Jane", kind=ResourceAuthor.Kind.PERSON),
    ]
    t.resource.publisher = t.org_a
    t.resource.doi = "10.1234/nap.2019"
    t.resource.licence = "CC-BY-4.0"
    t.resource.external_url = "https://example.org/nap"
    t.resource.pillars.set([t.pillar])
    t.resource.regions.set([t.africa])
    t.resource.articles.set([t.article7])
    t.resource.save_revision().publish()

    # The meeting's host and streams; the news item about it.
    t.meeting.city = "Geneva"
    t.meeting.country = t.kenya  # any country: the field is what is tested
    t.meeting.registration_url = "https://example.org/register"
    t.meeting.livestreams = [MeetingLivestream(language="fr", url="https://example.org/live/fr")]
    t.meeting.save_revision().publish()
    t.news.meeting = t.meeting
    t.news.save_revision().publish()

    # Outputs of the intersessional process: a public and a restricted file, a link.
    t.process.outputs = [
        ("document", t.public_doc),
        ("document", t.private_doc),
        ("link", {"title": "Submissions portal", "url": "https://example.org/submissions"}),
    ]
    t.process.save_revision().publish()

    # Partner A's contribution awaiting review (a draft) and its published one.
    t.draft = lf.ResourcePageFactory(
        parent=t.space_a, title=f"{SECRET} contribution awaiting review", identifier="a-draft", live=False
    )
    t.contribution = lf.ResourcePageFactory(
        parent=t.space_a, title="Alpha's published contribution", identifier="a-live", summary="Published."
    )

    # French: the home page, the meeting and the decision aliased; the guidance translated.
    t.fr = Locale.objects.get(language_code="fr")
    t.home.copy_for_translation(t.fr, alias=True)
    t.decision_fr = t.decision.copy_for_translation(t.fr, copy_parents=True, alias=True).specific
    t.meeting_fr = t.meeting.copy_for_translation(t.fr, copy_parents=True, alias=True).specific
    t.resource_fr = t.resource.copy_for_translation(t.fr, copy_parents=True).specific
    t.resource_fr.title = "Guide des plans d'action nationaux"
    t.resource_fr.save_revision().publish()
    t.resource_fr.refresh_from_db()
    t.asgm_fr = t.asgm.copy_for_translation(t.fr)
    t.asgm_fr.name = "Extraction minière artisanale de l'or"
    t.asgm_fr.save()
    clear_caches()
    return t


@pytest.fixture(scope="module")
def shared_api(shared_tree, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield copy.deepcopy(_build(copy.deepcopy(shared_tree)))


@pytest.fixture
def t(shared_api, tree):
    return tree


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    return json.loads(response.content)


def detail(client, page, **headers):
    return get(client, f"/api/v2/pages/{page.pk}/", **headers)


def listed_ids(client, query, **headers):
    return [item["id"] for item in get(client, f"/api/v2/pages/{query}", **headers)["items"]]


def all_ids(client, query):
    """Every id a listing holds, page after page (the API gives 20 at most at a time)."""
    ids, offset = [], 0
    while True:
        answer = get(client, f"/api/v2/pages/{query}&limit=20&offset={offset}")
        ids += [item["id"] for item in answer["items"]]
        offset += 20
        if offset >= answer["meta"]["total_count"]:
            return ids


def assert_not_found(client, url):
    # Answered where it was asked, as the API's JSON error (hub.middleware: no redirect to /en/api/…).
    response = client.get(url)
    assert response.status_code == 404, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert "message" in response.json()
    assert SECRET not in response.content.decode()


# --- Each page type's fields --------------------------------------------------------------


def test_resource_detail(client, t):
    data = detail(client, t.resource)
    assert data["meta"]["type"] == "library.ResourcePage"
    assert data["identifier"] == "guidance-nap-asgm"
    assert data["resource_type"] == {"slug": "guidance", "name": "Guidance"}
    assert data["summary"] == t.resource.summary
    assert data["publication_date"] == "2019-05-01"
    assert data["date_precision"] == "day"
    assert data["symbol"] == ""
    assert data["meeting"] is None
    assert data["authors"] == [{"name": "UNEP", "kind": "organisation"}, {"name": "Doe, Jane", "kind": "person"}]
    assert data["publisher"] == {"slug": "alpha", "name": "Alpha Mercury Alliance"}
    assert data["publisher_name"] == "UNEP"
    assert data["thematic_areas"] == [{"slug": "asgm", "name": "Artisanal and small-scale gold mining"}]
    assert data["countries"] == [{"slug": "ken", "name": "Kenya", "iso3": "KEN", "iso2": "KE"}]
    assert data["regions"] == [{"slug": "africa", "name": "Africa"}]
    assert data["pillars"] == [{"slug": "scientific", "name": "Scientific"}]
    assert data["articles"] == [
        {"slug": "article-7", "name": "Artisanal and small-scale gold mining", "kind": "article", "number": "7"}
    ]
    assert data["gmp_areas"] == []
    assert data["provenance"] == "secretariat"
    assert data["contributed_by"] is None
    assert data["licence"] == "CC-BY-4.0"
    assert (data["doi"], data["isbn"], data["handle"]) == ("10.1234/nap.2019", "", "")
    assert data["external_url"] == "https://example.org/nap"
    assert data["languages"] == ["en"]
    assert data["updated"]


def test_resource_files_are_the_public_ones_in_language_order(client, t):
    files = detail(client, t.resource)["files"]
    # English before French (UN order); the restricted file is left out entirely.
    assert [(f["language"], f["title"]) for f in files] == [
        ("en", "NAP guidance (English)"),
        ("fr", "NAP guidance (French)"),
    ]
    english, french = files
    assert english["url"] == f"http://testserver{t.public_doc.url}"
    assert english["size"] == len(PUBLIC_PDF)
    assert english["mime_type"] == "application/pdf"
    assert english["format"] == "PDF"
    assert english["filename"] == "nap-guidance-en.pdf"
    assert english["label"] is None
    assert french["label"] == "Version française"
    # The URL really downloads.
    assert client.get(english["url"]).status_code == 200


def test_decision_names_its_meeting(client, t):
    data = detail(client, t.decision)
    assert data["symbol"] == "MC-5/1"
    assert data["resource_type"] == {"slug": "decision", "name": "Decision"}
    assert data["meeting"] == {"id": t.meeting.pk, "title": t.meeting.title, "short_name": "COP-5"}


def test_a_contribution_says_who_contributed_it(client, t):
    data = detail(client, t.contribution)
    assert data["contributed_by"] == {"slug": "alpha", "name": "Alpha Mercury Alliance"}
    assert data["provenance"] == "partner"


def test_party_profile(client, t):
    data = detail(client, t.party)
    assert data["country"] == {"slug": "ken", "name": "Kenya", "iso3": "KEN", "iso2": "KE"}
    assert data["status"] == "party"
    assert data["signature_date"] == "2013-10-10"
    assert data["ratification_date"] == "2016-06-07"
    assert data["instrument"] == "ratification"
    assert data["entry_into_force"] == "2017-08-16"
    assert data["entry_into_force_is_computed"] is False
    assert data["status_as_of"] == "2024-01-01"
    (project,) = data["projects"]
    assert project["id"] == "gef-10000"
    assert project["title"] == "ASGM planet gold Kenya"
    assert project["programme"] == "gef"
    assert project["agency"] == "UNEP"
    assert project["status"] == "approved"
    assert project["approval_date"] == t.project.approval_date.isoformat()
    assert project["approval_year"] == t.project.approval_date.year
    assert project["thematic_areas"] == [{"slug": "asgm", "name": "Artisanal and small-scale gold mining"}]
    assert project["amount_usd"] is None


def test_party_profile_computes_entry_into_force_and_gives_amounts(client, t):
    t.party.entry_into_force_date = None
    t.party.ratification_date = datetime.date(2019, 3, 1)
    t.party.save_revision().publish()
    t.project.amount_usd = Decimal("1250000.50")
    t.project.save()
    data = detail(client, t.party)
    # Article 31: the ninetieth day after the deposit.
    assert data["entry_into_force"] == "2019-05-30"
    assert data["entry_into_force_is_computed"] is True
    assert data["projects"][0]["amount_usd"] == 1250000.5


def test_meeting(client, t):
    data = detail(client, t.meeting)
    assert data["meeting_kind"] == "cop"
    assert data["short_name"] == "COP-5"
    assert (data["start_date"], data["end_date"]) == ("2023-10-30", "2023-11-03")
    assert data["venue"] == "International Conference Centre, Geneva"
    assert data["city"] == "Geneva"
    assert data["country"]["iso3"] == "KEN"
    assert data["registration_url"] == "https://example.org/register"
    assert data["sessions"] == [
        {
            "date": "2023-10-30",
            "start_time": "10:00:00",
            "end_time": "13:00:00",
            "title": "Opening plenary",
            "room": "Room 1",
            "notes": "",
        },
        {
            "date": "2023-10-31",
            "start_time": "10:00:00",
            "end_time": "13:00:00",
            "title": "Contact group on finance",
            "room": "Room 2",
            "notes": "",
        },
    ]
    assert data["livestreams"] == [{"language": "fr", "url": "https://example.org/live/fr"}]
    assert data["schedule_updated_at"]


def test_event(client, t):
    data = detail(client, t.event)
    assert data["event_type"] == "minamata-online"
    assert data["start_date"] == t.event.start_date.isoformat()
    assert data["location"] == "Online"
    assert data["time_zone"] == t.event.time_zone
    assert data["thematic_areas"] == [{"slug": "asgm", "name": "Artisanal and small-scale gold mining"}]
    assert "registration_url" in data and "recording_url" in data


def test_news_names_its_meeting(client, t):
    data = detail(client, t.news)
    assert data["date"] == t.news.date.isoformat()
    assert data["intro"] == t.news.intro
    assert data["meeting"] == {"id": t.meeting.pk, "title": t.meeting.title, "short_name": "COP-5"}
    assert [c["iso3"] for c in data["countries"]] == ["KEN"]


def test_thematic_area_pillar_and_topic(client, t):
    area = detail(client, t.area_page)
    assert area["area"] == {"slug": "asgm", "name": "Artisanal and small-scale gold mining"}
    assert "What the area covers" in area["summary"]
    pillar = detail(client, t.pillar_page)
    assert pillar["pillar"] == {"slug": "scientific", "name": "Scientific"}
    assert pillar["intro"] == t.pillar_page.intro
    topic = detail(client, t.topic)
    assert topic["intro"] == t.topic.intro
    assert [a["slug"] for a in topic["thematic_areas"]] == ["asgm"]
    assert topic["body"] and topic["body"][0]["type"]


def test_intersessional_process(client, t):
    data = detail(client, t.process)
    assert data["kind"] == "expert-group"
    assert data["summary"] == "Reviews national action plans on gold mining."
    assert (data["start_date"], data["end_date"], data["is_ongoing"]) == ("2023-11-03", None, True)
    assert data["mandates"] == [{"id": t.decision.pk, "title": t.decision.title}]
    assert data["outputs"] == [
        {
            "type": "document",
            "id": t.public_doc.pk,
            "title": "NAP guidance (English)",
            "url": f"http://testserver{t.public_doc.url}",
        },
        {"type": "link", "title": "Submissions portal", "url": "https://example.org/submissions"},
    ]
    assert [a["slug"] for a in data["thematic_areas"]] == ["asgm"]


def test_index_pages_home_standard_and_data(client, t):
    assert detail(client, t.home)["hero_heading"] == t.home.hero_heading
    assert detail(client, t.standard)["body"]
    assert detail(client, t.data_page)["intro"] == ""
    assert detail(client, t.partner_index)["intro"] == "Organisations working on mercury."
    assert detail(client, t.library)["intro"] == t.library.intro
    for index in (t.meeting_index, t.event_index, t.news_index, t.thematic_index, t.intersessional_index):
        assert detail(client, index)["intro"] == index.specific.intro
    country_index = detail(client, t.country_index)
    assert "intro" in country_index and "status_as_of" in country_index


def test_gmp_pages_on_their_own_site(client, t):
    home = detail(client, t.gmp_home, HTTP_HOST=GMP_HOST)
    assert home["hero_heading"] == t.gmp_home.hero_heading
    area = detail(client, t.gmp_area_page, HTTP_HOST=GMP_HOST)
    assert area["gmp_area"] == {"slug": "chlor-alkali", "name": "Chlor-alkali production"}
    assert area["summary"]


def test_every_public_page_type_answers_all_its_fields(client, t):
    """`?fields=*` on every concrete page type, listing and detail: 200, and every api_field is there."""
    found = set()
    for model in _concrete_page_models():
        label = model._meta.label
        names = {field if isinstance(field, str) else field.name for field in model.api_fields}
        for host in ("testserver", GMP_HOST):
            for item in get(client, f"/api/v2/pages/?type={label}&fields=*&limit=5", HTTP_HOST=host)["items"]:
                assert names <= set(item), (label, names - set(item))
                full = get(client, f"/api/v2/pages/{item['id']}/?fields=*", HTTP_HOST=host)
                assert names <= set(full), (label, names - set(full))
                found.add(label)
    every_type = {model._meta.label for model in _concrete_page_models()}
    # The participants' area is private: the only type never answered.
    assert every_type - found == {"hub.MeetingParticipantsPage"}


def _concrete_page_models():
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if issubclass(model, BasePage) and not model._meta.abstract]


def test_listing_resources_with_files(client, t):
    items = get(client, "/api/v2/pages/?type=library.ResourcePage&fields=files,identifier&limit=20")["items"]
    by_identifier = {item["identifier"]: item for item in items}
    assert by_identifier["guidance-nap-asgm"]["files"][0]["title"] == "NAP guidance (English)"
    assert len(by_identifier["guidance-nap-asgm"]["files"]) == 2
    assert by_identifier["MC-5/1"]["files"] == []
    assert SECRET not in json.dumps(items)
    # Every locale's resources are listed (the French ones too), drafts never.
    assert "a-draft" not in by_identifier
    assert {item["meta"]["locale"] for item in items} == {"en", "fr"}


# --- Privacy ------------------------------------------------------------------------------


def test_private_pages_are_neither_listed_nor_found(client, t, django_user_model):
    for signed_in in (False, True):
        if signed_in:
            # A participant (in the group the area admits) gets the same answers.
            from django.contrib.auth.models import Group

            user = django_user_model.objects.create_user("delegate", "d@example.org", "pw")
            user.groups.add(Group.objects.get(name="Meeting participants"))
            client.force_login(user)
        everything = all_ids(client, "?order=id")
        assert t.meeting.pk in everything
        assert t.participants.pk not in everything
        assert t.draft.pk not in everything
        assert listed_ids(client, "?type=hub.MeetingParticipantsPage") == []
        assert t.participants.pk not in listed_ids(client, f"?child_of={t.meeting.pk}")
        for page in (t.participants, t.draft):
            assert_not_found(client, f"/api/v2/pages/{page.pk}/")


def test_a_page_made_private_drops_out(client, t):
    from wagtail.models import PageViewRestriction

    assert t.standard.pk in listed_ids(client, "?type=hub.StandardPage")
    PageViewRestriction.objects.create(page=t.standard, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert t.standard.pk not in listed_ids(client, "?type=hub.StandardPage")
    assert_not_found(client, f"/api/v2/pages/{t.standard.pk}/")


def test_images_and_documents_list_public_files_only(client, t):
    documents = [item["id"] for item in get(client, "/api/v2/documents/?limit=20")["items"]]
    assert t.public_doc.pk in documents and t.french_doc.pk in documents
    assert t.private_doc.pk not in documents
    assert_not_found(client, f"/api/v2/documents/{t.private_doc.pk}/")
    assert get(client, f"/api/v2/documents/?search={SECRET}")["items"] == []

    from .test_private_files import make_image

    public = make_image("public-photo")
    private = make_image("delegates-photo", collection=t.private_collection)
    images = [item["id"] for item in get(client, "/api/v2/images/")["items"]]
    assert public.pk in images and private.pk not in images
    assert_not_found(client, f"/api/v2/images/{private.pk}/")


# --- Locales ------------------------------------------------------------------------------


def test_locale_filter_lists_french_pages(client, t):
    french = get(client, "/api/v2/pages/?locale=fr&type=library.ResourcePage&fields=identifier")["items"]
    assert {item["id"] for item in french} == {t.decision_fr.pk, t.resource_fr.pk}
    assert {item["meta"]["locale"] for item in french} == {"fr"}
    english = listed_ids(client, "?locale=en&type=library.ResourcePage&limit=20")
    assert t.resource.pk in english and t.resource_fr.pk not in english


def test_french_versions_read_links_on_the_source_and_name_terms_in_french(client, t):
    translation = detail(client, t.resource_fr)
    assert translation["title"] == "Guide des plans d'action nationaux"
    assert translation["thematic_areas"] == [{"slug": "asgm", "name": "Extraction minière artisanale de l'or"}]
    alias = detail(client, t.decision_fr)
    # The meeting in French: its alias, not the English page the link names.
    assert alias["meeting"] == {"id": t.meeting_fr.pk, "title": t.meeting_fr.title, "short_name": "COP-5"}


# --- Bad input ----------------------------------------------------------------------------


BAD = [
    "?locale=xx",
    "?locale=f%00r",
    "?search=a%00b",
    "?type=nope.Nope",
    "?type=hub.MeetingPage&start_date=soon",
    "?type=hub.MeetingPage&start_date=2023-02-30",
    "?type=hub.MeetingPage&country=abc",
    "?type=library.ResourcePage&countries=abc",
    "?type=library.ResourcePage&publication_date=yesterday",
    "?type=library.ResourcePage&files=abc",
    "?type=library.ResourcePage&updated=now",
    "?type=hub.EventPage&start_time=noon",
    "?type=hub.MeetingPage&sessions=abc",
    "?type=hub.MeetingPage&fields=sessions(date)",
    "?fields=nope",
    "?fields=*,(",
    "?order=nope",
    "?limit=abc",
    "?limit=-1",
    "?offset=abc",
    "?child_of=abc",
    "?descendant_of=abc",
    "?translation_of=abc",
    "?site=nowhere.example",
    "?nope=1",
    "?rich_text_format=nope",
    "?id=99999999999999999999",
    "?type=hub.MeetingPage&country=99999999999999999999",
    "?type=library.ResourcePage&collections=abc",
    "?offset=99999999999999999999999",
    "?limit=21",
    "?type=library.ResourcePage&order=files",
    "?type=library.ResourcePage&order=-countries",
    "?type=hub.MeetingPage&order=sessions",
    "?type=library.ResourcePage&tags=a&search=x",
    "?type=hub.CountryProfilePage&projects=1",
]


@pytest.mark.parametrize("query", BAD)
def test_junk_parameters_answer_400(client, t, query):
    response = client.get(f"/api/v2/pages/{query}")
    assert response.status_code == 400, (query, response.status_code, response.content[:300])
    assert json.loads(response.content)["message"]


@pytest.mark.parametrize("query", ["?search=%22()*", "?search=%22", "?search=NEAR(", "?search=a%27b&order=title"])
def test_a_search_the_engine_cannot_read_is_not_a_server_error(client, t, query):
    # SQLite's FTS5 refuses an unbalanced quote (400); PostgreSQL reads it as nothing found (200).
    response = client.get(f"/api/v2/pages/{query}")
    assert response.status_code in (200, 400), (query, response.status_code)


def test_junk_on_detail_and_other_endpoints_answers_400(client, t):
    for url in (
        f"/api/v2/pages/{t.resource.pk}/?fields=nope",
        "/api/v2/documents/?limit=abc",
        "/api/v2/images/?order=nope",
        "/api/v2/documents/?nope=1",
        "/api/v2/pages/find/?id=abc",
    ):
        assert client.get(url).status_code == 400, url


def test_filtering_by_a_field_still_works(client, t):
    assert listed_ids(client, "?type=hub.MeetingPage&short_name=COP-5&locale=en") == [t.meeting.pk]
    query = f"?type=hub.MeetingPage&start_date=2023-10-30&country={t.kenya.pk}&locale=en"
    assert listed_ids(client, query) == [t.meeting.pk]
    assert listed_ids(client, "?type=hub.MeetingPage&start_date=2023-10-31&locale=en") == []

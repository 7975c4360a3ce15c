"""The InforMEA provider at /api/informea/ (contracts §6, library/informea/).

Each set's records and required fields on the built tree plus what this module adds (a host city
and country, a national action plan, a French translation and an Arabic alias, a public and a
restricted file, a private and an unpublished resource, a report with no country); paging,
ordering, the incremental filter, every bad input, `$metadata`, and the queries a page costs.
The query options' grammar is unit-tested on its own at the end (library/informea/query.py).
"""

import copy
import datetime
import json
import re
from urllib.parse import parse_qs, urlsplit

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

import pytest
from lxml import etree

from hub import factories as hf
from library import factories as lf
from library.informea import query
from library.informea.sets import ENTITY_SETS, odata_datetime
from library.models import ResourceFile, ResourcePage

from .builders import clear_caches, rolled_back

BASE = "/api/informea/"
UTC = datetime.UTC
DATE = re.compile(r"^/Date\(-?\d+\)/$")
EDMX = {"edmx": "http://schemas.microsoft.com/ado/2007/06/edmx", "edm": "http://schemas.microsoft.com/ado/2008/09/edm"}
REQUIRED = {
    "Meetings": ["id", "treaty", "title", "start", "end", "city", "country", "url", "updated"],
    "Decisions": ["id", "title", "type", "status", "number", "treaty", "published", "meetingId", "files", "updated"],
    "Documents": ["id", "titles", "types", "files", "updated"],
    "CountryReports": ["id", "treaty", "country", "title", "files", "submission", "updated"],
    "NationalPlans": ["id", "treaty", "country", "type", "title", "files", "submission", "updated"],
}


def stamp(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def set_updated(page, moment):
    # auto_now would overwrite a model save; a queryset update pins the stamp.
    ResourcePage.objects.filter(pk=page.pk).update(updated=moment)


def _document(title, name, collection=None):
    document = get_document_model()(title=title, file=ContentFile(b"%PDF-1.4 test", name=name))
    if collection is not None:
        document.collection = collection
    document.save()
    return document


def _translate(page, locale, title=None, **fields):
    """A real translation of `page` in `locale` (aliases of its missing ancestors first), published."""
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        if not ancestor.get_translations().filter(locale=locale).exists():
            ancestor.specific.copy_for_translation(locale, alias=True)
    if title is None:
        return page.copy_for_translation(locale, alias=True)
    translation = page.copy_for_translation(locale)
    translation.title = title
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return type(translation).objects.get(pk=translation.pk)  # as published (live)


def build_informea(t):
    french = Locale.objects.get(language_code="fr")
    arabic = Locale.objects.get(language_code="ar")
    t.switzerland = hf.CountryFactory(name="Switzerland", iso3="CHE", iso2="CH", slug="che", region=t.africa)
    t.nap_type = hf.ResourceTypeFactory(slug="national-action-plan", name="National action plan")

    meeting = t.meeting
    meeting.city, meeting.country = "Geneva", t.switzerland
    meeting.save_revision().publish()
    t.meeting_fr = _translate(meeting, french, "Cinquième réunion de la Conférence des Parties", summary="En bref.")

    # The decision: a French translation (a language of the record), an Arabic alias (not one).
    t.decision_fr = _translate(t.decision, french, "Décision MC-5/1 : produits contenant du mercure")
    t.decision_ar = _translate(t.decision, arabic)
    restricted = Collection.get_first_root_node().add_child(name="Restricted files")
    CollectionViewRestriction.objects.create(collection=restricted, restriction_type=CollectionViewRestriction.LOGIN)
    t.public_file = _document("Decision MC-5/1 (French)", "mc-5-1-fr.pdf")
    t.restricted_file = _document("Decision MC-5/1 draft", "mc-5-1-draft.pdf", collection=restricted)
    decision = ResourcePage.objects.get(pk=t.decision.pk)
    decision.files.add(ResourceFile(document=t.public_file, language="fr"))
    decision.files.add(ResourceFile(document=t.restricted_file, language="en"))
    decision.save_revision().publish()

    t.nap = lf.ResourcePageFactory(
        parent=t.library,
        title="National action plan of Kenya on gold mining",
        slug="nap-kenya",
        identifier="nap-ken",
        resource_type=t.nap_type,
        publication_date=datetime.date(2022, 6, 30),
        countries=[t.kenya],
    )
    t.stateless_report = lf.ResourcePageFactory(
        parent=t.library,
        title="A national report naming no country",
        slug="report-no-country",
        identifier="nr-none",
        resource_type=t.types["national-report"],
        publication_date=datetime.date(2021, 1, 1),
    )
    t.private = lf.ResourcePageFactory(
        parent=t.library, title="Private guidance", slug="private-guidance", identifier="private-1"
    )
    PageViewRestriction.objects.create(page=t.private, restriction_type=PageViewRestriction.LOGIN)
    t.unpublished = lf.ResourcePageFactory(
        parent=t.library, title="Unpublished guidance", slug="unpublished-guidance", identifier="draft-1", live=False
    )
    for page in (t.resource, t.decision, t.national_report, t.nap, t.stateless_report, t.private, t.unpublished):
        page.refresh_from_db()
    # Distinct stamps, oldest to newest: resource, national report, plan, decision.
    set_updated(t.resource, stamp(2024, 3, 1, 9, 0, 0, 250000))
    set_updated(t.national_report, stamp(2024, 3, 2, 8, 0))
    set_updated(t.nap, stamp(2024, 3, 3, 8, 0))
    versions = ResourcePage.objects.filter(translation_key=t.decision.translation_key)
    versions.update(updated=stamp(2024, 3, 4, 12, 30))
    clear_caches()
    return t


@pytest.fixture(scope="module")
def shared_informea(shared_tree, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield copy.deepcopy(build_informea(copy.deepcopy(shared_tree)))


@pytest.fixture
def data(shared_informea, tree):
    return tree


def get(client, path, **params):
    return client.get(BASE + path, params)


def ok(client, path, **params):
    response = get(client, path, **params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)["d"]


def results(client, set_name, **params):
    return ok(client, set_name, **params)["results"]


def by_id(records):
    return {record["id"]: record for record in records}


def assert_odata_error(response, status):
    assert response.status_code == status, response.content
    body = json.loads(response.content)
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert body["error"]["message"]["lang"] == "en"
    assert body["error"]["message"]["value"]
    return body["error"]["message"]["value"]


# --- the service document and each set's records ---------------------------------------------


def test_service_document_names_the_five_sets(client, data):
    assert ok(client, "") == {"EntitySets": ["Meetings", "Decisions", "Documents", "CountryReports", "NationalPlans"]}


def test_every_record_has_its_required_fields_in_their_forms(client, data):
    for set_name, required in REQUIRED.items():
        records = results(client, set_name)
        assert records, f"{set_name} is empty on the built tree"
        entity_set = next(s for s in ENTITY_SETS if s.name == set_name)
        declared = {"__metadata", *(p.name for p in entity_set.properties)}
        for record in records:
            assert set(record) == declared, f"{set_name}: the record's keys are its declared properties"
            # Present and not empty; a list of files may be empty (a record with no public file).
            missing = [
                name for name in required if record[name] in (None, "") or (record[name] == [] and name != "files")
            ]
            assert all(isinstance(record[name], list) for name in ("files", "title", "titles") if name in record)
            if set_name == "Decisions" and missing == ["meetingId"]:
                missing = []  # null when no public meeting issued it (contracts §6)
            assert not missing, f"{set_name} {record['id']}: {missing}"
            assert record["__metadata"]["type"] == f"informea.{entity_set.entity_type}"
            assert record["__metadata"]["uri"] == f"http://testserver{BASE}{set_name}('{record['id']}')"
            assert record["url"].startswith(f"{data.site.root_url}/en/"), "the English page, on its site"
            assert DATE.match(record["updated"])
            if "treaty" in record:
                assert record["treaty"] == "minamata"


def test_meetings(client, data):
    [meeting] = results(client, "Meetings")
    assert meeting["id"] == str(data.meeting.translation_key)
    assert meeting["city"] == "Geneva"
    assert meeting["country"] == "CH"
    assert meeting["kind"] == "cop"
    assert meeting["location"] == "International Conference Centre, Geneva"
    assert meeting["start"] == odata_datetime(datetime.date(2023, 10, 30)) == "/Date(1698624000000)/"
    assert meeting["end"] == "/Date(1698969600000)/"
    assert meeting["url"] == f"{data.site.root_url}/en/meetings/cop-5/"
    assert meeting["title"] == [
        {"language": "en", "value": "Fifth meeting of the Conference of the Parties"},
        {"language": "fr", "value": "Cinquième réunion de la Conférence des Parties"},
    ]
    assert {"language": "fr", "value": "En bref."} in meeting["description"]


def test_a_meeting_without_host_city_or_country_is_left_out(client, data):
    data.meeting.city = ""
    data.meeting.save_revision().publish()
    assert results(client, "Meetings") == []


def test_decisions(client, data):
    [decision] = results(client, "Decisions")
    assert decision["id"] == str(data.decision.translation_key)
    assert (decision["type"], decision["status"], decision["number"]) == ("decision", "adopted", "MC-5/1")
    assert decision["published"] == odata_datetime(datetime.date(2023, 11, 3))
    assert decision["meetingId"] == str(data.meeting.translation_key)
    assert decision["meetingTitle"] == "Fifth meeting of the Conference of the Parties"
    assert decision["updated"] == odata_datetime(stamp(2024, 3, 4, 12, 30)) == "/Date(1709555400000)/"


def test_multilingual_values_list_real_translations_never_aliases(client, data):
    [decision] = results(client, "Decisions")
    assert decision["title"] == [
        {"language": "en", "value": "Decision MC-5/1: Mercury-added products"},
        {"language": "fr", "value": "Décision MC-5/1 : produits contenant du mercure"},
    ], "the Arabic alias repeats the English text: not a language of the record"
    data.decision_fr.unpublish()
    [decision] = results(client, "Decisions")
    assert [value["language"] for value in decision["title"]] == ["en"]


def test_only_public_files_are_listed(client, data):
    [decision] = results(client, "Decisions")
    [file] = decision["files"]
    assert file["language"] == "fr"
    assert file["filename"] == data.public_file.filename
    assert file["mimeType"] == "application/pdf"
    assert file["url"] == f"http://testserver{data.public_file.url}"
    assert client.get(file["url"]).status_code == 200
    assert all(data.restricted_file.filename not in f["url"] for f in decision["files"])


def test_documents_hold_the_other_resources(client, data):
    records = by_id(results(client, "Documents"))
    assert set(records) == {str(data.resource.translation_key)}
    guidance = records[str(data.resource.translation_key)]
    assert guidance["types"] == ["guidance"]
    assert guidance["titles"] == [{"language": "en", "value": "Guidance on national action plans for gold mining"}]
    assert guidance["published"] == odata_datetime(datetime.date(2019, 5, 1))
    assert guidance["symbol"] is None and guidance["meetingId"] is None


def test_country_reports_and_national_plans(client, data):
    [report] = results(client, "CountryReports")
    assert report["id"] == str(data.national_report.translation_key)
    assert report["country"] == "KE"
    assert report["submission"] == odata_datetime(datetime.date(2021, 12, 31))
    assert report["title"] == [{"language": "en", "value": "National report of Kenya 2021"}]
    ids = {str(data.stateless_report.translation_key)}
    assert ids.isdisjoint(r["id"] for r in results(client, "CountryReports")), "no country: left out"
    [plan] = results(client, "NationalPlans")
    assert (plan["id"], plan["country"], plan["type"]) == (str(data.nap.translation_key), "KE", "nap")


def test_an_undated_plan_counts_as_submitted_when_first_published(client, data):
    ResourcePage.objects.filter(pk=data.nap.pk).update(publication_date=None, first_published_at=None)
    assert results(client, "NationalPlans") == [], "no date at all: left out"
    ResourcePage.objects.filter(pk=data.nap.pk).update(first_published_at=stamp(2024, 2, 29, 23, 59))
    [plan] = results(client, "NationalPlans")
    assert plan["submission"] == odata_datetime(datetime.date(2024, 2, 29))
    assert len(results(client, "NationalPlans", **{"$filter": "submission eq datetime'2024-02-29T00:00:00'"})) == 1


def test_private_and_unpublished_records_are_absent(client, data):
    every = set()
    for set_name in REQUIRED:
        every |= set(by_id(results(client, set_name)))
    for page in (data.private, data.unpublished):
        assert str(page.translation_key) not in every
        response = get(client, f"Documents('{page.translation_key}')")
        assert_odata_error(response, 404)
    assert str(data.resource.translation_key) in every
    data.resource.unpublish()
    assert str(data.resource.translation_key) not in by_id(results(client, "Documents"))


def test_a_meeting_made_private_drops_out_and_decisions_lose_its_id(client, data):
    PageViewRestriction.objects.create(page=data.meeting, restriction_type=PageViewRestriction.LOGIN)
    assert results(client, "Meetings") == []
    [decision] = results(client, "Decisions")
    assert decision["meetingId"] is None and decision["meetingTitle"] is None


def test_one_record_by_id(client, data):
    key = data.decision.translation_key
    record = ok(client, f"Decisions('{key}')")
    assert record["id"] == str(key) and record["number"] == "MC-5/1"
    assert_odata_error(get(client, f"Decisions('{data.resource.translation_key}')"), 404)  # not a decision
    assert_odata_error(get(client, "Decisions('not-a-uuid')"), 404)
    assert_odata_error(get(client, "Decisions('00000000-0000-0000-0000-000000000000')"), 404)


# --- paging, order, filters ------------------------------------------------------------------


def _add_documents(data, count):
    pages = []
    for n in range(count):
        page = lf.ResourcePageFactory(
            parent=data.library, title=f"Report {n}", slug=f"report-{n}", identifier=f"report-{n}", summary=""
        )
        set_updated(page, stamp(2024, 1, 1, 0, 0, n % 3))  # ties, broken by id
        pages.append(page)
    return pages


def test_paging_with_skip_top_inlinecount_and_next(client, data):
    _add_documents(data, 7)
    first = ok(client, "Documents", **{"$top": "3", "$inlinecount": "allpages", "custom": "kept"})
    assert first["__count"] == "8"
    assert len(first["results"]) == 3
    seen = [r["id"] for r in first["results"]]
    following = first["__next"]
    while following:
        parts = urlsplit(following)
        assert parts.scheme == "http" and parts.netloc == "testserver" and parts.path == BASE + "Documents"
        params = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        assert params["custom"] == "kept" and params["$top"] == "3"
        page = ok(client, "Documents", **params)
        seen += [r["id"] for r in page["results"]]
        following = page.get("__next")
    assert len(seen) == len(set(seen)) == 8
    everything = [r["id"] for r in results(client, "Documents", **{"$top": "200"})]
    assert seen == everything, "pages by $skip add up to the whole ordered list"
    assert "__next" not in ok(client, "Documents", **{"$top": "200"})
    assert "__count" not in ok(client, "Documents", **{"$inlinecount": "none"})
    assert ok(client, "Documents", **{"$top": "0", "$inlinecount": "allpages"}) == {"results": [], "__count": "8"}
    assert results(client, "Documents", **{"$skip": "8"}) == []
    assert results(client, "Documents", **{"$skip": "99999999999999999999999"}) == []


def test_default_top_and_cap(client, data, settings):
    _add_documents(data, 55)
    assert len(results(client, "Documents")) == query.DEFAULT_TOP
    response = ok(client, "Documents", **{"$top": "1000"})
    assert len(response["results"]) == 56, "a $top above the cap is capped, not refused"
    assert "__next" not in response
    for n in range(150):
        lf.ResourcePageFactory(
            parent=data.library, title=f"Extra {n}", slug=f"extra-{n}", identifier=f"extra-{n}", summary=""
        )
    capped = ok(client, "Documents", **{"$top": "1000"})
    assert len(capped["results"]) == query.MAX_TOP
    assert parse_qs(urlsplit(capped["__next"]).query)["$top"] == [str(query.MAX_TOP)]


def test_default_order_is_updated_desc_then_id(client, data):
    pages = _add_documents(data, 6)
    records = results(client, "Documents")
    keys = [(r["updated"], r["id"]) for r in records]
    stamps = {str(p.translation_key): ResourcePage.objects.get(pk=p.pk).updated for p in [*pages, data.resource]}
    expected = sorted(stamps, key=lambda key: key)
    expected = sorted(expected, key=lambda key: stamps[key], reverse=True)
    assert [key for _updated, key in keys] == expected
    assert records == results(client, "Documents", **{"$orderby": "updated desc,id"})


def test_orderby(client, data):
    _add_documents(data, 3)
    ascending = results(client, "Documents", **{"$orderby": "published asc"})
    dates = [r["published"] for r in ascending]
    assert dates == sorted(dates, key=lambda d: int(d[6:-2]))
    descending = results(client, "Documents", **{"$orderby": "published desc"})
    assert [r["published"] for r in descending] == dates[::-1]
    ids = [r["id"] for r in results(client, "Documents", **{"$orderby": "id"})]
    assert ids == sorted(ids)
    meetings = results(client, "Meetings", **{"$orderby": "start desc"})
    assert len(meetings) == 1
    plans = results(client, "NationalPlans", **{"$orderby": "published desc"})
    assert plans == results(client, "NationalPlans", **{"$orderby": "submission desc"})


def test_incremental_filter_on_updated(client, data):
    after = "updated gt datetime'2024-03-02T00:00:00'"
    assert [r["id"] for r in results(client, "Documents", **{"$filter": after})] == []
    set_updated(data.resource, stamp(2024, 3, 5, 10, 0))
    [record] = results(client, "Documents", **{"$filter": after})
    assert record["id"] == str(data.resource.translation_key)
    assert record["updated"] == "/Date(1709632800000)/"
    # The exact instant: gt leaves it out, ge keeps it; fractions and Z are accepted.
    assert results(client, "Documents", **{"$filter": "updated gt datetime'2024-03-05T10:00:00.000Z'"}) == []
    assert len(results(client, "Documents", **{"$filter": "updated ge datetime'2024-03-05T10:00Z'"})) == 1
    window = "updated ge datetime'2024-03-05T00:00' and updated lt datetime'2024-03-06T00:00:00'"
    assert len(results(client, "Documents", **{"$filter": window})) == 1
    assert results(client, "Documents", **{"$filter": "updated lt datetime'2024-03-05T00:00'"}) == []


def test_incremental_filter_reads_times_as_harvesters_received_them(client, data):
    """`updated` is sent to the millisecond; the database keeps microseconds. Asking for what
    changed after the newest value received must not return that record again."""
    set_updated(data.resource, stamp(2024, 3, 5, 10, 0) + datetime.timedelta(microseconds=123_456))
    [record] = results(client, "Documents", **{"$filter": "updated gt datetime'2024-03-02T00:00:00'"})
    assert record["updated"] == "/Date(1709632800123)/"
    seen = "2024-03-05T10:00:00.123"
    assert results(client, "Documents", **{"$filter": f"updated gt datetime'{seen}'"}) == []
    assert len(results(client, "Documents", **{"$filter": f"updated ge datetime'{seen}'"})) == 1
    assert len(results(client, "Documents", **{"$filter": f"updated eq datetime'{seen}'"})) == 1
    assert len(results(client, "Documents", **{"$filter": f"updated le datetime'{seen}'"})) == 1
    assert results(client, "Documents", **{"$filter": f"updated lt datetime'{seen}'"}) == []
    assert len(results(client, "Documents", **{"$filter": "updated gt datetime'2024-03-05T10:00:00.122'"})) == 1


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("gt", stamp(2024, 1, 2, 0, 0, 0, 5_000), [("gte", stamp(2024, 1, 2, 0, 0, 0, 6_000))]),
        ("gt", stamp(2024, 1, 2, 0, 0, 0, 5_400), [("gte", stamp(2024, 1, 2, 0, 0, 0, 6_000))]),
        ("ge", stamp(2024, 1, 2, 0, 0, 0, 5_000), [("gte", stamp(2024, 1, 2, 0, 0, 0, 5_000))]),
        ("ge", stamp(2024, 1, 2, 0, 0, 0, 5_400), [("gte", stamp(2024, 1, 2, 0, 0, 0, 6_000))]),
        ("lt", stamp(2024, 1, 2, 0, 0, 0, 5_000), [("lt", stamp(2024, 1, 2, 0, 0, 0, 5_000))]),
        ("le", stamp(2024, 1, 2, 0, 0, 0, 5_000), [("lt", stamp(2024, 1, 2, 0, 0, 0, 6_000))]),
        (
            "eq",
            stamp(2024, 1, 2, 0, 0, 0, 5_000),
            [("gte", stamp(2024, 1, 2, 0, 0, 0, 5_000)), ("lt", stamp(2024, 1, 2, 0, 0, 0, 6_000))],
        ),
        ("eq", stamp(2024, 1, 2, 0, 0, 0, 5_400), None),
    ],
)
def test_datetime_bounds(op, value, expected):
    assert query.datetime_bounds(op, value) == expected


def test_a_published_translation_brings_the_record_back(client, data):
    before = results(client, "Documents", **{"$filter": "updated gt datetime'2024-06-01T00:00:00'"})
    assert before == []
    french = Locale.objects.get(language_code="fr")
    _translate(data.resource, french, "Orientations sur les plans d'action nationaux")
    [record] = results(client, "Documents", **{"$filter": "updated gt datetime'2024-06-01T00:00:00'"})
    assert [v["language"] for v in record["titles"]] == ["en", "fr"]
    assert int(record["updated"][6:-2]) > int(odata_datetime(stamp(2024, 6, 1))[6:-2])


def test_filter_on_published_dates(client, data):
    assert len(results(client, "Decisions", **{"$filter": "published eq datetime'2023-11-03T00:00:00'"})) == 1
    assert results(client, "Decisions", **{"$filter": "published eq datetime'2023-11-03T10:00:00'"}) == []
    assert len(results(client, "Decisions", **{"$filter": "published ge datetime'2023-11-03T00:00:00'"})) == 1
    assert results(client, "Decisions", **{"$filter": "published ge datetime'2023-11-03T00:00:01'"}) == []
    assert results(client, "Decisions", **{"$filter": "published gt datetime'2023-11-03T00:00:00'"}) == []
    assert len(results(client, "Decisions", **{"$filter": "published lt datetime'2023-11-03T00:00:01'"})) == 1
    assert len(results(client, "Decisions", **{"$filter": "published le datetime'2023-11-03T00:00:00'"})) == 1
    assert results(client, "Decisions", **{"$filter": "published lt datetime'2023-11-03T00:00:00'"}) == []
    assert len(results(client, "CountryReports", **{"$filter": "submission gt datetime'2021-12-30T12:00'"})) == 1
    assert len(results(client, "CountryReports", **{"$filter": "published gt datetime'2021-12-30T12:00'"})) == 1
    assert len(results(client, "Meetings", **{"$filter": "start ge datetime'2023-10-30T00:00'"})) == 1


def test_expand_and_format(client, data):
    plain = results(client, "Decisions")
    assert results(client, "Decisions", **{"$expand": "title,files,content,summary"}) == plain
    assert results(client, "Decisions", **{"$format": "json"}) == plain
    assert results(client, "Documents", **{"$expand": "titles,files"})
    assert ok(client, "", **{"$format": "json"})["EntitySets"]


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"$top": "-1"}, "$top"),
        ({"$top": "ten"}, "$top"),
        ({"$top": "1.5"}, "$top"),
        ({"$top": ""}, "$top"),
        ({"$skip": "-3"}, "$skip"),
        ({"$skip": "x"}, "$skip"),
        ({"$orderby": ""}, "$orderby"),
        ({"$orderby": "title"}, "title"),
        ({"$orderby": "updated sideways"}, "$orderby"),
        ({"$orderby": "updated desc,updated"}, "twice"),
        ({"$orderby": "start"}, "start"),  # a Meetings property only
        ({"$filter": "updated gt '2024-01-01'"}, "$filter"),
        ({"$filter": "updated gt datetime'2024-13-01T00:00:00'"}, "impossible"),
        ({"$filter": "updated ne datetime'2024-01-01T00:00:00'"}, "operator"),
        ({"$filter": "title eq datetime'2024-01-01T00:00:00'"}, "title"),
        ({"$filter": "updated gt datetime'2024-01-01T00:00:00' or updated lt datetime'2020-01-01T00:00'"}, "$filter"),
        ({"$filter": "updated gt datetime'2024-01-01T00:00:00+02:00'"}, "$filter"),
        ({"$filter": ""}, "$filter"),
        ({"$expand": "authors"}, "authors"),
        ({"$inlinecount": "yes"}, "$inlinecount"),
        ({"$format": "xml"}, "json"),
        ({"$format": "atom"}, "json"),
        ({"$select": "id"}, "$top"),  # names the supported options
        ({"$search": "mercury"}, "$inlinecount"),
    ],
)
def test_malformed_options_answer_400(client, data, params, says):
    message = assert_odata_error(get(client, "Documents", **params), 400)
    assert says in message


def test_an_option_given_twice_is_refused(client, data):
    assert_odata_error(client.get(BASE + "Documents?$top=1&$top=2"), 400)


def test_options_without_dollar_are_ignored(client, data):
    assert results(client, "Documents", foo="bar", top="x") == results(client, "Documents")


def test_unknown_sets_and_paths_answer_404(client, data):
    for path in ("Meeting", "meetings", "Things", "Decisions/$count", "Decisions('x'", "Decisions()", "$batch"):
        assert_odata_error(get(client, path), 404)


def test_only_get_and_head(client, data):
    assert_odata_error(client.post(BASE + "Meetings"), 405)
    assert client.head(BASE + "Meetings").status_code == 200


def test_bad_input_on_one_record_and_the_service_document(client, data):
    assert_odata_error(get(client, f"Decisions('{data.decision.translation_key}')", **{"$format": "xml"}), 400)
    assert_odata_error(get(client, "", **{"$format": "xml"}), 400)
    assert_odata_error(get(client, "", **{"$nonsense": "1"}), 400)


def test_rate_limited_like_oai(client, data, settings):
    settings.RATELIMIT_OAI = "2/m"
    assert get(client, "Meetings").status_code == 200
    assert get(client, "$metadata").status_code == 200
    response = get(client, "Decisions")
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1


# --- $metadata ------------------------------------------------------------------------------------


def test_metadata_is_edmx_describing_every_set(client, data):
    response = get(client, "$metadata")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{EDMX['edmx']}}}Edmx" and root.get("Version") == "1.0"
    [schema] = root.findall("edmx:DataServices/edm:Schema", EDMX)
    assert schema.get("Namespace") == "informea"
    sets = {s.get("Name"): s.get("EntityType") for s in schema.findall("edm:EntityContainer/edm:EntitySet", EDMX)}
    assert sets == {
        "Meetings": "informea.Meeting",
        "Decisions": "informea.Decision",
        "Documents": "informea.Document",
        "CountryReports": "informea.CountryReport",
        "NationalPlans": "informea.NationalPlan",
    }
    types = {t.get("Name"): t for t in schema.findall("edm:EntityType", EDMX)}
    for set_name, required in REQUIRED.items():
        entity = types[sets[set_name].split(".")[1]]
        assert [ref.get("Name") for ref in entity.findall("edm:Key/edm:PropertyRef", EDMX)] == ["id"]
        properties = {p.get("Name"): p for p in entity.findall("edm:Property", EDMX)}
        assert set(required) <= set(properties)
        # What the JSON holds is what the document declares.
        [record] = results(client, set_name, **{"$top": "1"})
        assert set(record) - {"__metadata"} == set(properties)
    title = types["Meeting"].find("edm:Property[@Name='title']", EDMX)
    assert title.get("Type") == "Collection(informea.LocalizedString)"
    files = types["Decision"].find("edm:Property[@Name='files']", EDMX)
    assert files.get("Type") == "Collection(informea.File)"
    assert types["Meeting"].find("edm:Property[@Name='city']", EDMX).get("Nullable") == "false"
    complex_types = {c.get("Name"): c for c in schema.findall("edm:ComplexType", EDMX)}
    assert {p.get("Name") for p in complex_types["File"]} == {"url", "mimeType", "language", "filename"}
    assert {p.get("Name") for p in complex_types["LocalizedString"]} == {"language", "value"}


# --- cost -----------------------------------------------------------------------------------------


def test_a_page_costs_the_same_queries_whatever_its_size(client, data, django_assert_max_num_queries):
    document = _document("Shared file", "shared.pdf")
    for page in _add_documents(data, 12):
        page.files.add(ResourceFile(document=document, language="es"))
        page.save()
    _translate(data.resource, Locale.objects.get(language_code="fr"), "Orientations")
    get(client, "Documents", **{"$top": "1"})  # warm the site root paths cache
    with django_assert_max_num_queries(16) as small:
        assert len(results(client, "Documents", **{"$top": "1", "$inlinecount": "allpages"})) == 1
    with django_assert_max_num_queries(16) as large:
        assert len(results(client, "Documents", **{"$top": "13", "$inlinecount": "allpages"})) == 13
    assert len(large.captured_queries) == len(small.captured_queries)
    for set_name in REQUIRED:
        with django_assert_max_num_queries(16):
            results(client, set_name)


# --- the query options' grammar (no database) -----------------------------------------------------


def test_parse_defaults():
    options = query.parse_options({})
    assert options == query.Options(top=50, skip=0, order=(("updated", True), ("id", False)))


def test_parse_all_options():
    options = query.parse_options(
        {
            "$top": "500",
            "$skip": "20",
            "$orderby": "published desc, updated",
            "$filter": "updated gt datetime'2024-01-31T10:20:30.1234567' and published le datetime'2024-02-01T00:00'",
            "$expand": "files,title,files",
            "$inlinecount": "allpages",
            "$format": "json",
            "other": "ignored",
        },
        sortable=("updated", "published", "id"),
        filterable=("updated", "published"),
        expandable=("title", "files"),
    )
    assert options.top == 200 and options.skip == 20
    assert options.order == (("published", True), ("updated", False), ("id", False))
    assert options.filters == (
        query.Comparison("updated", "gt", stamp(2024, 1, 31, 10, 20, 30, 123456)),
        query.Comparison("published", "le", stamp(2024, 2, 1)),
    )
    assert options.expand == ("files", "title")
    assert options.inlinecount is True


def test_id_order_is_kept_where_given():
    assert query.parse_orderby("id desc,updated", ("id", "updated")) == (("id", True), ("updated", False))


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("gt", stamp(2024, 1, 2), ("gt", datetime.date(2024, 1, 2))),
        ("gt", stamp(2024, 1, 2, 5), ("gt", datetime.date(2024, 1, 2))),
        ("ge", stamp(2024, 1, 2), ("gte", datetime.date(2024, 1, 2))),
        ("ge", stamp(2024, 1, 2, 0, 0, 1), ("gt", datetime.date(2024, 1, 2))),
        ("lt", stamp(2024, 1, 2), ("lt", datetime.date(2024, 1, 2))),
        ("lt", stamp(2024, 1, 2, 0, 1), ("lte", datetime.date(2024, 1, 2))),
        ("le", stamp(2024, 1, 2, 23), ("lte", datetime.date(2024, 1, 2))),
        ("eq", stamp(2024, 1, 2), ("exact", datetime.date(2024, 1, 2))),
        ("eq", stamp(2024, 1, 2, 12), None),
    ],
)
def test_date_bounds(op, value, expected):
    assert query.date_bounds(op, value) == expected


def test_odata_datetime():
    assert odata_datetime(None) is None
    assert odata_datetime(datetime.date(1970, 1, 2)) == "/Date(86400000)/"
    assert odata_datetime(stamp(2024, 3, 1, 9, 0, 0, 250999)) == "/Date(1709283600250)/"
    assert odata_datetime(timezone.make_aware(datetime.datetime(1969, 12, 31, 23, 59, 59), UTC)) == "/Date(-1000)/"


# --- host city and country: the meeting page and the seed -------------------------------------------


def test_the_meeting_page_shows_its_host_city_and_country(client, data):
    body = client.get(data.meeting.url).content.decode()
    assert re.search(r"<dt>Host city</dt><dd>Geneva</dd>", body)
    assert re.search(r"<dt>Host country</dt><dd>Switzerland</dd>", body)


def test_seed_meetings_name_their_host_city_and_country():
    from hub.seed import records
    from hub.seed.event_records import parse_events

    meetings = {m.slug: m for m in parse_events(records.DATA_DIR / records.EVENTS_FILE)[0]}
    assert (meetings["cop-3"].city, meetings["cop-3"].country_name) == ("Geneva", "Switzerland")
    assert (meetings["cop-4"].city, meetings["cop-4"].country_name) == ("Bali", "Indonesia"), "the Bali segment"
    assert (meetings["inc-4"].city, meetings["inc-4"].country_name) == ("Punta del Este", "Uruguay")
    parties = {party.name for party in records.parse_parties(records.DATA_DIR / records.PARTIES_FILE)}
    assert {meeting.country_name for meeting in meetings.values()} <= parties


def test_a_seed_meeting_location_without_its_country_is_refused(tmp_path):
    from hub.seed.context import SeedDataError
    from hub.seed.event_records import parse_events

    events = tmp_path / "events.json"
    record = {"title": "COP-6", "event_type": "COP", "start_date": "2030-11-01", "end_date": "2030-11-05"}
    events.write_text(json.dumps([{**record, "location": "Geneva"}]), encoding="utf-8")
    with pytest.raises(SeedDataError, match="City, Country"):
        parse_events(events)
    events.write_text(json.dumps([{**record, "location": "Online"}]), encoding="utf-8")
    [meeting] = parse_events(events)[0]
    assert (meeting.city, meeting.country_name) == ("", "")

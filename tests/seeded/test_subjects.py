"""Curated subjects (hub/seed/content/subjects.json): what the seed tags, what the area pages show, bad files.

The seed loads once for the package (tests/seeded/conftest.py); the file's own checks are also
exercised directly on temporary copies.
"""

import json
from collections import Counter
from urllib.parse import urlparse

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from wagtail.models import Locale

import pytest
from lxml import html

from hub.models import EventPage, ThematicAreaPage
from hub.seed import prose, records, tagging
from hub.seed.context import SeedContext, SeedDataError
from library.models import ResourcePage
from library.seed.parsing import DATA_DIR as LIBRARY_DATA

SUBJECTS = tagging.CONTENT_DIR / tagging.SUBJECTS_FILE
AREA_SLUGS = [area["slug"] for area in prose.THEMATIC_AREAS]
ARTICLE_SLUGS = {article.slug for article in records.parse_articles(records.DATA_DIR / records.ARTICLES_FILE)}


def subjects_file():
    return json.loads(SUBJECTS.read_text(encoding="utf-8"))


def english(queryset):
    return queryset.filter(locale=Locale.get_default())


def tags(page):
    return (
        sorted(page.thematic_areas.values_list("slug", flat=True)),
        sorted(page.articles.values_list("slug", flat=True)),
    )


def expected(entry):
    return sorted(entry["areas"]), sorted(entry["articles"])


def page_for(kind, entry):
    if kind == "events":
        return english(EventPage.objects).get(title=entry["title"], start_date=entry["start_date"])
    if kind == "resources":
        return english(ResourcePage.objects).get(title=entry["title"], symbol="")
    return english(ResourcePage.objects).get(identifier=entry["symbol"])


def path_of(page):
    return urlparse(page.url).path


# What the seed writes ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_every_seeded_record_carries_exactly_the_files_tags(seeded):
    data = subjects_file()
    checked = Counter()
    for kind, entries in data.items():
        for entry in entries:
            assert tags(page_for(kind, entry)) == expected(entry), (kind, entry)
            checked[kind] += 1
    # Complete both ways: every seeded decision, document, event and resource has an entry.
    english_resources = english(ResourcePage.objects)
    assert checked["decisions"] == english_resources.filter(resource_type__slug="decision").count() == 27
    assert checked["documents"] == english_resources.filter(resource_type__slug="meeting-document").count() == 47
    assert checked["events"] == english(EventPage.objects).count() == 37
    assert checked["resources"] == len(json.loads((LIBRARY_DATA / "resources.json").read_text(encoding="utf-8")))
    # The decisions' own related_articles are in the file too (MC-4/3: Articles 4, 5 and 27).
    mc43 = english(ResourcePage.objects).get(identifier="MC-4/3")
    assert {"article-4", "article-5", "article-27"} <= set(tags(mc43)[1])


@pytest.mark.django_db
def test_each_thematic_area_page_lists_what_the_file_tags_with_it(seeded):
    data = subjects_file()
    client = Client()
    shown = {}
    for slug in AREA_SLUGS:
        page = english(ThematicAreaPage.objects).get(area__slug=slug)
        response = client.get(page.url)
        assert response.status_code == 200, slug
        tree = html.fromstring(response.content.decode())
        # Decisions and COP documents, in one table or in two sections (#decisions, #documents).
        counts = []
        for kind in ("decisions", "documents"):
            want = {path_of(page_for(kind, entry)) for entry in data[kind] if slug in entry["areas"]}
            section = "decisions" if kind == "decisions" or not tree.xpath('//section[@id="documents"]') else kind
            rows = tree.xpath(f'//section[@id="{section}"]//tbody/tr')
            listed = {urlparse(href).path for row in rows for href in row.xpath(".//a/@href")}
            assert want <= listed, (slug, kind, want - listed)
            counts.append(len(want))
        rows = tree.xpath('//section[@id="decisions" or @id="documents"]//tbody/tr')
        assert len(rows) == sum(counts), slug
        shown[slug] = len(rows)
        page_html = response.content.decode()
        for kind in ("events", "resources"):
            tagged = [path_of(page_for(kind, entry)) for entry in data[kind] if slug in entry["areas"]]
            # Lists are capped (five events, ten resources); at least one shows when any is tagged.
            assert bool(tagged) == any(f'href="{path}"' in page_html for path in tagged), (slug, kind)
    # The areas the seed's decisions and documents honestly cover; the others say so (content/README.md).
    assert {slug for slug, count in shown.items() if not count} == {"asgm"}
    assert shown["financial-resources"] == 8 and shown["mercury-added-products"] == 8


@pytest.mark.django_db
def test_an_editors_tags_are_kept_and_unedited_pages_follow_the_file(seeded):
    """The seed's page upsert keeps a page an editor revised; it updates one nobody touched."""
    from hub.models import ThematicArea

    editor = get_user_model().objects.create_user("subjects-editor", password="x")  # noqa: S106
    health = english(ThematicArea.objects).get(slug="health")
    edited = english(ResourcePage.objects).get(identifier="MC-1/5")
    edited.thematic_areas.add(health)
    edited.save_revision(user=editor).publish()
    untouched = english(ResourcePage.objects).get(identifier="MC-1/6")
    context = SeedContext(verbosity=0)
    for page in (edited, untouched):
        context.upsert_page(
            "Decisions",
            page.get_parent(),
            ResourcePage,
            page.slug,
            {"title": page.title},
            m2m={"thematic_areas": [health]},
            key={"identifier": page.identifier, "locale": page.locale},
        )
    assert context.tally("Decisions").kept == 1 and context.tally("Decisions").updated == 1
    assert tags(ResourcePage.objects.get(pk=edited.pk))[0] == ["financial-resources", "health"]
    assert tags(ResourcePage.objects.get(pk=untouched.pk))[0] == ["health"]


# The file's checks ---------------------------------------------------------------------------------
def parse(data, tmp_path):
    path = tmp_path / tagging.SUBJECTS_FILE
    path.write_text(json.dumps(data), encoding="utf-8")
    return tagging.parse_subjects(path, set(AREA_SLUGS), ARTICLE_SLUGS)


def test_the_packaged_file_parses_and_answers_by_key():
    assert tagging.subjects_for("decision", "MC-1/5") == (["financial-resources"], ["article-13"])
    assert tagging.subjects_for("resource", "NAP Guidance document") == (["asgm"], ["article-7", "annex-c"])
    from datetime import date

    event = ("Mercury Waste Management Partnership Area annual meeting 2020", date(2020, 11, 27))
    assert tagging.subjects_for("event", event) == (["mercury-wastes"], ["article-11"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["decisions"][2]["areas"].append("gold"), r"decisions entry 3 \(MC-1/5\): areas: 'gold' is not"),
        (lambda d: d["documents"][0]["articles"].append("article-36"), r"documents entry 1 .*'article-36' is not"),
        (lambda d: d["events"][0].update(start_date="2009-31-03"), r"events entry 1 .*not a date"),
        (lambda d: d["resources"][0].update(area=["asgm"]), r"resources entry 1 .*unknown field area"),
        (lambda d: d["decisions"][0].pop("articles"), r"decisions entry 1 \(MC-1/1\): articles: must be a list"),
        (lambda d: d["decisions"].append(dict(d["decisions"][0])), r"entry 28 \(MC-1/1\): given twice"),
        (lambda d: d.pop("events"), r"must be an object with the lists"),
    ],
)
def test_a_malformed_entry_names_the_file_and_the_entry(tmp_path, change, message):
    data = subjects_file()
    change(data)
    with pytest.raises(SeedDataError, match=message) as error:
        parse(data, tmp_path)
    assert str(error.value).startswith(str(tmp_path / "subjects.json"))


def test_a_missing_or_unknown_record_is_an_error(tmp_path):
    data = subjects_file()
    data["decisions"] = [entry for entry in data["decisions"] if entry["symbol"] != "MC-1/5"]
    data["documents"][0]["symbol"] = "UNEP/MC/COP.9/99"
    subjects = parse(data, tmp_path)
    symbols = [entry["symbol"] for entry in subjects_file()["decisions"]]
    with pytest.raises(SeedDataError, match=r"subjects\.json: decisions: no entry for the decision 'MC-1/5'"):
        subjects.check_complete("decision", symbols)
    documents = [entry["symbol"] for entry in data["documents"][1:]]
    with pytest.raises(SeedDataError, match=r"documents entry 1 \(UNEP/MC/COP\.9/99\): no such document"):
        subjects.check_complete("document", documents)
    # A decision's related_articles must be among the entry's articles.
    with pytest.raises(SeedDataError, match=r"MC-1/3\): articles: lacks article-4, named by related_articles"):
        subjects.subjects_for("decision", "MC-1/3", required_articles=["article-3", "article-4"])


@pytest.mark.django_db
def test_the_seed_refuses_a_file_missing_a_seeded_event(tmp_path):
    data = subjects_file()
    missing = data["events"].pop(5)
    (tmp_path / tagging.SUBJECTS_FILE).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("sync_reference_data", data_dir=str(tmp_path), verbosity=0)
    message = str(error.value)
    assert "nothing was changed" in message and "subjects.json: events: no entry for the event" in message
    assert f"{missing['title']} on {missing['start_date']}" in message

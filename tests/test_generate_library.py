"""`generate_library N --seed S`: realistic synthetic resources, deterministic per seed."""

import csv
import io
import re
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.signals import page_published
from wagtail_localize.models import LocaleSynchronization

import pytest
from modelsearch.conf import get_app_config

from hub import factories as hf
from library import factories as lf
from library.importing.synthetic import SyntheticLibrary
from library.models import LibraryCollection, LibraryIndexPage, ResourcePage, ResourceTag

CONTRACT_TYPES = [
    "report", "guidance", "toolkit", "fact-sheet", "case-study", "training-material", "video",
    "webinar-recording", "presentation", "dataset", "tool", "template", "policy-brief",
    "national-action-plan", "national-report", "meeting-document", "decision", "legislation",
    "scientific-article", "other",
]  # fmt: skip


@pytest.fixture
def vocabularies(home):
    """A small but complete set of the real vocabularies, and the Minamata library."""
    lf.LibraryIndexPageFactory(parent=home)
    for slug in CONTRACT_TYPES:
        hf.ResourceTypeFactory(slug=slug)
    for slug in ("scientific", "technical", "legal", "implementation"):
        hf.PillarFactory(slug=slug, name=slug.capitalize())
    article7 = hf.ConventionArticleFactory(number="7", slug="article-7", name="Artisanal and small-scale gold mining")
    article8 = hf.ConventionArticleFactory(number="8", slug="article-8", name="Emissions")
    gmp_asgm = hf.GMPAreaFactory(slug="asgm", name="Reducing Mercury in Artisanal and Small-Scale Gold Mining")
    coal = hf.GMPAreaFactory(slug="coal-combustion", name="Mercury Control from Coal Combustion")
    hf.ThematicAreaFactory(
        slug="asgm",
        name="Artisanal and small-scale gold mining",
        description="Reducing and where feasible eliminating mercury use in gold mining.",
        articles=[article7],
        gmp_areas=[gmp_asgm],
    )
    hf.ThematicAreaFactory(
        slug="emissions",
        name="Emissions",
        description="Controlling mercury emissions to air.",
        articles=[article8],
        gmp_areas=[coal],
    )
    for iso3, name in (("KEN", "Kenya"), ("BRA", "Brazil"), ("IDN", "Indonesia"), ("FRA", "France")):
        hf.CountryFactory(iso3=iso3, name=name, slug=iso3.lower())
    meetings = hf.MeetingIndexPageFactory(parent=home)
    hf.MeetingPageFactory(parent=meetings, short_name="COP-1", slug="cop-1", start_date=date(2017, 9, 24))
    hf.MeetingPageFactory(
        parent=meetings, short_name="INC-5", slug="inc-5", meeting_kind="inc", start_date=date(2013, 1, 13)
    )
    LibraryCollection.objects.create(name="Minamata Convention library", slug="minamata")
    LibraryCollection.objects.create(name="GMP knowledge hub", slug="gmp")


def generate(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_library", *map(str, args), stdout=out, stderr=err)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_same_seed_same_rows_and_a_longer_run_extends_a_shorter_one(vocabularies):
    rows = SyntheticLibrary(seed=5).rows(40)
    assert SyntheticLibrary(seed=5).rows(40) == rows
    assert SyntheticLibrary(seed=5).rows(15) == rows[:15]
    other = SyntheticLibrary(seed=6).rows(40)
    assert [row["title"] for row in other] != [row["title"] for row in rows]
    assert {row["identifier"] for row in rows} == {f"synthetic-5-{n:06d}" for n in range(1, 41)}


@pytest.mark.django_db
def test_generates_n_resources_and_a_rerun_changes_nothing(vocabularies):
    assert generate(25, "--seed", 3) == ["created 25, updated 0, unchanged 0, failed 0"]
    generated = ResourcePage.objects.filter(locale=Locale.get_default(), identifier__startswith="synthetic-3-")
    assert generated.count() == 25 and all(page.live for page in generated)
    revisions = sorted(generated.values_list("latest_revision_id", flat=True))
    assert generate(25, "--seed", 3) == ["created 0, updated 0, unchanged 25, failed 0"]
    assert sorted(generated.values_list("latest_revision_id", flat=True)) == revisions
    assert generate(30, "--seed", 3) == ["created 5, updated 0, unchanged 25, failed 0"]


@pytest.mark.django_db
def test_rows_use_only_the_real_vocabularies(vocabularies):
    rows = SyntheticLibrary(seed=11).rows(300)
    types = {row["resource_type"] for row in rows}
    assert types <= set(CONTRACT_TYPES) and len(types) >= 15  # most types occur in 300 rows
    areas = {"asgm": "Artisanal and small-scale gold mining", "emissions": "Emissions"}
    for row in rows:
        assert set(row["thematic_areas"]) <= set(areas)
        assert set(row["gmp_areas"]) <= {"asgm", "coal-combustion"}
        assert set(row["countries"]) <= {"KEN", "BRA", "IDN", "FRA"}
        assert set(row["articles"]) <= {"7", "8"}
        assert set(row["pillars"]) <= {"scientific", "technical", "legal", "implementation"}
        assert set(row["collections"]) <= {"minamata", "gmp"} and "minamata" in row["collections"]
        assert row["meeting"] in ("", "cop-1", "inc-5")
        assert set(row["languages"]) <= {"en", "fr", "es", "ar", "zh", "ru"} and row["languages"]
        assert "2000" <= row["publication_date"][:4] <= "2025"
        assert row["summary"].count(". ") >= 2  # a few sentences for full-text search
        if row["thematic_areas"]:
            assert areas[row["thematic_areas"][0]].lower() in row["title"].lower() or row["resource_type"] in (
                "national-report",
            )
        if row["resource_type"] == "decision":
            assert re.fullmatch(r"MC-1/\d+", row["symbol"]) and row["meeting"] == "cop-1"
            assert row["title"].startswith(f"Decision {row['symbol']}: ")
        elif row["resource_type"] == "meeting-document":
            assert re.fullmatch(r"UNEP/MC/(COP\.1|INC\.5)/\d{3}", row["symbol"])
        else:
            assert row["symbol"] == ""
    # Every row passes the import's own validation.
    assert generate(300, "--seed", 11) == ["created 300, updated 0, unchanged 0, failed 0"]


@pytest.mark.django_db
def test_csv_output_is_an_import_file(vocabularies, tmp_path):
    path = tmp_path / "synthetic.csv"
    assert generate(12, "--seed", 4, "--csv", path) == [f"Wrote 12 rows to {path}."]
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 12 and rows[0]["identifier"] == "synthetic-4-000001"
    assert not ResourcePage.objects.filter(identifier__startswith="synthetic-").exists()
    out = io.StringIO()
    call_command("import_resources", str(path), stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines() == ["created 12, updated 0, unchanged 0, failed 0"]
    assert generate(12, "--seed", 4) == ["created 0, updated 0, unchanged 12, failed 0"]


@pytest.fixture
def french(vocabularies, home):
    """French follows English (wagtail-localize synchronisation): new resources get French aliases."""
    locale = Locale.objects.get(language_code="fr")
    home.copy_for_translation(locale, alias=True)
    library = LibraryIndexPage.objects.get(locale=Locale.get_default())
    library.copy_for_translation(locale, alias=True)
    LocaleSynchronization.objects.create(locale=locale, sync_from=Locale.get_default())
    return locale


def index_entries(pages):
    entry = get_app_config().get_model("IndexEntry")
    content_type = ContentType.objects.get_for_model(ResourcePage)
    return entry.objects.filter(content_type=content_type, object_id__in=[str(page.pk) for page in pages])


@pytest.mark.django_db
def test_locale_aliases_are_copies_of_their_sources_with_their_own_rows(french):
    assert generate(12, "--seed", 2, "--chunk-size", 5) == ["created 12, updated 0, unchanged 0, failed 0"]
    assert not any(Page.find_problems())
    sources = ResourcePage.objects.filter(locale=Locale.get_default(), identifier__startswith="synthetic-2-")
    aliases = ResourcePage.objects.filter(locale=french, alias_of__in=sources)
    assert sources.count() == aliases.count() == 12
    french_library = LibraryIndexPage.objects.get(locale=french)
    assert french_library.numchild == 12
    tags = ResourceTag.objects.filter(content_object__in=aliases)
    references = ReferenceIndex.objects.filter(object_id__in=[str(alias.pk) for alias in aliases])
    tag_paths = {f"tagged_items.{tag.pk}.tag": str(tag.tag_id) for tag in tags}
    assert {ref.content_path: ref.to_object_id for ref in references if ref.model_path == "tagged_items.item.tag"} == (
        tag_paths
    )
    entries = {entry.object_id: entry.title for entry in index_entries([*sources, *aliases])}
    for alias in aliases:
        source = alias.alias_of.specific
        assert alias.get_parent().pk == french_library.pk and alias.live and not alias.latest_revision_id
        assert alias.url_path == f"{french_library.url_path}{source.slug}/"
        assert (alias.title, alias.identifier, alias.translation_key) == (
            source.title,
            source.identifier,
            source.translation_key,
        )
        assert sorted(alias.tags.names()) == sorted(source.tags.names())
        assert [(a.name, a.kind) for a in alias.authors.all()] == [(a.name, a.kind) for a in source.authors.all()]
        assert {a.pk for a in alias.authors.all()}.isdisjoint(a.pk for a in source.authors.all())
        for name in ("countries", "pillars", "thematic_areas", "articles", "gmp_areas", "collections"):
            assert set(getattr(alias, name).all()) == set(getattr(source, name).all())
        # The alias's search entry is a copy of its source's (text on SQLite, a tsvector on PostgreSQL)
        # and holds the source's title: Wagtail's own search finds both by a word of it, on every database.
        assert entries[str(alias.pk)] == entries[str(source.pk)]
        word = max(re.findall(r"[A-Za-z]{4,}", source.title), key=len)
        found = ResourcePage.objects.filter(id__in=[source.pk, alias.pk]).search(word, backend="default")
        assert {page.pk for page in found} == {source.pk, alias.pk}, word
    assert Client().get(aliases[0].url).status_code == 200
    assert generate(12, "--seed", 2) == ["created 0, updated 0, unchanged 12, failed 0"]
    assert ResourcePage.objects.filter(locale=french).count() == 12


@pytest.mark.django_db
def test_search_indexing_can_be_left_to_update_index(vocabularies):
    with pytest.raises(CommandError, match="No search backend named nowhere"):
        generate(3, "--seed", 7, "--index-backend", "nowhere")
    assert generate(4, "--seed", 7, "--no-index") == ["created 4, updated 0, unchanged 0, failed 0"]
    unindexed = list(ResourcePage.objects.filter(identifier__startswith="synthetic-7-"))
    assert not index_entries(unindexed).exists()
    assert ReferenceIndex.objects.filter(object_id__in=[str(page.pk) for page in unindexed]).exists()
    assert generate(3, "--seed", 8, "--index-backend", "default") == ["created 3, updated 0, unchanged 0, failed 0"]
    assert index_entries(ResourcePage.objects.filter(identifier__startswith="synthetic-8-")).count() == 3
    call_command("update_index", backend_name="default", verbosity=0)
    assert index_entries(unindexed).count() == 4


@pytest.mark.django_db
def test_each_new_resource_is_announced_once_as_indexed_in_bulk(vocabularies):
    announced = []

    def receiver(sender, instance, **kwargs):
        announced.append((instance.identifier, instance.live_revision_id is not None, kwargs.get("indexed_in_bulk")))

    page_published.connect(receiver, sender=ResourcePage, dispatch_uid="test_generate_library.announced")
    try:
        generate(6, "--seed", 9)
    finally:
        page_published.disconnect(dispatch_uid="test_generate_library.announced", sender=ResourcePage)
    assert announced == [(f"synthetic-9-{n:06d}", True, True) for n in range(1, 7)]


@pytest.mark.django_db
def test_bulk_reference_rows_are_those_wagtail_writes_for_each_page_and_alias(french):
    """The importer writes reference-index rows in bulk, an alias's derived from its source's;
    Wagtail's own `create_or_update_for_object` must find nothing to add or remove."""
    generate(6, "--seed", 11)
    pages = list(ResourcePage.objects.filter(identifier__startswith="synthetic-11-"))
    assert len(pages) == 12 and any(page.alias_of_id for page in pages)

    def rows():
        found = ReferenceIndex.objects.filter(object_id__in=[str(page.pk) for page in pages])
        return sorted(
            found.values_list("object_id", "model_path", "content_path", "to_content_type_id", "to_object_id")
        )

    written = rows()
    assert any(".tag" in row[2] for row in written if row[0] in {str(p.pk) for p in pages if p.alias_of_id})
    ReferenceIndex.objects.filter(object_id__in=[str(page.pk) for page in pages]).delete()
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
    assert rows() == written

"""`generate_library N --seed S`: realistic synthetic resources, deterministic per seed."""

import csv
import io
import re
from datetime import date

from django.core.management import call_command

from wagtail.models import Locale

import pytest

from hub import factories as hf
from library import factories as lf
from library.importing.synthetic import SyntheticLibrary
from library.models import LibraryCollection, ResourcePage

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

"""Article 31: entry into force for each Party, computed when the record does not give it.

The fiftieth instrument was deposited on 18 May 2017, so the Convention entered into force on
16 August 2017 for every State that had deposited by then, and on the ninetieth day after
deposit for every later one. A recorded date always wins over the computed one.
"""

import datetime
import json

from django.utils import timezone

import pytest

from hub import factories as hf
from hub.convention import CONVENTION_ENTERED_INTO_FORCE, entry_into_force
from hub.seed import SeedDataError
from hub.seed.records import parse_parties

from .test_rendering import assert_shows_date, get

D = datetime.date


@pytest.mark.parametrize(
    ("deposit", "expected"),
    [
        (D(2013, 10, 10), D(2017, 8, 16)),  # deposited at the Conference of Plenipotentiaries
        (D(2017, 5, 17), D(2017, 8, 16)),
        (D(2017, 5, 18), D(2017, 8, 16)),  # the fiftieth instrument itself
        (D(2017, 5, 19), D(2017, 8, 17)),  # the first deposit after it: ninety days later
        (D(2020, 5, 26), D(2020, 8, 24)),  # Albania, as the treaty record gives it
        (D(2023, 9, 22), D(2023, 12, 21)),  # Kenya, whose record gives no date
        (D(2024, 2, 29), D(2024, 5, 29)),  # across a leap day
    ],
)
def test_article_31_dates(deposit, expected):
    assert entry_into_force(deposit) == expected


def test_no_deposit_no_entry_into_force():
    assert entry_into_force(None) is None
    assert D(2017, 8, 16) == CONVENTION_ENTERED_INTO_FORCE


def profile(tree, **fields):
    country = hf.CountryFactory(name="Testland", iso3="TST", iso2="TS", slug="tst", region=tree.africa)
    values = {"entry_into_force_date": None, "signature_date": None, "instrument": ""}
    values.update(fields)
    return hf.CountryProfilePageFactory(parent=tree.country_index, country=country, **values)


@pytest.mark.django_db
class TestProfileDates:
    def test_computed_when_not_recorded(self, tree):
        page = profile(tree, ratification_date=D(2023, 9, 22))
        assert page.entry_into_force == D(2023, 12, 21)
        assert page.entry_into_force_is_computed
        assert not page.deposited_before_convention_in_force

    def test_recorded_date_wins(self, tree):
        # A recorded date the editors confirmed stays, even where it differs from the computation.
        page = profile(tree, ratification_date=D(2016, 6, 7), entry_into_force_date=D(2017, 9, 1))
        assert page.entry_into_force == D(2017, 9, 1)
        assert not page.entry_into_force_is_computed

    def test_signatory_has_none(self, tree):
        page = profile(tree, status="signatory", ratification_date=None, signature_date=D(2013, 10, 10))
        assert page.entry_into_force is None
        assert not page.entry_into_force_is_computed
        assert page.in_force_from() is None

    def test_party_in_force_from_a_future_date(self, tree):
        today = timezone.localdate()
        page = profile(tree, ratification_date=today - datetime.timedelta(days=10))
        assert page.in_force_from(today) == today + datetime.timedelta(days=80)
        assert page.in_force_from(today + datetime.timedelta(days=80)) is None  # in force that day
        assert tree.party.in_force_from(today) is None


@pytest.mark.django_db
class TestRendering:
    def test_profile_says_a_date_is_computed_and_why(self, tree, client):
        html = get(client, profile(tree, ratification_date=D(2023, 9, 22)))
        assert_shows_date(html, D(2023, 12, 21))
        assert "Computed under Article 31: the ninetieth day after the instrument was deposited." in html
        assert "Not yet in force" not in html

    def test_early_deposit_takes_effect_with_the_convention(self, tree, client):
        html = get(client, profile(tree, ratification_date=D(2016, 6, 7)))
        assert_shows_date(html, D(2017, 8, 16))
        assert "deposited before the Convention entered into force" in html

    def test_a_recorded_date_is_not_called_computed(self, tree, client):
        html = get(client, tree.party)
        assert_shows_date(html, tree.party.entry_into_force_date)
        assert "Computed under Article 31" not in html

    def test_a_party_not_yet_bound_says_when_it_will_be(self, tree, client):
        today = timezone.localdate()
        html = get(client, profile(tree, ratification_date=today))
        assert "Party (in force from " in html
        assert_shows_date(html, today + datetime.timedelta(days=90))
        index = get(client, tree.country_index)
        row = index[index.index("Testland") :]
        assert "in force from " in row[: row.index("</tr>")]

    def test_a_signatory_is_not_in_force(self, tree, client):
        html = get(client, profile(tree, status="signatory", ratification_date=None))
        assert "Not yet in force: no instrument deposited" in html
        assert "Party (in force from" not in html

    def test_parties_index_shows_computed_dates(self, tree, client):
        profile(tree, ratification_date=D(2023, 9, 22))
        html = get(client, tree.country_index)
        row = html[html.index("Testland") :]
        row = row[: row.index("</tr>")]
        assert_shows_date(row, D(2023, 12, 21))
        assert "computed under Article 31" in row
        kenya = html[html.index(">Kenya<") :]
        kenya = kenya[: kenya.index("</tr>")]
        assert "computed" not in kenya  # its date is recorded


def write_parties(tmp_path, **changes):
    record = {
        "name": "Kenya",
        "iso2": "KE",
        "iso3": "KEN",
        "un_region": "Africa",
        "signature_date": "2013-10-10",
        "ratification_date": "2023-09-22",
        "entry_into_force_date": None,
        "status": "party",
        "status_as_of": "2023-09-22",
    }
    record.update(changes)
    path = tmp_path / "parties.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    return path


class TestSeedRecords:
    def test_a_missing_date_stays_missing(self, tmp_path):
        (kenya,) = parse_parties(write_parties(tmp_path))
        assert kenya.entry_into_force_date is None  # the profile computes it

    def test_a_date_agreeing_with_article_31_is_kept(self, tmp_path):
        (kenya,) = parse_parties(write_parties(tmp_path, entry_into_force_date="2023-12-21"))
        assert kenya.entry_into_force_date == D(2023, 12, 21)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"entry_into_force_date": "2023-12-22"}, "is not 2023-12-21, the date Article 31 gives"),
            ({"entry_into_force_date": "2023-09-01"}, "is before the deposit of the instrument"),
            (
                {"status": "signatory", "ratification_date": None, "entry_into_force_date": "2017-08-16"},
                "is given without the deposit of an instrument",
            ),
        ],
    )
    def test_a_date_that_contradicts_the_deposit_is_refused(self, tmp_path, changes, message):
        with pytest.raises(SeedDataError) as error:
            parse_parties(write_parties(tmp_path, **changes))
        assert message in str(error.value)
        assert "entry_into_force_date" in str(error.value)

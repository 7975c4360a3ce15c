"""Party profiles fill themselves: each section follows the data, with no editor action.

Projects (table, totals by programme and agency, links to thematic areas), national reports,
national action plans, other resources, events and partner organisations; a useful empty state
for each; and the profile in another locale lists that locale's pages.
"""

import datetime
import io
from decimal import Decimal
from html.parser import HTMLParser

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Locale

import pytest

from hub import factories as hf
from library import factories as lf
from partners.models import Organisation, PartnerIndexPage

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def titles(items):
    return [item.title for item in items]


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    return response.content.decode()


class _Tables(HTMLParser):
    """{caption: [[cell text, …] per body row]} and the links inside each row."""

    def __init__(self):
        super().__init__()
        self.tables, self.links = {}, {}
        self._caption = self._row = self._cell = None
        self._in_caption = self._in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self._in_caption, self._caption = True, ""
        elif tag == "tbody":
            self._in_body = True
            self.tables[self._caption] = []
        elif tag == "tr" and self._in_body:
            self._row = []
            self.tables[self._caption].append(self._row)
            self.links.setdefault(self._caption, []).append([])
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""
        elif tag == "a" and self._row is not None:
            self.links[self._caption][-1].append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag == "tbody":
            self._in_body, self._row = False, None
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def tables(html):
    parser = _Tables()
    parser.feed(html)
    return parser


@pytest.fixture
def peru(tree):
    """A second Party with nothing tagged at all."""
    country = hf.CountryFactory(name="Peru", iso3="PER", iso2="PE", slug="per", region=tree.africa)
    return hf.CountryProfilePageFactory(parent=tree.country_index, country=country)


@pytest.fixture
def directory(tree):
    page = PartnerIndexPage(title="Partners", slug="partners")
    tree.home.add_child(instance=page)
    page.save_revision().publish()
    return page


class TestProjects:
    def test_table_totals_and_thematic_area_links(self, tree, client):
        t = tree
        hf.ProjectFactory(
            project_id="sip-2-ken",
            programme="sip",
            round=2,
            title="",
            agency="UNEP",
            status="completed",
            approval_date=None,
            approval_year=2025,
            amount_usd=Decimal("250000"),
            cofinancing_usd=Decimal("40000"),
            countries=[t.kenya],
            thematic_areas=[t.emissions],
        )
        hf.ProjectFactory(
            project_id="gef-9999",
            title="Kenya minamata initial assessment",
            agency="UNIDO",
            status="ongoing",
            approval_date=datetime.date(2016, 3, 1),
            amount_usd=Decimal("200000"),
            url="https://www.thegef.org/projects-operations/projects/9999",
            countries=[t.kenya],
        )
        sections = t.party.automatic_sections()
        assert [p.project_id for p in sections["projects"]] == ["sip-2-ken", "gef-10000", "gef-9999"]
        totals = sections["project_totals"]
        assert totals.count == 3
        assert totals.amount == Decimal("450000") and totals.with_amount == 2
        by_programme = {str(g.label): (g.count, g.amount) for g in totals.by_programme}
        assert by_programme == {
            "Global Environment Facility": (2, Decimal("200000")),
            "Specific International Programme": (1, Decimal("250000")),
        }
        by_agency = {str(g.label): (g.count, g.amount) for g in totals.by_agency}
        assert by_agency == {"UNEP": (2, Decimal("250000")), "UNIDO": (1, Decimal("200000"))}

        html = html_of(client, t.party)
        parsed = tables(html)
        rows = parsed.tables["3 projects in Kenya"]
        assert [row[0] for row in rows] == [
            "Specific International Programme round 2 project in Kenya",
            "ASGM planet gold Kenya",
            "Kenya minamata initial assessment",
        ]
        sip = rows[0]
        assert sip[1] == "Specific International Programme (round 2)"
        assert sip[2:] == ["UNEP", "Completed", "2025", "US$250,000", "US$40,000", "Emissions"]
        gef = rows[2]
        assert gef[3:7] == ["Under implementation", "1 March 2016", "US$200,000", "not recorded"]
        links = parsed.links["3 projects in Kenya"]
        assert links[0] == []  # Emissions has no area page: its name without a link
        assert links[1] == [t.area_page.url]  # the ASGM project links to the ASGM area page
        assert links[2] == ["https://www.thegef.org/projects-operations/projects/9999"]
        programme_rows = parsed.tables["Projects and funding by programme"]
        assert programme_rows == [
            ["Global Environment Facility", "2", "US$200,000 (1 of 2 projects)"],
            ["Specific International Programme", "1", "US$250,000"],
        ]
        agency_rows = parsed.tables["Projects and funding by implementing agency"]
        assert agency_rows == [["UNEP", "2", "US$250,000 (1 of 2 projects)"], ["UNIDO", "1", "US$200,000"]]
        assert "Amounts are recorded for 2 of 3 projects" in html

    def test_totals_say_when_no_amount_is_recorded(self, tree, client):
        html = html_of(client, tree.party)  # the tree's one project has no amount
        assert tables(html).tables["Projects and funding by programme"] == [
            ["Global Environment Facility", "1", "amount not recorded"]
        ]
        assert "No project amount is recorded for this Party" in html

    def test_a_new_project_appears_and_the_as_of_date_follows(self, tree, client):
        t = tree
        before = t.party.automatic_sections()
        assert titles(before["projects"]) == [t.project.title]
        assert before["projects_as_of"] == timezone.localdate(t.project.updated)
        hf.ProjectFactory(title="Mercury waste inventory", countries=[t.kenya], approval_date=datetime.date(2024, 1, 1))
        after = t.party.automatic_sections()
        assert titles(after["projects"]) == ["Mercury waste inventory", t.project.title]
        assert "Mercury waste inventory" in html_of(client, t.party)
        assert "Projects as of" in html_of(client, t.party)

    def test_imported_project_appears_on_the_profile(self, tree, client, tmp_path):
        t = tree
        path = tmp_path / "projects.csv"
        path.write_text(
            "project_id,programme,title,countries,agency,status,approval_date,amount_usd,cofinancing_usd,url,"
            "thematic_areas\n"
            "gef-11111,gef,Mercury in Kenyan health care,KEN,WHO,approved,2022-06-30,1500000,300000,,asgm\n",
            encoding="utf-8",
        )
        out = io.StringIO()
        call_command("import_projects", str(path), stdout=out)
        assert out.getvalue().startswith("created 1, updated 0, unchanged 0, failed 0")
        sections = t.party.automatic_sections()
        assert titles(sections["projects"]) == ["Mercury in Kenyan health care", t.project.title]
        html = html_of(client, t.party)
        row = tables(html).tables["2 projects in Kenya"][0]
        assert row == [
            "Mercury in Kenyan health care",
            "Global Environment Facility",
            "WHO",
            "Approved",
            "30 June 2022",
            "US$1,500,000",
            "US$300,000",
            "Artisanal and small-scale gold mining",
        ]

    def test_another_countrys_projects_are_not_listed(self, tree, peru):
        hf.ProjectFactory(title="Peru project", countries=[peru.country])
        assert titles(tree.party.automatic_sections()["projects"]) == [tree.project.title]
        assert titles(peru.automatic_sections()["projects"]) == ["Peru project"]


class TestLibrarySections:
    def test_publishing_and_unpublishing_a_national_report(self, tree, client):
        t = tree
        report = lf.ResourcePageFactory(
            parent=t.library,
            title="Second national report of Kenya",
            resource_type=t.types["national-report"],
            publication_date=datetime.date(2025, 12, 31),
            countries=[t.kenya],
            live=False,
        )
        assert titles(t.party.automatic_sections()["national_reports"]) == [t.national_report.title]
        report.save_revision().publish()
        assert titles(t.party.automatic_sections()["national_reports"]) == [report.title, t.national_report.title]
        assert report.title in html_of(client, t.party)
        report.refresh_from_db()  # publish() saved another copy of the page
        report.unpublish()
        assert titles(t.party.automatic_sections()["national_reports"]) == [t.national_report.title]
        assert report.title not in html_of(client, t.party)

    def test_action_plans_reports_and_other_resources_each_in_their_section(self, tree, client):
        t = tree
        nap_type = hf.ResourceTypeFactory(slug="national-action-plan", name="National action plan")
        nap = lf.ResourcePageFactory(
            parent=t.library, title="Kenya ASGM national action plan", resource_type=nap_type, countries=[t.kenya]
        )
        lf.ResourcePageFactory(
            parent=t.library, title="Peru plan", resource_type=nap_type, countries=[hf.CountryFactory(iso3="PER")]
        )
        sections = t.party.automatic_sections()
        assert titles(sections["action_plans"]) == [nap.title]
        assert titles(sections["national_reports"]) == [t.national_report.title]
        assert titles(sections["resources"]) == [t.resource.title]
        assert sections["resource_count"] == 1
        html = html_of(client, t.party)
        plans = html[html.index('id="action-plans"') : html.index('id="resources"')]
        assert nap.title in plans and t.national_report.title not in plans
        assert 'href="/en/search/?kind=resource&amp;country=KEN"' in html

    def test_resources_are_limited_newest_first(self, tree):
        t = tree
        for year in range(2010, 2022):
            lf.ResourcePageFactory(
                parent=t.library,
                title=f"Study {year}",
                resource_type=t.types["report"],
                publication_date=datetime.date(year, 1, 1),
                countries=[t.kenya],
            )
        sections = t.party.automatic_sections()
        assert titles(sections["resources"])[:3] == ["Study 2021", "Study 2020", t.resource.title]
        assert len(sections["resources"]) == 10
        assert sections["resource_count"] == 13


class TestEventsAndPartners:
    def test_events_tagged_with_the_country(self, tree, client):
        t = tree
        soon = hf.EventPageFactory(
            parent=t.event_index, title="Nairobi workshop", start_date=TODAY + datetime.timedelta(days=9),
            countries=[t.kenya],
        )  # fmt: skip
        past = hf.EventPageFactory(
            parent=t.event_index, title="Mombasa training", start_date=TODAY - datetime.timedelta(days=30),
            countries=[t.kenya],
        )  # fmt: skip
        hf.EventPageFactory(parent=t.event_index, title="Draft Kenya event", live=False, countries=[t.kenya])
        sections = t.party.automatic_sections()
        assert titles(sections["upcoming_events"]) == [soon.title]
        assert titles(sections["past_events"]) == [past.title]
        html = html_of(client, t.party)
        assert soon.title in html and past.title in html and "Draft Kenya event" not in html

    def test_partner_organisations_based_there(self, tree, client, directory):
        t = tree
        Organisation.objects.create(name="Zero Mercury Working Group", acronym="ZMWG", slug="zmwg", country=t.kenya)
        Organisation.objects.create(name="Ministry of Environment", slug="ken-env", kind="government", country=t.kenya)
        Organisation.objects.create(name="Closed forum", slug="closed", country=t.kenya, active=False)
        Organisation.objects.create(name="Elsewhere NGO", slug="elsewhere", kind="ngo")
        organisations = t.party.automatic_sections()["organisations"]
        assert [o.name for o in organisations] == ["Ministry of Environment", "Zero Mercury Working Group"]
        assert [o.url for o in organisations] == ["/en/partners/ken-env/", "/en/partners/zmwg/"]
        html = html_of(client, t.party)
        assert 'href="/en/partners/zmwg/"' in html and "Closed forum" not in html
        assert client.get("/en/partners/zmwg/").status_code == 200

    def test_an_organisation_is_added_with_no_editor_action(self, tree):
        t = tree
        assert t.party.automatic_sections()["organisations"] == []
        Organisation.objects.create(name="Kenya Mercury Lab", slug="kml", kind="academia", country=t.kenya)
        (entry,) = t.party.automatic_sections()["organisations"]
        assert entry.name == "Kenya Mercury Lab" and entry.url == ""  # no directory in this site: no link


class TestEmptyStates:
    def test_a_party_with_nothing_says_what_could_be_there(self, tree, peru, client):
        sections = peru.automatic_sections()
        for name in ("projects", "national_reports", "action_plans", "resources", "upcoming_events", "organisations"):
            assert sections[name] == [], name
        assert sections["projects_as_of"] is None and sections["resource_count"] == 0
        html = html_of(client, peru)
        for sentence in (
            "No GEF or Specific International Programme projects are recorded for Peru yet.",
            "as soon as the secretariat imports them",
            "National reports submitted under Article 21 appear here once the secretariat publishes them",
            "submits one under Article 7; it appears here once published in the library.",
            "appear here once they are published in the library.",
            "No events held in or about Peru are on the calendar.",
            "No partner organisation based in Peru is in the partner directory yet.",
        ):
            assert sentence in html, sentence
        assert "<table" not in html[html.index('id="projects"') :]


class TestLocale:
    def test_french_profile_lists_french_versions(self, tree, client, directory):
        t = tree
        fr = Locale.objects.get(language_code="fr")
        t.home.copy_for_translation(fr, alias=True)
        party_fr = t.party.copy_for_translation(fr, copy_parents=True, alias=True).specific
        area_fr = t.area_page.copy_for_translation(fr, copy_parents=True, alias=True).specific
        directory.copy_for_translation(fr, copy_parents=True, alias=True)
        report_fr = t.national_report.copy_for_translation(fr, copy_parents=True).specific
        report_fr.title = "Rapport national du Kenya 2021"
        report_fr.save_revision().publish()
        resource_fr = t.resource.copy_for_translation(fr, copy_parents=True, alias=True).specific
        zmwg = Organisation.objects.create(name="Zero Mercury Working Group", slug="zmwg", country=t.kenya)
        french_zmwg = zmwg.copy_for_translation(fr)
        french_zmwg.name = "Groupe de travail Zéro Mercure"
        french_zmwg.save()

        sections = party_fr.automatic_sections()
        assert [page.pk for page in sections["national_reports"]] == [report_fr.pk]
        assert [page.pk for page in sections["resources"]] == [resource_fr.pk]
        assert [o.name for o in sections["organisations"]] == ["Groupe de travail Zéro Mercure"]
        assert sections["organisations"][0].url == "/fr/partners/zmwg/"
        assert sections["projects"][0].area_links == [(t.asgm, area_fr)]

        html = html_of(client, party_fr)
        assert "Rapport national du Kenya 2021" in html
        assert t.national_report.title not in html
        assert f'href="{area_fr.url}"' in html and area_fr.url.startswith("/fr/")
        assert f'href="{t.area_page.url}"' not in html

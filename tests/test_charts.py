"""Charts (issue #11, item 4): every SVG and its table, parsed back, equal a direct count.

The charts are drawn from the database (hub/charts.py) and rendered by
templates/hub/includes/bar_chart.html: bars carry `data-value`, table cells too. These tests read
them back from the rendered pages and compare them with plain ORM counts, change the data and
see the chart change, check the empty state, the Arabic (right-to-left) render, and that nothing
is loaded from another site.
"""

import copy
import datetime
import re
from decimal import Decimal

from django.db.models import Sum
from django.template import Context, Template
from django.utils import translation

from wagtail.models import Locale

import pytest
from lxml import etree, html

from hub import charts
from hub import factories as hf
from hub.models import CountryProfilePage, DataPage, Project
from library import factories as lf
from library.models import ResourcePage

from .builders import clear_caches, rolled_back

pytestmark = pytest.mark.django_db


def _english():
    return Locale.objects.get(language_code="en")


def _add_data_page(home):
    page = DataPage(title="Facts and figures", slug="data", intro="Parties, projects and the library in numbers.")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture(scope="module")
def shared_charts(shared_tree, django_db_blocker):
    """The tree plus Parties in two regions (and ones that must not count), projects across
    programmes, agencies and regions, more resources, the data page and Arabic aliases."""
    with rolled_back(django_db_blocker):
        t = copy.deepcopy(shared_tree)
        t.asia = hf.RegionFactory(name="Asia-Pacific", slug="asia-pacific")
        t.ghana = hf.CountryFactory(name="Ghana", iso3="GHA", iso2="GH", slug="gha", region=t.africa)
        t.japan = hf.CountryFactory(name="Japan", iso3="JPN", iso2="JP", slug="jpn", region=t.asia)
        t.nepal = hf.CountryFactory(name="Nepal", iso3="NPL", iso2="NP", slug="npl", region=t.asia)
        t.eu = hf.CountryFactory(name="European Union", iso3="EUU", slug="euu", region=None)
        index = t.country_index
        hf.CountryProfilePageFactory(parent=index, country=t.ghana, ratification_date=datetime.date(2017, 3, 1))
        hf.CountryProfilePageFactory(parent=index, country=t.japan, ratification_date=datetime.date(2016, 2, 2))
        hf.CountryProfilePageFactory(parent=index, country=t.eu, ratification_date=datetime.date(2017, 5, 18))
        # Neither counts: a signatory, and a Party whose profile is a draft.
        hf.CountryProfilePageFactory(
            parent=index, country=t.nepal, status="signatory", ratification_date=None, instrument=""
        )
        draft_country = hf.CountryFactory(name="Draftland", iso3="QDR", region=t.asia)
        hf.CountryProfilePageFactory(parent=index, country=draft_country, live=False)

        t.sip_kenya = hf.ProjectFactory(
            project_id="sip-1-ken",
            programme="sip",
            agency="",
            approval_date=datetime.date(2019, 10, 3),
            amount_usd=Decimal("250000"),
            countries=[t.kenya],
        )
        # Two regions: counted once in each. Two countries of one region: once in it.
        hf.ProjectFactory(
            project_id="sip-2-multi",
            programme="sip",
            agency="UNDP",
            approval_date=datetime.date(2021, 5, 1),
            countries=[t.kenya, t.japan],
        )
        hf.ProjectFactory(
            project_id="gef-20000",
            programme="gef",
            agency="UNDP",
            approval_date=datetime.date(2021, 6, 1),
            amount_usd=Decimal("1000000"),
            countries=[t.kenya, t.ghana],
        )
        hf.ProjectFactory(project_id="other-1", programme="other", agency="UNIDO", approval_date=None, countries=[])

        lf.ResourcePageFactory(
            parent=t.library,
            title="Report on gold mining",
            resource_type=t.types["report"],
            publication_date=datetime.date(2019, 2, 1),
            thematic_areas=[t.asgm],
        )
        lf.ResourcePageFactory(
            parent=t.library, title="Undated toolkit", resource_type=t.types["report"], publication_date=None
        )
        lf.ResourcePageFactory(
            parent=t.library,
            title="Draft report",
            resource_type=t.types["report"],
            publication_date=datetime.date(2019, 2, 1),
            thematic_areas=[t.asgm],
            live=False,
        )
        t.data_page = _add_data_page(t.home)

        arabic = Locale.objects.get(language_code="ar")
        t.home.copy_for_translation(arabic, alias=True)
        t.data_page.copy_for_translation(arabic, alias=True)
        africa_ar = t.africa.copy_for_translation(arabic)
        africa_ar.name = "أفريقيا"
        africa_ar.save()
        clear_caches()
        yield copy.deepcopy(t)


# Reading a chart back ---------------------------------------------------------------------------
def _doc(response):
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode())


def _figure(doc, key):
    found = doc.xpath(f'//figure[@id="chart-{key}"]')
    assert len(found) == 1, f"one chart {key} on the page"
    return found[0]


def bar_values(figure, series=None):
    """{category key: value} of the bars (added up over the stack, or one series)."""
    values = {}
    for rect in figure.xpath(".//svg//rect[@data-value]"):
        if series and rect.get("data-series") != series:
            continue
        category = rect.get("data-category")
        values[category] = values.get(category, 0) + Decimal(rect.get("data-value"))
    return values


def table_values(figure, series=None):
    """{category key: value} of the table cells (non-zero ones, as bars are only drawn for those)."""
    values = {}
    for cell in figure.xpath(".//table//td[@data-value]"):
        if series and cell.get("data-series") != series:
            continue
        value = Decimal(cell.get("data-value"))
        if value:
            category = cell.get("data-category")
            values[category] = values.get(category, 0) + value
    return values


def both(figure, series=None):
    bars, table = bar_values(figure, series), table_values(figure, series)
    assert bars == table, "the SVG and its table give the same numbers"
    return bars


def _parties():
    return CountryProfilePage.objects.live().filter(locale=_english(), status="party")


def _data_page(client, language="en"):
    return _doc(client.get(f"/{language}/data/"))


# Numbers equal direct counts ---------------------------------------------------------------------
def test_parties_by_region_equal_a_direct_count(client, shared_charts):
    t = shared_charts
    figure = _figure(_data_page(client), "parties-by-region")
    expected = {
        "africa": _parties().filter(country__region=t.africa).count(),
        "asia-pacific": _parties().filter(country__region=t.asia).count(),
        "none": _parties().filter(country__region__isnull=True).count(),
    }
    assert expected == {"africa": 2, "asia-pacific": 1, "none": 1}  # the signatory and the draft are left out
    assert both(figure) == expected


def test_parties_by_year_equal_a_direct_count(client, shared_charts):
    figure = _figure(_data_page(client), "parties-by-year")
    years = _parties().values_list("ratification_date__year", flat=True)
    expected = {str(year): _parties().filter(ratification_date__year=year).count() for year in set(years)}
    assert both(figure) == expected
    # Every year between the first and the last is a row, a year without deposits shows 0.
    assert figure.xpath(".//table/tbody/tr/th/text()") == ["2016", "2017"]


def test_projects_by_programme_agency_and_region_equal_direct_counts(client, shared_charts):
    t = shared_charts
    doc = _data_page(client)
    programmes = both(_figure(doc, "projects-by-programme"))
    assert programmes == {value: Project.objects.filter(programme=value).count() for value in ("gef", "sip", "other")}

    agencies = both(_figure(doc, "projects-by-agency"))
    assert agencies == {
        "UNEP": Project.objects.filter(agency="UNEP").count(),
        "UNDP": Project.objects.filter(agency="UNDP").count(),
        "UNIDO": Project.objects.filter(agency="UNIDO").count(),
        "none": Project.objects.filter(agency="").count(),
    }
    assert both(_figure(doc, "projects-by-agency"), series="gef") == {
        "UNEP": Project.objects.filter(agency="UNEP", programme="gef").count(),
        "UNDP": 1,
    }

    figure = _figure(doc, "projects-by-region")
    regions = both(figure)
    assert regions == {
        "africa": Project.objects.filter(countries__region=t.africa).distinct().count(),
        "asia-pacific": Project.objects.filter(countries__region=t.asia).distinct().count(),
    }
    assert regions == {"africa": 4, "asia-pacific": 1}
    caption = figure.xpath("string(.//table/caption)")
    assert "counts once in each region" in caption
    assert "1 project names no country" in caption


def test_project_funding_by_year_and_programme(client, shared_charts):
    doc = _data_page(client)
    counts = _figure(doc, "all-projects-by-year")
    dated = Project.objects.filter(approval_year__isnull=False)
    assert both(counts) == {
        str(year): dated.filter(approval_year=year).count()
        for year in set(dated.values_list("approval_year", flat=True))
    }
    assert both(counts, series="sip") == {
        str(year): dated.filter(approval_year=year, programme="sip").count()
        for year in set(dated.filter(programme="sip").values_list("approval_year", flat=True))
    }
    assert "1 project has no approval year" in counts.xpath("string(.//table/caption)")
    funding = _figure(doc, "all-projects-funding-by-year")
    sums = dated.filter(amount_usd__isnull=False).values_list("approval_year").annotate(usd=Sum("amount_usd"))
    assert both(funding) == {str(year): usd for year, usd in sums}
    # The table writes amounts as money; the missing amounts are counted, not guessed.
    assert "US$1,000,000" in funding.xpath("string(.//table)")
    assert "amounts of 3 projects are not recorded" in funding.xpath("string(.//table/caption)")


def test_library_growth_equals_a_direct_count(client, shared_charts):
    figure = _figure(_data_page(client), "library-growth")
    live = ResourcePage.objects.live().filter(locale=_english())
    years = set(live.filter(publication_date__isnull=False).values_list("publication_date__year", flat=True))
    assert both(figure) == {str(year): live.filter(publication_date__year=year).count() for year in years}
    assert both(figure, series="report") == {
        "2019": live.filter(resource_type__slug="report", publication_date__year=2019).count()
    }
    assert "1 resource has no publication date" in figure.xpath("string(.//table/caption)")


def test_thematic_area_chart_counts_its_resources_by_type(client, shared_charts):
    t = shared_charts
    figure = _figure(_doc(client.get(t.area_page.url)), "area-resources")
    tagged = ResourcePage.objects.live().filter(locale=_english(), thematic_areas=t.asgm)
    expected = {slug: tagged.filter(resource_type__slug=slug).count() for slug in ("guidance", "decision", "report")}
    assert expected == {"guidance": 1, "decision": 1, "report": 1}  # the draft report is left out
    assert both(figure) == expected


def test_party_funding_chart_tag(shared_charts):
    t = shared_charts
    projects = list(t.kenya.projects.all())
    rendered = Template("{% load charts %}{% party_funding_chart projects %}").render(Context({"projects": projects}))
    doc = html.fromstring(f"<div>{rendered}</div>")
    counts = _figure(doc, "party-projects-by-year")
    assert sum(bar_values(counts).values()) == t.kenya.projects.exclude(approval_year=None).count() == 4
    funding = _figure(doc, "party-projects-funding-by-year")
    assert sum(both(funding).values()) == t.kenya.projects.aggregate(usd=Sum("amount_usd"))["usd"]
    # A Party whose projects have no recorded amounts says so instead of drawing zeros.
    japan = Template("{% load charts %}{% party_funding_chart projects %}").render(
        Context({"projects": t.japan.projects.all()})
    )
    assert "Amounts not recorded" in japan and "party-projects-funding-by-year" in japan
    assert 'id="chart-party-projects-funding-by-year"' not in japan


# Data changes, the chart changes -------------------------------------------------------------------
def test_a_new_party_and_project_change_the_charts(client, shared_charts):
    t = shared_charts
    before = both(_figure(_data_page(client), "parties-by-region"))
    togo = hf.CountryFactory(name="Togo", iso3="TGO", region=t.africa)
    hf.CountryProfilePageFactory(
        parent=t.country_index, country=togo, ratification_date=datetime.date(2019, 1, 1), entry_into_force_date=None
    )
    hf.ProjectFactory(project_id="gef-30000", programme="gef", agency="UNEP", countries=[togo])
    doc = _data_page(client)
    after = both(_figure(doc, "parties-by-region"))
    assert after["africa"] == before["africa"] + 1
    assert both(_figure(doc, "parties-by-year"))["2019"] == 1
    assert both(_figure(doc, "projects-by-region"))["africa"] == 5


# Geometry ------------------------------------------------------------------------------------------
def test_bars_are_proportional_and_stack_to_their_total(shared_charts):
    chart = charts.projects_by_region()
    bars = chart.layout.bars
    africa = [bar for bar in bars if bar.category.key == "africa"]
    asia = [bar for bar in bars if bar.category.key == "asia-pacific"]
    # Horizontal bars: length is proportional to the value, segments follow one another.
    assert sum(bar.width for bar in africa) == pytest.approx(4 * sum(bar.width for bar in asia), abs=0.5)
    for first, second in zip(africa, africa[1:], strict=False):
        assert second.x == pytest.approx(first.x + first.width, abs=0.2)
    vertical = charts.parties_by_ratification_year().layout
    # Vertical bars: the same height per unit for every bar.
    per_unit = {bar.height / bar.value for bar in vertical.bars}
    assert max(per_unit) == pytest.approx(min(per_unit), abs=0.1)
    assert charts.nice_ticks(34) == [0, 10, 20, 30, 40]
    assert charts.nice_ticks(3) == [0, 1, 2, 3]


def test_svg_is_accessible_markup(client, shared_charts):
    response = client.get("/en/data/")
    text = response.content.decode()
    svgs = re.findall(r'<svg class="chart-svg".*?</svg>', text, re.S)
    assert len(svgs) == 8
    for source in svgs:
        svg = etree.fromstring(source)  # well-formed XML, not tag soup
        ns = {"s": "http://www.w3.org/2000/svg"}
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.xpath(f's:title[@id="{title_id}"]', namespaces=ns)
        assert svg.xpath(f's:desc[@id="{desc_id}"]', namespaces=ns)[0].text.strip()
        for rect in svg.xpath(".//s:rect[@data-value]", namespaces=ns):
            assert rect.xpath("string(s:title)", namespaces=ns).strip()
    doc = html.fromstring(text)
    for table in doc.xpath('//table[contains(@class, "chart-table")]'):
        assert table.xpath("caption")
        assert table.xpath("thead//th[@scope='col']") and table.xpath("tbody//th[@scope='row']")


# Empty, Arabic, self-contained ------------------------------------------------------------------
def test_empty_site_says_so_instead_of_drawing_empty_charts(client, home):
    _add_data_page(home)
    doc = _data_page(client)
    figures = doc.xpath("//figure[contains(@class, 'chart')]")
    assert len(figures) == 8  # the funding chart too, empty
    assert not doc.xpath("//svg[contains(@class, 'chart-svg')]"), "no empty SVG"
    for figure in figures:
        assert figure.xpath(".//p[@class='empty']/text()")[0].strip()
    assert "Amounts not recorded" not in doc.text_content()
    assert charts.parties_by_region().is_empty  # regions exist nowhere yet: nothing to count


def test_arabic_render_is_right_to_left_with_machine_coordinates(client, shared_charts):
    text = client.get("/ar/data/").content.decode()
    doc = html.fromstring(text)
    assert doc.get("lang") == "ar" and doc.get("dir") == "rtl"
    # Numbers in attributes are never localised ("12,5" would split an SVG x into a list).
    for name in ("x", "y", "width", "height", "x1", "y1", "data-value"):
        for value in re.findall(rf'\s{name}="([^"]*)"', text):
            if value:
                assert re.fullmatch(r"-?\d+(\.\d+)?", value), (name, value)
    figure = _figure(doc, "parties-by-region")
    assert figure.xpath(".//div[@class='chart-canvas']/@dir") == ["ltr"]
    # Labels in the visitor's language, numbers the same as in English.
    assert "أفريقيا" in figure.xpath("string(.//table/tbody)")
    assert "أفريقيا" in figure.xpath("string(.//svg)")
    english = both(_figure(_data_page(client), "parties-by-region"))
    assert both(figure) == english
    with translation.override("ar"):
        assert charts.parties_by_region().categories[0].label == "أفريقيا"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_data_page_loads_nothing_from_elsewhere(client, shared_charts, language):
    doc = _data_page(client, language)
    sources = doc.xpath("//script/@src | //link[@rel='stylesheet']/@href | //img/@src | //iframe/@src")
    assert sources  # the stylesheet at least
    assert not [url for url in sources if re.match(r"^(https?:)?//", url)]
    assert not doc.xpath("//script[not(@src)][normalize-space()]"), "no inline script"


def test_home_page_links_the_data_page(client, shared_charts):
    doc = _doc(client.get("/en/"))
    assert doc.xpath("//a[@href='/en/data/']")

"""The public partner directory and profiles (issue #10 items 1 and 6; contracts §7; partners/views.py).

One tree per module: the directory under the home page (aliased in French, Spanish and Arabic),
three active organisations and an inactive one, resources contributed in a space (live, draft,
private) or published by a partner, their French and Spanish aliases, and the GMP hub's directory.
"""

import copy
import datetime

from django.core.management.base import OutputWrapper
from django.utils import translation

from wagtail.models import Locale, Page, PageViewRestriction

import pytest
from lxml import html as lxml_html

from hub import factories as hf
from hub.seed.context import SeedContext
from library import factories as lf
from library.models import ResourcePage
from partners import views
from partners.models import ContributionSpacePage, Organisation, PartnerIndexPage
from partners.seed.directory import load_directory
from partners.spaces import space_of

from .builders import GMP_HOST, build_gmp_site, build_home_site, clear_caches, rolled_back

pytestmark = pytest.mark.django_db


def _alias(page, code):
    return page.copy_for_translation(Locale.objects.get(language_code=code), copy_parents=True, alias=True).specific


def _build(t):
    t.locales = {code: Locale.objects.get(language_code=code) for code in ("fr", "es", "ar")}
    t.directory = PartnerIndexPage(title="Partners", slug="partners", intro="Who works on mercury.")
    t.home.add_child(instance=t.directory)
    t.directory.save_revision().publish()
    build_gmp_site(t)
    t.unep = Organisation.objects.create(
        name="United Nations Environment Programme", acronym="UNEP", slug="unep", kind="igo",
        gmp_partner=True, website="https://www.unep.org/", description="Hosts the Global Mercury Partnership.",
    )  # fmt: skip
    t.unep.gmp_areas.set([t.gmp_area])
    t.zmwg = Organisation.objects.create(
        name="Zero Mercury Working Group", acronym="ZMWG", slug="zmwg", kind="ngo", country=t.kenya,
        description="A coalition of NGOs.",
    )  # fmt: skip
    t.ministry = Organisation.objects.create(
        name="Ministry of Environment of Kenya", slug="kenya-environment", kind="government", country=t.kenya
    )
    t.gone = Organisation.objects.create(name="Defunct Mercury Forum", slug="defunct", kind="ngo", active=False)
    french_zmwg = t.zmwg.copy_for_translation(t.locales["fr"])
    french_zmwg.name = "Groupe de travail Zéro Mercure"
    french_zmwg.description = "Une coalition d'ONG."
    french_zmwg.save()

    space = space_of(t.zmwg)
    t.contributed = lf.ResourcePageFactory(
        parent=space, title="ZMWG guide to mercury-free dentistry", slug="zmwg-dentistry",
        identifier="zmwg-1", publication_date=datetime.date(2021, 1, 1),
    )  # fmt: skip
    t.newer = lf.ResourcePageFactory(
        parent=space, title="ZMWG report on skin-lightening creams", slug="zmwg-creams",
        identifier="zmwg-2", publication_date=datetime.date(2024, 1, 1),
    )  # fmt: skip
    t.draft = lf.ResourcePageFactory(parent=space, title="ZMWG draft", slug="zmwg-draft", identifier="zmwg-3")
    t.draft.unpublish()
    t.private = lf.ResourcePageFactory(parent=space, title="ZMWG private", slug="zmwg-private", identifier="zmwg-4")
    PageViewRestriction.objects.create(page=t.private, restriction_type=PageViewRestriction.LOGIN)
    t.published = lf.ResourcePageFactory(
        parent=t.library,
        title="UNEP Global Mercury Assessment",
        slug="gma",
        identifier="gma-2018",
        publisher=t.zmwg,
        publication_date=None,  # undated: listed last (the factory's default date depends on what ran before)
    )
    t.party_record = lf.ResourcePageFactory(
        parent=space_of(t.ministry), title="Kenya national inventory", slug="ken-inventory", identifier="ken-1"
    )
    for code in ("fr", "es", "ar"):
        _alias(t.home, code) if not t.home.get_translations().filter(locale__language_code=code).exists() else None
        setattr(t, f"directory_{code}", _alias(t.directory, code))
    t.contributed_fr = _alias(t.contributed, "fr")
    t.published_fr = _alias(t.published, "fr")
    t.contributed_es = _alias(t.contributed, "es")
    t.private_fr = _alias(t.private, "fr")
    PageViewRestriction.objects.create(page=t.private_fr, restriction_type=PageViewRestriction.LOGIN)
    t.gmp_directory = PartnerIndexPage(title="Partners", slug="partners")
    t.gmp_home.add_child(instance=t.gmp_directory)
    t.gmp_directory.save_revision().publish()
    clear_caches()
    return t


@pytest.fixture(scope="module")
def shared_directory(shared_tree, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield copy.deepcopy(_build(copy.deepcopy(shared_tree)))


def get(client, url, host=None, status=200):
    response = client.get(url, headers={"host": host} if host else {})
    assert response.status_code == status, (url, response.status_code)
    return response


def doc(response):
    return lxml_html.fromstring(response.content)


def names(response):
    return [
        " ".join(a.text_content().split()) for a in doc(response).xpath('//ul[contains(@class, "partner-list")]//h3/a')
    ]


def listed_titles(response):
    return [a.text_content().strip() for a in doc(response).xpath('//ul[@class="resource-list"]//a')]


# The directory -------------------------------------------------------------------------------------


def test_the_directory_lists_active_organisations_only_by_name(tree, shared_directory, client):
    response = get(client, "/en/partners/")
    assert names(response) == [
        "Ministry of Environment of Kenya",
        "United Nations Environment Programme (UNEP)",
        "Zero Mercury Working Group (ZMWG)",
    ]
    assert "Defunct Mercury Forum" not in response.content.decode()
    assert "3 organisations" in doc(response).xpath('string(//p[@class="result-count"])')
    # Letters head the groups; each name links to its profile.
    assert doc(response).xpath('//h2[@class="letter-heading"]/text()') == ["M", "U", "Z"]
    assert doc(response).xpath('//ul[contains(@class, "partner-list")]//h3/a/@href')[2] == "/en/partners/zmwg/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=ngo", ["Zero Mercury Working Group (ZMWG)"]),
        ("kind=ngo&kind=igo", ["United Nations Environment Programme (UNEP)", "Zero Mercury Working Group (ZMWG)"]),
        ("area=chlor-alkali", ["United Nations Environment Programme (UNEP)"]),
        ("country=KEN", ["Ministry of Environment of Kenya", "Zero Mercury Working Group (ZMWG)"]),
        ("country=KEN&kind=government", ["Ministry of Environment of Kenya"]),
        ("country=KEN&area=chlor-alkali", []),
    ],
)
def test_filters_combine_and_repeat(tree, shared_directory, client, query, expected):
    response = get(client, f"/en/partners/?{query}")
    assert names(response) == expected
    assert doc(response).xpath('//meta[@name="robots"]/@content') == ["noindex"]


@pytest.mark.parametrize(
    "query",
    ["kind=nope", "area=%00", "country=XXX&kind=", "country=ken", "kind=ngo%27%22<script>", "area=a&area=b&country="],
)
def test_junk_filter_values_are_ignored(tree, shared_directory, client, query):
    response = get(client, f"/en/partners/?{query}")
    assert len(names(response)) == 3
    assert b"<script>" not in response.content


@pytest.mark.parametrize("number", ["0", "abc", "3", "-1", "1.5", "99999999999999999999999"])
def test_a_page_number_that_is_not_a_page_answers_404(tree, shared_directory, client, monkeypatch, number):
    monkeypatch.setattr(views, "DIRECTORY_PER_PAGE", 2)
    get(client, f"/en/partners/?page={number}", status=404)


def test_the_directory_is_paginated(tree, shared_directory, client, monkeypatch):
    monkeypatch.setattr(views, "DIRECTORY_PER_PAGE", 2)
    first, second = get(client, "/en/partners/"), get(client, "/en/partners/?page=2")
    assert len(names(first)) == 2 and len(names(second)) == 1
    assert set(names(first)) | set(names(second)) == {
        "Ministry of Environment of Kenya",
        "United Nations Environment Programme (UNEP)",
        "Zero Mercury Working Group (ZMWG)",
    }
    assert doc(first).xpath('//nav[@class="pagination"]//a[@rel="next"]/@href') == ["?page=2"]


def test_the_form_works_without_javascript(tree, shared_directory, client):
    form = doc(get(client, "/en/partners/")).xpath('//form[@class="filters" and @method="get"]')[0]
    assert form.get("action") == "/en/partners/"
    for control in form.xpath(".//input[@type='checkbox'] | .//select"):
        assert form.xpath(f".//label[@for='{control.get('id')}']"), control.get("id")
    assert not doc(get(client, "/en/partners/")).xpath("//script[contains(@src, 'partner')]")


def test_names_are_shown_in_the_pages_language_with_lang_on_untranslated_ones(tree, shared_directory, client):
    french = doc(get(client, "/fr/partners/"))
    titles = {" ".join(h.text_content().split()): h.get("lang") for h in french.xpath("//h3[@class='card-title']")}
    assert titles["Groupe de travail Zéro Mercure (ZMWG)"] is None
    assert titles["United Nations Environment Programme (UNEP)"] == "en"
    arabic = doc(get(client, "/ar/partners/"))
    heading = arabic.xpath("//h3[@class='card-title'][contains(., 'Zero Mercury')]")[0]
    assert (heading.get("lang"), heading.get("dir")) == ("en", "ltr")
    # Interface text is Arabic: the kind label is translated or at least not marked as English.
    assert arabic.xpath("/html/@lang") == ["ar"]


def test_the_gmp_directory_lists_gmp_partners_only(tree, shared_directory, client):
    response = get(client, "/en/partners/", host=GMP_HOST)
    assert names(response) == ["United Nations Environment Programme (UNEP)"]


# Profiles ------------------------------------------------------------------------------------------


def test_a_profile_shows_the_facts_and_its_published_contributions_newest_first(tree, shared_directory, client):
    response = get(client, "/en/partners/zmwg/")
    page = doc(response)
    assert page.xpath("normalize-space(//h1)") == "Zero Mercury Working Group (ZMWG)"
    assert page.xpath("normalize-space(//title)").startswith("Zero Mercury Working Group (ZMWG) | ")
    assert page.xpath('//link[@rel="canonical"]/@href') == ["http://localhost/en/partners/zmwg/"]
    assert page.xpath('//nav[@class="breadcrumbs wrap"]//a/@href') == ["/en/", "/en/partners/", "/en/partners/zmwg/"]
    assert "Non-governmental organisation" in page.xpath("string(//dl[@class='facts'])")
    assert "Kenya" in page.xpath("string(//dl[@class='facts'])")
    # Its space's live resources and what it published, newest first; never a draft or a private page.
    assert listed_titles(response) == [t.title for t in (tree.newer, tree.contributed, tree.published)]
    assert page.xpath("//a[contains(@href, '/search/?partner=zmwg')]")


def test_a_profile_shows_website_logo_and_areas(tree, shared_directory, client):
    page = doc(get(client, "/en/partners/unep/"))
    link = page.xpath('//a[@href="https://www.unep.org/"]')[0]
    assert "noopener" in link.get("rel").split()
    assert "Chlor-alkali production" in page.xpath("string(//dl[@class='facts'])")
    assert page.xpath("normalize-space(//p[@class='lead'])") == "Hosts the Global Mercury Partnership."


def test_the_french_profile_lists_the_french_versions_only(tree, shared_directory, client):
    response = get(client, "/fr/partners/zmwg/")
    hrefs = [a.get("href") for a in doc(response).xpath('//ul[@class="resource-list"]//a')]
    assert hrefs == [tree.contributed_fr.relative_url(tree.site), tree.published_fr.relative_url(tree.site)]
    assert all(href.startswith("/fr/") for href in hrefs)
    assert tree.contributed_es.relative_url(tree.site) not in response.content.decode()
    assert doc(response).xpath("normalize-space(//h1)") == "Groupe de travail Zéro Mercure (ZMWG)"
    assert doc(response).xpath("//h1/@lang") == []


@pytest.mark.parametrize("slug", ["defunct", "no-such-partner", "ZMWG"])
def test_an_unknown_or_inactive_organisation_answers_404(tree, shared_directory, client, slug):
    get(client, f"/en/partners/{slug}/", status=404)


def test_a_junk_page_of_contributions_answers_404(tree, shared_directory, client):
    get(client, "/en/partners/zmwg/?page=abc", status=404)
    get(client, "/en/partners/zmwg/?page=9", status=404)


def test_the_search_results_partner_url_works(tree, shared_directory, client):
    from search.documents import partner_url

    for code in ("en", "fr", "es", "ar"):
        get(client, partner_url(tree.zmwg, code))


# Resources and spaces ----------------------------------------------------------------------------------


def test_a_contributed_resource_says_who_contributed_it_with_its_badge(tree, shared_directory, client):
    page = doc(get(client, tree.contributed.url))
    facts = page.xpath("//dl[@class='facts']")[0]
    link = facts.xpath(".//dt[.='Contributed by']/following-sibling::dd/a")[0]
    assert (link.text_content(), link.get("href")) == ("Zero Mercury Working Group", "/en/partners/zmwg/")
    assert page.xpath("normalize-space(//span[contains(@class, 'provenance-badge')])") == "Partner contribution"
    party = doc(get(client, tree.party_record.url))
    assert party.xpath("normalize-space(//span[contains(@class, 'provenance-badge')])") == "Party record"
    secretariat = doc(get(client, tree.resource.url))
    assert not secretariat.xpath("//span[contains(@class, 'provenance-badge')]")
    assert not secretariat.xpath("//dt[.='Contributed by']")


def test_the_french_resource_links_to_the_french_profile_by_its_french_name(tree, shared_directory, client):
    page = doc(get(client, tree.contributed_fr.url))
    link = page.xpath("//dl[@class='facts']//a[contains(@href, '/partners/')]")[0]
    assert (link.text_content(), link.get("href")) == ("Groupe de travail Zéro Mercure", "/fr/partners/zmwg/")


def test_listings_tell_partner_contributions_apart(tree, shared_directory, client):
    response = get(client, "/en/partners/zmwg/")
    badges = doc(response).xpath("//ul[@class='resource-list']//span[contains(@class, 'provenance-badge')]/text()")
    assert badges == ["Partner contribution", "Partner contribution"]  # the third was published, not contributed


def test_a_contribution_space_lists_its_live_public_resources_and_names_its_organisation(
    tree, shared_directory, client
):
    space = space_of(tree.zmwg)
    response = get(client, space.url)
    titles = listed_titles(response)
    assert set(titles) == {tree.contributed.title, tree.newer.title}
    owner = doc(response).xpath("//dl[contains(@class, 'space-owner')]//a")[0]
    assert owner.get("href") == "/en/partners/zmwg/"
    french = ContributionSpacePage.objects.get(translation_key=space.translation_key, locale__language_code="fr")
    assert listed_titles(get(client, french.url)) == [tree.contributed.title]


# Seed ----------------------------------------------------------------------------------------------


def test_the_seed_creates_each_directory_once(db):
    site = build_home_site()
    home = site.root_page.specific
    gmp_home = hf.GMPHomePageFactory(parent=Page.get_first_root_node(), locale=Locale.get_default())
    for _run in range(2):
        context = SeedContext(stdout=OutputWrapper(open("/dev/null", "w")), verbosity=0)  # noqa: SIM115
        context.home = home
        load_directory(context)
        context.run_finalizers()
    directories = PartnerIndexPage.objects.filter(locale=Locale.get_default())
    assert sorted(page.get_parent().pk for page in directories) == sorted([home.pk, gmp_home.pk])
    assert {page.slug for page in directories} == {"partners"}
    assert all(page.live and page.intro for page in directories)
    assert context.tally("Partner directories").unchanged == 2
    assert PartnerIndexPage.objects.get(pk=directories[0].pk).revisions.count() == 1
    with translation.override("en"):
        assert directories[0].intro.startswith(("Governments", "The partners"))
    assert not ResourcePage.objects.exists()

"""Every automatic section of every page type, in all six locales, on the real seed (issue #9, item 1).

For each page picked below, its version in each locale (translation or alias) builds its context
the way Wagtail serves it, and every page listed there must be (a) in that locale, (b) the same
list, mapped to translation keys, as in every other locale, (c) listed once. The COP-5 page must
list its 18 documents once in every locale, linking under /<locale>/. Feeds, exports, the
thematic-area block and term links follow the same rule.
"""

import json
import re
from collections import Counter
from urllib.parse import urlparse

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.core.paginator import Page as PaginatorPage
from django.db.models import Count, QuerySet
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import translation

from wagtail.models import Page

import pytest
from lxml import etree, html

from hub.blocks.listings import ThematicAreaResourcesBlock
from hub.models import (
    CountryIndexPage,
    CountryProfilePage,
    EventIndexPage,
    GMPAreaPage,
    GMPHomePage,
    HomePage,
    MeetingIndexPage,
    MeetingPage,
    NewsIndexPage,
    PillarPage,
    ThematicArea,
    ThematicAreaIndexPage,
    ThematicAreaPage,
    TopicPage,
)
from library.exports import export_response
from library.feeds import library_feed_response
from library.models import LibraryIndexPage, ResourcePage

pytestmark = pytest.mark.django_db

LOCALES = ("en", "fr", "es", "ar", "zh-hans", "ru")
COP5_DOCUMENTS = 18  # library/seed/data: the documents and decisions whose meeting is cop-5
ATOM = "{http://www.w3.org/2005/Atom}"


def listed(value):
    """The pages a context value lists: a page, a queryset, a list, a paginator page, nested pairs."""
    if isinstance(value, Page):
        return [value]
    if isinstance(value, PaginatorPage):
        value = value.object_list
    if isinstance(value, QuerySet | list | tuple):
        return [page for item in value for page in listed(item)]
    return []


def in_every_locale(page):
    """{language code: the page's version in that locale}, all six of them."""
    versions = Page.objects.filter(translation_key=page.translation_key).select_related("locale").specific()
    found = {version.locale.language_code: version for version in versions}
    assert sorted(found) == sorted(LOCALES), f"{page} exists in {sorted(found)}"
    return found


def request_for(page):
    request = RequestFactory().get(page.url or "/")
    request.user = AnonymousUser()
    request.session = SessionBase()
    return request


def sections_of(page):
    """{context name: pages listed} as Wagtail builds the page's context, in the page's language."""
    with translation.override(page.locale.language_code):
        context = page.get_context(request_for(page))
    return {name: listed(value) for name, value in context.items() if name not in ("page", "self", "request")}


def assert_same_everywhere(label, by_locale):
    """by_locale: {language code: {section: [pages]}}. (a) in locale, (b) same keys, (c) once."""
    english = by_locale["en"]
    for code, sections in by_locale.items():
        assert sections.keys() == english.keys(), f"{label} [{code}]: sections differ"
        for name, pages in sections.items():
            where = f"{label} [{code}] {name}"
            other = {page.locale.language_code for page in pages} - {code}
            assert not other, f"{where}: lists pages of {sorted(other)}"
            keys = [page.translation_key for page in pages]
            assert len(keys) == len(set(keys)), f"{where}: duplicates {Counter(keys).most_common(2)}"
            assert keys == [page.translation_key for page in english[name]], f"{where}: not the English list"


def picked_pages():
    """The source pages walked: every meeting, area and partnership area page, every pillar, the
    home pages and indexes, and Party profiles with and without tagged content or projects."""
    english = {"locale__language_code": "en"}
    profiles = CountryProfilePage.objects.filter(**english)
    tagged = profiles.annotate(n=Count("country__resourcepage")).filter(n__gt=0).order_by("-n", "pk")[:4]
    funded = profiles.annotate(n=Count("country__projects")).filter(n__gt=0).order_by("-n", "pk")[:3]
    pages = [
        *HomePage.objects.filter(**english),
        *GMPHomePage.objects.filter(**english),
        *PillarPage.objects.filter(**english),
        *TopicPage.objects.filter(**english)[:3],
        *ThematicAreaIndexPage.objects.filter(**english),
        *ThematicAreaPage.objects.filter(**english),
        *GMPAreaPage.objects.filter(**english),
        *CountryIndexPage.objects.filter(**english),
        *tagged,
        *funded,
        *profiles.order_by("pk")[:2],
        *MeetingIndexPage.objects.filter(**english),
        *MeetingPage.objects.filter(**english),
        *EventIndexPage.objects.filter(**english),
        *NewsIndexPage.objects.filter(**english),
        *LibraryIndexPage.objects.filter(**english),
    ]
    return list({page.pk: page for page in pages}.values())


def test_every_automatic_section_lists_the_same_pages_in_every_locale(seeded):
    walked = Counter()
    listed_in = Counter()
    for source in picked_pages():
        versions = in_every_locale(source)
        by_locale = {code: sections_of(page) for code, page in versions.items()}
        assert_same_everywhere(f"{type(source).__name__} {source.url_path}", by_locale)
        walked[type(source).__name__] += 1
        for code, sections in by_locale.items():
            listed_in[code] += sum(len(pages) for pages in sections.values())
    # Every page type was walked, and the sections are far from empty (in every locale alike).
    assert walked["MeetingPage"] == MeetingPage.objects.filter(locale__language_code="en").count() >= 12
    assert walked["ThematicAreaPage"] == 12
    assert walked["GMPAreaPage"] == 8
    assert walked["CountryProfilePage"] >= 5
    assert len(set(listed_in.values())) == 1, listed_in
    assert listed_in["en"] > 400, listed_in


def test_every_thematic_area_lists_its_tagged_resources_in_each_locale(seeded):
    """Not vacuous: every locale's area pages list as many resources and documents as the English ones."""
    total = Counter()
    for source in ThematicAreaPage.objects.filter(locale__language_code="en"):
        for code, page in in_every_locale(source).items():
            sections = page.automatic_sections()
            total[code] += len(sections["resources"]) + len(sections["decisions_and_documents"])
    assert total["en"] > 20 and len(set(total.values())) == 1, total


def test_cop5_lists_its_18_documents_once_in_every_locale_linking_to_that_locale(seeded):
    source = MeetingPage.objects.get(locale__language_code="en", short_name="COP-5")
    assert ResourcePage.objects.filter(meeting=source, locale__language_code="en").count() == COP5_DOCUMENTS
    client = Client()
    for code, page in in_every_locale(source).items():
        decisions, others = page.documents_by_symbol()
        documents = decisions + others
        assert len(documents) == COP5_DOCUMENTS, code
        assert len({document.translation_key for document in documents}) == COP5_DOCUMENTS, code
        assert {document.locale.language_code for document in documents} == {code}
        response = client.get(page.url)
        assert response.status_code == 200, (code, response.status_code)
        main = html.fromstring(response.content.decode()).xpath("//main")[0]
        library_links = [href for href in main.xpath(".//a/@href") if re.match(r"^/[a-z-]+/library/[^?#]+$", href)]
        assert all(href.startswith(f"/{code}/library/") for href in library_links), (code, library_links)
        assert sorted(set(library_links)) == sorted(urlparse(document.url).path for document in documents), code
        assert len(library_links) == COP5_DOCUMENTS, (code, Counter(library_links).most_common(2))


def test_feeds_and_exports_of_each_library_list_the_same_resources_in_its_locale(seeded):
    area = ThematicArea.objects.default_locale().get(slug="asgm")
    for source in LibraryIndexPage.objects.filter(locale__language_code="en"):
        feeds, exports = {}, {}
        for code, library in in_every_locale(source).items():
            with translation.override(code):
                request = RequestFactory().get(library.url + "feed/", {"area": area.slug}, SERVER_NAME="localhost")
                feed = etree.fromstring(library_feed_response(request, library).content)
                entries = feed.findall(f"{ATOM}entry")
                links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
                assert all(f"/{code}/library/" in link for link in links), (code, links[:3])
                feeds[code] = [
                    (re.sub(rf"/{code}/", "/", link), len(entry.findall(f"{ATOM}category")))
                    for link, entry in zip(links, entries, strict=True)
                ]
                request = RequestFactory().get(library.url + "export/", {"format": "json"})
                response = export_response(request, library.get_resources(), filename="x")
                rows = json.loads(b"".join(response.streaming_content))
                exports[code] = [(row["identifier"], row["thematic_areas"], row["countries"]) for row in rows]
        assert feeds["en"], source
        assert sum(1 for _link, categories in feeds["en"] if categories > 1) == len(feeds["en"])
        assert all(feed == feeds["en"] for feed in feeds.values()), source
        assert exports["en"] and any(areas for _identifier, areas, _countries in exports["en"])
        assert all(export == exports["en"] for export in exports.values()), source


def test_block_and_term_links_follow_the_locale_of_the_page(seeded):
    area = ThematicArea.objects.default_locale().get(slug="asgm")
    area_page = ThematicAreaPage.objects.get(locale__language_code="en", area=area)
    block = ThematicAreaResourcesBlock()
    value = block.to_python({"heading": "", "area": area.pk, "count": 5})
    template = Template("{% load hub_tags %}{% term_page area as found %}{{ found.url }}")
    lists = {}
    for code, page in in_every_locale(area_page).items():
        resources = block.get_context(value, parent_context={"page": page})["resources"]
        assert {resource.locale.language_code for resource in resources} == {code}
        lists[code] = [resource.translation_key for resource in resources]
        with translation.override(code):
            assert template.render(Context({"area": area, "page": page})) == page.url
            localized_term = area.get_translation_or_none(page.locale) or area
            assert template.render(Context({"area": localized_term, "page": page})) == page.url
    assert len(lists["en"]) == 5 and all(found == lists["en"] for found in lists.values())

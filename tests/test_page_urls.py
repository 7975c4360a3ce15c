"""`page_urls` (a bulk import's URLs, one Wagtail lookup per parent) answers what Wagtail's own
`page_url` answers for every page: site roots, a second site inside the tree, slugs that need
quoting, translated and aliased pages."""

from django.utils import translation

from wagtail.models import Locale, Page, Site

import pytest

from library.factories import ResourcePageFactory
from library.models import ResourcePage
from search.documents import page_url, page_urls


def _rows(pages):
    return [(page.pk, page.path, page.url_path) for page in pages]


def _all_pages():
    return list(Page.objects.filter(depth__gt=1).order_by("path"))


@pytest.mark.django_db
def test_every_page_of_the_tree_gets_wagtails_url(tree):
    pages = _all_pages()
    assert len(pages) >= 20
    assert page_urls(_rows(pages)) == {page.pk: page_url(page) for page in pages}


@pytest.mark.django_db
def test_slugs_that_need_quoting_and_a_second_site_rooted_inside_the_tree(tree):
    arabic = ResourcePageFactory(parent=tree.library, title="الزئبق في الأسماك", slug="الزئبق-في-الأسماك")
    odd = ResourcePageFactory(parent=tree.library, title="Mercury ~ fish", slug="mercury_fish-2")
    # A second site whose root is the library: the library is a site root, its pages are not.
    Site.objects.create(hostname="gmp.example.org", port=443, root_page=tree.library, site_name="GMP")
    pages = _all_pages()
    urls = page_urls(_rows(pages))
    assert urls == {page.pk: page_url(page) for page in pages}
    assert "%D8%A7%D9%84%D8%B2" in urls[arabic.pk]  # quoted as Django's reverse quotes it
    assert urls[odd.pk] == "https://gmp.example.org/en/mercury_fish-2/"  # Wagtail prefers the deeper site


@pytest.mark.django_db
def test_aliases_in_another_language_get_their_own_prefix(tree):
    french, _created = Locale.objects.get_or_create(language_code="fr")
    alias = tree.resource.copy_for_translation(french, copy_parents=True, alias=True)
    pages = _all_pages()
    with translation.override("en"):
        urls = page_urls(_rows(pages))
        assert urls == {page.pk: page_url(page) for page in pages}
    assert urls[alias.pk].startswith("/fr/")


@pytest.mark.django_db
def test_a_model_that_routes_its_own_pages_is_asked_page_by_page(tree, monkeypatch):
    pages = list(ResourcePage.objects.filter(depth__gt=1))
    monkeypatch.setattr(
        ResourcePage, "get_url_parts", lambda page, request=None: (tree.site.pk, None, f"/own/{page.slug}/")
    )
    urls = page_urls(_rows(pages), model=ResourcePage)
    assert urls == {page.pk: f"/own/{page.slug}/" for page in pages} and len(urls) >= 3

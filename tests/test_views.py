"""Site-wide views: health check, language redirect, robots, sitemap, 404s and junk parameters."""

from unittest import mock

from django.db import OperationalError

from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db


class TestHealthz:
    def test_ok(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "checks": {"database": "ok", "search": "ok"}}
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    def test_database_failure_is_503_naming_the_check(self, client):
        with mock.patch("hub.views.connection.cursor", side_effect=OperationalError("connection refused")):
            response = client.get("/healthz")
        assert response.status_code == 503
        body = response.json()
        assert body["checks"]["database"] != "ok"
        assert body["checks"]["search"] == "ok"
        assert body["status"] != "ok"

    def test_search_failure_is_503_naming_the_check(self, client):
        with mock.patch("wagtail.search.backends.get_search_backend", side_effect=RuntimeError("down")):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["checks"] == {"database": "ok", "search": "failed"}

    def test_get_only(self, client):
        assert client.post("/healthz").status_code == 405


class TestLanguageRedirect:
    @pytest.mark.parametrize(
        ("accept", "target"),
        [
            ("fr", "/fr/"),
            ("fr-CA,fr;q=0.9,en;q=0.5", "/fr/"),
            ("es-ES", "/es/"),
            ("ar", "/ar/"),
            ("ru-RU,ru;q=0.9", "/ru/"),
            ("zh-Hans", "/zh-hans/"),
            ("de-DE,de;q=0.9", "/en/"),
            ("xx", "/en/"),
            ("", "/en/"),
        ],
    )
    def test_redirect_by_accept_language(self, client, accept, target):
        response = client.get("/", headers={"accept-language": accept} if accept else {})
        assert response.status_code == 302
        assert response["Location"] == target
        assert "Accept-Language" in response["Vary"]


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


class TestSitemap:
    def test_lists_public_pages_not_private_ones(self, tree, client):
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        xml = response.content.decode()
        for page in (tree.home, tree.event, tree.party, tree.meeting, tree.resource, tree.area_page, tree.news):
            assert f"{page.url}</loc>" in xml, page.title
        assert tree.participants.url not in xml

    def test_unpublished_pages_are_left_out(self, tree, client):
        tree.news.unpublish()
        xml = client.get("/sitemap.xml").content.decode()
        assert "/kenya-nap/" not in xml


class TestNotFound:
    def test_unknown_page_is_a_styled_404(self, tree, client):
        response = client.get("/en/no-such-page/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "<html" in html
        assert "Minamata Exchange Platform" in html  # the site's layout, not Django's bare page
        assert "/static/" in html  # with its stylesheet

    def test_unknown_path_outside_the_locales(self, tree, client):
        response = client.get("/no-such-thing/", follow=True)
        assert response.status_code == 404

    def test_private_page_does_not_leak_to_anonymous_visitors(self, tree, client):
        response = client.get(tree.participants.url)
        assert response.status_code in (302, 403)
        assert tree.participants.intro not in response.content.decode()


class TestJunkParameters:
    @pytest.mark.parametrize("index", ["event_index", "news_index", "library"])
    @pytest.mark.parametrize("page", ["abc", "999999", "0", "-1", "1.5", "%00"])
    def test_bad_page_numbers_on_indexes_are_404(self, tree, client, index, page):
        response = client.get(f"{getattr(tree, index).url}?page={page}")
        assert response.status_code == 404

    @pytest.mark.parametrize("index", ["event_index", "news_index", "library"])
    def test_first_page_is_fine(self, tree, client, index):
        assert client.get(f"{getattr(tree, index).url}?page=1").status_code == 200

    @pytest.mark.parametrize("query", ["", "q=mercury&"])
    @pytest.mark.parametrize("page", ["abc", "999999"])
    def test_bad_page_numbers_on_search_are_a_form_error(self, tree, client, query, page):
        # Contracts §3: a malformed number answers 400 with the form and its error, never 500.
        response = client.get(f"/en/search/?{query}page={page}")
        assert response.status_code == 400
        assert "<form" in response.content.decode()

    def test_party_index_ignores_unknown_filters(self, tree, client):
        response = client.get(f"{tree.country_index.url}?status=zzz&region=zzz")
        assert response.status_code == 200
        assert response.context["selected_status"] == ""
        assert response.context["selected_region"] == ""
        assert "Kenya" in response.content.decode()

    def test_party_index_filters(self, tree, client):
        response = client.get(f"{tree.country_index.url}?status=signatory&region=africa")
        assert response.status_code == 200
        assert response.context["profile_count"] == 0
        response = client.get(f"{tree.country_index.url}?status=party&region=africa")
        assert response.context["profile_count"] == 1

    def test_event_index_ignores_unknown_type(self, tree, client):
        response = client.get(f"{tree.event_index.url}?type=zzz")
        assert response.status_code == 200
        assert tree.event.title in response.content.decode()


HOSTILE_QUERIES = [
    "x" * 10_000,
    "mercury\x00gold",
    "\x00",
    'AND OR NOT ( ) * : " \\ /',
    "AND",
    "OR",
    "NOT",
    "(",
    ")",
    "*",
    ":",
    '"',
    "\\",
    "/",
    '"unterminated',
    "title:mercury",
    "mercury*",
    "NEAR(gold mining)",
    "' OR 1=1; DROP TABLE wagtailcore_page; --",
    "1; SELECT * FROM auth_user",
    "%' AND '1'='1",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "ü日本語 الزئبق ртуть",
]


class TestSearchPage:
    @pytest.mark.parametrize("query", HOSTILE_QUERIES)
    def test_hostile_queries_answer_200_without_reflected_markup(self, tree, client, query):
        response = client.get("/en/search/", {"q": query})
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert(" not in html
        assert "<img src=x" not in html
        assert Page.objects.filter(pk=tree.home.pk).exists()

    def test_finds_live_pages(self, tree, client):
        response = client.get("/en/search/", {"q": "gold"})
        assert response.status_code == 200
        html = response.content.decode()
        assert tree.event.title in html
        assert tree.participants.title not in html

    def test_result_pages_are_noindex_and_not_cached(self, tree, client):
        response = client.get("/en/search/", {"q": "gold"})
        assert "noindex" in response.content.decode()
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    def test_empty_query(self, tree, client):
        assert client.get("/en/search/").status_code == 200

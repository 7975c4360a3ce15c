"""The search page, its exports and its feed (contracts §3): what a visitor and a harvester get.

Content comes from the shared tree (tests/builders.py) plus a few resources made here; the
public index is filled with `update_index`, as `make run` does.
"""

import csv
import datetime
import io
import json
import re
from urllib.parse import parse_qsl, urlsplit

from django.core.management import call_command

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest
from lxml import etree

from hub import factories as hf
from library import factories as lf
from search.backends.database import DatabaseEngine

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def many_resources(tree):
    """25 resources in 10 countries: two pages of results, a facet with more than 8 values."""
    countries = [hf.CountryFactory(region=tree.africa) for _ in range(10)]
    for number in range(25):
        lf.ResourcePageFactory(
            parent=tree.library,
            title=f"Inventory of mercury releases, part {number + 1}",
            slug=f"inventory-{number + 1}",
            resource_type=tree.types["report"],
            countries=[countries[number % 10]],
            publication_date=datetime.date(2000 + number % 20, 1, 1),
        )
    call_command("update_index", backend_name="site", verbosity=0)
    return tree


def html(response):
    return response.content.decode()


def query_of(url):
    return sorted(parse_qsl(urlsplit(url.replace("&amp;", "&")).query))


def links(content, pattern):
    return [href.replace("&amp;", "&") for href in re.findall(pattern, content)]


# --- The page --------------------------------------------------------------------------------


def test_search_page_has_the_form_results_and_landmarks(client, indexed):
    response = client.get("/en/search/", {"q": "mercury"})
    assert response.status_code == 200
    content = html(response)
    assert '<meta name="robots" content="noindex">' in content
    assert '<label for="search-q">' in content
    assert re.search(r'<input id="search-q" type="search" name="q" value="mercury"', content)
    assert re.search(r'<button type="submit">Search</button>', content)
    assert '<aside class="search-filters" aria-label="Filters">' in content
    assert 'role="status" aria-live="polite"' in content
    assert re.search(r"\d+ results for “mercury”", content)
    assert "Apply filters</button>" in content
    # A result: kind badge, title link, highlighted snippet, type, year, languages.
    assert '<a href="/en/library/mercury-waste-guidance/">Guidance on mercury waste</a>' in content
    assert "Library resource</span>" in content
    assert "<mark>mercury</mark>" in content
    assert '<span class="result-type">Guidance</span>' in content
    assert '<span class="result-year">2022</span>' in content
    assert "English and French" in content
    # The autocomplete script is loaded once, deferred, with the suggest endpoint.
    assert content.count("js/search.js") == 1
    assert re.search(r'<script src="[^"]*js/search\.js" defer data-suggest-url="/api/search/suggest/"', content)


def test_search_with_a_query_or_filter_is_never_cached(client, indexed):
    for params in ({"q": "mercury"}, {"kind": "resource"}, {"year_from": "2020"}):
        response = client.get("/en/search/", params)
        cache_control = response.get("Cache-Control", "")
        assert "no-cache" in cache_control and "no-store" in cache_control, params
        assert "noindex" in html(response)
    browse = client.get("/en/search/")
    assert "no-store" not in browse.get("Cache-Control", "")
    assert '<meta name="robots" content="noindex">' in html(browse)


def test_browse_without_query_shows_every_facet_with_counts(client, indexed):
    content = html(client.get("/en/search/"))
    assert "items" in content
    for legend in ("Content", "Resource type", "Thematic area", "Country", "Region", "Year"):
        assert f"<legend>{legend}</legend>" in content
    assert re.search(
        r'<input type="checkbox" id="f-kind-resource" name="kind" value="resource" data-auto-submit> '
        r'<label for="f-kind-resource">Library resources <span class="count">\(4<',
        content,
    )
    assert 'name="type" value="decision"' in content
    # The year range, and the years with their counts.
    assert '<input id="search-year_from" name="year_from"' in content
    assert re.search(
        r'name="year" value="2022" data-auto-submit> <label for="f-year-2022">2022 <span class="count">\(1', content
    )
    # Newest first by default without a query; the default order is sent as "".
    assert '<option value="" selected>Newest first</option>' in content
    assert '<option value="relevance">Best match</option>' in content


def test_facets_narrow_and_chips_remove_one_value_each(client, indexed):
    response = client.get("/en/search/", {"q": "mercury", "kind": ["resource", "event"], "type": "guidance"})
    assert response.status_code == 200
    content = html(response)
    assert re.search(r'id="f-kind-resource" name="kind" value="resource" checked', content)
    assert re.search(r'id="f-type-guidance" name="type" value="guidance" checked', content)
    chips = links(content, r'<a class="chip" href="([^"]+)">')
    assert len(chips) == 3
    assert query_of(chips[0]) == [("kind", "event"), ("q", "mercury"), ("type", "guidance")]
    assert query_of(chips[1]) == [("kind", "resource"), ("q", "mercury"), ("type", "guidance")]
    assert query_of(chips[2]) == [("kind", "event"), ("kind", "resource"), ("q", "mercury")]
    assert "Content:</span> Library resources" in content
    assert "Resource type:</span> Guidance" in content
    (clear_all,) = links(content, r'<a class="chip chip--clear" href="([^"]+)">')
    assert query_of(clear_all) == [("q", "mercury")]
    # Only resources of type guidance remain.
    assert "Guidance on mercury waste" in content
    assert "Minamata Online: mercury in gold mining" not in content


def test_year_range_has_chips_and_filters(client, indexed):
    content = html(client.get("/en/search/", {"year_from": "2021", "year_to": "2022"}))
    assert 'value="2021"' in content and 'value="2022"' in content
    assert "From:</span> 2021" in content and "To:</span> 2022" in content
    assert "National report of Kenya 2021" in content
    assert "Guidance on national action plans for gold mining" not in content  # 2019
    assert "Decision MC-5/1" not in content  # 2023


def test_a_long_facet_shows_eight_values_and_discloses_the_rest(client, many_resources):
    content = html(client.get("/en/search/", {"kind": "resource"}))
    country = content.split('<fieldset class="facet" id="facet-country">', 1)[1].split("</fieldset>", 1)[0]
    shown, more = country.split('<details class="facet-more">', 1)
    assert shown.count('type="checkbox"') == 8
    assert "<summary>Show all 11</summary>" in more
    assert more.count('type="checkbox"') == 3


def test_a_selected_value_behind_the_disclosure_opens_it(client, many_resources):
    content = html(client.get("/en/search/", {"kind": "resource", "country": "KEN"}))
    country = content.split('<fieldset class="facet" id="facet-country">', 1)[1].split("</fieldset>", 1)[0]
    # Kenya has the fewest resources (2) and sorts after "Country Q…": the eleventh value.
    shown, more = country.split('<details class="facet-more" open>', 1)
    assert 'value="KEN" checked' in more
    assert "checked" not in shown


def test_pagination_links_keep_every_parameter(client, many_resources):
    response = client.get("/en/search/", {"q": "inventory", "kind": "resource", "per_page": "10", "sort": "title"})
    content = html(response)
    assert '<nav class="pagination" aria-label="Result pages">' in content
    assert "Page 1 of 3" in content
    (next_link,) = links(content, r'<a href="([^"]+)" rel="next">')
    assert query_of(next_link) == [
        ("kind", "resource"),
        ("page", "2"),
        ("per_page", "10"),
        ("q", "inventory"),
        ("sort", "title"),
    ]
    page_two = html(client.get(next_link))
    assert "Page 2 of 3" in page_two
    (previous,) = links(page_two, r'<a href="([^"]+)" rel="prev">')
    assert ("page", "2") not in query_of(previous) and ("sort", "title") in query_of(previous)
    assert '<input type="hidden" name="per_page" value="10">' in page_two
    assert re.search(r'<ol class="search-results" start="11">', page_two)
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in page_two
    # Sorted by title: part 1, part 10, … part 19 on page 1; page 2 continues.
    assert "Inventory of mercury releases, part 2<" in page_two


def test_a_page_past_the_end_offers_the_first_page(client, indexed):
    content = html(client.get("/en/search/", {"q": "mercury", "page": "40"}))
    assert "There are no results on this page." in content
    assert re.search(r'<a href="/en/search/\?q=mercury">Go to the first page of results</a>', content)


@pytest.mark.parametrize(
    ("params", "field", "shown"),
    [
        ({"q": "mercury", "year_from": "abc"}, "year_from", 'value="abc"'),
        ({"year_from": "2020", "year_to": "2010"}, "year_to", 'value="2010"'),
        ({"q": "mercury", "page": "0"}, "page", None),
        ({"per_page": "100000"}, "per_page", None),
        ({"sort": "sideways"}, "sort", None),
    ],
)
def test_bad_numbers_show_the_form_with_errors_not_a_500(client, indexed, params, field, shown):
    response = client.get("/en/search/", params)
    assert response.status_code == 400
    content = html(response)
    assert 'class="form-error search-errors" role="alert"' in content
    assert "<h1>Search</h1>" in content and "</footer>" in content
    assert "no-store" in response["Cache-Control"]
    if shown:
        assert re.search(rf'id="search-{field}" name="{field}" [^>]*{shown}[^>]* aria-invalid="true"', content)
        assert f'id="search-{field}-error"' in content
    # The rest of the search still runs.
    assert "results for" in content or "items" in content


def test_the_query_is_escaped_never_reflected_as_markup(client, indexed):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.get("/en/search/", {"q": payload, "type": payload})
    assert response.status_code == 200
    content = html(response)
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(" in content


def test_the_highlight_filter_keeps_only_mark_tags():
    from types import SimpleNamespace

    from search.templatetags.search_tags import highlight

    hit = SimpleNamespace(highlight="a <mark>mercury</mark> b <script>x</script> &amp; c")
    assert str(highlight(hit)) == "a <mark>mercury</mark> b &lt;script&gt;x&lt;/script&gt; &amp; c"


def test_arabic_search_page_is_right_to_left(client, indexed):
    response = client.get("/ar/search/", {"q": "زئبق"})
    assert response.status_code == 200
    content = html(response)
    assert '<html lang="ar" dir="rtl">' in content
    assert "noindex" in content


def test_unknown_facet_values_are_ignored_with_a_gentle_notice(client, indexed):
    response = client.get("/en/search/", {"q": "mercury", "area": "no-such-area", "colour": "blue"})
    assert response.status_code == 200
    content = html(response)
    assert "One filter in the address is not known here and was left out:" in content
    assert "<code>area=no-such-area</code>" in content
    assert "colour" not in content.split('<main id="main"', 1)[1]  # an unknown parameter is no filter at all


def test_empty_results_list_the_active_filters_with_links_removing_each(client, indexed):
    content = html(client.get("/en/search/", {"q": "mercury", "kind": "news", "type": "decision"}))
    assert "Nothing matched all of these words." in content
    empty = content.split('class="empty empty--box search-empty"', 1)[1]
    removals = links(empty, r'<li><a href="([^"]+)">Remove')
    assert len(removals) == 3  # two filters and "all"
    assert query_of(removals[0]) == [("q", "mercury"), ("type", "decision")]
    assert query_of(removals[2]) == [("q", "mercury")]


def test_did_you_mean_links_to_the_corrected_search(client, indexed):
    content = html(client.get("/en/search/", {"q": "mercuyr"}))
    assert re.search(r'Did you mean <a href="/en/search/\?q=mercury">mercury</a>\?', content)


def test_promoted_results_come_first_on_page_one_only(client, indexed):
    query = Query.get("mercury")
    SearchPromotion.objects.create(query=query, page=indexed.standard, sort_order=0, description="About us")
    content = html(client.get("/en/search/", {"q": "mercury"}))
    promoted = content.split('<section class="promoted"', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="promoted-heading" class="promoted-title">Recommended</h2>' in promoted
    assert '<a href="/en/about/">About the platform</a>' in promoted
    assert content.index("promoted-heading") < content.index('<ol class="search-results" start="1">')
    page_two = html(client.get("/en/search/", {"q": "mercury", "page": "2"}))
    assert "promoted-heading" not in page_two


def test_header_search_box_loads_the_autocomplete_on_other_pages(client, indexed):
    content = html(client.get("/en/"))
    assert content.count("js/search.js") == 1
    assert 'id="site-search" type="search" name="q"' in content


def test_export_and_feed_links_keep_the_search(client, indexed):
    content = html(client.get("/en/search/", {"q": "mercury", "type": "guidance"}))
    exports = links(content, r'<a href="(/en/search/export/[^"]+)" download>')
    assert [dict(query_of(url))["format"] for url in exports] == ["csv", "json", "ris", "bibtex"]
    assert query_of(exports[0]) == [("format", "csv"), ("q", "mercury"), ("type", "guidance")]
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" [^>]*href="/en/search/feed/\?q=mercury&amp;type=guidance"',
        content,
    )


# --- Exports -----------------------------------------------------------------------------------


def test_csv_export_has_every_matching_resource_and_nothing_else(client, indexed):
    response = client.get("/en/search/export/", {"format": "csv", "q": "mercury"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="search-mercury.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["identifier"] for row in rows} == {"guidance-mercury-waste", "MC-5/1"}


def test_export_walks_every_match_once_in_order_without_searching_pages(client, many_resources, monkeypatch):
    walks = []
    real_walk = DatabaseEngine.match_keys

    def counting_walk(self, params, limit):
        walks.append(limit)
        return real_walk(self, params, limit)

    def no_search(*args, **kwargs):
        raise AssertionError("an export must not run the faceted search")

    monkeypatch.setattr(DatabaseEngine, "match_keys", counting_walk)
    monkeypatch.setattr(DatabaseEngine, "search", no_search)
    response = client.get("/en/search/export/", {"format": "json", "kind": "resource", "per_page": "10"})
    records = json.loads(b"".join(response.streaming_content))
    assert walks == [200_000]  # one walk, up to the configured ceiling
    assert "X-Export-Truncated" not in response
    assert len(records) == 28
    assert len({record["identifier"] for record in records}) == 28
    # Newest first, the search's own order.
    dates = [record["publication_date"] for record in records]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("fmt", "note"),
    [
        ("csv", "# This export stops after 5 records"),
        ("json", '"#": "This export stops after 5 records'),
        ("ris", "# This export stops after 5 records"),
        ("bibtex", "@comment{This export stops after 5 records"),
    ],
)
def test_an_export_past_the_ceiling_says_so_in_the_file_and_the_response(client, many_resources, settings, fmt, note):
    settings.SEARCH_EXPORT_MAX_ROWS = 5
    response = client.get("/en/search/export/", {"format": fmt, "q": "inventory", "sort": "title"})
    assert response.status_code == 200
    assert response["X-Export-Truncated"] == "5"
    body = b"".join(response.streaming_content).decode()
    assert note in body
    assert body.count("Inventory of mercury releases") == 5


def test_an_export_exactly_at_the_ceiling_is_not_truncated(client, many_resources, settings):
    settings.SEARCH_EXPORT_MAX_ROWS = 28
    response = client.get("/en/search/export/", {"format": "csv", "kind": "resource"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert "X-Export-Truncated" not in response
    assert len(rows) == 28
    assert not any(row["identifier"].startswith("#") for row in rows)


@pytest.mark.parametrize(
    ("fmt", "content_type", "marker"),
    [
        ("json", "application/json; charset=utf-8", '"identifier": "guidance-mercury-waste"'),
        ("ris", "application/x-research-info-systems; charset=utf-8", "TY  - "),
        ("bibtex", "application/x-bibtex; charset=utf-8", "@manual{guidance-mercury-waste,"),
    ],
)
def test_other_export_formats(client, indexed, fmt, content_type, marker):
    response = client.get("/en/search/export/", {"format": fmt, "q": "mercury waste"})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    body = b"".join(response.streaming_content).decode()
    assert marker in body
    assert "MC-5/1" not in body


def test_export_of_a_search_for_other_kinds_is_empty(client, indexed):
    response = client.get("/en/search/export/", {"format": "csv", "kind": "event"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1  # the header only


@pytest.mark.parametrize(
    "params",
    [{"format": "xlsx", "q": "mercury"}, {"q": "mercury"}, {"format": "csv", "year_from": "abc"}],
)
def test_export_refuses_unknown_formats_and_bad_numbers(client, indexed, params):
    response = client.get("/en/search/export/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


# --- Feed --------------------------------------------------------------------------------------


def test_feed_is_atom_of_the_newest_matches_of_every_kind(client, indexed):
    response = client.get("/en/search/feed/", {"q": "mercury"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    assert "mercury" in feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert "Guidance on mercury waste" in titles
    assert "Minamata Online: mercury in gold mining" in titles  # an event: every kind
    for entry in entries:
        assert entry.find(f"{ATOM}updated") is not None
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/en/")
    links_ = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links_["self"] == "http://testserver/en/search/feed/?q=mercury"
    assert links_["alternate"] == "http://testserver/en/search/?q=mercury"


def test_feed_holds_at_most_fifty_entries_newest_first(client, many_resources):
    for number in range(30):
        lf.ResourcePageFactory(parent=many_resources.library, title=f"Extra report {number}")
    call_command("update_index", backend_name="site", verbosity=0)
    feed = etree.fromstring(client.get("/en/search/feed/", {"kind": "resource"}).content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 50
    published = [entry.find(f"{ATOM}published").text for entry in entries]
    assert published == sorted(published, reverse=True)


def test_feed_refuses_bad_numbers(client, indexed):
    response = client.get("/en/search/feed/", {"page": "abc"})
    assert response.status_code == 400
    assert b"page" in response.content

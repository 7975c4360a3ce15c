"""Rate limits per client (hub/ratelimits.py): search page, exports, feed, suggest, JSON API, OAI.

The test settings allow 100,000 requests a minute so the rest of the suite never meets a limit;
each test here sets its own low rate and starts from an empty cache.
"""

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

import pytest

from hub.ratelimits import configured_rate, rate_limited

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    # (setting, URL, query)
    ("RATELIMIT_SEARCH", "/en/search/", {"q": "mercury"}),
    ("RATELIMIT_SEARCH", "/en/search/feed/", {"q": "mercury"}),
    ("RATELIMIT_SEARCH", "/api/search/", {"q": "mercury"}),
    ("RATELIMIT_SUGGEST", "/api/search/suggest/", {"q": "mer"}),
    ("RATELIMIT_EXPORT", "/en/search/export/", {"format": "csv", "q": "mercury"}),
    ("RATELIMIT_OAI", "/oai/", {"verb": "Identify"}),
]


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def consume(response):
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize(("setting", "url", "query"), ENDPOINTS, ids=[url for _s, url, _q in ENDPOINTS])
def test_each_endpoint_answers_429_with_retry_after_past_its_limit(client, settings, setting, url, query):
    setattr(settings, setting, "3/m")
    statuses = [consume(client.get(url, query)).status_code for _ in range(3)]
    assert all(status < 400 for status in statuses), statuses
    refused = client.get(url, query)
    assert refused.status_code == 429
    retry_after = int(refused["Retry-After"])
    assert 1 <= retry_after <= 60
    assert refused["Cache-Control"] == "no-store"
    assert f"try again in {retry_after} second" in refused.content.decode()


def test_the_json_api_says_when_to_retry_in_json(client, settings):
    settings.RATELIMIT_SEARCH = "1/h"
    client.get("/api/search/", {"q": "mercury"})
    refused = client.get("/api/search/", {"q": "mercury"})
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    payload = refused.json()
    assert payload["retry_after"] == int(refused["Retry-After"])
    assert 1 <= payload["retry_after"] <= 3600
    assert "Too many requests" in payload["errors"]["rate"]


def test_the_search_page_says_it_in_a_page(client, settings):
    settings.RATELIMIT_SEARCH = "1/m"
    client.get("/en/search/")
    refused = client.get("/en/search/")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Too many requests</h1>" in refused.content.decode()


def test_each_client_address_has_its_own_count(client, settings):
    settings.RATELIMIT_EXPORT = "1/m"
    query = {"format": "json", "q": "mercury"}
    assert consume(client.get("/en/search/export/", query, REMOTE_ADDR="192.0.2.1")).status_code == 200
    assert client.get("/en/search/export/", query, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert consume(client.get("/en/search/export/", query, REMOTE_ADDR="192.0.2.2")).status_code == 200


def test_each_endpoint_has_its_own_count(client, settings):
    settings.RATELIMIT_SEARCH = "1/m"
    assert client.get("/en/search/").status_code == 200
    assert client.get("/api/search/").status_code == 200  # same rate setting, another endpoint
    assert client.get("/en/search/").status_code == 429


def test_the_switch_turns_every_limit_off(client, settings):
    settings.RATELIMIT_ENABLE = False
    settings.RATELIMIT_OAI = "1/m"
    assert all(client.get("/oai/", {"verb": "Identify"}).status_code == 200 for _ in range(3))


def test_a_request_that_is_refused_does_not_run_the_view(settings):
    settings.RATELIMIT_SEARCH = "1/m"
    calls = []

    @rate_limited("RATELIMIT_SEARCH")
    def view(request):
        calls.append(request)
        return HttpResponse("ok")

    request = RequestFactory().get("/en/search/")
    assert view(request).status_code == 200
    assert view(request).status_code == 429
    assert len(calls) == 1


@pytest.mark.parametrize("rate", ["60/m", "5/s", "1000/h", "10/d", "3/10m"])
def test_rates_operators_write_are_accepted(settings, rate):
    settings.RATELIMIT_SEARCH = rate
    assert configured_rate("RATELIMIT_SEARCH") == rate


@pytest.mark.parametrize("rate", ["", "sixty", "60", "60/minute", "-1/m", "60/m; drop"])
def test_a_mistyped_rate_is_a_clear_configuration_error(settings, rate):
    settings.RATELIMIT_SEARCH = rate
    with pytest.raises(ImproperlyConfigured, match="RATELIMIT_SEARCH"):
        configured_rate("RATELIMIT_SEARCH")


def test_the_library_listing_export_shares_the_export_rate(client, settings, tree):
    settings.RATELIMIT_EXPORT = "2/m"
    url = f"{tree.library.url}export/"
    assert [consume(client.get(url, {"format": "csv"})).status_code for _ in range(2)] == [200, 200]
    refused = client.get(url, {"format": "csv"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1

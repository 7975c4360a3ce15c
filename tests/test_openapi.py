"""The OpenAPI document of the public APIs (exchange_platform/openapi.py) and what it promises.

- `/api/schema/` is a valid OpenAPI 3.1 document whose schemas are valid JSON Schema 2020-12,
  and every path it names is routed.
- `/api/` shows every operation of it, without JavaScript.
- schemathesis, loaded from the WSGI application as any client would load it, fuzzes every
  operation against a small built tree: no 5xx, only documented status codes and content types,
  every answer matching its schema. Deterministic (derandomize) and a few dozen cases per
  operation, so the suite stays fast and a failure reproduces.
"""

import json
import re

from django.core import signals
from django.db import close_old_connections
from django.urls import Resolver404, resolve

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from exchange_platform.openapi import openapi_document
from exchange_platform.wsgi import application
from hub import factories as hf

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def wsgi_in_test_transaction():
    """Django's WSGI handler closes the database connection after each request; the test client
    does not, and neither may we: the tree lives in the test's transaction on that connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def example_path(path, item):
    """The path with each path parameter replaced by its example."""
    for parameter in item["get"].get("parameters", []):
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(parameter["example"]))
    return path


# --- The document ------------------------------------------------------------------------


@pytest.mark.django_db
def test_schema_is_served_as_json(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document["openapi"] == "3.1.0"
    assert document == openapi_document()


def test_document_is_valid_openapi_31():
    document = openapi_document()
    schemathesis.openapi.from_dict(document).validate()  # the OpenAPI 3.1 meta-schema
    for name, schema in document["components"]["schemas"].items():
        try:
            jsonschema_rs.meta.validate(schema)
        except jsonschema_rs.ValidationError as error:  # pragma: no cover - the message is the point
            pytest.fail(f"components.schemas.{name}: {error}")


def test_invalid_document_is_refused():
    """The validation above can fail: a document with a broken response is refused."""
    document = openapi_document()
    document["paths"]["/api/search/"]["get"]["responses"]["200"] = {"content": "nope"}
    with pytest.raises(jsonschema_rs.ValidationError):
        schemathesis.openapi.from_dict(document).validate()


def test_document_describes_every_interface():
    document = openapi_document()
    paths = document["paths"]
    for path in (
        "/api/search/",
        "/api/search/suggest/",
        "/{lang}/search/export/",
        "/{lang}/search/feed/",
        "/api/informea/",
        "/api/informea/$metadata",
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/images/",
        "/api/v2/images/{id}/",
        "/api/v2/documents/",
        "/api/v2/documents/{id}/",
    ):
        assert path in paths, path
    for entity_set in ("Meetings", "Decisions", "Documents", "CountryReports", "NationalPlans"):
        assert f"/api/informea/{entity_set}" in paths
        assert f"/api/informea/{entity_set}('{{id}}')" in paths
        options = {p["name"] for p in paths[f"/api/informea/{entity_set}"]["get"]["parameters"]}
        assert options == {"$top", "$skip", "$orderby", "$filter", "$expand", "$inlinecount", "$format"}
    search = {p["name"] for p in paths["/api/search/"]["get"]["parameters"]}
    assert search >= {"q", "lang", "kind", "type", "pillar", "area", "article", "language", "country", "region",
                      "partner", "collection", "year", "provenance", "year_from", "year_to", "sort", "page",
                      "per_page"}  # fmt: skip
    # Rate-limited interfaces say so, with Retry-After.
    for path in ("/api/search/", "/api/search/suggest/", "/{lang}/search/export/", "/api/informea/Meetings"):
        too_many = paths[path]["get"]["responses"]["429"]
        assert "Retry-After" in too_many["headers"]
    # The InforMEA error body and a required-field list as the contract states them.
    schemas = document["components"]["schemas"]
    assert schemas["ODataError"]["properties"]["error"]["required"] == ["code", "message"]
    assert set(schemas["Decision"]["required"]) >= {
        "id", "title", "type", "status", "number", "treaty", "published", "meetingId", "files", "updated",
    }  # fmt: skip


@pytest.mark.django_db
def test_every_documented_path_is_routed():
    for path, item in openapi_document()["paths"].items():
        concrete = example_path(path, item)
        try:
            resolve(concrete)
        except Resolver404:  # pragma: no cover - the message is the point
            pytest.fail(f"{path} ({concrete}) is documented but not routed")


# --- The page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_docs_page_lists_every_operation(client, site):
    response = client.get("/api/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in main  # the site's menu may enhance itself; the reference needs no script
    assert "<h1>APIs for developers</h1>" in html
    for path, item in openapi_document()["paths"].items():
        operation = item["get"]
        assert f'id="{operation["operationId"]}"' in html, path
        assert f"GET {path}" in html.replace("&#x27;", "'"), path
    # Tables are captioned and their headers scoped; the schema link is there.
    assert html.count("<caption>") >= len(openapi_document()["paths"])
    assert '<th scope="row"><code dir="ltr">$top</code></th>' in html
    assert 'href="http://testserver/api/schema/"' in html
    # The document's `code` spans become <code>; its text is escaped (a description names <mark>).
    assert "<code>updated desc,id</code>" in html
    assert "matches in &lt;mark&gt;" in html and "matches in <mark>" not in html
    # An example request, built from the parameters' examples.
    assert re.search(r"GET /api/search/\?q=mercury\+waste", html)


@pytest.mark.django_db
def test_docs_page_is_translated(client, site):
    response = client.get("/api/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.content.decode()


# --- The fuzz ----------------------------------------------------------------------------

# Loaded from the application as a client loads it, once, when the module is collected (the
# document needs no database). schemathesis's lazy `from_fixture` loader does not run under
# pytest 9 (it sets the node's private `_nodeid`), hence one parametrized test per operation.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def fuzzed_site(tree, settings, wsgi_in_test_transaction):
    """The tree, its meeting with the host city and country InforMEA requires, no rate limits."""
    settings.RATELIMIT_ENABLE = False
    switzerland = hf.CountryFactory(name="Switzerland", iso3="CHE", iso2="CH", slug="che", region=tree.africa)
    tree.meeting.city, tree.meeting.country = "Geneva", switzerland
    tree.meeting.save_revision().publish()
    return tree


@pytest.mark.usefixtures("fuzzed_site")
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case):
    case.call_and_validate(checks=CHECKS, environ_overrides={"REMOTE_ADDR": "192.0.2.7"})


INFORMEA_SETS = ("Meetings", "Decisions", "Documents", "CountryReports", "NationalPlans")


def call_and_validate(path, *, path_parameters=None, query=None):
    case = schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
    # A WSGI server names the client's address (werkzeug's test client does not): the rate limits count by it.
    return case.call_and_validate(checks=CHECKS, environ_overrides={"REMOTE_ADDR": "192.0.2.7"})


@pytest.mark.usefixtures("fuzzed_site")
def test_real_records_and_pages_answer_as_documented():
    """Random ids rarely hit a record: fetch every set and page the tree has, and each one alone."""
    harvested = {}
    for entity_set in INFORMEA_SETS:
        listing = call_and_validate(f"/api/informea/{entity_set}", query={"$inlinecount": "allpages"})
        records = listing.json()["d"]["results"]
        harvested[entity_set] = len(records)
        for record in records:
            one = call_and_validate(f"/api/informea/{entity_set}('{{id}}')", path_parameters={"id": record["id"]})
            assert one.json()["d"]["id"] == record["id"]
    # The tree has a meeting, a decision, a national report and other documents.
    assert harvested["Meetings"] >= 1 and harvested["Decisions"] >= 1, harvested
    assert harvested["CountryReports"] >= 1 and harvested["Documents"] >= 1, harvested

    pages, offset = [], 0
    while True:
        listing = call_and_validate("/api/v2/pages/", query={"limit": 20, "offset": offset, "fields": "*"}).json()
        pages += [item["id"] for item in listing["items"]]
        offset += 20
        if offset >= listing["meta"]["total_count"]:
            break
    assert len(pages) == listing["meta"]["total_count"] >= 10
    for page_id in pages:
        call_and_validate("/api/v2/pages/{id}/", path_parameters={"id": page_id})
    for endpoint in ("images", "documents"):
        for item in call_and_validate(f"/api/v2/{endpoint}/", query={"fields": "*"}).json()["items"]:
            call_and_validate(f"/api/v2/{endpoint}/{{id}}/", path_parameters={"id": item["id"]})

    answer = call_and_validate("/api/search/", query={"q": "mercury", "per_page": 10}).json()
    assert answer["count"] >= 1
    call_and_validate("/{lang}/search/export/", path_parameters={"lang": "fr"}, query={"format": "json"})
    call_and_validate("/{lang}/search/feed/", path_parameters={"lang": "en"}, query={"q": "mercury"})


@pytest.mark.parametrize(
    ("setting", "path", "path_parameters", "query"),
    [
        ("RATELIMIT_SEARCH", "/api/search/", None, {"q": "mercury"}),
        ("RATELIMIT_SUGGEST", "/api/search/suggest/", None, {"q": "mer"}),
        ("RATELIMIT_EXPORT", "/{lang}/search/export/", {"lang": "en"}, {"format": "csv"}),
        ("RATELIMIT_OAI", "/api/informea/Meetings", None, {}),
    ],
)
def test_rate_limited_answers_are_documented(fuzzed_site, settings, setting, path, path_parameters, query):
    settings.RATELIMIT_ENABLE = True
    setattr(settings, setting, "1/h")
    call_and_validate(path, path_parameters=path_parameters, query=query)
    limited = call_and_validate(path, path_parameters=path_parameters, query=query)
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"][0]) >= 1

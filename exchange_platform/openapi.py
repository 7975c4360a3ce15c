"""The OpenAPI 3.1 document of the platform's public APIs, served at `/api/schema/`.

One dict, built here once per process, describes the search API and its autocomplete
(contracts §3), the exports and the Atom feed of any search, the InforMEA provider (contracts §6,
OData v2 style) and the Wagtail API v2. The browsable page `/api/` (exchange_platform/api_docs.py)
is rendered from the same dict, and tests/test_openapi.py fuzzes every operation against it with
schemathesis, so the document, the page and the code cannot drift apart unnoticed.

Response schemas state what clients may rely on (types, required keys) and no more: objects allow
properties we may add later (`additionalProperties` is left open), so a new field is not a break.
Descriptions are English: this is a developers' reference; the page around it is translated.
"""

import copy
import json
from functools import cache

from django.conf import settings

from library.exports import COLUMNS as EXPORT_COLUMNS
from library.importing import schema as import_schema
from search.params import (
    FACETS,
    KINDS,
    MAX_PAGE,
    PER_PAGE_DEFAULT,
    PER_PAGE_MAX,
    PER_PAGE_MIN,
    PROVENANCES,
    SORTS,
    YEAR_MAX,
    YEAR_MIN,
)

OPENAPI_VERSION = "3.1.0"
DOCUMENT_VERSION = "1.0.0"
# Wagtail's default WAGTAILAPI_LIMIT_MAX: a larger `limit` is refused with 400.
WAGTAIL_LIMIT_MAX = 20
INFORMEA_TOP_DEFAULT, INFORMEA_TOP_CAP = 50, 200
INFORMEA_SETS = {
    # set name: (entity type, summary)
    "Meetings": ("Meeting", "Meetings of the Conference of the Parties and other bodies"),
    "Decisions": ("Decision", "Decisions of the Conference of the Parties"),
    "Documents": ("Document", "Other library documents (not decisions, national reports or action plans)"),
    "CountryReports": ("CountryReport", "National reports (Article 21)"),
    "NationalPlans": ("NationalPlan", "National action plans on artisanal and small-scale gold mining"),
}

TAG_SEARCH, TAG_EXPORTS, TAG_INFORMEA, TAG_WAGTAIL = "Search", "Exports and feeds", "InforMEA", "Wagtail API v2"


def _ref(name, kind="schemas"):
    return {"$ref": f"#/components/{kind}/{name}"}


def _nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def _query(name, description, schema, *, required=False, example=None, repeatable=False):
    parameter = {"name": name, "in": "query", "description": description, "required": required}
    if repeatable:
        parameter.update(schema={"type": "array", "items": schema}, style="form", explode=True)
    else:
        parameter["schema"] = schema
    if example is not None:
        parameter["example"] = example
    return parameter


def _json(schema, example=None):
    media = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"application/json": media}


def _text(description, content_type="text/plain"):
    return {"description": description, "content": {content_type: {"schema": {"type": "string"}}}}


def _languages():
    return [code for code, _name in settings.LANGUAGES]


# --- Search (contracts §3) -----------------------------------------------------------------

FACET_HELP = {
    "kind": "Kind of content: " + ", ".join(KINDS) + ".",
    "type": "Resource type slug (contracts §4a), e.g. `guidance`.",
    "pillar": "Pillar slug: scientific, technical, legal, implementation.",
    "area": "Thematic area slug (contracts §4c), e.g. `asgm`.",
    "article": "Convention article number, e.g. `7`.",
    "language": "ISO 639-1 code of a resource's files, e.g. `fr`.",
    "country": "ISO 3166-1 alpha-3 code, e.g. `KEN`.",
    "region": "UN regional group slug (contracts §4e), e.g. `africa`.",
    "partner": "Partner organisation slug.",
    "collection": "Library collection: `minamata` or `gmp`.",
    "year": "Year of publication or of the event, e.g. `2023`.",
    "provenance": "Who contributed the record: " + ", ".join(PROVENANCES) + ".",
}
FACET_EXAMPLES = {"kind": ["resource"], "type": ["guidance"], "area": ["asgm"], "country": ["KEN"], "year": ["2023"]}


def search_parameters(*, with_lang=True, with_paging=True):
    """The parameters every search takes (contracts §3), in the order the search page shows them."""
    parameters = [_query("q", "Free text; empty browses everything with facets. Longer than 500 characters is cut.",
                         {"type": "string"}, example="mercury waste")]  # fmt: skip
    if with_lang:
        parameters.append(
            _query(
                "lang",
                "Language of labels and results; unknown → 400. Default `en`.",
                {"type": "string", "enum": _languages()},
                example="en",
            )
        )
    for facet in FACETS:
        parameters.append(
            _query(
                facet,
                FACET_HELP[facet] + " Repeatable: values OR within a facet, AND across facets. "
                "Unknown values are ignored and listed in `ignored`.",
                {"type": "string", "maxLength": 100},
                repeatable=True,
                example=FACET_EXAMPLES.get(facet),
            )
        )
    year = {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}
    parameters += [
        _query("year_from", "First year (inclusive); malformed → 400.", year, example=2015),
        _query("year_to", "Last year (inclusive), not before `year_from`; malformed → 400.", year, example=2024),
        _query(
            "sort",
            "Order: `relevance` (default with `q`), `newest` (default without), `oldest`, `title`.",
            {"type": "string", "enum": list(SORTS)},
            example="newest",
        ),
    ]
    if with_paging:
        parameters += [
            _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, example=1),
            _query(
                "per_page",
                f"Results per page ({PER_PAGE_MIN}–{PER_PAGE_MAX}, default {PER_PAGE_DEFAULT}).",
                {"type": "integer", "minimum": PER_PAGE_MIN, "maximum": PER_PAGE_MAX},
                example=PER_PAGE_DEFAULT,
            ),
        ]
    return parameters


def _search_schemas():
    hit = {
        "type": "object",
        "required": ["kind", "title", "url", "summary", "type", "year", "languages", "highlight"],
        "properties": {
            "kind": {"type": "string", "enum": list(KINDS)},
            "title": {"type": "string"},
            "url": {"type": "string", "format": "uri", "description": "Absolute URL of the page."},
            "summary": {"type": "string"},
            "type": {**_nullable({"type": "string"}), "description": "Resource type slug; null for other kinds."},
            "year": _nullable({"type": "integer"}),
            "languages": {"type": "array", "items": {"type": "string"}},
            "highlight": {"type": "string", "description": "HTML: the visitor's words escaped, matches in <mark>."},
        },
    }
    facet_value = {
        "type": "object",
        "required": ["value", "label", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "label": {"type": "string", "description": "In the requested language."},
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
        },
    }
    answer = {
        "type": "object",
        "required": ["query", "count", "page", "pages", "per_page", "results", "facets", "ignored"],
        "properties": {
            "query": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": PER_PAGE_MIN, "maximum": PER_PAGE_MAX},
            "results": {"type": "array", "items": _ref("SearchResult")},
            "facets": {
                "type": "object",
                "description": "Per facet, its values with counts computed with every other filter applied.",
                "additionalProperties": {"type": "array", "items": _ref("FacetValue")},
            },
            "ignored": {"type": "array", "items": {"type": "string"}, "description": "`facet=value` pairs dropped."},
            "promoted": {"type": "array", "items": _ref("SearchResult"), "description": "Editors' picks (page 1)."},
            "suggestion": {"type": "string", "description": "“Did you mean”, or empty."},
            "relaxed": {
                "type": "object",
                "description": "Present when no result had every word: the words that were left out.",
                "required": ["query", "dropped"],
                "properties": {"query": {"type": "string"}, "dropped": {"type": "array", "items": {"type": "string"}}},
            },
        },
    }
    errors = {
        "type": "object",
        "required": ["errors"],
        "properties": {"errors": {"type": "object", "additionalProperties": {"type": "string"}}},
        "description": "Each parameter that could not be used, with a message in the requested language.",
    }
    suggestions = {
        "type": "object",
        "required": ["suggestions"],
        "properties": {
            "suggestions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["title", "url"],
                    "properties": {"title": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
                },
            }
        },
    }
    rate = {
        "type": "object",
        "required": ["errors", "retry_after"],
        "properties": {
            "errors": {"type": "object", "additionalProperties": {"type": "string"}},
            "retry_after": {"type": "integer", "minimum": 1},
        },
    }
    export_row = {
        "type": "object",
        "description": "One resource in the library import schema (contracts §4), then `provenance` and "
        "`contributed_by`. A truncated export ends with one object holding only a note.",
        "properties": {
            # The export's own columns (library/exports.py), so this description cannot drift from them.
            **{name: {"type": "string"} for name in EXPORT_COLUMNS if name not in import_schema.LISTS},
            **{name: {"type": "array", "items": {"type": "string"}} for name in import_schema.LISTS},
        },
    }
    return {
        "SearchResult": hit,
        "FacetValue": facet_value,
        "SearchAnswer": answer,
        "SearchErrors": errors,
        "Suggestions": suggestions,
        "RateLimited": rate,
        "ExportRow": export_row,
    }


SEARCH_EXAMPLE = {
    "query": "mercury",
    "count": 1,
    "page": 1,
    "pages": 1,
    "per_page": 20,
    "results": [
        {
            "kind": "resource",
            "title": "Guidance on mercury waste",
            "url": "https://example.org/en/library/mercury-waste-guidance/",
            "summary": "How to store mercury wastes safely.",
            "type": "guidance",
            "year": 2022,
            "languages": ["en", "fr"],
            "highlight": "How to store <mark>mercury</mark> wastes safely.",
        }
    ],
    "facets": {"type": [{"value": "guidance", "label": "Guidance", "count": 1, "selected": False}]},
    "ignored": ["area=no-such-area"],
    "promoted": [],
    "suggestion": "",
}


def _rate_limited(*, json_only=True):
    """429: the client's address went over its rate (hub/ratelimits.py); it may retry after `Retry-After`."""
    content = _json(_ref("RateLimited"), {"errors": {"rate": "Too many requests…"}, "retry_after": 42})
    if not json_only:
        content["text/html"] = {"schema": {"type": "string"}}
    return {
        "description": "Too many requests from this address: wait `Retry-After` seconds.",
        "headers": {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}},
        "content": content,
    }


def _unavailable(content):
    return {
        "description": "The search engine could not answer: try again after `Retry-After` seconds.",
        "headers": {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}},
        "content": content,
    }


def _not_a_language():
    """What the site does with a first path segment that is not one of its languages (hub/middleware.py)."""
    return {
        "302": {
            "description": "The first segment is not a language code: redirected under the visitor's language.",
            "headers": {"Location": {"schema": {"type": "string"}}},
        },
        "404": _text("A language the site does not offer (e.g. `de`): the site's not-found page.", "text/html"),
    }


def _search_paths():
    lang_path = {
        "name": "lang",
        "in": "path",
        "required": True,
        "description": "Language of the site section.",
        "schema": {"type": "string", "enum": _languages()},
        "example": "en",
    }
    export_formats = {
        "csv": "text/csv",
        "json": "application/json",
        "ris": "application/x-research-info-systems",
        "bibtex": "application/x-bibtex",
    }
    export_content = {media: {"schema": {"type": "string"}} for media in export_formats.values()}
    export_content["application/json"] = {"schema": {"type": "array", "items": _ref("ExportRow")}}
    return {
        "/api/search/": {
            "get": {
                "operationId": "search",
                "tags": [TAG_SEARCH],
                "summary": "Search everything (JSON)",
                "description": "The site search as JSON: results, facets with counts, paging. Same parameters as "
                "the search page `/{lang}/search/`. Facet values are codes; labels are in `lang`.",
                "parameters": search_parameters(),
                "responses": {
                    "200": {
                        "description": "One page of results.",
                        "content": _json(_ref("SearchAnswer"), SEARCH_EXAMPLE),
                    },
                    "400": {
                        "description": "A malformed number, sort or language.",
                        "content": _json(_ref("SearchErrors"), {"errors": {"page": "Enter a whole number."}}),
                    },
                    "429": _rate_limited(),
                    "503": _unavailable(_json(_ref("SearchErrors"))),
                },
            }
        },
        "/api/search/suggest/": {
            "get": {
                "operationId": "suggest",
                "tags": [TAG_SEARCH],
                "summary": "Autocomplete titles",
                "description": "Titles that start with, or contain words starting with, the typed text.",
                "parameters": [
                    _query("q", "The text typed so far.", {"type": "string"}, example="mer"),
                    _query(
                        "lang",
                        "Language of the titles; unknown → 400.",
                        {"type": "string", "enum": _languages()},
                        example="en",
                    ),  # fmt: skip
                ],
                "responses": {
                    "200": {
                        "description": "Up to ten titles with their absolute URLs.",
                        "content": _json(
                            _ref("Suggestions"),
                            {
                                "suggestions": [
                                    {"title": "Mercury in fish", "url": "https://example.org/en/mercury-in-fish/"}
                                ]
                            },
                        ),
                    },
                    "400": {"description": "Unknown language.", "content": _json(_ref("SearchErrors"))},
                    "429": _rate_limited(),
                },
            }
        },
        "/{lang}/search/export/": {
            "get": {
                "operationId": "searchExport",
                "tags": [TAG_EXPORTS],
                "summary": "Export a search's library resources",
                "description": "Every library resource among the search's matches, in its order, as an attachment "
                "(CSV and JSON follow the import schema, contracts §4, so an export is a valid import file). "
                "`page` and `per_page` mean nothing here. Past the server's ceiling the export stops and says so "
                "in the file and in `X-Export-Truncated`.",
                "parameters": [
                    lang_path,
                    _query(
                        "format",
                        "File format.",
                        {"type": "string", "enum": list(export_formats)},
                        required=True,
                        example="csv",
                    ),  # fmt: skip
                    *search_parameters(with_lang=False, with_paging=False),
                ],
                "responses": {
                    "200": {
                        "description": "The file (`Content-Disposition: attachment`).",
                        "headers": {
                            "X-Export-Truncated": {
                                "description": "Present when more resources matched than were written: the ceiling.",
                                "schema": {"type": "integer"},
                            }
                        },
                        "content": export_content,
                    },
                    "400": _text("A missing or unknown format, or a malformed number: one line per problem."),
                    **_not_a_language(),
                    "429": _rate_limited(json_only=False),
                    "503": _unavailable({"text/plain": {"schema": {"type": "string"}}}),
                },
            }
        },
        "/{lang}/search/feed/": {
            "get": {
                "operationId": "searchFeed",
                "tags": [TAG_EXPORTS],
                "summary": "Atom feed of a search",
                "description": "The newest 50 matches of a search, of every kind: subscribe to any search.",
                "parameters": [lang_path, *search_parameters(with_lang=False)],
                "responses": {
                    "200": {
                        "description": "An Atom 1.0 feed.",
                        "content": {"application/atom+xml": {"schema": {"type": "string"}}},
                    },
                    "400": _text("A malformed number or sort: one line per problem."),
                    **_not_a_language(),
                    "429": _rate_limited(json_only=False),
                },
            }
        },
    }


# --- InforMEA (contracts §6) ---------------------------------------------------------------

ODATA_DATE = {
    "type": "string",
    "pattern": r"^/Date\(-?[0-9]+\)/$",
    "description": "OData v2 JSON date: ms since 1970 UTC.",
}


def _informea_schemas():
    localized = {
        "type": "array",
        "items": _ref("LocalizedString"),
        "description": "One value per language the record really has (source and translations).",
    }
    files = {"type": "array", "items": _ref("File"), "description": "Public files only."}
    text = {"type": "string"}
    url = {"type": "string", "format": "uri"}
    alpha2 = {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2, upper case."}
    common = {
        "__metadata": _ref("RecordMetadata"),
        "id": {"type": "string", "description": "Stable: the source page's translation key (a UUID)."},
        "treaty": {"type": "string", "const": "minamata"},
        "url": {**url, "description": "Public page (English)."},
        "updated": ODATA_DATE,
    }
    entities = {
        "Meeting": (
            {
                "title": localized,
                "description": _nullable(localized),
                "start": ODATA_DATE,
                "end": ODATA_DATE,
                "city": text,
                "country": alpha2,
                "location": _nullable(text),
                "kind": _nullable({"type": "string", "enum": ["cop", "inc", "other"]}),
                "type": _nullable(text),
            },
            ["id", "treaty", "title", "start", "end", "city", "country", "url", "updated"],
        ),
        "Decision": (
            {
                "title": localized,
                "summary": _nullable(localized),
                "content": _nullable(localized),
                "type": {"type": "string", "const": "decision"},
                "status": {"type": "string", "const": "adopted"},
                "number": {**text, "description": "The symbol, e.g. MC-4/3."},
                "published": ODATA_DATE,
                "meetingId": {**_nullable(text), "description": "The InforMEA id of its meeting, or null."},
                "meetingTitle": _nullable(text),
                "files": files,
            },
            ["id", "title", "type", "status", "number", "treaty", "published", "meetingId", "files", "updated"],
        ),
        "Document": (
            {
                "titles": localized,
                "types": {"type": "array", "items": text, "description": "Resource type slugs (contracts §4a)."},
                "symbol": _nullable(text),
                "meetingId": _nullable(text),
                "published": _nullable(ODATA_DATE),
                "files": files,
            },
            ["id", "titles", "types", "files", "updated"],
        ),
        "CountryReport": (
            {"country": alpha2, "title": localized, "files": files, "submission": ODATA_DATE},
            ["id", "treaty", "country", "title", "files", "submission", "updated"],
        ),
        "NationalPlan": (
            {
                "country": alpha2,
                "type": {"type": "string", "const": "nap"},
                "title": localized,
                "files": files,
                "submission": ODATA_DATE,
            },
            ["id", "treaty", "country", "type", "title", "files", "submission", "updated"],
        ),
    }
    schemas = {
        "LocalizedString": {
            "type": "object",
            "required": ["language", "value"],
            "properties": {"language": {"type": "string"}, "value": {"type": "string"}},
        },
        "File": {
            "type": "object",
            "required": ["url", "mimeType", "language", "filename"],
            "properties": {
                "url": url,
                "mimeType": text,
                "language": _nullable(text),
                "filename": text,
            },
        },
        "RecordMetadata": {
            "type": "object",
            "required": ["uri", "type"],
            "properties": {"uri": url, "type": {"type": "string", "pattern": "^informea\\.[A-Za-z]+$"}},
        },
        "ServiceDocument": {
            "type": "object",
            "required": ["d"],
            "properties": {
                "d": {
                    "type": "object",
                    "required": ["EntitySets"],
                    "properties": {"EntitySets": {"type": "array", "items": {"type": "string"}}},
                }
            },
        },
        "ODataError": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": text,
                        "message": {
                            "type": "object",
                            "required": ["lang", "value"],
                            "properties": {"lang": text, "value": text},
                        },
                    },
                }
            },
        },
    }
    for entity, (properties, required) in entities.items():
        # `treaty` is required on every record we publish, whether or not InforMEA asks for it.
        schemas[entity] = {
            "type": "object",
            "required": sorted({"__metadata", "treaty", *required}),
            "properties": {**common, **properties},
        }
        schemas[f"{entity}Collection"] = {
            "type": "object",
            "required": ["d"],
            "properties": {
                "d": {
                    "type": "object",
                    "required": ["results"],
                    "properties": {
                        "results": {"type": "array", "items": _ref(entity)},
                        "__count": {
                            "type": "string",
                            "pattern": "^[0-9]+$",
                            "description": "All matching records (with `$inlinecount=allpages`).",
                        },
                        "__next": {**url, "description": "The next page, when more records follow."},
                    },
                }
            },
        }
        schemas[f"{entity}Entry"] = {"type": "object", "required": ["d"], "properties": {"d": _ref(entity)}}
    return schemas


def _informea_parameters(set_name):
    order_properties = "updated, published, id" + (", start" if set_name == "Meetings" else "")
    return [
        _query(
            "$top",
            f"Records per page (default {INFORMEA_TOP_DEFAULT}; above {INFORMEA_TOP_CAP} it is capped, not refused).",
            {"type": "integer", "minimum": 0},
            example=INFORMEA_TOP_DEFAULT,
        ),
        _query("$skip", "Records to skip.", {"type": "integer", "minimum": 0}, example=0),
        _query(
            "$orderby",
            f"Comma-separated `property [asc|desc]` on {order_properties}. Default `updated desc,id`.",
            {"type": "string"},
            example="updated desc,id",
        ),
        _query(
            "$filter",
            "`updated` or `published` compared (gt, ge, lt, le, eq) with `datetime'YYYY-MM-DDTHH:MM:SS'`, "
            "joined by `and`; for incremental harvests.",
            {"type": "string"},
            example="updated gt datetime'2024-01-01T00:00:00'",
        ),
        _query(
            "$expand",
            "Multilingual or file properties, comma-separated: accepted (they are always inline); unknown → 400.",
            {"type": "string"},
            example="files",
        ),
        _query(
            "$inlinecount",
            "`allpages` adds `__count`.",
            {"type": "string", "enum": ["allpages", "none"]},
            example="allpages",
        ),  # fmt: skip
        _query("$format", "`json` only; anything else → 400.", {"type": "string", "enum": ["json"]}, example="json"),
    ]


def _odata_error(description):
    return {
        "description": description,
        "content": _json(
            _ref("ODataError"),
            {"error": {"code": "BadRequest", "message": {"lang": "en", "value": "$top must be a whole number."}}},
        ),
    }


def _informea_paths():
    paths = {
        "/api/informea/": {
            "get": {
                "operationId": "informeaService",
                "tags": [TAG_INFORMEA],
                "summary": "InforMEA service document",
                "description": "The entity sets this OData v2-style provider serves.",
                "responses": {
                    "200": {
                        "description": "The entity sets.",
                        "content": _json(_ref("ServiceDocument"), {"d": {"EntitySets": list(INFORMEA_SETS)}}),
                    },
                    "429": _rate_limited(),
                },
            }
        },
        "/api/informea/$metadata": {
            "get": {
                "operationId": "informeaMetadata",
                "tags": [TAG_INFORMEA],
                "summary": "InforMEA metadata (EDMX)",
                "description": "EDMX 1.0 / OData v2 CSDL: namespace `informea`, one EntityType per set (key `id`), "
                "`LocalizedString` and `File` complex types, an EntityContainer with every set.",
                "responses": {
                    "200": {
                        "description": "The EDMX document.",
                        "content": {"application/xml": {"schema": {"type": "string"}}},
                    },
                    "429": _rate_limited(),
                },
            }
        },
    }
    for set_name, (entity, summary) in INFORMEA_SETS.items():
        paths[f"/api/informea/{set_name}"] = {
            "get": {
                "operationId": f"informea{set_name}",
                "tags": [TAG_INFORMEA],
                "summary": f"InforMEA {set_name}",
                "description": f"{summary}: live public records, newest update first (`updated desc,id`). "
                "Options without `$` are ignored; an unknown `$` option → 400.",
                "parameters": _informea_parameters(set_name),
                "responses": {
                    "200": {"description": "A page of records.", "content": _json(_ref(f"{entity}Collection"))},
                    "400": _odata_error("A malformed or unknown `$` option."),
                    "429": _rate_limited(),
                },
            }
        }
        paths[f"/api/informea/{set_name}('{{id}}')"] = {
            "get": {
                "operationId": f"informea{entity}",
                "tags": [TAG_INFORMEA],
                "summary": f"One {entity} record",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "description": "The record's `id`.",
                        "schema": {"type": "string", "minLength": 1},
                        "example": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                    },
                    _query("$format", "`json` only.", {"type": "string", "enum": ["json"]}),
                    _query("$expand", "Accepted; properties are always inline.", {"type": "string"}),
                ],
                "responses": {
                    "200": {"description": "The record.", "content": _json(_ref(f"{entity}Entry"))},
                    "400": _odata_error("A malformed `$` option."),
                    "404": _odata_error("No public record has this id."),
                    "429": _rate_limited(),
                },
            }
        }
    return paths


# --- Wagtail API v2 ------------------------------------------------------------------------


def _wagtail_schemas():
    item_meta = {
        "type": "object",
        "properties": {
            "type": {"type": "string", "description": "`app_label.ModelName`."},
            "detail_url": {"type": "string", "format": "uri"},
            "html_url": _nullable({"type": "string", "format": "uri"}),
            "download_url": {"type": "string"},
            "slug": {"type": "string"},
            "locale": {"type": "string"},
            "first_published_at": _nullable({"type": "string", "format": "date-time"}),
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }
    item = {
        "type": "object",
        "description": "The fields asked for with `fields` (defaults: id, meta.type, meta.detail_url, title).",
        "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "meta": item_meta},
    }
    return {
        "WagtailItem": item,
        "WagtailListing": {
            "type": "object",
            "required": ["meta", "items"],
            "properties": {
                "meta": {
                    "type": "object",
                    "required": ["total_count"],
                    "properties": {"total_count": {"type": "integer", "minimum": 0}},
                },
                "items": {"type": "array", "items": _ref("WagtailItem")},
            },
        },
        "WagtailError": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}},
    }


def _wagtail_paths():
    def error(description, example):
        return {"description": description, "content": _json(_ref("WagtailError"), {"message": example})}

    def listing(name, extra, description):
        example = {
            "meta": {"total_count": 1},
            "items": [
                {
                    "id": 3,
                    "meta": {"type": "hub.HomePage", "detail_url": "https://example.org/api/v2/pages/3/"},
                    "title": "Minamata Exchange Platform",
                }
            ],  # fmt: skip
        }
        return {
            "get": {
                "operationId": f"wagtail{name.capitalize()}",
                "tags": [TAG_WAGTAIL],
                "summary": f"List {name}",
                "description": description,
                "parameters": [
                    _query(
                        "fields",
                        "Comma-separated fields to add (`*` for all), `-name` to remove, `_` for none.",
                        {"type": "string"},
                        example="*",
                    ),  # fmt: skip
                    _query(
                        "order",
                        "A field to order by (`-field` descending) or `random`.",
                        {"type": "string"},
                        example="title",
                    ),  # fmt: skip
                    _query(
                        "limit",
                        f"Items per page (at most {WAGTAIL_LIMIT_MAX}).",
                        {"type": "integer", "minimum": 0, "maximum": WAGTAIL_LIMIT_MAX},
                        example=10,
                    ),  # fmt: skip
                    _query(
                        "offset", "Items to skip.", {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}, example=0
                    ),
                    _query("search", "Full-text search.", {"type": "string"}, example="mercury"),
                    _query("search_operator", "How search words combine.", {"type": "string", "enum": ["and", "or"]}),
                    *extra,
                ],
                "responses": {
                    "200": {"description": "A page of items.", "content": _json(_ref("WagtailListing"), example)},
                    "400": error(
                        "An unknown parameter, field or type, or a malformed number.",
                        "limit must be a positive integer",
                    ),
                    "404": error("An unknown locale or site.", "Not found."),
                },
            }
        }

    def detail(name, entity):
        return {
            "get": {
                "operationId": f"wagtail{entity}",
                "tags": [TAG_WAGTAIL],
                "summary": f"One {entity.lower()}",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                        "example": 3,
                    },  # fmt: skip
                    _query("fields", "Fields to add or remove, as in the listing.", {"type": "string"}),
                ],
                "responses": {
                    "200": {
                        "description": f"The {entity.lower()} with all its fields.",
                        "content": _json(_ref("WagtailItem")),
                    },
                    "400": error("An unknown field.", "unknown fields: nope"),
                    "404": {
                        "description": f"No public {entity.lower()} has this id (JSON); an id that is not a "
                        "whole number reaches no API view and gets the site's not-found page (HTML).",
                        "content": {
                            **_json(_ref("WagtailError"), {"message": "No Page matches the given query."}),
                            "text/html": {"schema": {"type": "string"}},
                        },
                    },
                },
            }
        }

    integer = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    page_filters = [
        _query(
            "type",
            "Page type as `app_label.ModelName`; enables its fields in `fields` and as filters.",
            {"type": "string"},
            example="library.ResourcePage",
        ),  # fmt: skip
        _query("locale", "Only pages of this language.", {"type": "string", "enum": _languages()}, example="fr"),
        _query("translation_of", "Only translations of this page id.", integer),
        _query("child_of", "Only children of this page id.", integer),
        _query("descendant_of", "Only descendants of this page id.", integer),
        _query("ancestor_of", "Only ancestors of this page id.", integer),
        _query("site", "Only pages of the site with this hostname.", {"type": "string"}, example="localhost"),
        _query("slug", "Only pages with this slug.", {"type": "string"}),
    ]
    return {
        "/api/v2/pages/": listing(
            "pages", page_filters, "Live pages an anonymous visitor may open, in every language."
        ),
        "/api/v2/pages/{id}/": detail("pages", "Page"),
        "/api/v2/images/": listing("images", [], "Images in public collections."),
        "/api/v2/images/{id}/": detail("images", "Image"),
        "/api/v2/documents/": listing("documents", [], "Documents in public collections."),
        "/api/v2/documents/{id}/": detail("documents", "Document"),
    }


# --- The document --------------------------------------------------------------------------


@cache
def _document():
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Minamata Exchange Platform APIs",
            "version": DOCUMENT_VERSION,
            "summary": "Search, exports, feeds, the InforMEA provider and the Wagtail API v2.",
            "description": "Read-only public interfaces of the Minamata Exchange Platform. Every answer is the same "
            "for every client: no authentication. Search, exports, feeds and InforMEA are rate limited per "
            "client address (429 with `Retry-After`). OAI-PMH 2.0 is served at `/oai/` and described by its "
            "own standard.",
        },
        "tags": [
            {"name": TAG_SEARCH, "description": "The site search as JSON (contracts §3)."},
            {"name": TAG_EXPORTS, "description": "Any search as a file (CSV, JSON, RIS, BibTeX) or an Atom feed."},
            {"name": TAG_INFORMEA, "description": "OData v2-style provider for InforMEA (contracts §6)."},
            {"name": TAG_WAGTAIL, "description": "Wagtail's content API: pages, images, documents."},
        ],
        "paths": {**_search_paths(), **_informea_paths(), **_wagtail_paths()},
        "components": {
            "schemas": {**_search_schemas(), **_informea_schemas(), **_wagtail_schemas()},
            "headers": {
                "RetryAfter": {
                    "description": "Seconds to wait before trying again.",
                    "schema": {"type": "integer", "minimum": 1},
                }
            },
        },
    }


def openapi_document():
    """The document as a new dict (callers may change their copy)."""
    return copy.deepcopy(_document())


@cache
def openapi_json():
    return json.dumps(_document(), ensure_ascii=False, indent=1)

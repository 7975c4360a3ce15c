"""The search API, its autocomplete, the exports and the Atom feed of a search (contracts §3)."""

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

from .helpers import TAG_EXPORTS, TAG_SEARCH, _json, _languages, _nullable, _query, _rate_limited, _ref, _text

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

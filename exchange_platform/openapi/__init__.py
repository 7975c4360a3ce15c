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

from .helpers import (  # noqa: F401 (re-exported)
    DOCUMENT_VERSION,
    OPENAPI_VERSION,
    TAG_EXPORTS,
    TAG_INFORMEA,
    TAG_SEARCH,
    TAG_WAGTAIL,
    _json,
    _languages,
    _nullable,
    _query,
    _rate_limited,
    _ref,
    _text,
)
from .informea_api import (  # noqa: F401 (re-exported)
    INFORMEA_SETS,
    INFORMEA_TOP_CAP,
    INFORMEA_TOP_DEFAULT,
    ODATA_DATE,
    _informea_parameters,
    _informea_paths,
    _informea_schemas,
    _odata_error,
)
from .search_api import (  # noqa: F401 (re-exported)
    FACET_EXAMPLES,
    FACET_HELP,
    SEARCH_EXAMPLE,
    _not_a_language,
    _search_paths,
    _search_schemas,
    _unavailable,
    search_parameters,
)
from .wagtail_api import WAGTAIL_LIMIT_MAX, _wagtail_paths, _wagtail_schemas  # noqa: F401 (re-exported)

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

"""The Wagtail API v2: pages, images and documents."""

from .helpers import TAG_WAGTAIL, _json, _languages, _nullable, _query, _ref

# Wagtail's default WAGTAILAPI_LIMIT_MAX: a larger `limit` is refused with 400.
WAGTAIL_LIMIT_MAX = 20

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

"""Shared pieces of the OpenAPI document: versions, tags, small builders of schemas and responses."""

from django.conf import settings

OPENAPI_VERSION = "3.1.0"
DOCUMENT_VERSION = "1.0.0"

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

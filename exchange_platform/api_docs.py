"""The API description: `/api/schema/` (the OpenAPI 3.1 document as JSON) and `/api/` (it, browsable).

The page is rendered on the server from the same document (exchange_platform/openapi.py): every
operation with its method, path, summary, parameters, responses and an example, then the shapes
of the answers. No JavaScript and nothing loaded from elsewhere, so it reads the same in any
browser and behind any firewall. Its headings and labels are translated; the descriptions inside
the document are the developers' reference and stay in English.
"""

import json
import re
from urllib.parse import quote, urlencode

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from .openapi import openapi_document, openapi_json

CACHE_SECONDS = 3600
_CODE_SPAN = re.compile(r"`([^`]+)`")
METHODS = ("get", "head", "post", "put", "patch", "delete")


@require_safe
def schema(request):
    response = HttpResponse(openapi_json(), content_type="application/json")
    # Any tool (a Swagger UI elsewhere, a client generator) may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@require_safe
def docs(request):
    document = openapi_document()
    context = {
        "info": {**document["info"], "description": code_spans(document["info"]["description"])},
        "groups": operation_groups(document),
        "schemas": schema_tables(document),
        "schema_url": request.build_absolute_uri("/api/schema/"),
    }
    response = TemplateResponse(request, "api/docs.html", context)
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def operation_groups(document):
    """The operations grouped by tag, in the document's tag order: what the page lists."""
    groups = [
        {"name": tag["name"], "description": code_spans(tag.get("description", "")), "operations": []}
        for tag in document["tags"]
    ]
    by_name = {group["name"]: group for group in groups}
    for path, item in document["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or [""])[0]
            group = by_name.get(tag)
            if group is None:
                group = by_name[tag] = {"name": tag, "description": "", "operations": []}
                groups.append(group)
            group["operations"].append(describe_operation(document, path, method, operation))
    return [group for group in groups if group["operations"]]


def describe_operation(document, path, method, operation):
    parameters = [
        {
            "name": parameter["name"],
            "location": parameter["in"],
            "required": parameter.get("required", False),
            "type": type_label(parameter.get("schema", {})),
            "choices": choices(parameter.get("schema", {})),
            "description": code_spans(parameter.get("description", "")),
        }
        for parameter in operation.get("parameters", [])
    ]
    responses = []
    example = ""
    for status, response in operation.get("responses", {}).items():
        content = response.get("content", {})
        media = [
            {"type": media_type, "schema": type_label(body.get("schema", {}))} for media_type, body in content.items()
        ]
        responses.append(
            {
                "status": status,
                "description": code_spans(response.get("description", "")),
                "media": media,
                "headers": sorted(response.get("headers", {})),
            }
        )
        if status.startswith("2") and not example:
            sample = content.get("application/json", {}).get("example")
            if sample is not None:
                example = json.dumps(sample, indent=2, ensure_ascii=False)
    return {
        "id": operation.get("operationId") or f"{method}-{path}",
        "method": method.upper(),
        "path": path,
        "summary": operation.get("summary", ""),
        "description": code_spans(operation.get("description", "")),
        "parameters": parameters,
        "responses": responses,
        "example_request": example_request(path, operation),
        "example_response": example,
    }


def example_request(path, operation):
    """A request built from the parameters' examples: the required ones and a few others."""
    query = []
    for parameter in operation.get("parameters", []):
        value = parameter.get("example")
        if value is None:
            continue
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", quote(str(value), safe=""))
        elif parameter["in"] == "query" and (parameter.get("required") or len(query) < 3):
            values = value if isinstance(value, list) else [value]
            query.extend((parameter["name"], str(item)) for item in values)
    return f"{path}?{urlencode(query, safe='$,')}" if query else path


def type_label(schema):
    """A short human name of a schema: `integer`, `array of SearchResult`, `string or null`."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_label(option) for option in schema["anyOf"])
    kind = schema.get("type", "")
    if kind == "array":
        return f"array of {type_label(schema.get('items', {}))}"
    if "const" in schema:
        return f"{kind} “{schema['const']}”"
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return kind or "any"


def choices(schema):
    schema = schema.get("items", schema) if schema.get("type") == "array" else schema
    parts = []
    if "enum" in schema:
        parts.append(", ".join(str(value) for value in schema["enum"]))
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        parts.append(f"{low}–{high}")
    elif low is not None:
        parts.append(f"≥ {low}")
    elif high is not None:
        parts.append(f"≤ {high}")
    return "; ".join(parts)


def code_spans(text):
    """The document's descriptions mark names as `code` (as Markdown does): escaped, then <code>."""
    return mark_safe(_CODE_SPAN.sub(r"<code>\1</code>", escape(text)))  # noqa: S308 - escaped just before


def schema_tables(document):
    """Each object schema of the components with its properties: the shapes of the answers."""
    tables = []
    for name, schema in document["components"]["schemas"].items():
        properties = schema.get("properties", {})
        if not properties:
            continue
        required = set(schema.get("required", []))
        tables.append(
            {
                "name": name,
                "description": code_spans(schema.get("description", "")),
                "properties": [
                    {
                        "name": key,
                        "type": type_label(value),
                        "required": key in required,
                        "description": code_spans(value.get("description", "")),
                    }
                    for key, value in properties.items()
                ],
            }
        )
    return tables

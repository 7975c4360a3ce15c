"""The InforMEA provider: OData v2-style schemas and paths (contracts §6)."""

from .helpers import TAG_INFORMEA, _json, _nullable, _query, _rate_limited, _ref

INFORMEA_TOP_DEFAULT, INFORMEA_TOP_CAP = 50, 200
INFORMEA_SETS = {
    # set name: (entity type, summary)
    "Meetings": ("Meeting", "Meetings of the Conference of the Parties and other bodies"),
    "Decisions": ("Decision", "Decisions of the Conference of the Parties"),
    "Documents": ("Document", "Other library documents (not decisions, national reports or action plans)"),
    "CountryReports": ("CountryReport", "National reports (Article 21)"),
    "NationalPlans": ("NationalPlan", "National action plans on artisanal and small-scale gold mining"),
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

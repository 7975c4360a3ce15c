"""The InforMEA provider at /api/informea/ (contracts §6): OData v2-style JSON for InforMEA's harvester.

    /api/informea/                      service document: the five entity sets
    /api/informea/$metadata             EDMX (metadata.py)
    /api/informea/<Set>?$top=…&…        a page of records, `__next` to the following one
    /api/informea/<Set>('<id>')         one record

One view answers every path, so the provider has one rate limit per client (the OAI-PMH rate:
both serve harvesters). Errors are OData error bodies, 400 for a query option it cannot read
(query.py) and 404 for an unknown set or record; nothing a client sends can cause a 500.
Messages are in English, as the error body declares (`"lang": "en"`).
"""

import json
import re
import uuid
from urllib.parse import urlencode

from django.db.models import F
from django.http import HttpResponse
from django.urls import reverse

from hub.ratelimits import rate_limited

from .metadata import metadata_document
from .query import QueryError, check_format, check_known, date_bounds, datetime_bounds, parse_options
from .sets import BY_NAME, ENTITY_SETS, Batch

_ENTITY = re.compile(r"(?P<name>[A-Za-z]+)(?:\('(?P<key>[^']*)'\))?")
# Characters left as they are in `__next`: OData's own syntax reads better unescaped.
_NEXT_SAFE = "$'(),:"


def _json(payload, status=200):
    response = HttpResponse(json.dumps(payload), status=status, content_type="application/json;charset=utf-8")
    response["DataServiceVersion"] = "2.0"
    return response


def error(code, message, status):
    return _json({"error": {"code": code, "message": {"lang": "en", "value": message}}}, status=status)


def not_found(request, message):
    # hub.middleware keeps a 404 under /api/ as it is (no redirect to /<language>/api/…).
    return error("NotFound", message, 404)


def service_root(request):
    return request.build_absolute_uri(reverse("informea:service"))


@rate_limited("RATELIMIT_OAI")
def endpoint(request, path=""):
    if request.method not in ("GET", "HEAD"):
        response = error("MethodNotAllowed", "Only GET and HEAD are served here.", 405)
        response["Allow"] = "GET, HEAD"
        return response
    try:
        if path == "":
            return service_document(request)
        if path == "$metadata":
            return HttpResponse(metadata_document(), content_type="application/xml;charset=utf-8")
        match = _ENTITY.fullmatch(path)
        entity_set = BY_NAME.get(match.group("name")) if match else None
        if entity_set is None:
            names = ", ".join(s.name for s in ENTITY_SETS)
            return not_found(request, f"No entity set answers at {path!r}; the sets are: {names}.")
        if match.group("key") is not None:
            return single_record(request, entity_set, match.group("key"))
        return record_list(request, entity_set)
    except QueryError as bad:
        return error(bad.code, bad.message, 400)


def service_document(request):
    check_known(request.GET)
    if "$format" in request.GET:
        check_format(request.GET["$format"])
    return _json({"d": {"EntitySets": [entity_set.name for entity_set in ENTITY_SETS]}})


def _options(request, entity_set):
    return parse_options(
        request.GET,
        sortable=tuple(entity_set.sortable),
        filterable=tuple(entity_set.filterable),
        expandable=entity_set.expandable,
    )


def _filtered(records, entity_set, comparisons):
    for comparison in comparisons:
        prop = entity_set.filterable[comparison.prop]
        if prop.date_only:
            bounds = date_bounds(comparison.op, comparison.value)
            bounds = None if bounds is None else [bounds]
        else:
            bounds = datetime_bounds(comparison.op, comparison.value)
        if bounds is None:
            return records.none()
        for lookup, value in bounds:
            records = records.filter(**{f"{prop.sort}__{lookup}": value})
    return records


def _ordered(records, entity_set, order):
    # Undated records last in both directions, on every database (hub/ordering.py explains why).
    expressions = []
    for name, descending in order:
        column = F(entity_set.sortable[name].sort)
        expressions.append(column.desc(nulls_last=True) if descending else column.asc(nulls_last=True))
    return records.order_by(*expressions)


def _serialise(request, entity_set, pages):
    batch = Batch(entity_set, pages, request, service_root(request))
    return [entity_set.serialise(page, batch) for page in pages]


def record_list(request, entity_set):
    options = _options(request, entity_set)
    records = _ordered(_filtered(entity_set.get_records(), entity_set, options.filters), entity_set, options.order)
    # One row more than asked tells whether another page follows, without counting ($top=0 asks
    # for none, and gets no `__next` a harvester could follow for ever).
    pages = list(records[options.skip : options.skip + options.top + 1]) if options.top else []
    more = len(pages) > options.top
    pages = pages[: options.top]
    payload = {"results": _serialise(request, entity_set, pages)}
    if options.inlinecount:
        payload["__count"] = str(records.count())
    if more:
        params = request.GET.copy()
        params["$skip"] = str(options.skip + options.top)
        params["$top"] = str(options.top)
        query = urlencode(sorted(params.lists()), doseq=True, safe=_NEXT_SAFE)
        payload["__next"] = request.build_absolute_uri(f"{request.path}?{query}")
    return _json({"d": payload})


def single_record(request, entity_set, key):
    _options(request, entity_set)  # malformed options are refused here too; paging ones mean nothing
    try:
        key = uuid.UUID(key)
    except ValueError:
        return not_found(request, f"No {entity_set.entity_type} has the id {key!r}.")
    page = entity_set.get_records().filter(translation_key=key).first()
    if page is None:
        return not_found(request, f"No {entity_set.entity_type} has the id '{key}'.")
    return _json({"d": _serialise(request, entity_set, [page])[0]})

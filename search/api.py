"""The search as JSON (contracts §3): `/api/search/?lang=<locale>&<params>` and the autocomplete
`/api/search/suggest/?q=mer&lang=en`.

The answer's keys are the contract's, plus `promoted` and `suggestion`, and `relaxed`
(`{"query": …, "dropped": [words]}`) when no result had all the words and fewer were searched. Malformed numbers, an
unknown `lang` or anything else the parameters cannot mean answer 400 `{"errors": {param:
message}}`, in the requested language when it is known. URLs are absolute.

The JSON never contains a raw `<`, `>` or `&`: they are written as \\u003c, \\u003e, \\u0026
(the same string once decoded), so an answer pasted into a page or shown by a careless client
cannot start markup, even though `query` echoes the visitor's text.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hub.ratelimits import rate_limited

from .params import clean_query_text
from .service import InvalidSearchParams, params_from_query, run_search
from .service import suggest as suggest_titles

SUGGEST_CACHE_SECONDS = 60
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


class BadRequest(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def json_response(payload, status=200):
    body = json.dumps(payload, cls=DjangoJSONEncoder).translate(_HTML_SAFE)
    return HttpResponse(body, status=status, content_type="application/json")


def error_response(errors, status=400):
    return json_response({"errors": {name: str(message) for name, message in errors.items()}}, status=status)


def _last(data, name):
    values = data.getlist(name)
    return values[-1] if values else ""


def requested_locale(request):
    """The `lang` parameter as a site language code; absent means the default language."""
    raw = _last(request.GET, "lang").strip()
    if not raw:
        return settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    code = raw.lower().replace("_", "-")
    if code not in codes:
        raise BadRequest({"lang": _("Unknown language. Use lang= one of: %(codes)s.") % {"codes": ", ".join(codes)}})
    return code


def answer(outcome, request):
    params = outcome.params

    def absolute(url):
        return request.build_absolute_uri(url) if url else url

    payload = {
        "query": params.q,
        "count": outcome.count,
        "page": params.page,
        "pages": outcome.pages,
        "per_page": params.per_page,
        "results": [hit.as_json(absolute) for hit in outcome.results],
        "facets": {facet: [value.as_json() for value in values] for facet, values in outcome.facets.items()},
        "ignored": list(params.ignored),
        # Beyond the contract: editors' picks (page 1 only) and "did you mean".
        "promoted": [hit.as_json(absolute) for hit in outcome.promoted],
        "suggestion": outcome.suggestion,
    }
    if outcome.relaxed:
        # No result had every word: these are the results of fewer words, and which were left out.
        payload["relaxed"] = outcome.relaxed.as_json()
    return payload


@rate_limited("RATELIMIT_SEARCH")
@require_safe
def search(request):
    try:
        locale = requested_locale(request)
    except BadRequest as bad:
        return error_response(bad.errors)
    with translation.override(locale):
        try:
            params = params_from_query(request.GET, locale)
        except InvalidSearchParams as invalid:
            return error_response(invalid.errors)
        outcome = run_search(params, relax=True)
        if outcome.error:
            # The engine could not answer (unreachable, or a query it cannot take): not a 500.
            response = error_response({"q": outcome.error}, status=503)
            response["Retry-After"] = "30"
            return response
        response = json_response(answer(outcome, request))
    if params.q or params.has_filters:
        add_never_cache_headers(response)
    return response


@rate_limited("RATELIMIT_SUGGEST")
@require_safe
def suggest(request):
    try:
        locale = requested_locale(request)
    except BadRequest as bad:
        return error_response(bad.errors)
    text = clean_query_text(_last(request.GET, "q"))
    suggestions = [
        {"title": item["title"], "url": request.build_absolute_uri(item["url"])}
        for item in suggest_titles(text, locale)
    ]
    response = json_response({"suggestions": suggestions})
    patch_cache_control(response, public=True, max_age=SUGGEST_CACHE_SECONDS)
    return response

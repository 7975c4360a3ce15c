"""Per-client rate limits for the public endpoints that cost the most (search, exports, OAI).

    @rate_limited("RATELIMIT_SEARCH")
    def search(request): ...

django-ratelimit counts each client address's requests per view in the default cache (Redis
when REDIS_URL is set, so every worker shares the counts; local memory otherwise). The rate is
read from the named setting on every request ("60/m"; from the environment, see settings/base.py),
so tests and operators can change it without touching code. Over the limit, the client gets a
429 with `Retry-After` (seconds until its window ends), as JSON for JSON clients and a short
page otherwise. RATELIMIT_ENABLE=False switches every limit off.
"""

import re
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from django_ratelimit.core import get_usage

RATE = re.compile(r"^\d+/\d*[smhd]$")


def configured_rate(setting):
    """The rate in `setting`, checked: a typo must not turn into a 500 on every request."""
    rate = str(getattr(settings, setting, "")).strip()
    if not RATE.match(rate):
        raise ImproperlyConfigured(f'{setting}={rate!r}: write a rate as "N/s", "N/m", "N/h" or "N/d", e.g. "60/m".')
    return rate


def rate_limited(setting):
    """Decorate a view (its first argument the request): at most the rate in `setting` per client."""

    def decorator(view):
        group = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def limited_view(request, *args, **kwargs):
            usage = get_usage(request, group=group, key="ip", rate=configured_rate(setting), increment=True)
            if usage and usage["should_limit"]:
                return too_many_requests(request, max(1, usage["time_left"]))
            return view(request, *args, **kwargs)

        return limited_view

    return decorator


def too_many_requests(request, retry_after):
    message = ngettext(
        "Too many requests from your address. Please try again in %(seconds)d second.",
        "Too many requests from your address. Please try again in %(seconds)d seconds.",
        retry_after,
    ) % {"seconds": retry_after}
    if _wants_json(request):
        response = JsonResponse({"errors": {"rate": message}, "retry_after": retry_after}, status=429)
    else:
        title = escape(_("Too many requests"))
        body = f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        body += f"<body><h1>{title}</h1><p>{escape(message)}</p></body></html>"
        response = HttpResponse(body, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def _wants_json(request):
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")

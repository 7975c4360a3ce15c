"""Site-wide views: health check, robots.txt, the language redirect and error pages."""

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the search backend answer, 503 naming what failed (contracts §2)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logger.exception("Health check: database failed")
        checks["database"] = "failed"
    try:
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        ping = getattr(getattr(backend, "es", None), "ping", None)
        if ping is not None and not ping():
            raise ConnectionError("Elasticsearch did not answer the ping")
        checks["search"] = "ok"
    except Exception:
        logger.exception("Health check: search failed")
        checks["search"] = "failed"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failed", "checks": checks}, status=200 if healthy else 503)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Filtered search result pages would be endless for crawlers; they carry noindex too.
        *(f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES),
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def language_redirect(request):
    """`/` → `/<locale>/` chosen from Accept-Language, English by default."""
    language = translation.get_language_from_request(request, check_path=False)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(f"/{language}/")
    response["Vary"] = "Accept-Language, Cookie"
    return response


def page_not_found(request, exception=None, template_name="404.html"):
    template = loader.get_template(template_name)
    return HttpResponse(template.render({"request_path": request.path}, request), status=404)


def server_error(request, template_name="500.html"):
    # Rendered without a request context: the failure may be in a context processor.
    template = loader.get_template(template_name)
    return HttpResponse(template.render({}), status=500)

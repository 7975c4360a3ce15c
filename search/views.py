"""The public search page.

The foundation searches live, public pages of the visitor's language with Wagtail's
configured backend; the search issue replaces the internals with the faceted search
service (contracts §3) without changing the URL.
"""

import logging

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page
from wagtail.search.utils import parse_query_string

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PER_PAGE = 20


def clean_query(raw):
    """Drop NUL bytes and control characters, collapse spaces, cap the length."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw.replace("\x00", ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search(request):
    query = clean_query(request.GET.get("q", ""))
    error = ""
    results = Page.objects.none()
    if query:
        # Quoted parts become phrases; "field:value" filters are not offered to visitors.
        _filters, parsed = parse_query_string(query, operator="and")
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = pages.search(parsed)
    paginator = Paginator(results, PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
        page.object_list = list(page.object_list)
    except PageNotAnInteger as exc:
        raise Http404(_("Page numbers are whole numbers.")) from exc
    except EmptyPage as exc:
        raise Http404(_("There is no such page of results.")) from exc
    except DatabaseError:
        # A query the backend's syntax cannot take must not become a 500.
        logger.warning("Search backend rejected query %r", query, exc_info=True)
        error = _("We could not understand that search. Try fewer symbols or different words.")
        page = Paginator([], PER_PAGE).page(1)
    response = TemplateResponse(
        request, "search/search.html", {"search_query": query, "results": page, "search_error": error}
    )
    if query:
        add_never_cache_headers(response)
    return response

"""The public search page.

The foundation searches live, public pages of the visitor's language with Wagtail's
configured backend; the search issue replaces the internals with the faceted search
service (contracts §3) without changing the URL.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = pages.search(query, operator="and")
    paginator = Paginator(results, 20)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger as error:
        raise Http404(_("Page numbers are whole numbers.")) from error
    except EmptyPage as error:
        raise Http404(_("There is no such page of results.")) from error
    response = TemplateResponse(request, "search/search.html", {"search_query": query, "results": page})
    if query:
        add_never_cache_headers(response)
    return response

"""The public search page, and the exports and Atom feed of any search (contracts §3).

Every view parses the query string once (search/forms.py, search/params.py) and asks the search
service; none queries pages itself. The page, the export and the feed of one search take the
same parameters, so "export what I see" is the page's own query string on another path.

Caching: a page with a query or a filter is personal to the visitor's words and is never cached
(wagtail.org's search view does the same); the bare browse page keeps the default headers. Every
search page is `noindex` (the template says so).
"""

import datetime
from collections import namedtuple
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from wagtail.models import Page, Site

from hub.ratelimits import rate_limited
from library.exports import export_response
from library.models import ResourcePage

from .facets import labels
from .forms import SearchForm
from .params import FACETS, PER_PAGE_DEFAULT, SORTS, default_sort
from .service import InvalidSearchParams, SearchUnavailable, match_keys, params_from_query, run_search

FACET_VALUES_SHOWN = 8  # the rest of a facet's values sit behind a "Show all N" disclosure
PAGE_NUMBERS_AROUND = 2  # page links either side of the current one
FEED_SIZE = 50

# One result's kind, as its badge says it (the facet's labels are plural: "Library resources").
KIND_BADGES = {
    "resource": gettext_lazy("Library resource"),
    "topic": gettext_lazy("Topic"),
    "thematic-area": gettext_lazy("Thematic area"),
    "country": gettext_lazy("Party profile"),
    "meeting": gettext_lazy("Meeting"),
    "event": gettext_lazy("Event"),
    "news": gettext_lazy("News"),
    "partner": gettext_lazy("Partner"),
}
SORT_LABELS = {
    "relevance": gettext_lazy("Best match"),
    "newest": gettext_lazy("Newest first"),
    "oldest": gettext_lazy("Oldest first"),
    "title": gettext_lazy("Title (A–Z)"),
}

PageRef = namedtuple("PageRef", "pk")  # what library/exports.py needs of a page it loads itself


def current_locale():
    return translation.get_language() or settings.LANGUAGE_CODE


def search_url(params, name="search", extra=()):
    """The address of a search (its export, its feed) with these parameters, in a stable order."""
    items = params.to_query_items() + list(extra)
    base = reverse(name)
    return f"{base}?{urlencode(items)}" if items else base


def bad_request(errors):
    lines = [f"{name}: {message}" for name, message in errors.items()]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- The page ------------------------------------------------------------------------------


@rate_limited("RATELIMIT_SEARCH")
@require_safe
def search(request):
    form = SearchForm(request.GET, current_locale())
    log_writes = []
    outcome = run_search(form.params, relax=True, log=log_writes.append)
    context = SearchPage(form, outcome).context()
    response = TemplateResponse(request, "search/search.html", context, status=200 if form.is_valid() else 400)
    if form.params.q or form.params.has_filters or not form.is_valid():
        add_never_cache_headers(response)
    # The query log is written once the page has been sent: the server closes the response
    # after its last byte (Django's test client closes it before returning it). On SQLite the
    # write takes the database's one write lock, and the visitor need not wait for it.
    for write in log_writes:
        response._resource_closers.append(write)
    return response


class SearchPage:
    """Everything the template prints, worked out here so the template only loops and prints."""

    def __init__(self, form, outcome):
        self.form = form
        self.outcome = outcome
        self.params = outcome.params
        self.names = labels(self.params.locale)

    def context(self):
        params, outcome = self.params, self.outcome
        chips = self.chips()
        return {
            "form": self.form,
            "params": params,
            "outcome": outcome,
            "search_query": params.q,
            "errors": self.form.errors,
            "year_from_value": self.form.shown("year_from"),
            "year_to_value": self.form.shown("year_to"),
            "per_page_value": params.per_page if params.per_page != PER_PAGE_DEFAULT else "",
            "results": [self.present(hit) for hit in outcome.results],
            "promoted": [self.present(hit) for hit in outcome.promoted],
            "facet_groups": self.facet_groups(),
            "year_facet": self.facet_group("year"),
            "year_hidden": self.hidden_year_values(),
            "chips": chips,
            "clear_all_url": search_url(params.with_changes(filters={}, year_from=None, year_to=None, page=1))
            if chips
            else "",
            "sort_options": self.sort_options(),
            "pagination": self.pagination(),
            "first_page_url": search_url(params.with_changes(page=1)),
            "suggestion_url": self.suggestion_url(),
            "ignored": list(params.ignored),
            "exports": self.exports(),
            "feed_url": search_url(params.with_changes(page=1), name="search_feed"),
            "search_page": True,
        }

    def suggestion_url(self):
        params, suggestion = self.params, self.outcome.suggestion
        if not suggestion:
            return ""
        # An order the visitor chose stays; the default one follows the new words.
        sort = default_sort(suggestion) if params.sort == default_sort(params.q) else params.sort
        return search_url(params.with_changes(q=suggestion, page=1, sort=sort))

    def present(self, hit):
        # The languages of a resource's files are named by the template (hub_tags.language_names).
        return {
            "hit": hit,
            "badge": KIND_BADGES.get(hit.kind, hit.kind),
            "type_label": self.names.get("type", {}).get(hit.type, hit.type) if hit.type else "",
        }

    def facet_group(self, facet):
        values = self.outcome.facets.get(facet, [])
        if not values:
            return None
        shown, more = values[:FACET_VALUES_SHOWN], values[FACET_VALUES_SHOWN:]
        return {
            "name": facet,
            "title": self.names["titles"].get(facet, facet),
            "shown": shown,
            "more": more,
            "total": len(values),
            "open": any(value.selected for value in more),
        }

    def facet_groups(self):
        return [group for facet in FACETS if facet != "year" and (group := self.facet_group(facet))]

    def hidden_year_values(self):
        """Selected years the facet does not list (no match left): kept so a submit keeps them."""
        listed = {value.value for value in self.outcome.facets.get("year", [])}
        return [year for year in self.params.selected("year") if year not in listed]

    def chips(self):
        params, titles = self.params, self.names["titles"]
        chips = []
        for facet in FACETS:
            facet_labels = self.names.get(facet, {})
            for value in params.selected(facet):
                chips.append(
                    {
                        "facet": titles.get(facet, facet),
                        "label": facet_labels.get(value, value),
                        "url": search_url(params.without(facet, value)),
                    }
                )
        if params.year_from is not None:
            chips.append(
                {
                    "facet": _("From"),
                    "label": str(params.year_from),
                    "url": search_url(params.with_changes(year_from=None, page=1)),
                }
            )
        if params.year_to is not None:
            chips.append(
                {
                    "facet": _("To"),
                    "label": str(params.year_to),
                    "url": search_url(params.with_changes(year_to=None, page=1)),
                }
            )
        return chips

    def sort_options(self):
        # The default order is sent as "" so that typing words into a browse page sorts by
        # relevance, and clearing them sorts by date again, without the visitor re-choosing.
        default = default_sort(self.params.q)
        return [
            {"value": "" if sort == default else sort, "label": SORT_LABELS[sort], "selected": sort == self.params.sort}
            for sort in SORTS
        ]

    def pagination(self):
        params, last = self.params, self.outcome.pages
        current = params.page
        if last <= 1 and current == 1:
            return None

        def url(number):
            return search_url(params.with_changes(page=number))

        around = range(max(1, current - PAGE_NUMBERS_AROUND), min(last, current + PAGE_NUMBERS_AROUND) + 1)
        numbers = sorted({1, last, *around})
        items, previous = [], 0
        for number in numbers:
            if number - previous > 1:
                items.append({"gap": True})
            items.append({"number": number, "url": url(number), "current": number == current})
            previous = number
        return {
            "items": items,
            "previous_url": url(min(current - 1, last)) if current > 1 else "",
            "next_url": url(current + 1) if current < last else "",
            "current": current,
            "total": last,
        }

    def exports(self):
        """Links to the export of this search's library resources, when it has any."""
        kinds = self.params.selected("kind")
        resources = next((value.count for value in self.outcome.facets.get("kind", []) if value.value == "resource"), 0)
        if not resources or (kinds and "resource" not in kinds):
            return []
        params = self.params.with_changes(page=1)
        return [
            {"format": fmt, "label": label, "url": search_url(params, name="search_export", extra=[("format", fmt)])}
            for fmt, label in (("csv", "CSV"), ("json", "JSON"), ("ris", "RIS"), ("bibtex", "BibTeX"))
        ]


# --- Exports -------------------------------------------------------------------------------


@rate_limited("RATELIMIT_EXPORT")
@require_safe
def search_export(request):
    """The library resources among a search's matches, all of them up to a ceiling, as CSV/JSON/RIS/BibTeX.

    The engine walks the matching keys once, in the search's order (`match_keys`); `page` and
    `per_page` mean nothing here. Past SEARCH_EXPORT_MAX_ROWS matches the export stops and says
    so, in the file and in `X-Export-Truncated`. Each key only names a page: the export loads
    it as a live, public resource or leaves it out (library/exports.py), so a stale index
    cannot leak a draft or a private page.
    """
    try:
        params = params_from_query(request.GET, current_locale())
    except InvalidSearchParams as invalid:
        return bad_request(invalid.errors)
    limit = max(1, settings.SEARCH_EXPORT_MAX_ROWS)
    kinds = params.selected("kind")
    truncated_at = None
    if kinds and "resource" not in kinds:
        resources = []  # the visitor chose other kinds of content: no resource matches
    else:
        filters = {**params.filters, "kind": ("resource",)}
        try:
            walk = match_keys(params.with_changes(filters=filters, page=1), limit)
        except SearchUnavailable as unavailable:
            response = HttpResponse(str(unavailable), status=503, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = "30"
            return response
        resources = (PageRef(match.page_id) for match in walk.keys if match.page_id)
        truncated_at = limit if walk.truncated else None
    filename = "search-" + (slugify(params.q)[:60] or "results")
    response = export_response(request, resources, filename=filename, truncated_at=truncated_at)
    add_never_cache_headers(response)
    return response


# --- Feed ----------------------------------------------------------------------------------


@rate_limited("RATELIMIT_SEARCH")
@require_safe
def search_feed(request):
    """Atom: the newest 50 matches of a search, of every kind."""
    try:
        params = params_from_query(request.GET, current_locale())
    except InvalidSearchParams as invalid:
        return bad_request(invalid.errors)
    return SearchFeed()(request, params=params)


class SearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, params):
        self.request = request
        self.params = params
        newest = params.with_changes(sort="newest", page=1, per_page=FEED_SIZE)
        self.hits = run_search(newest, log=False, promotions=False).results
        ids = [hit.page_id for hit in self.hits if hit.page_id]
        self.published = dict(Page.objects.filter(pk__in=ids).values_list("pk", "last_published_at"))
        resources = [hit.page_id for hit in self.hits if hit.kind == "resource" and hit.page_id]
        contributed = ResourcePage.objects.filter(pk__in=resources).select_related("contributed_by")
        self.provenance = {page.pk: page.provenance for page in contributed}  # a category of each resource
        known = [self._known_date(hit) for hit in self.hits]
        self.fallback_date = max((date for date in known if date), default=None) or timezone.now()
        site = Site.find_for_request(request)
        self.site_name = site.site_name if site and site.site_name else _("Minamata Exchange Platform")
        return params

    def title(self, params):
        if params.q:
            return _("%(site)s: search results for “%(query)s”") % {"site": self.site_name, "query": params.q}
        return _("%(site)s: newest content") % {"site": self.site_name}

    def link(self, params):
        return self.request.build_absolute_uri(search_url(params.with_changes(page=1)))

    def feed_url(self, params):
        return self.request.build_absolute_uri(search_url(params.with_changes(page=1), name="search_feed"))

    def feed_guid(self, params):
        return self.feed_url(params)

    def author_name(self, params):
        return self.site_name

    def items(self, params):
        return self.hits

    def item_title(self, hit):
        return hit.title

    def item_description(self, hit):
        # Atom1Feed declares the summary as HTML; ours is plain text.
        return escape(hit.summary)

    def item_link(self, hit):
        return self.request.build_absolute_uri(hit.url)

    def item_guid(self, hit):
        return self.item_link(hit)

    def item_pubdate(self, hit):
        if hit.date is None:
            return None
        return datetime.datetime.combine(hit.date, datetime.time(), tzinfo=datetime.UTC)

    def _known_date(self, hit):
        return self.published.get(hit.page_id) or self.item_pubdate(hit)

    def item_updateddate(self, hit):
        # Atom wants an `updated` on every entry: the page's last publication, else its date,
        # else (a partner) the feed's newest date.
        return self._known_date(hit) or self.fallback_date

    def item_categories(self, hit):
        categories = [str(KIND_BADGES.get(hit.kind, hit.kind))]
        if hit.type:
            categories.append(labels(self.params.locale).get("type", {}).get(hit.type, hit.type))
        if hit.page_id in self.provenance:
            value = self.provenance[hit.page_id]
            categories.append(labels(self.params.locale).get("provenance", {}).get(value, value))
        return categories

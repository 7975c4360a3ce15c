"""The parameters of one search (contracts §3), parsed and validated once for every consumer.

The HTML page, the JSON API, the exports and the feed all call `parse_search_params` on the
request's query string. Malformed numbers raise `InvalidSearchParams` (400 in JSON, a form error
in HTML); unknown facets are not parameters at all, and unknown facet *values* are dropped and
reported in `ignored`, so a stale bookmark still answers.
"""

import re
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

# Contracts §3, in the order the page shows them.
FACETS = (
    "kind", "type", "pillar", "area", "article", "language", "country", "region", "partner", "collection", "year",
    "provenance",
)  # fmt: skip
KINDS = ("resource", "topic", "thematic-area", "country", "meeting", "event", "news", "partner")
# Who contributed a resource (library.models.pages.ResourcePage.provenance), in the order shown.
PROVENANCES = ("secretariat", "party", "partner")
SORTS = ("relevance", "newest", "oldest", "title")
PER_PAGE_MIN, PER_PAGE_MAX, PER_PAGE_DEFAULT = 10, 100, 20
MAX_QUERY_LENGTH = 500  # characters kept of `q`; longer input is cut, never refused
MAX_VALUES_PER_FACET = 50  # selected values kept per facet; a URL cannot make a query unbounded
MAX_PAGE = 10_000
YEAR_MIN, YEAR_MAX = 1000, 2999

_INTEGER = re.compile(r"[0-9]{1,9}")  # after str.strip(), as int() reads it
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class InvalidSearchParams(ValueError):
    """Malformed numbers: `errors` maps each parameter to a message for the visitor."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    locale: str = "en"
    filters: dict = field(default_factory=dict)  # facet -> tuple of selected values, known ones only
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "newest"
    page: int = 1
    per_page: int = PER_PAGE_DEFAULT
    ignored: tuple = ()

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    def selected(self, facet):
        return self.filters.get(facet, ())

    def without(self, facet, value=None):
        """These parameters with one value (or a whole facet) removed: the chips' links."""
        filters = dict(self.filters)
        if value is None:
            filters.pop(facet, None)
        else:
            filters[facet] = tuple(v for v in filters.get(facet, ()) if v != value)
            if not filters[facet]:
                del filters[facet]
        return replace(self, filters=filters, page=1)

    def with_changes(self, **changes):
        return replace(self, **changes)

    @property
    def has_filters(self):
        return bool(self.filters) or self.year_from is not None or self.year_to is not None

    def to_query_items(self, *, page=True):
        """Back to (name, value) pairs in a stable order, for links and the canonical form."""
        items = [("q", self.q)] if self.q else []
        for facet in FACETS:
            items.extend((facet, value) for value in self.filters.get(facet, ()))
        if self.year_from is not None:
            items.append(("year_from", str(self.year_from)))
        if self.year_to is not None:
            items.append(("year_to", str(self.year_to)))
        if self.sort != default_sort(self.q):
            items.append(("sort", self.sort))
        if self.per_page != PER_PAGE_DEFAULT:
            items.append(("per_page", str(self.per_page)))
        if page and self.page != 1:
            items.append(("page", str(self.page)))
        return items


def default_sort(q):
    return "relevance" if q else "newest"


def clean_query_text(raw):
    """Visible text only: no NUL or control characters, spaces collapsed, length capped."""
    text = _CONTROL.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _integer(data, name, errors, *, minimum=None, maximum=None, default=None):
    values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
    values = [value for value in values if value not in (None, "")]
    if not values:
        return default
    # A repeated number: the last one wins, as in most web frameworks. Stripped first: regex \s
    # and int() disagree on some control characters ("0\x1f"), str.strip() takes them all.
    raw = values[-1].strip()
    if not _INTEGER.fullmatch(raw):
        errors[name] = _("Enter a whole number.")
        return default
    number = int(raw)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        errors[name] = _("Enter a number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum}
        return default
    return number


def parse_search_params(data, locale, vocabulary):
    """Parse a QueryDict (or a plain dict) into SearchParams.

    `vocabulary(facet)` returns the set of values that facet knows; values outside it are
    ignored and reported. Raises InvalidSearchParams for malformed numbers and sorts.
    """
    errors = {}
    q = clean_query_text(_last(data, "q"))
    filters, ignored = {}, []
    for facet in FACETS:
        raw_values = data.getlist(facet) if hasattr(data, "getlist") else _as_list(data.get(facet))
        chosen = []
        for raw in raw_values:
            value = clean_query_text(raw)[:100]
            if not value:
                continue
            value = normalise_facet_value(facet, value)
            if value in chosen:
                continue
            if value in vocabulary(facet) and len(chosen) < MAX_VALUES_PER_FACET:
                chosen.append(value)
            else:
                ignored.append(f"{facet}={value}")
        if chosen:
            filters[facet] = tuple(chosen)
    year_from = _integer(data, "year_from", errors, minimum=YEAR_MIN, maximum=YEAR_MAX)
    year_to = _integer(data, "year_to", errors, minimum=YEAR_MIN, maximum=YEAR_MAX)
    if year_from is not None and year_to is not None and year_from > year_to:
        errors["year_to"] = _("The end year comes before the start year.")
    page = _integer(data, "page", errors, minimum=1, maximum=MAX_PAGE, default=1)
    per_page = _integer(data, "per_page", errors, minimum=PER_PAGE_MIN, maximum=PER_PAGE_MAX, default=PER_PAGE_DEFAULT)
    sort = clean_query_text(_last(data, "sort")) or default_sort(q)
    if sort not in SORTS:
        errors["sort"] = _("Sort by relevance, newest, oldest or title.")
        sort = default_sort(q)
    if errors:
        raise InvalidSearchParams(errors)
    return SearchParams(
        q=q,
        locale=locale,
        filters=filters,
        year_from=year_from,
        year_to=year_to,
        sort=sort,
        page=page,
        per_page=per_page,
        ignored=tuple(ignored),
    )


def normalise_facet_value(facet, value):
    """Codes are compared in their canonical case: ISO alpha-3 upper, slugs and languages lower."""
    if facet == "country":
        return value.upper()
    if facet == "article":
        return value.upper() if len(value) == 1 and value.isalpha() else value.lstrip("0") or value
    return value.lower()


def _last(data, name):
    if hasattr(data, "getlist"):
        values = data.getlist(name)
        return values[-1] if values else ""
    value = data.get(name, "")
    return value[-1] if isinstance(value, list | tuple) and value else (value or "")


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]

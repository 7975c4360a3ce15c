"""The contenders: the same search answered four ways, each returning an Answer.

(a) the search service (search.service.run_search): what the site's page, API, exports and
    feed call: engine, facet labels, promotions, and the query log ON (`log=True`), as every
    real search writes its log row (on page 1; the service never logs later pages).
(b) Wagtail's own search API as a developer would use it for the same page: modelsearch's
    `.search()` on the ResourcePage queryset filtered by the selected facets, its `.count()`
    and first page, and one `.facet()` per facet with every other facet's filter applied
    (that is how disjunctive counts are had from it). modelsearch facets only model fields
    declared as FilterFields, so the fields are declared here, in this process only (the
    database backends filter and facet in SQL on the page tables; the index is not changed).
    Region, language and kind cannot be faceted that way (derived or list values): (b) counts
    eight facets, not eleven.
(c) the floor: one hand-written SQL statement (benchmarks/floor.py). It has no offset: a deeper
    page is asked as the first page*20 rows and the last 20 kept (the same top-N sort an
    OFFSET needs; only their keys are read).
(http) GET /<locale>/search/?… through Django's test Client: the whole page, template included.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.test import Client

from wagtail.models import Locale

from modelsearch import index
from modelsearch.query import MATCH_ALL

from hub.models import ConventionArticle, Country, Pillar, ResourceType, ThematicArea
from library.models import LibraryCollection, ResourcePage
from partners.models import Organisation
from search.params import SearchParams, default_sort
from search.service import run_search

from .floor import FloorQuery

PER_PAGE = 20


def page_number(query):
    """The page a query of the mix asks for (1 unless the mix says; the deep class says 50)."""
    return int(query.get("page") or 1)


@dataclass
class Answer:
    total: int
    page: list  # document keys, in order
    facets: dict = field(default_factory=dict)  # facet -> {value: count}, non-zero counts only


def _nonzero(facets):
    counted = {facet: {value: n for value, n in values.items() if n} for facet, values in facets.items()}
    return {facet: values for facet, values in counted.items() if values}


# --- (a) -------------------------------------------------------------------------------------------


def service(query, locale, log=True):
    filters = {facet: tuple(values) for facet, values in query["filters"].items()}
    params = SearchParams(
        q=query["q"],
        locale=locale,
        filters=filters,
        sort=default_sort(query["q"]),
        page=page_number(query),
        per_page=PER_PAGE,
    )
    outcome = run_search(params, log=log)
    if outcome.error:
        raise RuntimeError(f"the service answered an error: {outcome.error}")
    facets = {name: {value.value: value.count for value in values} for name, values in outcome.facets.items()}
    answer = Answer(outcome.count, [hit.key for hit in outcome.results], _nonzero(facets))
    answer.promoted = [hit.key for hit in outcome.promoted]
    return answer


# --- (b) -------------------------------------------------------------------------------------------

# facet -> the ResourcePage field modelsearch's .facet() groups by (by attname: a FilterField on
# a foreign key is found as "<name>_id")
FACET_FIELDS = {
    "type": "resource_type_id",
    "partner": "publisher_id",
    "pillar": "pillars",
    "area": "thematic_areas",
    "article": "articles",
    "country": "countries",
    "collection": "collections",
    "year": "publication_date",
}


def declare_filter_fields():
    """The FilterFields a developer would add to ResourcePage to facet on these fields."""
    declared = {
        getattr(item, "field_name", None) for item in ResourcePage.search_fields if type(item) is index.FilterField
    }
    extra = [index.FilterField(name) for name in FACET_FIELDS.values() if name not in declared]
    ResourcePage.search_fields = [*ResourcePage.search_fields, *extra]


class Wagtail:
    def __init__(self, locale):
        declare_filter_fields()
        self.locale = Locale.objects.get(language_code=locale)
        # Codes for the keys .facet() returns, read once (a page would keep them in a cache).
        self.codes = {
            "type": dict(ResourceType.objects.values_list("pk", "slug")),
            "partner": dict(Organisation.objects.values_list("pk", "slug")),
            "pillar": dict(Pillar.objects.values_list("pk", "slug")),
            "area": dict(ThematicArea.objects.values_list("pk", "slug")),
            "article": dict(ConventionArticle.objects.values_list("pk", "number")),
            "country": dict(Country.objects.values_list("pk", "iso3")),
            "collection": dict(LibraryCollection.objects.values_list("pk", "slug")),
        }

    @staticmethod
    def _in(**lookup):
        """Resources matching a many-to-many lookup, as a key subquery: no duplicate rows."""
        return Q(pk__in=ResourcePage.objects.filter(**lookup).values("pk"))

    def _condition(self, facet, values):
        if facet == "type":
            return Q(resource_type__slug__in=values)
        if facet == "partner":
            return self._in(publisher__slug__in=values)
        if facet == "region":
            return self._in(countries__region__slug__in=values) | self._in(regions__slug__in=values)
        if facet == "collection":
            return self._in(collections__slug__in=values)
        if facet == "pillar":
            return self._in(pillars__slug__in=values)
        if facet == "area":
            return self._in(thematic_areas__slug__in=values)
        if facet == "country":
            return self._in(countries__iso3__in=values)
        if facet == "article":
            return self._in(articles__number__in=values)
        raise ValueError(f"(b) cannot filter by {facet}")

    def _search(self, query, skip=None):
        queryset = ResourcePage.objects.live().public().filter(locale=self.locale)
        for facet, values in query["filters"].items():
            if facet != skip:
                queryset = queryset.filter(self._condition(facet, values))
        if query["q"]:
            return queryset.search(query["q"])
        return queryset.order_by("-publication_date").search(MATCH_ALL, order_by_relevance=False)

    def __call__(self, query):
        results = self._search(query)
        total = results.count()
        start = (page_number(query) - 1) * PER_PAGE
        page = [f"page:{page.pk}" for page in results[start : start + PER_PAGE]]
        facets = {}
        for facet, name in FACET_FIELDS.items():
            counts = self._search(query, skip=facet).facet(name)
            if facet == "year":
                years = defaultdict(int)
                for day, count in counts.items():
                    if day is not None:
                        years[str(day.year)] += count
                facets[facet] = dict(years)
            else:
                codes = self.codes[facet]
                facets[facet] = {codes.get(key, str(key)): count for key, count in counts.items() if key is not None}
        return Answer(total, page, _nonzero(facets))


# --- (c) -------------------------------------------------------------------------------------------


def floor(query, locale, exclude_keys=()):
    rows = page_number(query) * PER_PAGE
    total, page, facets = FloorQuery(query["q"], query["filters"], locale, rows, exclude_keys).run()
    return Answer(total, page[rows - PER_PAGE :], _nonzero(facets))


# --- HTTP --------------------------------------------------------------------------------------------


class Page:
    def __init__(self, locale):
        self.client = Client()
        self.path = f"/{locale}/search/"

    def __call__(self, query):
        data = {"q": query["q"]} if query["q"] else {}
        data.update(query["filters"])
        if page_number(query) > 1:
            data["page"] = page_number(query)
        response = self.client.get(self.path, data)
        if response.status_code != 200:
            raise RuntimeError(f"GET {self.path} answered {response.status_code}")
        return response

"""What a search answers: the same objects for the page, the JSON API, the exports and the feed."""

import datetime
from dataclasses import dataclass, field


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False

    def as_json(self):
        return {"value": self.value, "label": self.label, "count": self.count, "selected": self.selected}


@dataclass
class SearchHit:
    """One result. `key` identifies its search document ("page:42", "partner:7")."""

    key: str
    kind: str
    title: str
    url: str
    summary: str = ""
    type: str = ""  # resource type slug, resources only
    year: int | None = None
    date: datetime.date | None = None
    languages: list = field(default_factory=list)
    highlight: str = ""  # HTML-safe: visitor text escaped, only <mark> added
    promoted: bool = False
    page_id: int | None = None
    text_locale: str = ""  # the locale whose language the title and summary are written in

    def as_json(self, absolute_url):
        return {
            "kind": self.kind,
            "title": self.title,
            "url": absolute_url(self.url),
            "summary": self.summary,
            "type": self.type or None,
            "year": self.year,
            "languages": self.languages,
            "highlight": self.highlight,
        }


@dataclass
class EngineAnswer:
    """What a backend engine returns: raw counts and the page of hits, before labels and promotions."""

    count: int
    hits: list  # SearchHit, in order, only the requested page
    facet_counts: dict  # facet -> {value: count}, disjunctive (each without its own selection)


@dataclass
class Relaxation:
    """No document had all the visitor's words: the results are those of fewer words.

    `words` is every word as typed, in order, as (text, dropped) pairs, so a page can show
    which were left out where they stood.
    """

    query: str  # the words searched for instead
    dropped: list  # the words left out, as typed
    words: list  # [(text, dropped)] in the visitor's order

    def as_json(self):
        return {"query": self.query, "dropped": self.dropped}


@dataclass
class SearchOutcome:
    params: object  # SearchParams
    count: int
    results: list  # SearchHit of this page, organic
    facets: dict  # facet -> [FacetValue], in display order
    promoted: list = field(default_factory=list)  # SearchHit shown above page 1
    suggestion: str = ""  # "did you mean"
    error: str = ""  # a query the backend could not take
    relaxed: Relaxation | None = None  # set when fewer words than typed found these results

    @property
    def pages(self):
        per_page = self.params.per_page
        return max(1, -(-self.count // per_page))

    @property
    def has_next(self):
        return self.params.page < self.pages

    @property
    def has_previous(self):
        return self.params.page > 1

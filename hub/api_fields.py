"""Serializer fields for the Wagtail API v2 (`/api/v2/pages/`, exchange_platform/api.py).

Page types name them in their `api_fields`. A field here reads the whole page rather than one
attribute, because what it shows depends on where the page stands:

- taxonomy tags and links are decided on the source-locale page (hub/localization.py): a
  translation's own links may lag behind, so they are read on the page's source version;
- a term is shown with its name in the page's language (its translation, else the source term);
- a linked page (a news item's or a document's meeting) is given in the page's locale, live and
  public, or null: the API never names a page an anonymous visitor could not open.

Everything is read-only and the same for every caller.
"""

from wagtail.api import APIField

from rest_framework import serializers

from hub.localization import page_in_locale, source_version
from hub.ordering import undated_last


def _source(page):
    """The page's source-locale version, looked up once per page object."""
    if not hasattr(page, "_api_source_version"):
        page._api_source_version = source_version(page)
    return page._api_source_version


def localised_terms(terms, locale_id):
    """[(source term, the term to show)]: each term with its translation in `locale_id` where one exists."""
    terms = list(terms)
    if all(term.locale_id == locale_id for term in terms):  # the source locale's pages: no lookup
        return [(term, term) for term in terms]
    model = type(terms[0])
    keys = [term.translation_key for term in terms]
    shown = {
        term.translation_key: term
        for term in model._default_manager.filter(translation_key__in=keys, locale_id=locale_id)
    }
    return [(term, shown.get(term.translation_key, term)) for term in terms]


def term_data(term, shown=None):
    """A vocabulary term (or partner organisation) as the API gives it: its stable keys and its name."""
    shown = shown or term
    data = {"slug": term.slug, "name": shown.name}
    iso3 = getattr(term, "iso3", None)
    if iso3 is not None:  # a country
        data.update(iso3=iso3, iso2=term.iso2 or None)
    number = getattr(term, "number", None)
    if number is not None:  # a Convention article or annex
        data.update(kind=term.kind, number=number)
    return data


class PageDerivedField(serializers.Field):
    """A read-only field computed from the page itself (its locale, its source version)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        raise NotImplementedError


class TermListField(PageDerivedField):
    """A many-to-many vocabulary (pillars, thematic areas, countries …): [{slug, name}, …].

    Read on the source-locale page, named in the page's language, in the vocabulary's order.
    Countries add `iso3` and `iso2`; Convention articles `kind` and `number`.
    """

    def to_representation(self, page):
        manager = getattr(_source(page), self.field_name)
        return [term_data(term, shown) for term, shown in localised_terms(manager.all(), page.locale_id)]


class TermField(PageDerivedField):
    """A vocabulary term or organisation a page points to (an area, a country …): {slug, name} or null."""

    def to_representation(self, page):
        term = getattr(_source(page), self.field_name)
        if term is None:
            return None
        ((term, shown),) = localised_terms([term], page.locale_id)
        return term_data(term, shown)


class MeetingField(PageDerivedField):
    """The meeting a page is about (a news item, a decision): {id, title, short_name} or null.

    The link is set on the source-locale page and names the source meeting; the API gives that
    meeting's version in the page's locale, and null when it is not live and public there.
    """

    def to_representation(self, page):
        meeting = getattr(_source(page), self.field_name)
        shown = page_in_locale(meeting, page.locale) if meeting is not None else None
        if shown is None:
            return None
        return {"id": shown.pk, "title": shown.title, "short_name": shown.specific.short_name}


class RowsField(PageDerivedField):
    """Inline rows (a meeting's sessions, its livestreams) as plain objects of the named attributes.

    `rows` names a method of the page giving the rows in the order visitors see them, or an
    inline relation.
    """

    def __init__(self, attributes, rows=None, **kwargs):
        self.attributes = attributes
        self.rows = rows
        super().__init__(**kwargs)

    def to_representation(self, page):
        rows = getattr(page, self.rows)() if self.rows else getattr(page, self.field_name).all()
        return [{name: _plain(getattr(row, name)) for name in self.attributes} for row in rows]


def _plain(value):
    # Dates and times as ISO 8601, like the model fields DRF serialises itself.
    return value.isoformat() if hasattr(value, "isoformat") else value


class ProjectsField(PageDerivedField):
    """A Party profile's projects, as the profile lists them (newest approval first).

    Projects are records of the source country (not pages); thematic areas are named in the
    page's language.
    """

    def to_representation(self, page):
        country = page.country.source_term
        projects = list(
            country.projects.prefetch_related("thematic_areas").order_by(
                *undated_last("-approval_year", "-approval_date"), "title", "project_id"
            )
        )
        areas = {area.pk: area for project in projects for area in project.thematic_areas.all()}
        shown = dict(localised_terms(areas.values(), page.locale_id))
        return [
            {
                "id": project.project_id,
                "programme": project.programme,
                "title": project.title or None,
                "project_type": project.project_type or None,
                "agency": project.agency or None,
                "status": project.status or None,
                "approval_year": project.approval_year,
                "approval_date": _plain(project.approval_date),
                "round": project.round,
                "amount_usd": project.amount_usd,
                "cofinancing_usd": project.cofinancing_usd,
                "url": project.url or None,
                "thematic_areas": [
                    term_data(area, shown.get(area))
                    for area in sorted(project.thematic_areas.all(), key=lambda area: (area.sort_order, area.name))
                ],
            }
            for project in projects
        ]


class MandatesField(PageDerivedField):
    """The decisions mandating an intersessional process: [{id, title}] of their live, public
    versions in the page's locale, in mandate order."""

    def to_representation(self, page):
        return [{"id": decision.pk, "title": decision.title} for decision in page.mandating_decisions()]


class OutputsField(PageDerivedField):
    """An intersessional process's outputs: pages in the page's locale, files a visitor may open, links."""

    def to_representation(self, page):
        request = self.context.get("request")
        items = []
        for kind, value in page.output_items():
            if kind == "page":
                items.append({"type": "page", "id": value.pk, "title": value.title})
            elif kind == "document":
                url = request.build_absolute_uri(value.url) if request else value.url
                items.append({"type": "document", "id": value.pk, "title": value.title, "url": url})
            else:
                items.append({"type": "link", "title": value["title"], "url": value["url"]})
        return items


def taxonomy_api_fields():
    """The six TaxonomyFields vocabularies as API fields."""
    names = ("pillars", "thematic_areas", "articles", "gmp_areas", "countries", "regions")
    return [APIField(name, serializer=TermListField()) for name in names]

"""Search documents: one flat record per public thing and locale, whatever the backend.

A page becomes one document in its own locale; a partner organisation (not translatable) one
document per locale. Everything a search needs sits in the document itself (texts by weight,
facet values as contract codes, dates, URL), so a search with all its facets never joins back
to the page tables. Facet values are slugs and codes; labels are looked up at query time, so
renaming a term needs no re-index.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.db.models import Manager
from django.utils.encoding import force_str
from django.utils.html import strip_tags

from wagtail.search.index import RelatedFields, SearchField

from hub.models.languages import UN_LANGUAGES

BODY_MAX_CHARS = 200_000  # of extracted full text per document; beyond that adds size, not findability
LANGUAGE_CODES = [code for code, _label in UN_LANGUAGES]
_SPACE = re.compile(r"\s+")
# UN document symbols and decision numbers: UNEP/MC/COP.1/17, MC-4/3, UNEP/MC/COP.4/INF/12.
SYMBOL_PATTERN = re.compile(r"^(?:[A-Z]{2,}(?:/[A-Z0-9.\-]+)+|MC-\d+/\d+)$", re.IGNORECASE)


def normalise_symbol(text):
    """One canonical key for a symbol, however it was typed: case, spaces and trailing junk."""
    return re.sub(r"\s+", "", (text or "")).strip(" .,;").upper()


def looks_like_symbol(text):
    return bool(SYMBOL_PATTERN.match(normalise_symbol(text)))


@dataclass
class IndexedDocument:
    key: str  # "page:<id>" or "partner:<id>:<locale>"; unique across the index
    locale: str  # a Wagtail locale code: en, fr, es, ar, zh-hans, ru
    kind: str  # contracts §3 `kind`
    title: str
    url: str  # site-relative ("/en/library/x/") or absolute for another site
    summary: str = ""
    keywords: str = ""  # symbols, identifiers, authors, tags, taxonomy names: weighted below the title
    body: str = ""
    symbols: list = field(default_factory=list)  # normalised (normalise_symbol)
    date: datetime.date | None = None
    facets: dict = field(default_factory=dict)  # facet -> sorted list of codes (kind and year included)
    type: str = ""
    languages: list = field(default_factory=list)
    page_id: int | None = None
    # The locale whose language the text is written in: the page's own, or for a locale alias
    # (an untranslated page showing its source's text) the source page's. Stemming follows it.
    text_locale: str = ""
    published_at: datetime.datetime | None = None  # the page's last publication (freshness checks)

    @property
    def text_language(self):
        return self.text_locale or self.locale

    @property
    def year(self):
        return self.date.year if self.date else None

    @property
    def sort_title(self):
        return self.title.casefold().strip()[:255]

    def facet_pairs(self):
        for facet, values in self.facets.items():
            for value in values:
                yield facet, value


def _text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    return force_str(value)


def _clean(text):
    return _SPACE.sub(" ", strip_tags(text or "")).strip()


def _field_texts(obj, search_fields):
    """(field name, text) for every SearchField, following RelatedFields, as Wagtail's indexers do."""
    for search_field in search_fields:
        if isinstance(search_field, SearchField):
            yield search_field.field_name, _text(search_field.get_value(obj))
        elif isinstance(search_field, RelatedFields):
            prefetched = getattr(obj, "_prefetched_objects_cache", {}).get(search_field.field_name)
            related = prefetched if prefetched is not None else search_field.get_value(obj)
            if related is None:
                continue
            if prefetched is not None:
                # Prefetched (search/indexing.py): taggit's manager would query again per page.
                related = sorted(prefetched, key=lambda item: item.pk)
            elif isinstance(related, Manager):
                # In a fixed order: a prefetch has none on PostgreSQL, and a page and its locale
                # alias (whose document is a copy) must read the same text.
                related = sorted(related.all(), key=lambda item: item.pk)
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                for name, text in _field_texts(item, search_field.fields):
                    yield f"{search_field.field_name}.{name}", text


# Field names whose text belongs with the title rather than the body.
_SUMMARY_FIELDS = {"summary", "intro", "listing_summary", "search_description"}
_BODY_FIELDS = {"body", "files.extracted_text"}


def _slugs(manager):
    return sorted({term.slug for term in manager.all()})


def build_page_document(page, site_paths=None, url=None):
    """The search document of a live, public page, or None when the page kind is not searched.

    `site_paths`: an object on which Wagtail keeps the site root paths between pages (page_url);
    `url`: the page's URL when the caller has it already (page_urls).
    """
    page = page.specific
    kind = getattr(page, "search_kind", None)
    if not kind:
        return None
    summary, keywords, body = [], [], []
    for name, text in _field_texts(page, page.get_search_fields()):
        if name == "title" or not text:
            continue
        if name in _SUMMARY_FIELDS:
            summary.append(text)
        elif name in _BODY_FIELDS:
            body.append(text)
        else:
            keywords.append(text)
    facets = {"kind": [kind]}
    resource_type, languages, symbols = "", [], []
    countries, regions = set(), set()
    if hasattr(page, "thematic_areas"):  # TaxonomyFields
        facets["pillar"] = _slugs(page.pillars)
        facets["area"] = _slugs(page.thematic_areas)
        facets["article"] = sorted({article.number for article in page.articles.all()})
        for country in page.countries.all():  # prefetched with their regions (search/indexing.py)
            countries.add(country.iso3)
            if country.region_id:
                regions.add(country.region.slug)
        regions.update(region.slug for region in page.regions.all())
    if kind == "resource":
        resource_type = page.resource_type.slug
        facets["type"] = [resource_type]
        languages = page.all_languages()
        facets["language"] = languages
        facets["collection"] = _slugs(page.collections)
        facets["provenance"] = [page.provenance]
        # The `partner` facet finds an organisation's resources: those it published and those
        # it contributed through its space (a Party's government as well as any other partner).
        partners = {org.slug for org in (page.publisher, page.contributed_by) if org is not None}
        if partners:
            facets["partner"] = sorted(partners)
        symbols = sorted({normalise_symbol(s) for s in (page.symbol, page.identifier) if s and looks_like_symbol(s)})
    area = getattr(page, "area", None)
    if kind == "thematic-area" and area is not None:
        facets["area"] = sorted(set(facets.get("area", [])) | {area.slug})
    pillar = getattr(page, "pillar", None)
    if pillar is not None and hasattr(pillar, "slug"):
        facets["pillar"] = sorted(set(facets.get("pillar", [])) | {pillar.slug})
    country = getattr(page, "country", None)
    if kind == "country" and country is not None:
        countries.add(country.iso3)
        if country.region_id:
            regions.add(country.region.slug)
    if countries:
        facets["country"] = sorted(countries)
    if regions:
        facets["region"] = sorted(regions)
    when = page_date(page)
    if when:
        facets["year"] = [str(when.year)]
    summary_text = _clean(getattr(page, "card_summary", "") or " ".join(summary))
    return IndexedDocument(
        key=f"page:{page.pk}",
        locale=page.locale.language_code,
        kind=kind,
        title=page.title,
        url=page_url(page, site_paths) if url is None else url,
        summary=summary_text[:1000],
        keywords=_clean(" ".join(keywords + [page.title if page.title != page.card_title else ""])),
        body=_clean(" ".join([*summary, *body]))[:BODY_MAX_CHARS],
        symbols=symbols,
        date=when,
        facets={name: values for name, values in facets.items() if values},
        type=resource_type,
        languages=languages,
        page_id=page.pk,
        text_locale=text_locale(page),
        published_at=page.last_published_at,
    )


def text_locale(page):
    """The locale of the language a page's text is in: an alias shows its source page's text."""
    if page.alias_of_id:
        source = page.alias_of
        return source.locale.language_code
    return page.locale.language_code


def page_url(page, cache_object=None):
    """Site-relative for the default site, absolute for another (the GMP hub's own pages).

    `cache_object` (anything with attributes) keeps Wagtail's site root paths between calls.
    """
    parts = page.get_url_parts(cache_object)
    if parts is None:
        return ""
    site_id, root_url, path = parts
    default = _default_site_id()
    return path if site_id == default or default is None else f"{root_url}{path}"


def page_urls(pages, cache_object=None, model=None):
    """page_url() of many pages at once, as {page id: URL}; `pages` are (id, path, url_path) of
    pages of `model` (None: of models that route as Page does).

    Wagtail reverses a page's url_path below its site root, and Django's reverse quotes that
    path character by character, so a page's URL is its parent's followed by the quoted rest
    of its own url_path: Wagtail is asked once per parent, not once per page (a bulk import's
    thousands of pages share a handful of parents). A page that is itself a site root, or whose
    parent has no URL of its own, gets Wagtail's answer.
    """
    from django.utils.http import RFC3986_SUBDELIMS

    from wagtail.models import Page, Site

    if model is not None and model.get_url_parts is not Page.get_url_parts:
        # The model routes its pages itself: each is asked for its own URL.
        objects = model._default_manager.filter(pk__in=[page_id for page_id, _path, _url_path in pages])
        return {page.pk: page_url(page, cache_object) for page in objects}
    safe = RFC3986_SUBDELIMS + "/~:@"  # what Django's reverse leaves unquoted
    roots = {root_path for _site, root_path, *_rest in Site.get_site_root_paths()}
    by_parent, own = {}, []
    for page_id, path, url_path in pages:
        if url_path in roots or len(path) <= Page.steplen or not getattr(settings, "WAGTAIL_APPEND_SLASH", True):
            own.append(page_id)
        else:
            by_parent.setdefault(path[: -Page.steplen], []).append((page_id, url_path))
    urls = {}
    for parent in Page.objects.filter(path__in=list(by_parent)):
        children = by_parent.pop(parent.path)
        prefix = page_url(parent, cache_object)
        for page_id, url_path in children:
            if prefix.endswith("/") and url_path.startswith(parent.url_path):
                urls[page_id] = prefix + quote(url_path[len(parent.url_path) :], safe=safe)
            else:
                own.append(page_id)
    own += [page_id for children in by_parent.values() for page_id, _url_path in children]
    for page in Page.objects.filter(pk__in=own):
        urls[page.pk] = page_url(page, cache_object)
    return urls


def _default_site_id():
    # Asked once per document: cached briefly, as Wagtail caches its site root paths.
    from django.core.cache import cache

    from wagtail.models import Site

    site_id = cache.get("site-search:default-site")
    if site_id is None:
        site = Site.objects.filter(is_default_site=True).only("pk").first()
        site_id = site.pk if site else 0
        cache.set("site-search:default-site", site_id, 60)
    return site_id or None


def page_date(page):
    """The date a visitor would sort this page by.

    A page type with a date field of its own (a resource's publication date, an event's start)
    is dated by that field alone: an undated resource is undated, and sorts last, rather than
    passing for one published on the day it was put online. Other pages (topics, areas, Parties)
    are dated by their first publication.
    """
    for name in ("publication_date", "start_date", "date"):
        if hasattr(page, name):
            value = getattr(page, name)
            return value if isinstance(value, datetime.date) else None
    stamp = page.first_published_at or page.latest_revision_created_at
    return stamp.date() if stamp else None


def build_partner_documents(organisation, locales):
    """One document per locale for a partner organisation (its source row), in that locale's translation if any."""
    facets = {"kind": ["partner"], "partner": [organisation.slug]}
    if organisation.country_id:
        facets["country"] = [organisation.country.iso3]
        if organisation.country.region_id:
            facets["region"] = [organisation.country.region.slug]
    translations = {
        translation.locale.language_code: translation
        for translation in organisation.get_translations(inclusive=True).select_related("locale")
    }
    source_code = translations.get(organisation.locale.language_code, organisation).locale.language_code
    for locale in locales:
        shown = translations.get(locale, organisation)
        names = [shown.acronym, organisation.acronym, shown.description]
        yield IndexedDocument(
            key=f"partner:{organisation.pk}:{locale}",
            locale=locale,
            kind="partner",
            title=shown.name,
            url=partner_url(organisation, locale),
            summary=_clean(shown.description)[:1000],
            keywords=_clean(" ".join(dict.fromkeys(filter(None, names)))),
            body="",
            facets=facets,
            text_locale=locale if shown is not organisation else source_code,
        )


def partner_url(organisation, locale):
    """The organisation's profile in the partner directory (contracts §7)."""
    return f"/{locale}/partners/{organisation.slug}/"


def configured_locales():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]

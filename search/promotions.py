"""Editors' promoted results ("editor's picks") for a search, from Wagtail's search promotions.

Editors attach pages or external links to a query text in Settings → Promoted search results.
`promoted_for` answers the promotions of one query for one language, in the editors' order;
the search service shows them above the organic results and leaves them out of those.

Query texts are matched the way Wagtail stores them (lower case, spaces collapsed), so a
promotion for "Mercury  Fish" also answers "mercury fish". Promotions are not per language;
a promoted page is shown in the visitor's language: its translation (or the alias Wagtail
keeps for an untranslated page) when one is live and public, and not at all otherwise.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search.utils import normalise_query_string

from .params import clean_query_text

CACHE_KEY = "site-search:promoted-queries"
CACHE_SECONDS = 300


@dataclass(frozen=True)
class PromotedLink:
    """A promotion of an address outside the site; pages come back as Page objects instead."""

    title: str
    url: str
    description: str = ""

    @property
    def summary(self):
        """The editor's description, under the name search hits use."""
        return self.description


def promoted_query_strings():
    """The query texts editors promote something for: a few at most, read once and cached, so a
    search for anything else (nearly every search) reads no promotion. Forgotten whenever a
    promotion or a query is saved or deleted (signal_handlers.py); kept CACHE_SECONDS at most."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = frozenset(SearchPromotion.objects.values_list("query__query_string", flat=True).distinct().order_by())
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def forget_promoted_query_strings(sender=None, created=False, **_kwargs):
    if sender is Query and created:
        return  # a new query text (the query log makes one per new search) has no promotion yet
    # Now, and again once the change commits (a search reading the old rows meanwhile may have
    # cached them).
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def promoted_for(q, locale_code):
    """The live, public pages (specific) and external links promoted for `q`, in editor order.

    Pages are those of the locale `locale_code`; each appears once even if editors promoted
    it twice or promoted several of its translations. A page carries the editor's text for the
    promotion as `promotion_description` when it is the page the editor chose (not when it
    stands in as that page's translation, since the text is in the chosen page's language).
    """
    query_string = normalise_query_string(clean_query_text(q))
    if not query_string or query_string not in promoted_query_strings():
        return []
    promotions = list(
        SearchPromotion.objects.filter(query__query_string=query_string)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    if not promotions:
        return []
    pages = _pages_in_locale(
        {promotion.page.translation_key for promotion in promotions if promotion.page_id}, locale_code
    )
    results, seen = [], set()
    for promotion in promotions:
        if promotion.page_id:
            page = pages.get(promotion.page.translation_key)
            if page is None or page.pk in seen:
                continue
            seen.add(page.pk)
            page.promotion_description = promotion.description if page.pk == promotion.page_id else ""
            results.append(page)
        elif promotion.external_link_url:
            if promotion.external_link_url in seen:
                continue
            seen.add(promotion.external_link_url)
            results.append(
                PromotedLink(
                    title=promotion.external_link_text or promotion.external_link_url,
                    url=promotion.external_link_url,
                    description=promotion.description,
                )
            )
    return results


def _pages_in_locale(translation_keys, locale_code):
    """translation_key → the live, public, specific page of that key in the locale."""
    if not translation_keys:
        return {}
    locale = Locale.objects.filter(language_code=locale_code).first()
    if locale is None:
        return {}
    # A page and its translations (and aliases) share one translation_key, unique per locale.
    pages = Page.objects.live().public().filter(locale=locale, translation_key__in=translation_keys).specific()
    return {page.translation_key: page for page in pages}

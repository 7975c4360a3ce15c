"""Menu entries from the site texts' menus (SiteTexts.main_menu, footer_links), per request.

Used by the `main_menu` and `footer_menu` template tags (hub_tags), on every page: a menu's
pages are localized together (`localized_pages`), not one `Page.localized` (a locale lookup and
a translation query) per entry. The entries of a menu, for one site texts row, language and
site, are kept in the cache until a page or the site texts change (hub/site_cache.py); only
which entry is the current page is worked out per request.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from wagtail.models import Locale, Page, Site

from hub import site_cache


def localized_pages(pages):
    """{page id: what `page.localized` gives} for these pages, in one query.

    `Page.localized`: the live translation in the active locale, else the page itself. Generic
    pages stand for the specific ones: a menu needs their title, path and URL, which no page
    type here computes differently.
    """
    pages = list(pages)
    try:
        locale = Locale.get_active() if getattr(settings, "WAGTAIL_I18N_ENABLED", False) else None
    except (LookupError, Locale.DoesNotExist):
        locale = None
    foreign = {page.translation_key for page in pages if locale is not None and page.locale_id != locale.id}
    translations = {}
    if foreign:
        found = Page.objects.filter(locale=locale, translation_key__in=foreign, live=True)
        translations = {page.translation_key: page for page in found}
    return {page.pk: translations.get(page.translation_key, page) for page in pages}


def _current_state(current, page_id, path):
    if current is None or page_id is None:
        return ""
    if current.pk == page_id:
        return "page"
    return "true" if current.path.startswith(path) else ""


def menu_item(page, request, current, label="", localized=None):
    """A menu entry for a page, resolved to the active locale's live translation (`localized`,
    when the caller looked it up with the menu's other pages).

    `label` is the menu's own label, given only when it is written in the active language;
    otherwise the page's title in that language is shown, so a menu never mixes languages.
    """
    localized = localized or page.localized
    if not localized.live:
        return None
    state = ""
    if current is not None:
        if current.pk == localized.pk:
            state = "page"
        elif current.path.startswith(localized.path):
            state = "true"
    return {
        "url": localized.get_url(request),
        "label": label or localized.title,
        "current": state,
    }


def menu_items(request, texts, field, current):
    """The entries of one of SiteTexts' menus (`main_menu`, `footer_links`) for this request."""
    if texts is None:
        return []
    site = Site.find_for_request(request)
    key = f"hub:menu:{site_cache.version()}:{texts.pk}:{field}:{translation.get_language()}:{site.pk if site else 0}"
    entries = cache.get(key)
    if entries is None:
        entries = [
            (item["url"], item["label"], item.pop("page_id", None), item.pop("path", ""))
            for item in _menu_entries(request, texts, field)
        ]
        cache.set(key, entries, site_cache.CACHE_SECONDS)
    return [
        {"url": url, "label": label, "current": _current_state(current, page_id, path)}
        for url, label, page_id, path in entries
    ]


def _menu_entries(request, texts, field):
    """The menu's entries as menu_item makes them, with each page's id and path for the
    current-page state instead of the state itself."""
    # Labels are written in the texts' language: shown only when that is the visitor's.
    own_labels = not texts.is_fallback
    blocks = list(getattr(texts, field))
    localized = localized_pages(block.value["page"] for block in blocks if block.value.get("page"))
    items = []
    for block in blocks:
        value = block.value
        label = (value.get("label") or "") if own_labels else ""
        if value.get("page"):
            page = localized[value["page"].pk]
            item = menu_item(value["page"], request, None, label, page)
            if item:
                item.update(page_id=page.pk, path=page.path)
        else:
            item = {"url": value.get("url"), "label": value.get("label"), "current": ""}
        if item and item["url"] and item["label"]:
            items.append(item)
    return items

"""Which language a page's text is written in, and where its real translations are.

Until a page is translated, wagtail-localize keeps an alias of it in every other locale: the
interface around it is in the visitor's language, the text itself is the source's. Templates
mark that text with its own `lang` (and `dir`), canonical links point at the source, and hreflang
alternates and the sitemap list real translations only (docs/translation.md).
"""

from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from wagtail.models import Locale, Page

# Listings call content_language() once per item: without these, an Arabic page listing twenty
# aliases asked the database twenty times. A page never changes locale, and an alias keeps its
# source's translation_key, so (alias_of_id, translation_key) names one answer for good (an id
# reused after a rolled-back test comes with another key). Locale codes are cleared on any save.
_LOCALE_CODES = {}
_ALIAS_SOURCE_LOCALES = {}
_ALIAS_CACHE_SIZE = 20_000


def _language_of_locale(locale_id):
    if locale_id not in _LOCALE_CODES:
        _LOCALE_CODES.update(Locale.objects.values_list("pk", "language_code"))
    return _LOCALE_CODES.get(locale_id)


def clear_locale_codes(**kwargs):
    """post_save/post_delete of Locale (connected in HubConfig.ready)."""
    _LOCALE_CODES.clear()


def _alias_source_locale(page):
    key = (page.alias_of_id, page.translation_key)
    if key not in _ALIAS_SOURCE_LOCALES:
        if len(_ALIAS_SOURCE_LOCALES) >= _ALIAS_CACHE_SIZE:
            _ALIAS_SOURCE_LOCALES.clear()
        source = Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True)
        _ALIAS_SOURCE_LOCALES[key] = source.first()
    return _ALIAS_SOURCE_LOCALES[key]


def content_language(page):
    """Language code of the page's text: its own locale's, or its source's while an alias."""
    cached = getattr(page, "_content_language", None)
    if cached:
        return cached
    locale_id = _alias_source_locale(page) if page.alias_of_id else None
    code = _language_of_locale(locale_id or page.locale_id)
    page._content_language = code
    return code


def is_rtl(language_code):
    try:
        return bool(get_language_info(language_code)["bidi"])
    except KeyError:
        return False


def lang_attributes(language_code, active=None):
    """`lang` (and `dir` when the direction changes) for text in `language_code`, or {}.

    Nothing when the text is in the active language: the <html> element already says so.
    """
    active = active or get_language()
    if not language_code or language_code == active:
        return {}
    attributes = {"lang": language_code}
    if is_rtl(language_code) != is_rtl(active):
        attributes["dir"] = "rtl" if is_rtl(language_code) else "ltr"
    return attributes


def real_translations(page):
    """The page and its translations that are not aliases, live and public, locale loaded."""
    if page is None or not page.pk:
        return []
    return list(
        page.get_translations(inclusive=True)
        .live()
        .public()
        .filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("locale__language_code")
    )


def canonical_page(page):
    """The page search engines should index: the source while this page is an alias."""
    if page.alias_of_id:
        source = Page.objects.filter(pk=page.alias_of_id).live().public().first()
        if source is not None:
            return source
    return page


def native_language_name(language_code):
    """The language's name in itself ("français", "العربية"), from CLDR, for links to other languages."""
    from hub import cldr

    return cldr.native_language_name(language_code)


def language_name_in_active(language_code):
    """The language's name in the visitor's language, from CLDR, as written mid-sentence."""
    from hub import cldr

    return cldr.language_name(language_code)


def hreflang_alternates(pages, request=None):
    """(hreflang, absolute URL) of each of `pages` (real translations), then x-default: the source's.

    Nothing for a page with no other translation. The page's <link> tags and the sitemap both use it.
    """
    links = [(other.locale.language_code, other.get_full_url(request)) for other in pages]
    links = [(code, url) for code, url in links if url]
    if len(links) < 2:
        return []
    default = Locale.get_default().language_code
    source = next((url for code, url in links if code == default), links[0][1])
    return [*links, ("x-default", source)]


def untranslated_notice_context(page, request=None):
    """What the untranslated notice shows for `page` (includes/untranslated_notice.html).

    Shown on an alias, or on a page served under another locale's prefix because that locale
    has no tree yet: whenever the page's text is not in the visitor's language.
    """
    language = content_language(page)
    if language == get_language():
        return {"show": False}
    link = '<a href="{url}" lang="{code}" hreflang="{code}">{name}</a>'
    links = []
    for other in real_translations(page):
        code, url = other.locale.language_code, other.get_url(request)
        if url:
            links.append(format_html(link, url=url, code=code, name=native_language_name(code)))
    return {"show": True, "language_name": language_name_in_active(language), "language": language, "links": links}

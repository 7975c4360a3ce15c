"""Which pages a locale shows: one rule for every automatic section, listing, feed and export.

Tags and links are decided on the source-locale page. Editors tag the English page with English
(source) terms and link it to the English meeting; Wagtail's aliases copy those fields as they are
(so a French alias of a COP-5 document still names the English COP-5 page), and a translation's
taxonomy links are whatever wagtail-localize last copied (or an editor changed). So a listing never
filters the locale it shows by tags or links: it selects the matching pages in the source locale
and maps them, by translation_key, to the locale being shown (each page's translation there, or
its alias while untranslated). A page that has no source-locale version at all (written directly
in French, say) stands for itself, so it still appears in its own locale.

    resources = in_locale(term.resourcepage_set.all(), page.locale).order_by("-publication_date")

Everything returned is live and public and in the wanted locale, never another locale's.
"""

from django.db.models import Q, QuerySet
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

# The last tie-break of every listing's order: the same in every locale (ids and paths may not be).
TIEBREAK = "translation_key"


def default_language_code():
    """The source locale's language code (settings.LANGUAGE_CODE as a content language)."""
    from django.conf import settings

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def _locale_filter(locale):
    """Filter keywords for the rows of `locale`: a Locale, a language code, or None (active)."""
    if isinstance(locale, Locale):
        return {"locale_id": locale.pk}
    try:
        code = get_supported_content_language_variant(locale or translation.get_language())
    except LookupError:
        code = default_language_code()
    return {"locale__language_code": code}


def source_version(page):
    """The source-locale version of a page or translatable object (itself when it has none).

    Its tags and links are the ones listings select on; drafts count, so an unpublished
    source still decides what its live aliases list.
    """
    if page is None or getattr(page, "translation_key", None) is None:
        return page
    code = default_language_code()
    if page.locale.language_code == code:
        return page
    found = type(page)._default_manager.filter(translation_key=page.translation_key, locale__language_code=code).first()
    return found or page


def source_selection(queryset):
    """The rows of `queryset` that speak for their translation group: the source-locale rows,
    and the rows of groups that have no source-locale version at all."""
    code = default_language_code()
    model = queryset.model
    base = Page.objects if issubclass(model, Page) else model._default_manager
    has_source = base.filter(locale__language_code=code).values("translation_key")
    return queryset.filter(Q(locale__language_code=code) | ~Q(translation_key__in=has_source))


def _published(queryset):
    if issubclass(queryset.model, Page):
        return queryset.live().public()
    return queryset


def in_locale(items, locale=None):
    """The same items, in `locale` (a Locale, a language code, or None for the active language).

    - A QuerySet (not sliced): the matching rows are selected in the source locale
      (`source_selection`) and a QuerySet of the same model is returned holding their
      versions in `locale`, live and public, in one query (the selection is a subquery; Wagtail's
      `public()` reads the view restrictions once beforehand).
      The ordering you gave is kept; add `select_related`, `specific`, slices and further
      ordering on the result, since it is a new query.
    - Anything else iterable (pages or terms you picked, in your order): a list of their
      versions in `locale` (pages: live and public), in the same order, each translation group
      once (one query per model, plus the view restrictions for pages).

    Items with no live, public version in `locale` are left out.
    """
    target = _locale_filter(locale)
    if isinstance(items, QuerySet):
        if items.query.is_sliced:
            raise TypeError("in_locale() maps whole selections: slice the QuerySet it returns instead.")
        model = items.model
        keys = source_selection(items).values("translation_key")
        result = _published(model._default_manager.filter(translation_key__in=keys, **target))
        if items.query.order_by:
            result = result.order_by(*items.query.order_by)
        return result
    items = [item for item in items if item is not None]
    keys = list(dict.fromkeys((type(item), item.translation_key) for item in items))
    found = {}
    for model in dict.fromkeys(model for model, _key in keys):
        wanted = [key for other, key in keys if other is model]
        for item in _published(model._default_manager.filter(translation_key__in=wanted, **target)):
            found[(model, item.translation_key)] = item
    return [found[key] for key in keys if key in found]


def page_in_locale(page, locale=None):
    """One page's live, public version in `locale`, or None."""
    found = in_locale([page], locale) if page is not None else []
    return found[0] if found else None

"""Each site's texts (title, tagline, organisation, footer, menus) in the six languages.

English comes from the seed's prose (hub/seed/content/site.json) and the loaders' menus; the other
languages from hub/seed/content/translations/site.json (site key -> language -> fields; menu
labels keyed by the slug of the page they link to), the project's own translations. A menu item
without a label in a language shows the linked page's title in that language.
"""

import json

from wagtail.models import Locale

from hub.models import SiteTexts

from .datafiles import SeedDataError
from .taxonomies import CONTENT_DIR

TEXT_FIELDS = ("site_title", "tagline", "organisation_name", "footer_text")
MENU_FIELDS = ("main_menu", "footer_links")
SECTION = "Site texts"


def read_site_translations(context):
    path = context.data_file(CONTENT_DIR, "translations/site.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SeedDataError(path, f"cannot be read ({error})") from None
    if not isinstance(data, dict):
        raise SeedDataError(path, "must be an object keyed by site (default, gmp)")
    return path, data


def _stream(items, labels):
    """A menu StreamField value: one link block per (page, English label)."""
    return [
        {"type": "link", "value": {"page": page.pk, "url": "", "label": labels.get(page.slug, default)}}
        for page, default in items
    ]


def load_site_texts(context, site, key, values, menus):
    """The site's texts in the default locale and in every locale site.json translates.

    `values`: the English TEXT_FIELDS; `menus`: {"main_menu": [(page, English label or "")], …}.
    """
    default = context.locale
    english = context.upsert(
        SECTION,
        SiteTexts,
        {"site": site, "locale": default},
        values={**values, **{field: _stream(items, {}) for field, items in menus.items()}},
        label=f"{key} ({default.language_code})",
    )
    path, data = read_site_translations(context)
    by_language = data.get(key) or {}
    locales = {locale.language_code: locale for locale in Locale.objects.exclude(pk=default.pk)}
    for language, texts in by_language.items():
        if language not in locales:
            raise SeedDataError(path, f"{language!r} is not one of {', '.join(sorted(locales))}", key=key)
        unknown = set(texts) - set(TEXT_FIELDS) - set(MENU_FIELDS)
        if unknown:
            raise SeedDataError(path, f"{language}: unknown fields {', '.join(sorted(unknown))}", key=key)
        fields = {name: (texts.get(name) or "").strip() for name in TEXT_FIELDS}
        for field, items in menus.items():
            # An untranslated label is left empty: the menu then shows the page's title in that language.
            fields[field] = _stream([(page, "") for page, _label in items], texts.get(field) or {})
        context.upsert(
            SECTION,
            SiteTexts,
            {"site": site, "locale": locales[language]},
            values={"translation_key": english.translation_key, **fields},
            label=f"{key} ({language})",
        )
    return english

"""Seeded page translations: the home page, the four pillar pages and the twelve thematic-area
pages, translated from PO files into every other locale, as real wagtail-localize translations.

The catalogues live in `content/translations/pages/`: `pages.pot` (the template, regenerated from
the source pages by `manage.py update_page_translation_template`) and one `<locale>.po` per
language (`fr.po`, `es.po`, `ar.po`, `zh_Hans.po`, `ru.po`). An entry's `msgctxt` names the page
and the field, `<page>:<field>` (`home:hero_text`, `scientific:intro`,
`thematic-areas/asgm:summary`), where `<page>` is the page's path under the home page; its
`msgid` is the English segment exactly as wagtail-localize extracts it (a rich-text field gives
one entry per paragraph or list item, with inline markup kept as `<b>`, `<a id="a1">`).

For each page and locale this does what the admin's "Translate" action and a PO upload do: a
`TranslationSource` from the live English page, a `Translation` into the locale, the page's
strings imported with `Translation.import_po` as manual translations (translation_type "manual",
no user: the project's own), then the translated page saved and published. The locale's alias is
converted into that translation (wagtail-localize logs "wagtail.convert_alias").

Rules:
- A page is translated only when the catalogue has a non-empty, non-fuzzy `msgstr` for every one
  of its strings; otherwise it stays an alias (counted "incomplete") — a half-English page would
  be worse than an honest alias. tests/seeded/test_page_translations.py requires French complete.
- A string an editor changed in the translation editor (its last translator is a user), or a
  translated page an editor revised since, is kept as the editor left it.
- Idempotent: a second run finds every string and page as wanted and writes nothing.
"""

import json
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import to_locale

from wagtail.models import Locale, Page

import polib

from hub.models import HomePage, PillarPage, ThematicAreaIndexPage, ThematicAreaPage

CATALOGUE_DIR = Path(__file__).resolve().parent / "content" / "translations" / "pages"
TEMPLATE_NAME = "pages.pot"
SECTION = "Page translations"
HEADER = (
    "Translations of the seeded home, pillar and thematic-area pages (hub/seed/translations.py).\n"
    "msgctxt is <page>:<field>; msgid is the English text, exactly as the page has it. Keep inline\n"
    'markup such as <b>…</b> or <a id="a1">…</a> around the words it marks. A page is translated\n'
    "only once every one of its strings has a msgstr. Regenerate with\n"
    "`python manage.py update_page_translation_template`."
)


# Which pages, and their strings -----------------------------------------------------------------
def seeded_pages(home):
    """The 17 source pages, in tree order: the home page, its pillar pages, the thematic areas."""
    pages = [home.specific]
    pages += list(PillarPage.objects.child_of(home).filter(locale_id=home.locale_id).order_by("path"))
    index = ThematicAreaIndexPage.objects.child_of(home).filter(locale_id=home.locale_id).first()
    if index is not None:
        pages += list(
            ThematicAreaPage.objects.child_of(index).select_related("area").order_by("area__sort_order", "path")
        )
    return pages


def page_key(page, home):
    """`home`, or the page's path under the home page (`thematic-areas/asgm`)."""
    if page.pk == home.pk:
        return "home"
    return page.url_path[len(home.url_path) :].strip("/")


def context_of(key, path):
    return f"{key}:{path}"


def split_context(msgctxt):
    key, _sep, path = (msgctxt or "").partition(":")
    return key, path


@dataclass(frozen=True)
class Entry:
    key: str
    path: str  # wagtail-localize's context path, e.g. "summary"
    msgid: str
    title: str

    @property
    def msgctxt(self):
        return context_of(self.key, self.path)


def page_entries(page, home=None, key=None):
    """The page's translatable strings as wagtail-localize extracts them (its String data)."""
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    key = key or page_key(page, home)
    entries = []
    for segment in extract_segments(page.specific):
        if isinstance(segment, StringSegmentValue):
            entries.append(Entry(key, segment.path, segment.string.data, page.title))
    return entries


# Catalogues ---------------------------------------------------------------------------------------
def catalogue_name(language_code):
    """`zh-hans` → `zh_Hans.po`: gettext's spelling of the language code."""
    return f"{to_locale(language_code)}.po"


def target_languages():
    """The content languages other than the source, as settings list them."""
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != settings.LANGUAGE_CODE]


def pages_from_seed_files():
    """(key, unsaved page) of the 17 pages as a fresh seed creates them, read from the seed's
    content and data files: the template can be made before any page exists."""
    from . import prose, records
    from .context import SeedContext

    home = HomePage(
        title=prose.HOME["title"],
        hero_heading=prose.HOME["hero_heading"],
        hero_text=prose.HOME["hero_text"],
        listing_summary=prose.HOME["listing_summary"],
    )
    pages = [("home", home)]
    for pillar in prose.PILLARS:
        page = PillarPage(title=pillar["page_title"], intro=pillar["intro"], listing_summary=pillar["description"])
        pages.append((pillar["slug"], page))
    for area in records.parse_all(SeedContext(verbosity=0)).areas:
        page = ThematicAreaPage(title=area.name, summary=area.summary, listing_summary=area.description)
        pages.append((f"thematic-areas/{area.slug}", page))
    return pages


def build_template(home=None):
    """The POT of the seeded pages' current English strings (from the seed files without `home`)."""
    po = polib.POFile(wrapwidth=100)
    po.header = HEADER
    po.metadata = {
        "Project-Id-Version": "Minamata Exchange Platform seeded pages",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
    }
    seen = set()
    keyed = pages_from_seed_files() if home is None else [(page_key(p, home), p) for p in seeded_pages(home)]
    for key, page in keyed:
        for entry in page_entries(page, key=key):
            if (entry.msgctxt, entry.msgid) in seen:
                continue
            seen.add((entry.msgctxt, entry.msgid))
            po.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr="", comment=entry.title))
    return po


def merge_into(po, template):
    """msgmerge-like, in the template's order: each entry keeps its translation while its English
    text is unchanged; new entries come untranslated; translated entries the template dropped stay
    at the end as obsolete, so a translator still sees the old text."""
    translated = {(entry.msgctxt, entry.msgid): entry for entry in po if not entry.obsolete}
    merged = polib.POFile(wrapwidth=100)
    merged.header = template.header
    merged.metadata = {**template.metadata, **po.metadata}
    wanted = set()
    for entry in template:
        wanted.add((entry.msgctxt, entry.msgid))
        old = translated.get((entry.msgctxt, entry.msgid))
        merged.append(
            polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgstr=old.msgstr if old else "",
                comment=entry.comment,
                flags=list(old.flags) if old else [],
            )
        )
    for key, entry in translated.items():
        if key not in wanted and entry.msgstr:
            entry.obsolete = True
            merged.append(entry)
    return merged


def read_catalogue(locale, directory=CATALOGUE_DIR):
    """{(msgctxt, msgid): msgstr} of the usable entries of a locale's PO file ({} if none)."""
    path = Path(directory) / catalogue_name(locale.language_code)
    if not path.exists():
        return {}
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


# Translating ------------------------------------------------------------------------------------
def _editor_kept(target):
    latest = target.latest_revision
    return target.alias_of_id is None and latest is not None and latest.user_id is not None


def _strings_to_import(translation, wanted):
    """PO entries (context path, msgid, msgstr) whose stored translation differs and is not an editor's."""
    from wagtail_localize.models import StringSegment, StringTranslation

    segments = StringSegment.objects.filter(source=translation.source).select_related("string", "context")
    stored = {
        (row.translation_of_id, row.context_id): row
        for row in StringTranslation.objects.filter(
            locale_id=translation.target_locale_id, context__object_id=translation.source.object_id
        )
    }
    entries = []
    for segment in segments:
        msgstr = wanted[(segment.context.path, segment.string.data)]
        current = stored.get((segment.string_id, segment.context_id))
        if current is not None and (current.last_translated_by_id is not None or current.data == msgstr):
            continue
        entries.append(polib.POEntry(msgctxt=segment.context.path, msgid=segment.string.data, msgstr=msgstr))
    return entries


def _translated_content(source, page):
    from wagtail_localize.fields import get_translatable_fields

    names = {field.field_name for field in get_translatable_fields(type(page))}
    return {name: value for name, value in json.loads(source.content_json).items() if name in names}


def translate_page(page, locale, wanted):
    """Translate one page into one locale from `wanted` {(path, msgid): msgstr}; returns the outcome."""
    from wagtail_localize.models import Translation, TranslationSource

    target = page.get_translation_or_none(locale)
    if target is not None and _editor_kept(target):
        return "kept"
    before = TranslationSource.objects.filter(object_id=page.translation_key, locale_id=page.locale_id).first()
    source, _created = TranslationSource.update_or_create_from_instance(page)
    # Only what a translation takes from its source counts (not e.g. the number of child pages).
    source_changed = before is None or _translated_content(before, page) != _translated_content(source, page)
    translation, created = Translation.objects.get_or_create(source=source, target_locale=locale)
    if not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])
    entries = _strings_to_import(translation, wanted)
    if entries:
        po = polib.POFile()
        po.extend(entries)
        warnings = translation.import_po(po, translation_type="manual")
        if warnings:
            raise RuntimeError(f"{page.url_path} ({locale.language_code}): {warnings}")
    is_current = (
        target is not None and target.alias_of_id is None and target.live and not target.has_unpublished_changes
    )
    if is_current and not (entries or source_changed or created):
        return "unchanged"
    # As the translation editor's "Publish" does, except that the revision is published at once
    # rather than when the transaction commits (the seed runs in one transaction).
    translated, _new = source.create_or_update_translation(locale, user=None, publish=False, fallback=False)
    translated.get_latest_revision().publish(user=None, log_action=True)
    return "created" if target is None or target.alias_of_id else "updated"


def load_page_translations(context, directory=CATALOGUE_DIR):
    """Seed finalizer (after the locale trees): translate the seeded pages from the catalogues."""
    if context.home is None:
        return
    home = HomePage.objects.get(pk=context.home.pk)  # as saved: loaders may have added children since
    started = time.monotonic()
    tally = context.tally(SECTION)
    incomplete = {}
    pages = seeded_pages(home)
    entries = {page.pk: page_entries(page, home) for page in pages}
    for locale in Locale.objects.exclude(pk=home.locale_id).order_by("language_code"):
        catalogue = read_catalogue(locale, directory)
        if not catalogue:
            incomplete[locale.language_code] = len(pages)
            continue
        for page in pages:
            page_strings = entries[page.pk]
            wanted = {(entry.path, entry.msgid): catalogue.get((entry.msgctxt, entry.msgid)) for entry in page_strings}
            if not all(wanted.values()):
                incomplete[locale.language_code] = incomplete.get(locale.language_code, 0) + 1
                continue
            tally.add(translate_page(page, locale, wanted))
    context.report(SECTION)
    if incomplete:
        missing = ", ".join(f"{code} {count}" for code, count in sorted(incomplete.items()))
        context.write(f"  Left as aliases (catalogue incomplete): {missing}")
    context.write(f"  ({time.monotonic() - started:.1f} s)")


def translated_locales(page):
    """Language codes in which `page` has a real translation (not an alias)."""
    return sorted(
        Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
        .exclude(pk=page.pk)
        .values_list("locale__language_code", flat=True)
    )

"""What a page is, translation-wise, so templates and the admin can say so.

- "source": a page in the default locale, or any page nobody translated from another one;
- "alias": wagtail-localize's copy of a page not yet translated (it shows the source's text);
- "translated": a translation whose current strings were all written or reviewed by a person;
- "machine": a translation with at least one current string from a machine translator that no
  person has reviewed since (wagtail-localize records `StringTranslation.translation_type`).
"""

from django.db.models import Exists, OuterRef

SOURCE = "source"
ALIAS = "alias"
TRANSLATED = "translated"
MACHINE = "machine"


def translation_source_of(page):
    """The wagtail-localize TranslationSource a page was translated from, or None."""
    from wagtail_localize.models import TranslationSource

    return (
        TranslationSource.objects.filter(
            object_id=page.translation_key, translations__target_locale_id=page.locale_id, translations__enabled=True
        )
        .exclude(locale_id=page.locale_id)
        .first()
    )


def unreviewed_machine_strings(source, locale):
    """StringTranslations of `source`'s current segments into `locale` that a machine made."""
    from wagtail_localize.models import StringSegment, StringTranslation

    current = StringSegment.objects.filter(
        source=source, string_id=OuterRef("translation_of_id"), context_id=OuterRef("context_id")
    )
    return StringTranslation.objects.filter(
        locale=locale,
        context__object_id=source.object_id,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    ).filter(Exists(current))


def page_translation_state(page):
    """The state of `page`: SOURCE, ALIAS, TRANSLATED or MACHINE (see the module docstring)."""
    if page is None:
        return SOURCE
    if getattr(page, "alias_of_id", None):
        return ALIAS
    source = translation_source_of(page)
    if source is None:
        return SOURCE
    if unreviewed_machine_strings(source, page.locale).exists():
        return MACHINE
    return TRANSLATED

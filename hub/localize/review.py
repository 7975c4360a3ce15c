"""Machine translations stay marked until a person reviews them.

Machine translation is off (settings: WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None). When it is
switched on, wagtail-localize's "Translate with <tool>" stores each string with
`translation_type="machine"`; a string a translator then edits becomes "manual". A published page
with any current machine string shows a notice to visitors (templates/includes/
machine_translation_notice.html) and is listed in the admin report "Machine translations to
review" (Reports menu), where a reviewer who has read the page and agrees with it marks it
reviewed: its machine strings become manual, signed by the reviewer.
"""

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from wagtail.models import Page


def _current_machine_strings():
    from wagtail_localize.models import StringSegment, StringTranslation

    current = StringSegment.objects.filter(string_id=OuterRef("translation_of_id"), context_id=OuterRef("context_id"))
    return StringTranslation.objects.filter(translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE).filter(
        Exists(current)
    )


def machine_translated_pages():
    """[(page, number of unreviewed machine strings)], pages that are translations (not aliases)."""
    counts = {
        (row["context__object_id"], row["locale_id"]): row["count"]
        for row in _current_machine_strings().values("context__object_id", "locale_id").annotate(count=Count("pk"))
    }
    if not counts:
        return []
    keys = {key for key, _locale in counts}
    pages = Page.objects.filter(translation_key__in=keys, alias_of__isnull=True).select_related("locale")
    found = [
        (page, counts[(page.translation_key, page.locale_id)])
        for page in pages
        if (page.translation_key, page.locale_id) in counts
    ]
    return sorted(found, key=lambda item: (item[0].locale.language_code, item[0].title))


def mark_reviewed(page, user):
    """A person has read the machine translation of `page` and accepts it: its strings become manual."""
    from wagtail_localize.models import StringTranslation

    return (
        _current_machine_strings()
        .filter(context__object_id=page.translation_key, locale_id=page.locale_id)
        .update(
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            last_translated_by=user,
            updated_at=timezone.now(),
        )
    )

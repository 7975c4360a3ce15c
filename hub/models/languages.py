"""Language choices used by several models, named by the Unicode CLDR in the visitor's language."""

from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hub import cldr


def _cldr_language_label(code):
    return capfirst(cldr.language_name(code))


# A label evaluated when shown, in the active language: "English", "Anglais", "الإنجليزية", "英语".
cldr_language_label = lazy(_cldr_language_label, str)

# The six UN languages by ISO 639-1 code (the `language` search facet uses these codes).
UN_LANGUAGE_CODES = ["en", "fr", "es", "ar", "zh", "ru"]
UN_LANGUAGES = [(code, cldr_language_label(code)) for code in UN_LANGUAGE_CODES]
LIVESTREAM_LANGUAGES = [("floor", _("Floor (original)")), *UN_LANGUAGES]

"""Language choices used by several models."""

from django.utils.translation import gettext_lazy as _

# The six UN languages by ISO 639-1 code (the `language` search facet uses these codes).
UN_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("ru", _("Russian")),
]
LIVESTREAM_LANGUAGES = [("floor", _("Floor (original)")), *UN_LANGUAGES]

"""Names, dates and numbers in the six UN languages, from the Unicode CLDR (through Babel).

Nothing here is typed by hand: country and language names, month names, date and interval
patterns, digits and separators all come from CLDR, so a language is written the way its
readers expect without a translator touching it. This module only maps Django's language
codes to Babel locales and fixes the few choices the UN makes:

- English is "World English" (`en_001`): "30 October 2023", 24-hour times, as UN documents write
  it (Babel's plain `en` is American: "October 30, 2023").
- Numbers always use Western (`latn`) digits, Arabic included, as the UN's Arabic documents do
  (CLDR's default for `ar` is `latn` today; it is stated here so a CLDR change cannot flip it).
- Times are 24-hour in every language (CLDR's `Hm` skeleton), as meeting schedules are written.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.utils import translation

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel import units as babel_units

# Django language code -> Babel (CLDR) locale identifier.
BABEL_LOCALES = {
    "en": "en_001",
    "fr": "fr",
    "es": "es",
    "ar": "ar",
    "zh-hans": "zh_Hans",
    "zh": "zh_Hans",
    "ru": "ru",
}
NUMBERING_SYSTEM = "latn"
# Our codes that are not CLDR territory codes: the European Union is "EU" in CLDR.
TERRITORY_ALIASES = {"EUU": "EU"}


def active_language():
    return translation.get_language() or settings.LANGUAGE_CODE


@lru_cache(maxsize=32)
def _parse(identifier):
    try:
        return Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(BABEL_LOCALES[settings.LANGUAGE_CODE])


def babel_locale(language_code=None):
    """The Babel locale for a Django language code (default: the active language)."""
    code = (language_code or active_language()).lower().replace("_", "-")
    identifier = BABEL_LOCALES.get(code) or BABEL_LOCALES.get(code.split("-")[0]) or code.replace("-", "_")
    return _parse(identifier)


# Names ------------------------------------------------------------------------------------------
def territory_name(code, language_code=None):
    """A country's or territory's name from its ISO 3166-1 alpha-2 code ("KE" -> "كينيا")."""
    code = TERRITORY_ALIASES.get((code or "").upper(), (code or "").upper())
    return babel_locale(language_code).territories.get(code, "")


def language_name(code, language_code=None):
    """A language's name (ISO 639-1 or Django code) in another language: ("zh", "fr") -> "chinois".

    The plain language, not a variant ("Chinese", not "Simplified Chinese"): documents say
    "Chinese". An unknown code is returned as it is.
    """
    language = (code or "").lower().replace("_", "-").split("-")[0]
    return babel_locale(language_code).languages.get(language) or code or ""


def native_language_name(code):
    """A language's name in itself ("français", "العربية", "中文"), capitalised where the script has case."""
    name = language_name(code, code)
    return name[:1].upper() + name[1:]


# Dates and times --------------------------------------------------------------------------------
def format_date(value, language_code=None):
    """A date in full: "30 October 2023", "30 octobre 2023", "2023年10月30日"."""
    return babel_dates.format_date(value, "long", locale=babel_locale(language_code))


def format_year_month(value, language_code=None):
    """A month of a year: "October 2023", "octobre 2023"."""
    return babel_dates.format_skeleton("yMMMM", value, locale=babel_locale(language_code))


def format_time(value, language_code=None):
    """A time of day, 24-hour in every language: "14:05"."""
    return babel_dates.format_skeleton("Hm", value, locale=babel_locale(language_code))


_ABBREVIATED_MONTH = re.compile(r"(?<![ML])([ML]{3})(?![ML])")


def format_date_range(start, end, language_code=None):
    """Two dates sharing what they share, months in full: "30 October – 3 November 2023".

    CLDR gives interval patterns per "greatest difference" (year, month, day); most locales only
    have them with abbreviated months, so the month field is widened to its full form, which
    CLDR then spells in the right grammatical case ("30 октября — 3 ноября 2023 г.").
    """
    locale = babel_locale(language_code)
    if not end or end == start:
        return format_date(start, language_code)
    if end < start:
        start, end = end, start
    skeleton = "yMMMMd" if "yMMMMd" in locale.interval_formats else "yMMMd"
    patterns = locale.interval_formats.get(skeleton) or {}
    difference = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    pair = patterns.get(difference)
    if not pair:
        fallback = locale.interval_formats.get(None) or "{0} – {1}"
        first, last = format_date(start, language_code), format_date(end, language_code)
        return fallback.replace("{0}", first).replace("{1}", last)
    # Widen only where the language writes a full date with the month's name (not "y年M月d日").
    widen = "MMMM" in locale.date_formats["long"].pattern
    parts = []
    for pattern, value in zip(pair, (start, end), strict=True):
        if widen:
            pattern = _ABBREVIATED_MONTH.sub(lambda match: match.group(1) + match.group(1)[0], pattern)
        parts.append(babel_dates.parse_pattern(pattern).apply(value, locale))
    # CLDR puts thin spaces around the dash; UN documents use ordinary ones ("30 October – 3 November").
    return "".join(parts).replace("\u2009", " ")


# Numbers ----------------------------------------------------------------------------------------
def format_number(value, language_code=None, decimals=None):
    """A count or amount with the language's separators and Western digits: 1,234 / 1 234 / 1.234."""
    if value is None or value == "":
        return ""
    locale = babel_locale(language_code)
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return babel_numbers.format_decimal(value, pattern, locale=locale, numbering_system=NUMBERING_SYSTEM)
    return babel_numbers.format_decimal(value, locale=locale, numbering_system=NUMBERING_SYSTEM)


def format_money(value, currency="USD", language_code=None):
    """A money amount in whole units: "US$1,250,000", "1 250 000 $US"."""
    if value is None or value == "":
        return ""
    locale = babel_locale(language_code)
    # The locale's own currency pattern ("¤#,##0.00", "#,##0.00 ¤"), without the cents.
    pattern = re.sub(r"\.0+", "", locale.currency_formats["standard"].pattern)
    return babel_numbers.format_currency(
        value, currency, pattern, locale=locale, currency_digits=False, numbering_system=NUMBERING_SYSTEM
    )


_SIZE_UNITS = [
    (1024**3, "digital-gigabyte"),
    (1024**2, "digital-megabyte"),
    (1024, "digital-kilobyte"),
]


def format_file_size(size, language_code=None):
    """A file size with the language's unit abbreviations: "1.2 MB", "1,2 Mo", "1,2 МБ"; "512 bytes"."""
    if size in (None, ""):
        return ""
    size = int(size)
    locale = babel_locale(language_code)
    for factor, unit in _SIZE_UNITS:
        if size >= factor:
            return babel_units.format_unit(
                size / factor, unit, length="short", format="#,##0.0", locale=locale, numbering_system=NUMBERING_SYSTEM
            )
    return babel_units.format_unit(
        size, "digital-byte", length="long", format="#,##0", locale=locale, numbering_system=NUMBERING_SYSTEM
    )


def format_list(items, language_code=None):
    """Items joined as the language lists them: "A, B and C", "A, B et C", "A وB وC", "A、B和C"."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return babel_lists.format_list(items, style="standard", locale=babel_locale(language_code))

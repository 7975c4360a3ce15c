"""The one guard against formula injection for every CSV and spreadsheet the site writes.

A spreadsheet program runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return as a formula (OWASP "CSV injection"). `safe_cell` puts a `'` before such a text, which
the programs show as text and people still read ("'-5 %"); `plain_cell` takes exactly that
`'` away again, so an exported CSV re-imports unchanged (library/importing/reading.py).

The two are exact inverses: a text that already starts with quotes before a formula character
(`'=x`) gets one more, and only one is taken away. Numbers, dates and other non-text values are
data, not formulas, and pass untouched.

Used by the public exports (library/exports.py) and, through `SafeSpreadsheetExportMixin`, by
every admin report and snippet listing built on Wagtail's SpreadsheetExportMixin.
"""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def safe_cell(value):
    """The value to write in a CSV cell: texts that could start a formula get a leading `'`."""
    if isinstance(value, str) and _NEEDS_QUOTE.match(value):
        return "'" + value
    return value


def plain_cell(text):
    """The text a `safe_cell` was made from (one leading `'` before a formula start removed)."""
    if isinstance(text, str) and _QUOTED.match(text):
        return text[1:]
    return text


class SafeSpreadsheetExportMixin:
    """Put before Wagtail's SpreadsheetExportMixin (a ReportView, an IndexView) in the bases.

    CSV cells go through `safe_cell` after every other preprocessing. XLSX cells need nothing:
    Wagtail writes each of them as a typed value and turns what openpyxl would take for a
    formula back into text (SpreadsheetExportMixin.generate_xlsx_row).
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return safe_cell(value)
        return value

"""Checking one project row: its cells parsed into a ProjectRecord, or the problems found."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from hub.models import Project
from library.sanitise import plain_text

from ..reading import json_type
from ..schema import LIST_SEPARATOR
from ..validation import text_cell, unique_items
from .columns import GEF_NO_COUNTRY, GEF_STATUSES, MAX_AMOUNT, MAX_LENGTHS, REQUIRED, TEXT_COLUMNS
from .vocabulary import _name_key

_URL = URLValidator(schemes=["http", "https"])
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Plain numbers, with commas between groups of three digits or none: 1234567, 1,234,567.50.
_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# Month-name dates are unambiguous; the GEF writes numeric dates month first (US order).
_GEF_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%B %d, %Y", "%b %d, %Y", "%m/%d/%Y")


@dataclass
class ProjectRecord:
    """A checked row: field values to set, and the many-to-many lists the file gives."""

    row: int
    project_id: str
    values: dict = field(default_factory=dict)
    m2m: dict = field(default_factory=dict)
    # The year from a GEF "Approval FY" with no approval date: it never replaces a known date.
    fiscal_year: int | None = None


def _list(data, column, problems, separators=LIST_SEPARATOR):
    value = data.get(column)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            problems.append((column, "must be a list of text values"))
            return []
        items = value
    elif isinstance(value, str):
        items = re.split(f"[{re.escape(separators)}]", value)
    else:
        problems.append((column, f"must be a list, not {json_type(value)}"))
        return []
    return unique_items(items)


def parse_amount(value):
    """A non-negative amount in US dollars → Decimal; ValueError with the reason otherwise."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(f"must be a number, not {json_type(value)}")
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("-"):
            raise ValueError(f"{text!r} is negative: an amount cannot be below zero")
        if not _AMOUNT.match(text):
            raise ValueError(
                f"{text!r} is not a plain number of US dollars: write e.g. 1234567 or 1,234,567.50 "
                "(no currency sign, no abbreviation such as M or k)"
            )
        text = text.replace(",", "")
    else:
        text = repr(value) if isinstance(value, float) else str(value)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not a number")
    if amount < 0:
        raise ValueError(f"{value!r} is negative: an amount cannot be below zero")
    if amount > MAX_AMOUNT:
        raise ValueError(f"{value!r} is too large (at most {MAX_AMOUNT:,.0f})")
    return amount.quantize(Decimal("0.01"))


def parse_approval_date(value, gef=False):
    """(date or None, year): `YYYY-MM-DD` gives both; `YYYY` or `YYYY-MM` the year only."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a year, as a spreadsheet or JSON gives it
    if not isinstance(value, str):
        raise ValueError(f"must be a date, not {json_type(value)}")
    text = value.strip()
    match = _DATE.match(text)
    if match:
        year, month, day = match.groups()
        try:
            if day:
                found = date(int(year), int(month), int(day))
                return found, found.year
            if month:
                date(int(year), int(month), 1)
        except ValueError:
            raise ValueError(f"{text!r} is not a date that exists") from None
        if int(year) < 1900:
            raise ValueError(f"{text!r} is not a plausible approval year")
        return None, int(year)
    if gef:
        for pattern in _GEF_DATE_FORMATS:
            try:
                found = datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time
            except ValueError:
                continue
            return found, found.year
    raise ValueError(f"{text!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def _fiscal_year(value):
    """GEF's "Approval FY" (2020, "FY2020", "FY 2020", "2019-2020" → the year it ends)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().upper().removeprefix("FY").strip()
    match = re.fullmatch(r"(?:\d{4}\s*[-/]\s*)?(\d{4}|\d{2})", text)
    if not match:
        raise ValueError(f"{value!r} is not a fiscal year such as 2020 or FY2020")
    year = int(match.group(1))
    return year + 2000 if year < 100 else year


def approval_year_of_fiscal_year(fiscal_year, today=None):
    """The approval year for the GEF's fiscal year N (1 July N-1 to 30 June N): N, as the GEF
    names it, except while N is the current fiscal year and still in calendar year N-1 (July to
    December), when every approval so far was made in N-1."""
    today = today or timezone.localdate()
    if fiscal_year == today.year + 1 and today.month >= 7:
        return today.year
    return fiscal_year


def _countries(data, vocabulary, problems, gef):
    """The Country objects a row names, or None to leave a GEF project's countries alone."""
    if not gef:
        chosen = []
        for code in _list(data, "countries", problems):
            country = vocabulary.countries.get(code.upper())
            if country is None:
                problems.append(("countries", f"{code!r} is not the ISO 3166-1 alpha-3 code of a known country"))
            elif country not in chosen:
                chosen.append(country)
        return chosen
    names = _list(data, "countries", problems, separators=";|\n")
    if names and all(_name_key(name) in GEF_NO_COUNTRY for name in names):
        return None
    chosen = []
    for cell in names:
        if _name_key(cell) in GEF_NO_COUNTRY:
            continue
        for name, country in _match_names(cell, vocabulary):
            if country is None:
                problems.append(("countries", f"{name!r} is not the name of a known country"))
            elif country not in chosen:
                chosen.append(country)
    return chosen


def _match_names(cell, vocabulary):
    """Country names in a cell, separated by commas that are not part of a name
    ("Iran, Islamic Republic of, Viet Nam"): longest match first; [(name, Country or None)]."""
    whole = vocabulary.country_named(cell)
    if whole is not None:
        return [(cell, whole)]
    parts = [part.strip() for part in cell.split(",") if part.strip()]
    found, start = [], 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            name = ", ".join(parts[start:end])
            country = vocabulary.country_named(name)
            if country is not None:
                found.append((name, country))
                start = end
                break
        else:
            found.append((parts[start], None))
            start += 1
    return found


def check_row(row, vocabulary, columns, gef=False):
    """(ProjectRecord, []) or (None, [(column, reason), …]) for one row."""
    if row.problem:
        return None, [("row", row.problem)]
    data, problems = row.data, []
    present = set(columns)
    # Dates and amounts are read by their own parsers, which accept numbers too.
    text = {column: text_cell(data, column, problems) for column in columns if column in TEXT_COLUMNS}
    for column in REQUIRED:
        if not text.get(column):
            problems.append((column, "is required"))
    for column, limit in MAX_LENGTHS.items():
        if len(text.get(column, "")) > limit:
            problems.append((column, f"is longer than {limit} characters"))
    record = ProjectRecord(row=row.number, project_id=text.get("project_id", ""))
    values = record.values

    if "programme" in present:
        programme = text["programme"].lower()
        if not programme:
            problems.append(("programme", f"is required: one of {', '.join(Project.Programme.values)}"))
        elif programme not in Project.Programme.values:
            problems.append(
                ("programme", f"{text['programme']!r} is not a programme: use {', '.join(Project.Programme.values)}")
            )
        values["programme"] = programme

    for column in ("title", "agency", "project_type"):
        if column in present:
            values[column] = plain_text(text[column])

    if "status" in present:
        raw = text["status"]
        status = raw.lower()
        if gef:
            status = GEF_STATUSES.get(" ".join(status.split()), status)
        if status and status not in Project.Status.values:
            known = ", ".join(Project.Status.values)
            problems.append(("status", f"{raw!r} is not a project status: use {known}"))
        values["status"] = status

    if "approval_date" in present:
        values["approval_date"], values["approval_year"] = None, None
        if data.get("approval_date") not in (None, ""):
            try:
                values["approval_date"], values["approval_year"] = parse_approval_date(data["approval_date"], gef)
            except ValueError as error:
                problems.append(("approval_date", str(error)))
    if "approval_fy" in present and not values.get("approval_year") and data.get("approval_fy") not in (None, ""):
        try:
            record.fiscal_year = approval_year_of_fiscal_year(_fiscal_year(data["approval_fy"]))
        except ValueError as error:
            problems.append(("approval_date", f"Approval FY: {error}"))
        else:
            values.pop("approval_date", None)
            values.pop("approval_year", None)

    for column in ("amount_usd", "cofinancing_usd"):
        if column in present:
            values[column] = None
            if data.get(column) not in (None, ""):
                try:
                    values[column] = parse_amount(data[column])
                except ValueError as error:
                    problems.append((column, str(error)))

    if "url" in present:
        url = text["url"]
        if url:
            try:
                _URL(url)
            except ValidationError:
                problems.append(("url", f"{url!r} is not a web address starting with http:// or https://"))
        values["url"] = url

    if "countries" in present:
        countries = _countries(data, vocabulary, problems, gef)
        if countries is not None:
            record.m2m["countries"] = countries

    if "thematic_areas" in present:
        chosen = []
        for slug in _list(data, "thematic_areas", problems):
            area = vocabulary.areas.get(slug.lower())
            if area is None:
                problems.append(("thematic_areas", f"{slug!r} is not a thematic area slug"))
            elif area not in chosen:
                chosen.append(area)
        record.m2m["thematic_areas"] = chosen

    status = values.get("status")
    if status in Project.APPROVED_STATES and not problems:
        today = timezone.localdate()
        when = values.get("approval_date")
        year = values.get("approval_year") or record.fiscal_year
        if (when and when > today) or (not when and year and year > today.year):
            label = Project.Status(status).label
            problems.append(("approval_date", f"lies in the future, but the project's status is {status!r} ({label})"))

    if problems:
        return None, problems
    return record, []

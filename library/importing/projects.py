"""The project import (CONTRACTS.md §5): CSV, XLSX or JSON rows → hub.Project, by `project_id`.

    report = import_projects("projects.csv", dry_run=False)
    print("\\n".join(report.lines()))

Same row rules and report as the library import (§4, library/importing/runner.py): every row is
checked first, then applied in a savepoint of its own, whole or not at all; a row that fails
changes nothing, the others are applied; `created N, updated N, unchanged N, failed N`, then
`row K: field: reason`. A dry run does the same work inside a transaction it rolls back.

Like import_resources, a column the file lacks leaves that field of an existing project alone,
and an empty cell clears it (`programme`, which a project cannot lack, is then an error).

The GEF project database's own export ("GEF ID", "Title", "Countries" by name, "GEF Grant"…)
is recognised by its header, or asked for with `fmt="gef"`, and read through GEF_COLUMNS: see
docs/importing.md, section "Projects", for the mapping.
"""

import logging
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from hub.cldr import territory_name
from hub.models import Country, Project, ThematicArea
from hub.spreadsheets import plain_cell
from library.sanitise import plain_text

from .errors import RowError, problems_from_validation_error
from .reading import ImportFileError, Row, Source, format_of, json_type, parse_source
from .report import ImportReport
from .schema import LIST_SEPARATOR
from .validation import text_cell

COLUMNS = (
    "project_id",
    "programme",
    "title",
    "countries",
    "agency",
    "status",
    "approval_date",
    "amount_usd",
    "cofinancing_usd",
    "url",
    "thematic_areas",
)
REQUIRED = ("project_id",)
LISTS = ("countries", "thematic_areas")
TEXT_COLUMNS = ("project_id", "programme", "title", "agency", "status", "url", "project_type")
MAX_LENGTHS = {"project_id": 64, "title": 500, "agency": 255, "url": 500, "project_type": 255}
FORMATS = ("auto", "native", "gef")
CHUNK_SIZE = 250
logger = logging.getLogger(__name__)
# DecimalField(max_digits=14, decimal_places=2): whole dollars below 10^12.
MAX_AMOUNT = Decimal("999999999999.99")

# The GEF export's headings (lower case, as the reader gives them) → our column. Several
# spellings: the GEF website has renamed its export columns over the years.
GEF_COLUMNS = {
    "gef id": "project_id",
    "gef project id": "project_id",
    "project id": "project_id",
    "id": "project_id",
    "title": "title",
    "project title": "title",
    "project name": "title",
    "countries": "countries",
    "country": "countries",
    "agencies": "agency",
    "agency": "agency",
    "gef agency": "agency",
    "gef agencies": "agency",
    "implementing agency": "agency",
    "status": "status",
    "project status": "status",
    "approval fy": "approval_fy",
    "approval fiscal year": "approval_fy",
    "approval date": "approval_date",
    "gef grant": "amount_usd",
    "grant": "amount_usd",
    "gef project grant": "amount_usd",
    "cofinancing": "cofinancing_usd",
    "co-financing": "cofinancing_usd",
    "co-financing total": "cofinancing_usd",
    "cofinancing total": "cofinancing_usd",
    "project type": "project_type",
    "type": "project_type",
    "url": "url",
    "project url": "url",
    "link": "url",
}
# Headings only the GEF export has: one of them in the header row means the GEF format.
GEF_MARKERS = {"gef id", "gef project id", "gef grant", "gef project grant", "approval fy"}
# The GEF's project cycle stages → our statuses (lower case). Our own values are accepted too.
GEF_STATUSES = {
    "concept approved": Project.Status.CONCEPT,
    "concept proposed": Project.Status.CONCEPT,
    "pif approved": Project.Status.CONCEPT,
    "pif clearance": Project.Status.CONCEPT,
    "pipeline": Project.Status.CONCEPT,
    "pending": Project.Status.CONCEPT,
    "received by gefsec": Project.Status.CONCEPT,
    "project approved": Project.Status.APPROVED,
    "council approved": Project.Status.APPROVED,
    "ceo approved": Project.Status.APPROVED,
    "ceo endorsed": Project.Status.APPROVED,
    "under implementation": Project.Status.ONGOING,
    "implementation": Project.Status.ONGOING,
    "project implementation": Project.Status.ONGOING,
    "completed": Project.Status.COMPLETED,
    "project completion": Project.Status.COMPLETED,
    "project closure": Project.Status.COMPLETED,
    "closed": Project.Status.COMPLETED,
    "financially closed": Project.Status.COMPLETED,
    "cancelled": Project.Status.CANCELLED,
    "canceled": Project.Status.CANCELLED,
    "dropped": Project.Status.CANCELLED,
    "withdrawn": Project.Status.CANCELLED,
    "rejected": Project.Status.CANCELLED,
}
# "Countries" cells of GEF projects with no single country: they name none, so the project's
# countries are left as they are (an editor may have listed a regional project's countries).
GEF_NO_COUNTRY = {"global", "regional", "multi-country", "multiple countries"}
# The GEF's (and the UN's) spellings that neither our names nor CLDR's match.
COUNTRY_ALIASES = {
    "bolivia": "BOL",
    "cape verde": "CPV",
    "congo dr": "COD",
    "congo, dr": "COD",
    "congo, democratic republic of": "COD",
    "democratic republic of the congo": "COD",
    "congo, republic of": "COG",
    "republic of the congo": "COG",
    "cote d'ivoire": "CIV",
    "ivory coast": "CIV",
    "egypt, arab republic of": "EGY",
    "gambia, the": "GMB",
    "iran": "IRN",
    "iran, islamic republic of": "IRN",
    "korea, dpr": "PRK",
    "korea, republic of": "KOR",
    "republic of korea": "KOR",
    "kyrgyz republic": "KGZ",
    "lao pdr": "LAO",
    "lao people's democratic republic": "LAO",
    "macedonia": "MKD",
    "micronesia": "FSM",
    "micronesia, federated states of": "FSM",
    "moldova": "MDA",
    "republic of moldova": "MDA",
    "st. kitts and nevis": "KNA",
    "st. lucia": "LCA",
    "st. vincent and grenadines": "VCT",
    "st. vincent and the grenadines": "VCT",
    "swaziland": "SWZ",
    "syria": "SYR",
    "tanzania": "TZA",
    "united republic of tanzania": "TZA",
    "turkey": "TUR",
    "venezuela": "VEN",
    "vietnam": "VNM",
    "yemen, republic of": "YEM",
}

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


# Reading ------------------------------------------------------------------------------------------


def read_projects(path):
    """The rows of a .csv, .json or .xlsx file (ImportFileError if it cannot be read at all)."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: is a folder, not a file.") from None
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror}).") from None
    if suffix == "xlsx":
        return parse_xlsx(path.name, data)
    if suffix not in ("csv", "json"):
        raise ImportFileError(
            f"{path.name}: give a .csv, .xlsx or .json file (this one ends in {suffix or 'no extension'!r})."
        )
    return parse_source(path.name, data, format_of(path.name))


def _cell(value):
    """An XLSX cell as the CSV reader would give it, numbers and dates kept typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return plain_cell(value)
    return value


def parse_xlsx(name, data):
    """The first sheet of a workbook: its first non-empty row names the columns."""
    import io

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportFileError(f"{name}: is not an Excel workbook (.xlsx) that can be read.") from None
    try:
        lines = workbook.worksheets[0].iter_rows(values_only=True) if workbook.worksheets else iter(())
        header = None
        rows = []
        for cells in lines:
            cells = [_cell(value) for value in cells]
            if not any(str(cell).strip() for cell in cells):
                continue
            if header is None:
                header = [str(cell).strip().lower() for cell in cells]
                while header and not header[-1]:
                    header.pop()
                for position, column in enumerate(header, start=1):
                    if not column:
                        raise ImportFileError(f"{name}: column {position} of the header row has no name.")
                    if header.index(column) != position - 1:
                        raise ImportFileError(f"{name}: the column {column!r} appears twice in the header row.")
                continue
            row = Row(number=len(rows) + 1)
            extra = [cell for cell in cells[len(header) :] if str(cell).strip()]
            if extra:
                row.problem = f"has cells beyond the {len(header)} columns the header names"
            row.data = dict(zip(header, cells, strict=False))
            rows.append(row)
    finally:
        workbook.close()
    if header is None:
        raise ImportFileError(f"{name}: the workbook is empty; the first row must name the columns.")
    return Source(name=name, format="xlsx", columns=header, rows=rows)


def is_gef_export(columns):
    return "project_id" not in columns and bool(GEF_MARKERS & set(columns))


def from_gef(source):
    """The GEF export's rows under our column names; (source, ignored GEF columns)."""
    mapping = {column: GEF_COLUMNS[column] for column in source.columns if column in GEF_COLUMNS}
    taken = {}
    for column, ours in mapping.items():
        taken.setdefault(ours, column)  # the first spelling in the file wins ("GEF ID" before "ID")
    used = {column: ours for ours, column in taken.items()}
    ignored = [column for column in source.columns if column not in used]
    rows = []
    for row in source.rows:
        data = {ours: row.data[column] for column, ours in used.items() if column in row.data}
        data["programme"] = Project.Programme.GEF
        rows.append(Row(number=row.number, data=data, problem=row.problem))
    columns = [*used.values(), "programme"]
    return Source(name=source.name, format=source.format, columns=columns, rows=rows), ignored


# Vocabulary ---------------------------------------------------------------------------------------


def _name_key(name):
    """Names compared without case, accents or punctuation ("Côte d’Ivoire" = "cote d'ivoire")."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass
class Vocabulary:
    countries: dict  # ISO alpha-3 → Country (source locale)
    names: dict  # _name_key(name) → Country
    areas: dict  # slug → ThematicArea (source locale)

    @classmethod
    def load(cls):
        countries = {country.iso3.upper(): country for country in Country.objects.default_locale()}
        names = {}
        for alias, iso3 in COUNTRY_ALIASES.items():
            if iso3 in countries:
                names[_name_key(alias)] = countries[iso3]
        for country in countries.values():
            # CLDR's English names ("Türkiye", "Myanmar (Burma)"), then ours, which win a clash.
            for language in ("en", "en_001"):
                cldr = territory_name(country.iso2, language) if country.iso2 else ""
                if cldr:
                    names[_name_key(cldr)] = country
            names[_name_key(country.name)] = country
        areas = {area.slug: area for area in ThematicArea.objects.default_locale()}
        return cls(countries=countries, names=names, areas=areas)

    def country_named(self, name):
        return self.names.get(_name_key(name))


# Checking a row -----------------------------------------------------------------------------------


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
    chosen = []
    for item in (item.strip() for item in items):
        if item and item not in chosen:
            chosen.append(item)
    return chosen


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


# Applying -----------------------------------------------------------------------------------------

# Model fields whose errors belong to another import column.
_COLUMN_FOR_FIELD = {"approval_year": "approval_date"}


def _apply(record, existing):
    """Create or update one project; "created", "updated" or "unchanged"."""
    project = existing or Project(project_id=record.project_id)
    if existing is None and not record.values.get("programme"):
        raise RowError("programme", "is required for a new project")
    values = dict(record.values)
    if record.fiscal_year and not (existing and existing.approval_date):
        values.update(approval_date=None, approval_year=record.fiscal_year)
    changed = [name for name, value in values.items() if getattr(project, name) != value]
    changed_m2m = [
        name
        for name, objects in record.m2m.items()
        if existing is None or {item.pk for item in getattr(project, name).all()} != {item.pk for item in objects}
    ]
    if existing is not None and not changed and not changed_m2m:
        return "unchanged"
    for name in changed:
        setattr(project, name, values[name])
    try:
        project.full_clean()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            error = ValidationError(
                {_COLUMN_FOR_FIELD.get(name, name): value for name, value in error.error_dict.items()}
            )
        raise RowError(problems_from_validation_error(error)) from None
    if existing is None or changed:
        project.save()
    for name in changed_m2m:
        getattr(project, name).set(record.m2m[name])
    return "created" if existing is None else "updated"


class _DryRunDone(Exception):
    """Raised at the end of a dry run to roll everything back."""


def import_projects(path, *, dry_run=False, fmt="auto", progress=None):
    """Import the .csv, .xlsx or .json file at `path` (`fmt`: auto, native or gef)."""
    return import_project_source(read_projects(path), dry_run=dry_run, fmt=fmt, progress=progress)


def import_project_source(source, *, dry_run=False, fmt="auto", progress=None, chunk_size=CHUNK_SIZE):
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}")
    started = time.monotonic()
    report = ImportReport(dry_run=dry_run)
    gef = fmt == "gef" or (fmt == "auto" and is_gef_export(source.columns))
    if gef:
        source, ignored = from_gef(source)
        report.warnings.append("Read as the GEF project database's export (programme: gef).")
        if ignored:
            report.warnings.append(f"Ignored GEF column(s): {', '.join(ignored)}.")
        known = set(source.columns)
    else:
        known = set(COLUMNS)
        unknown = [column for column in source.columns if column not in known]
        if unknown:
            report.warnings.append(f"Ignored unknown column(s): {', '.join(unknown)}.")
    missing = [column for column in REQUIRED if column not in source.columns]
    if missing and source.rows:
        report.warnings.append(f"The file has no {', '.join(missing)} column: every row needs one.")
    if progress:
        for warning in report.warnings:
            progress(warning)
    columns = [column for column in source.columns if column in known]
    vocabulary = Vocabulary.load()
    records, first_row = [], {}
    for row in source.rows:
        record, problems = check_row(row, vocabulary, columns, gef=gef)
        project_id = text_cell(row.data, "project_id", []) if isinstance(row.data, dict) else ""
        if project_id and project_id in first_row:
            problems = [
                *problems,
                ("project_id", f"{project_id!r} is also in row {first_row[project_id]} of this file"),
            ]
            record = None
        elif project_id:
            first_row[project_id] = row.number
        if problems:
            report.fail(row.number, problems)
        else:
            records.append(record)
    chunks = [records[start : start + chunk_size] for start in range(0, len(records), chunk_size)]
    if dry_run:
        try:
            with transaction.atomic():
                for chunk in chunks:
                    _apply_chunk(chunk, report)
                raise _DryRunDone
        except _DryRunDone:
            pass
    else:
        for chunk in chunks:
            with transaction.atomic():
                _apply_chunk(chunk, report)
    report.seconds = time.monotonic() - started
    return report


def _apply_chunk(records, report):
    existing = {
        project.project_id: project
        for project in Project.objects.filter(
            project_id__in=[record.project_id for record in records]
        ).prefetch_related("countries", "thematic_areas")
    }
    for record in records:
        try:
            with transaction.atomic():  # the row's savepoint: whole or not at all
                outcome = _apply(record, existing.get(record.project_id))
        except RowError as error:
            report.fail(record.row, error.problems)
        except ValidationError as error:
            report.fail(record.row, problems_from_validation_error(error))
        except Exception as error:  # noqa: BLE001 - one bad row must not stop the others
            logger.exception("Project import row %s failed unexpectedly", record.row)
            report.fail(record.row, [("row", f"could not be imported ({type(error).__name__}: {error})")])
        else:
            report.count(outcome)

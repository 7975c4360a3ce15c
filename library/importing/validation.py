"""One import row → a clean ResourceRecord, or every (column, reason) wrong with it.

Column semantics are CONTRACTS.md §4. Only the columns the file has are imported: a column
the file lacks leaves that field of an existing resource alone, while an empty cell clears it
(or restores the default: `languages` → en, `collections` → minamata). Plain-text columns are
sanitised (library.sanitise.plain_text): harvested HTML never reaches a page.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from library.models import ResourceAuthor, ResourcePage
from library.sanitise import plain_text

from . import files
from .errors import RowError
from .reading import json_type
from .schema import DEFAULT_LANGUAGE, LIST_SEPARATOR, LISTS, REQUIRED
from .vocabulary import LANGUAGE_CODES

_URL = URLValidator(schemes=["http", "https"])
_DATE_FORMATS = {4: "year", 7: "month", 10: "day"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TAXONOMY_COLUMNS = {
    # column: (vocabulary attribute, what a value is, how values are matched)
    "pillars": ("pillars", "a pillar slug", str.strip),
    "thematic_areas": ("thematic_areas", "a thematic area slug", str.strip),
    "gmp_areas": ("gmp_areas", "a GMP partnership area slug", str.strip),
    "countries": ("countries", "the ISO 3166-1 alpha-3 code of a known country", str.upper),
    "articles": ("articles", "a Convention article number or annex letter", str.upper),
    "collections": ("collections", "a library collection (minamata, gmp)", str.strip),
}
MAX_LENGTHS = {"identifier": 255, "title": 255, "symbol": 100, "publisher": 255}


@dataclass
class ResourceRecord:
    """A validated row: field values to set, with lists kept apart from plain values."""

    row: int
    identifier: str
    values: dict = field(default_factory=dict)  # ResourcePage field → value
    m2m: dict = field(default_factory=dict)  # ParentalManyToManyField name → [terms]
    tags: list | None = None  # tag names, or None when the file has no `tags` column
    authors: list | None = None  # [(name, kind)], or None when the file has no `authors` column
    file: files.FileSpec | None = None
    # Applied only when the resource is created: the defaults of columns the file lacks.
    defaults: dict = field(default_factory=dict)
    defaults_m2m: dict = field(default_factory=dict)


def text_cell(data, column, problems):
    value = data.get(column)
    if value is None:
        return ""
    if isinstance(value, bool | list | dict):
        problems.append((column, f"must be text, not {json_type(value)}"))
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _list(data, column, problems):
    value = data.get(column)
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(LIST_SEPARATOR)
    elif isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                problems.append((column, f"must be a list of text values, not a list holding {json_type(item)}"))
                return []
            items.append(str(int(item)) if isinstance(item, float) and item.is_integer() else str(item))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        items = [str(value)]
    else:
        problems.append((column, f"must be a list, not {json_type(value)}"))
        return []
    return unique_items(items)


def unique_items(items):
    """The non-empty items, stripped, each once, in their first order."""
    seen = []
    for item in (item.strip() for item in items):
        if item and item not in seen:
            seen.append(item)
    return seen


def parse_date(value):
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` → (date, precision); ValueError otherwise."""
    if not _DATE.match(value):
        raise ValueError(value)
    parts = [int(part) for part in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2]), _DATE_FORMATS[len(value)]


def author_kind(name):
    """A name with a comma ("Family, Given") is a person; anything else is a corporate author."""
    return ResourceAuthor.Kind.PERSON if "," in name else ResourceAuthor.Kind.ORGANISATION


def validate_row(row, vocabulary, columns, base_dir):
    """Return (ResourceRecord, []) or (None, [(column, reason), …])."""
    if row.problem:
        return None, [("row", row.problem)]
    data, problems = row.data, []
    present = set(columns)
    text = {column: text_cell(data, column, problems) for column in columns if column not in LISTS}
    lists = {column: _list(data, column, problems) for column in columns if column in LISTS}
    for column in REQUIRED:
        if not text.get(column):
            problems.append((column, "is required"))
    for column, limit in MAX_LENGTHS.items():
        if len(text.get(column, "")) > limit:
            problems.append((column, f"is longer than {limit} characters"))
    record = ResourceRecord(row=row.number, identifier=text.get("identifier", ""))
    values = record.values
    values["identifier"] = record.identifier
    values["title"] = plain_text(text.get("title", ""))

    slug = text.get("resource_type")
    if slug:
        values["resource_type"] = vocabulary.resource_types.get(slug)
        if values["resource_type"] is None:
            problems.append(("resource_type", f"{slug!r} is not a resource type slug"))

    if "publication_date" in present:
        raw = text["publication_date"]
        values["publication_date"], values["date_precision"] = None, ResourcePage.DatePrecision.DAY
        if raw:
            try:
                values["publication_date"], values["date_precision"] = parse_date(raw)
            except ValueError:
                problems.append(("publication_date", f"{raw!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"))

    if "summary" in present:
        values["summary"] = plain_text(text["summary"], keep_paragraphs=True)

    languages = lists.get("languages") or [DEFAULT_LANGUAGE]
    languages = [code.lower() for code in languages]
    unknown = [code for code in languages if code not in LANGUAGE_CODES]
    for code in unknown:
        problems.append(("languages", f"{code!r} is not one of the six UN languages ({', '.join(LANGUAGE_CODES)})"))
    if "languages" in present:
        values["languages"] = languages
    else:
        record.defaults["languages"] = languages

    if "url" in present:
        url = text["url"]
        values["external_url"] = url
        if url:
            try:
                _URL(url)
            except ValidationError:
                problems.append(("url", f"{url!r} is not a web address starting with http:// or https://"))
            if len(url) > 500:
                problems.append(("url", "is longer than 500 characters"))

    if "publisher" in present:
        name = plain_text(text["publisher"])
        organisation = vocabulary.organisations.get(name.lower()) if name else None
        values["publisher"] = organisation
        values["publisher_name"] = "" if organisation else name

    if "authors" in present:
        names = [plain_text(name) for name in lists["authors"]]
        record.authors = [(name, author_kind(name)) for name in names if name]
        for name in names:
            if len(name) > 255:
                problems.append(("authors", f"{name[:40]!r}… is longer than 255 characters"))

    for column, (attribute, what, normalise) in TAXONOMY_COLUMNS.items():
        if column not in present:
            continue
        terms, chosen = getattr(vocabulary, attribute), []
        for value in lists[column]:
            term = terms.get(normalise(value))
            if term is None:
                problems.append((column, f"{value!r} is not {what}"))
            elif term not in chosen:
                chosen.append(term)
        record.m2m[column] = chosen
    default_collections = [vocabulary.default_collection] if vocabulary.default_collection else []
    if "collections" in present and not lists["collections"]:
        record.m2m["collections"] = default_collections
    elif "collections" not in present:
        record.defaults_m2m["collections"] = default_collections

    if "tags" in present:
        record.tags = [plain_text(tag)[:100] for tag in lists["tags"]]
        record.tags = [tag for position, tag in enumerate(record.tags) if tag and tag not in record.tags[:position]]

    if "symbol" in present:
        values["symbol"] = text["symbol"]

    if "meeting" in present:
        slug = text["meeting"]
        values["meeting"] = vocabulary.meetings.get(slug) if slug else None
        if slug and values["meeting"] is None:
            problems.append(("meeting", f"{slug!r} is not a meeting slug (e.g. cop-1)"))

    if "license" in present:
        raw = text["license"]
        values["licence"] = vocabulary.licences.get(raw.lower(), "") if raw else ""
        if raw and not values["licence"]:
            known = ", ".join(ResourcePage.Licence.values)
            problems.append(("license", f"{raw!r} is not a licence this library knows ({known})"))

    if text.get("file"):
        try:
            record.file = files.check(text["file"], base_dir, languages[0] if not unknown else DEFAULT_LANGUAGE)
        except RowError as error:
            problems.extend(error.problems)

    if problems:
        return None, problems
    return record, []

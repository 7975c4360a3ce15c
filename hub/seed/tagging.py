"""The subjects of the seed's decisions, COP documents, events and library resources, curated by hand.

`content/subjects.json` lists, for every record the seed loads, the thematic areas (contracts
§4c) and Convention articles or annexes it concerns, decided by a person reading its subject, so a
knowledge manager can read and correct them (content/README.md). Nothing is inferred from titles.

The file is checked while the seed validates, before anything is written: an unknown slug, an
entry for a record the seed does not have, an entry given twice, or a seeded record without an
entry is a `SeedDataError` naming the file and the entry. The seed writes these tags only when it
creates a page or updates one nobody has edited (hub/seed/context.py `upsert_page`), so an
editor's tags in the admin are kept.
"""

import json
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType

from . import prose, records
from .datafiles import SeedDataError

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SUBJECTS_FILE = "subjects.json"

# kind → (section in the file, fields that identify a record, the data file that holds the records)
KINDS = MappingProxyType(
    {
        "decision": ("decisions", ("symbol",), "library/seed/data/decisions.json"),
        "document": ("documents", ("symbol",), "library/seed/data/documents.json"),
        "event": ("events", ("title", "start_date"), "hub/seed/data/events.json"),
        "resource": ("resources", ("title",), "library/seed/data/resources.json"),
    }
)
# Fields a reader may add for themselves; the seed does not read them.
NOTE_FIELDS = ("about", "note")


def entry_key(kind, key):
    """A record's key as the file writes it: a text, or (title, "YYYY-MM-DD") for an event."""
    if kind == "event":
        title, start = key
        return (title, start.isoformat() if isinstance(start, date) else start)
    return key


def _describe(key):
    return " on ".join(key) if isinstance(key, tuple) else key


class Subjects:
    """The parsed file: `subjects_for(kind, key)` → (area slugs, article slugs)."""

    def __init__(self, path, entries):
        self.path = path
        self._entries = entries  # kind → {key: (areas, articles, where)}

    def subjects_for(self, kind, key, required_articles=()):
        """(area slugs, article slugs) of one seeded record, in the file's order.

        `required_articles`: articles the record's own data names (a decision's
        `related_articles`), which the entry must list too, so the two files cannot disagree.
        """
        key = entry_key(kind, key)
        section, fields, data_file = KINDS[kind]
        found = self._entries[kind].get(key)
        if found is None:
            raise SeedDataError(
                self.path,
                f"{section}: no entry for the {kind} {_describe(key)!r}; add one with its "
                f"{' and '.join(fields)}, and empty lists when no area or article applies",
            )
        areas, articles, where = found
        missing = [slug for slug in required_articles if slug not in articles]
        if missing:
            raise SeedDataError(
                self.path, f"{where}: articles: lacks {', '.join(missing)}, named by related_articles in {data_file}"
            )
        return list(areas), list(articles)

    def check_complete(self, kind, keys):
        """Every seeded record of a kind has an entry, and every entry a seeded record."""
        keys = [entry_key(kind, key) for key in keys]
        section, _fields, data_file = KINDS[kind]
        for key in keys:
            self.subjects_for(kind, key)
        known = set(keys)
        for key, (_areas, _articles, where) in self._entries[kind].items():
            if key not in known:
                raise SeedDataError(self.path, f"{where}: no such {kind} in {data_file}; correct or remove the entry")

    def items(self, kind):
        """(key, areas, articles) of every entry of a kind, in file order."""
        return [(key, list(areas), list(articles)) for key, (areas, articles, _where) in self._entries[kind].items()]


def parse_subjects(path, area_slugs, article_slugs):
    """Read and check the file's form and slugs (completeness is `Subjects.check_complete`)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedDataError(path, "file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SeedDataError(path, f"not readable JSON ({error})") from None
    sections = {section: kind for kind, (section, _fields, _data) in KINDS.items()}
    if not isinstance(data, dict) or set(data) != set(sections):
        raise SeedDataError(path, f"must be an object with the lists {', '.join(sections)}")
    entries = {}
    for section, kind in sections.items():
        _section, fields, _data = KINDS[kind]
        if not isinstance(data[section], list):
            raise SeedDataError(path, f"{section}: must be a list of entries")
        entries[kind] = by_key = {}
        for index, item in enumerate(data[section], start=1):
            where = f"{section} entry {index}"
            if not isinstance(item, dict):
                raise SeedDataError(path, f"{where}: must be an object")
            values = [item.get(field) for field in fields]
            if not all(isinstance(value, str) and value.strip() for value in values):
                raise SeedDataError(path, f"{where}: {' and '.join(fields)} required")
            key = values[0].strip() if len(values) == 1 else tuple(value.strip() for value in values)
            where = f"{where} ({_describe(key)})"
            if kind == "event":
                try:
                    date.fromisoformat(key[1])
                except ValueError:
                    raise SeedDataError(path, f"{where}: start_date {key[1]!r} is not a date (YYYY-MM-DD)") from None
            unknown_fields = set(item) - {*fields, "areas", "articles", *NOTE_FIELDS}
            if unknown_fields:
                raise SeedDataError(path, f"{where}: unknown field {', '.join(sorted(unknown_fields))}")
            areas = _slugs(path, where, item, "areas", area_slugs, "thematic area (contracts §4c)")
            articles = _slugs(path, where, item, "articles", article_slugs, "Convention article or annex")
            if key in by_key:
                raise SeedDataError(path, f"{where}: given twice (also {by_key[key][2]})")
            by_key[key] = (tuple(areas), tuple(articles), where)
    return Subjects(path, entries)


def _slugs(path, where, item, field, known, what):
    value = item.get(field)
    if not isinstance(value, list) or not all(isinstance(slug, str) for slug in value):
        raise SeedDataError(path, f"{where}: {field}: must be a list of slugs (an empty list when none applies)")
    for slug in value:
        if slug not in known:
            raise SeedDataError(path, f"{where}: {field}: {slug!r} is not a {what} slug")
    if len(set(value)) != len(value):
        raise SeedDataError(path, f"{where}: {field}: a slug is listed twice")
    return value


def subjects(context):
    """The file for this seed run (`--data-dir` may replace it), read and checked once.

    Checked against the hub's events here; the library's seed checks its decisions, documents
    and resources (library/seed/parsing.py), so the whole file is checked while validating.
    """
    if "subjects" not in context.data:
        hub = context.data.get("hub")
        if hub is None:
            hub = context.data["hub"] = records.parse_all(context)
        path = context.data_file(CONTENT_DIR, SUBJECTS_FILE)
        parsed = parse_subjects(path, _area_slugs(), {article.slug for article in hub.articles})
        parsed.check_complete("event", [(event.title, event.start_date) for event in hub.events])
        context.data["subjects"] = parsed
    return context.data["subjects"]


def subjects_for(kind, key):
    """(area slugs, article slugs) of a record in the packaged file, outside a seed run (tests, shell)."""
    return _packaged().subjects_for(kind, key)


@cache
def _packaged():
    articles = records.parse_articles(records.DATA_DIR / records.ARTICLES_FILE)
    return parse_subjects(CONTENT_DIR / SUBJECTS_FILE, _area_slugs(), {article.slug for article in articles})


def _area_slugs():
    return {area["slug"] for area in prose.THEMATIC_AREAS}

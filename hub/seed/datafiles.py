"""Seed data files: JSON arrays of records, read with typed accessors that fail naming the file and record.

Every app's seed parser reads its files through `read_records`, so a malformed file is reported
the same way everywhere ("parties.json: record 5 (Angola): ratification_date: …") before anything
is written.
"""

import json
from datetime import date
from pathlib import Path


class SeedError(Exception):
    """The seed cannot be loaded; the message says where and why."""


class SeedDataError(SeedError):
    """A seed data file is malformed. The message names the file and the record."""

    def __init__(self, path, message, index=None, label=None, key=None):
        self.path = Path(path)
        self.index = index
        self.label = label
        self.key = key
        where = str(self.path)
        if index is not None:
            where += f": record {index}"
            if label:
                where += f" ({label})"
        if key:
            where += f": {key}"
        super().__init__(f"{where}: {message}")


class Record:
    """One object of a data file, with typed accessors that fail naming the file and the record.

    `index` counts from 1 as a person reading the file would.
    """

    def __init__(self, path, index, data, label_key):
        self.path = path
        self.index = index
        self.data = data
        label = data.get(label_key) if isinstance(data, dict) else None
        self.label = str(label) if label else None

    def fail(self, key, message):
        raise SeedDataError(self.path, message, index=self.index, label=self.label, key=key)

    def raw(self, key, default=None):
        return self.data.get(key, default)

    def text(self, key, required=False, max_length=None):
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.fail(key, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(key, f"must be text, not {type(value).__name__}")
        value = value.strip()
        if max_length and len(value) > max_length:
            self.fail(key, f"is longer than {max_length} characters")
        return value

    def integer(self, key, required=False):
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"must be a whole number, not {value!r}")
        return value

    def date(self, key, required=False):
        value = self.text(key, required=required)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"{value!r} is not a date (YYYY-MM-DD)")

    def partial_date(self, key):
        """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` → (date, precision), precision "year"/"month"/"day"."""
        value = self.data.get(key)
        if value is None or value == "":
            return None, None
        value = str(value).strip()
        try:
            if len(value) == 4:
                return date(int(value), 1, 1), "year"
            if len(value) == 7:
                year, month = value.split("-")
                return date(int(year), int(month), 1), "month"
            return date.fromisoformat(value), "day"
        except ValueError:
            self.fail(key, f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")

    def string_list(self, key, required=False):
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(key, "must be a list of text values")
        return [item.strip() for item in value if item.strip()]

    def choice(self, key, choices, required=False):
        value = self.text(key, required=required)
        if value and value not in choices:
            self.fail(key, f"{value!r} is not one of {', '.join(sorted(choices))}")
        return value


def read_records(path, label_key):
    """Parse a seed data file: a JSON array of objects. Raises SeedDataError naming the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedDataError(path, "file not found") from None
    except UnicodeDecodeError as error:
        raise SeedDataError(path, f"not UTF-8 ({error})") from None
    except json.JSONDecodeError as error:
        raise SeedDataError(path, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    if not isinstance(data, list):
        raise SeedDataError(path, "must be a JSON array of objects")
    records = []
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise SeedDataError(path, "must be an object", index=index)
        records.append(Record(path, index, item, label_key))
    return records

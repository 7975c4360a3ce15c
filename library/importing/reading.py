"""Reading an import file into rows: CSV with a header row, or JSON (a list of objects).

The format follows the extension. A file that cannot be read at all (wrong type, not UTF-8,
broken JSON, not a list) raises ImportFileError with a message for the person importing;
problems with single rows travel with the row and are reported per row.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from hub.spreadsheets import plain_cell

FORMATS = ("csv", "json")
NOTE_KEY = "#"  # library/exports.py closes a truncated export with a note under this key


class ImportFileError(Exception):
    """The whole import cannot proceed; the message says why and nothing was changed."""


@dataclass
class Row:
    """One data row: `number` counts from 1 (CSV data rows, JSON list items)."""

    number: int
    data: dict = field(default_factory=dict)
    problem: str = ""  # set when the row itself is malformed (e.g. a JSON item that is not an object)


@dataclass
class Source:
    name: str
    format: str
    columns: list
    rows: list


def format_of(name):
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ImportFileError(f"{name}: give a .csv or .json file (this one ends in {suffix or 'no extension'!r}).")
    return suffix


def read_source(path):
    """Read and parse the file at `path`."""
    path = Path(path)
    fmt = format_of(path.name)
    return parse_source(path.name, read_bytes(path), fmt)


def read_bytes(path):
    """The file's bytes; ImportFileError saying why when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: is a folder, not a file.") from None
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror}).") from None


def parse_source(name, data, fmt=None):
    """Parse the bytes of an import file named `name` (the name decides the format)."""
    fmt = fmt or format_of(name)
    text = _decode(name, data)
    return _parse_csv(name, text) if fmt == "csv" else _parse_json(name, text)


def _decode(name, data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise ImportFileError(
            f"{name}: is not UTF-8 text (byte 0x{byte:02x} at position {error.start}). "
            "Save it as UTF-8 (in a spreadsheet: “CSV UTF-8”) and import it again."
        ) from None


def json_type(value):
    """The JSON name of a parsed value's type, for messages."""
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _column_name(value):
    return str(value).strip().lower()


def _is_note(cells):
    """A row with only a first cell starting with "#": the note closing a truncated export."""
    return cells[0].startswith(NOTE_KEY) and not any(cell.strip() for cell in cells[1:])


def _parse_csv(name, text):
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            raise ImportFileError(f"{name}: the file is empty; the first line must name the columns.")
        columns = [_column_name(cell) for cell in header]
        for position, column in enumerate(columns, start=1):
            if not column:
                raise ImportFileError(f"{name}: column {position} of the header row has no name.")
            if columns.index(column) != position - 1:
                raise ImportFileError(f"{name}: the column {column!r} appears twice in the header row.")
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells) or _is_note(cells):
                continue  # blank lines and an export's closing note are not data rows
            row = Row(number=len(rows) + 1)
            extra = [cell for cell in cells[len(columns) :] if cell.strip()]
            if extra:
                row.problem = f"has {len(cells)} cells but the header names {len(columns)} columns"
            # Cells our exports quoted against formula injection read as they were written.
            row.data = dict(zip(columns, map(plain_cell, cells), strict=False))
            rows.append(row)
    except csv.Error as error:
        raise ImportFileError(f"{name}: line {reader.line_num} is not valid CSV ({error}).") from None
    return Source(name=name, format="csv", columns=columns, rows=rows)


def _parse_json(name, text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{name}: is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise ImportFileError(f"{name}: is nested too deeply to be an import file.") from None
    if not isinstance(data, list):
        raise ImportFileError(f"{name}: must hold a JSON list of objects, one per resource.")
    columns, rows = [], []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            rows.append(Row(number=number, problem=f"is {json_type(item)}, not an object"))
            continue
        if list(item) == [NOTE_KEY]:
            continue  # an export's closing note (library/exports.py), not a resource
        row = Row(number=number, data={_column_name(key): value for key, value in item.items()})
        columns.extend(key for key in row.data if key not in columns)
        rows.append(row)
    return Source(name=name, format="json", columns=columns, rows=rows)

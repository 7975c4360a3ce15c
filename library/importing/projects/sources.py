"""Reading a project file (CSV, XLSX or JSON) and recognising the GEF export."""

import zipfile
from datetime import date, datetime
from pathlib import Path

from hub.models import Project
from hub.spreadsheets import plain_cell

from ..reading import ImportFileError, Row, Source, format_of, parse_source, read_bytes
from .columns import GEF_COLUMNS, GEF_MARKERS


def read_projects(path):
    """The rows of a .csv, .json or .xlsx file (ImportFileError if it cannot be read at all)."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    data = read_bytes(path)
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

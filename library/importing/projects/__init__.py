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
import time

from django.core.exceptions import ValidationError
from django.db import transaction

from hub.models import Project

from ..errors import RowError, problems_from_validation_error
from ..report import ImportReport
from ..validation import text_cell
from .applying import _apply
from .checking import ProjectRecord, approval_year_of_fiscal_year, check_row, parse_amount, parse_approval_date
from .columns import (
    CHUNK_SIZE,
    COLUMNS,
    COUNTRY_ALIASES,
    FORMATS,
    GEF_COLUMNS,
    GEF_MARKERS,
    GEF_NO_COUNTRY,
    GEF_STATUSES,
    LISTS,
    MAX_AMOUNT,
    MAX_LENGTHS,
    REQUIRED,
    TEXT_COLUMNS,
)
from .sources import from_gef, is_gef_export, parse_xlsx, read_projects
from .vocabulary import Vocabulary

__all__ = [
    "CHUNK_SIZE",
    "COLUMNS",
    "COUNTRY_ALIASES",
    "FORMATS",
    "GEF_COLUMNS",
    "GEF_MARKERS",
    "GEF_NO_COUNTRY",
    "GEF_STATUSES",
    "LISTS",
    "MAX_AMOUNT",
    "MAX_LENGTHS",
    "ProjectRecord",
    "REQUIRED",
    "TEXT_COLUMNS",
    "Vocabulary",
    "approval_year_of_fiscal_year",
    "check_row",
    "from_gef",
    "import_project_source",
    "import_projects",
    "is_gef_export",
    "parse_amount",
    "parse_approval_date",
    "parse_xlsx",
    "read_projects",
]

logger = logging.getLogger(__name__)


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

"""Running an import: read, validate every row, apply in chunks, index, report.

Each row is applied whole or not at all (a savepoint per row). Rows are committed a chunk at a
time, so a long import holds no lock for long and an interruption keeps the chunks already
done (running the file again finishes the job: rows already imported come back "unchanged").
Search and reference indexes are brought up to date after each chunk commits, in bulk, with
hub.seed.indexing. A dry run does the same work inside a transaction it rolls back, deletes the
files it stored, and indexes nothing, so its counts are exactly those a real run would report.
"""

import logging
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from hub.seed.indexing import deferred_indexing
from library.models import ResourcePage

from . import bulk
from .applying import Applier, find_library
from .errors import RowError, problems_from_validation_error
from .files import DocumentStore
from .indexing import index_new_pages
from .reading import read_source
from .report import ImportReport
from .schema import COLUMNS, DEFAULT_COLLECTION, REQUIRED
from .validation import validate_row
from .vocabulary import Vocabulary

logger = logging.getLogger(__name__)
CHUNK_SIZE = 250
PROGRESS_EVERY = 1000  # rows; imports shorter than this print no progress


class _DryRunDone(Exception):
    """Raised at the end of a dry run to roll everything back and skip indexing."""


class _IndexingContext:
    """The small part of hub's SeedContext that hub.seed.indexing talks to."""

    def __init__(self, progress=None):
        self.progress = progress

    def section(self, title):
        return nullcontext()

    def write(self, message="", style=None):
        if self.progress and style == "WARNING":
            self.progress(message.strip())


def import_file(path, *, dry_run=False, user=None, progress=None):
    """Import the CSV or JSON file at `path`; files it names are found beside it."""
    path = Path(path)
    return import_source(
        read_source(path), base_dir=path.resolve().parent, dry_run=dry_run, user=user, progress=progress
    )


def import_source(source, *, base_dir, dry_run=False, user=None, progress=None, chunk_size=None, search_backends=None):
    """Import parsed rows (reading.Source). `progress(message)` receives progress and warnings.

    `search_backends` names the search backends that index the new resources (None: all of
    them); the others are left to `manage.py update_index`. The reference index is always kept.
    """
    started = time.monotonic()
    report = ImportReport(dry_run=dry_run)
    unknown = [column for column in source.columns if column not in COLUMNS]
    if unknown:
        report.warnings.append(f"Ignored unknown column(s): {', '.join(unknown)}.")
    missing = [column for column in REQUIRED if column not in source.columns]
    if missing and source.rows:
        report.warnings.append(f"The file has no {', '.join(missing)} column: every row needs one.")
    library = find_library()
    vocabulary = Vocabulary.load()
    if vocabulary.default_collection is None:
        report.warnings.append(
            f"There is no library collection {DEFAULT_COLLECTION!r}: rows that name no collection get none."
        )
    columns = [column for column in source.columns if column in COLUMNS]
    records = _validate(source.rows, vocabulary, columns, base_dir, report)
    documents = DocumentStore(user=user)
    applier = Applier(library, vocabulary, documents, user=user)
    job = _Job(applier, report, progress, total=len(source.rows))
    if progress:
        for warning in report.warnings:
            progress(warning)
    chunk_size = chunk_size or CHUNK_SIZE
    chunks = [records[start : start + chunk_size] for start in range(0, len(records), chunk_size)]
    if dry_run:
        try:
            with deferred_indexing(_IndexingContext()), transaction.atomic():
                for chunk in chunks:
                    job.apply(chunk)
                raise _DryRunDone
        except _DryRunDone:
            pass
        finally:
            documents.discard()
    else:
        context = _IndexingContext(progress)
        for chunk in chunks:
            with deferred_indexing(context), transaction.atomic():
                created, aliases = job.apply(chunk)
            index_new_pages(ResourcePage, created, aliases, warn=progress, search_backends=search_backends)
    report.seconds = time.monotonic() - started
    return report


def _validate(rows, vocabulary, columns, base_dir, report):
    records, first_row = [], {}
    for row in rows:
        record, problems = validate_row(row, vocabulary, columns, base_dir)
        identifier = row.data.get("identifier") if isinstance(row.data, dict) else None
        identifier = str(identifier).strip() if identifier not in (None, "") else ""
        if identifier and identifier in first_row:
            problems = [
                *problems,
                ("identifier", f"{identifier!r} is also in row {first_row[identifier]} of this file"),
            ]
        elif identifier:
            first_row[identifier] = row.number
        if problems:
            report.fail(row.number, problems)
        else:
            records.append(record)
    return records


class _Job:
    def __init__(self, applier, report, progress, total):
        self.applier = applier
        self.report = report
        self.progress = progress
        self.total = total
        self.done = len(report.failed_rows)  # rows that failed validation are done already
        self.started = time.monotonic()
        self.next_progress = PROGRESS_EVERY

    @contextmanager
    def _row(self, record, mark):
        """A savepoint for one row; its problems are reported and its stored files deleted."""
        try:
            with transaction.atomic():
                yield
        except (RowError, ValidationError) as error:
            problems = error.problems if isinstance(error, RowError) else problems_from_validation_error(error)
            self._failed(record, problems, mark)
        except Exception as error:  # noqa: BLE001 - one bad row must not stop the others or become a 500
            logger.exception("Import row %s failed unexpectedly", record.row)
            self._failed(record, [("row", f"could not be imported ({type(error).__name__}: {error})")], mark)

    def _failed(self, record, problems, mark):
        self.report.fail(record.row, problems)
        if mark is not None:
            # Only this row has written files since `mark`, and its savepoint has just removed
            # their documents.
            self.applier.documents.discard(mark)
        self.applier.vocabulary.forget_tags()  # tags made inside the rolled-back savepoint are gone

    def apply(self, records):
        """Apply one chunk inside the caller's transaction; returns the pages it created and
        their locale aliases as [(source id, alias id)]."""
        applier = self.applier
        existing = applier.existing([record.identifier for record in records])
        new = []
        for record in records:
            mark = applier.documents.mark()
            with self._row(record, mark):
                page = existing.get(record.identifier)
                if page is None:
                    new.append((record, applier.build(record)))
                else:
                    self.report.count(applier.update(page, record))
        created = self._insert(new)
        self.done += len(records)
        self._show_progress()
        return created

    def _write(self, pages):
        bulk.insert_pages(self.applier.library, pages, user=self.applier.user)
        aliases = bulk.insert_aliases(pages, self.applier.alias_parents)
        bulk.announce_published(pages)
        return aliases

    def _insert(self, new):
        if not new:
            return [], []
        try:
            with transaction.atomic():
                pages = [page for _record, page in new]
                aliases = self._write(pages)
            self.report.created += len(new)
            return pages, aliases
        except Exception:  # noqa: BLE001 - retried row by row below, which names the failing row
            logger.warning("Bulk insert of %s resources failed; inserting them one by one", len(new), exc_info=True)
        pages, aliases = [], []
        for record, page in new:
            self.applier.release_slug(page)
            # Its documents were committed with the row's first savepoint and stay in place.
            with self._row(record, None):
                page = self.applier.build(record)
                written = self._write([page])
                pages.append(page)
                aliases.extend(written)
                self.report.created += 1
        return pages, aliases

    def _show_progress(self):
        if not self.progress or self.total < PROGRESS_EVERY:
            return
        if self.done >= self.next_progress or self.done >= self.total:
            rate = self.done / max(time.monotonic() - self.started, 1e-6)
            self.progress(f"{self.done}/{self.total} rows ({rate:.0f} rows/s)")
            while self.next_progress <= self.done:
                self.next_progress += PROGRESS_EVERY

"""Running an import: read, validate every row, apply in chunks, index, report.

Each row is written, indexed and reported whole, or not at all: a savepoint per row holds its
pages, its search-index entries and its reference-index rows (the row's saves are collected by
hub.seed.indexing.defer_search_updates and indexed before the savepoint is released), so a
failure anywhere, indexing included, rolls the row back and names it. Rows are committed a
chunk at a time, so a long import holds no lock for long and an interruption keeps the chunks
already done (running the file again finishes the job: rows already imported, and indexed,
come back "unchanged").

Rows go through Wagtail's public page API with the importing user's permissions
(applying.Applier). Only an operator's import into the library (`import_resources` without
--partner, and generate_library's volume data: `fast_path=True`, no user) writes new rows with
the bulk writer, a chunk at a time, indexed inside the chunk's transaction; changed rows take
the page API in both.

A partner's import (a partner user's upload, or `organisation=` from `import_resources
--partner`) goes into that organisation's contribution space and never publishes: each new or
changed row is a draft submitted to the space's review workflow (applying.Applier, confined).

A dry run does the same work inside a transaction it rolls back, drops what it collected for
the indexes, and deletes the files it stored, so its counts are exactly those a real run would
report and the database, media folder and search indexes are left as they were.
"""

import logging
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub.seed.indexing import defer_search_updates, update_indexes
from library.models import ResourcePage
from partners import spaces
from search.backends.wagtail_database import title_norms_deferred

from . import bulk
from .applying import Applier, find_library
from .errors import RowError, problems_from_validation_error
from .files import DocumentStore
from .indexing import index_new_pages
from .reading import ImportFileError, read_source
from .report import ImportReport
from .schema import COLUMNS, DEFAULT_COLLECTION, DERIVED_COLUMNS, REQUIRED
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


def import_file(path, *, dry_run=False, user=None, organisation=None, progress=None, on_rows=None, fast_path=False):
    """Import the CSV or JSON file at `path`; files it names are found beside it."""
    path = Path(path)
    return import_source(
        read_source(path),
        base_dir=path.resolve().parent,
        dry_run=dry_run,
        user=user,
        organisation=organisation,
        progress=progress,
        on_rows=on_rows,
        fast_path=fast_path,
    )


def contribution_target(user, organisation=None, create=True):
    """(organisation, space) a partner's import goes into, or (None, None) for the library itself.

    A partner user's import always goes into their own organisation's space, whatever the caller
    asked; ImportFileError if the organisation is deactivated or has no space (`create`: make it).
    """
    is_partner = user is not None and spaces.is_partner_user(user)
    if is_partner:
        own = spaces.organisation_of(user)
        if organisation is not None and organisation.source.pk != own.pk:
            raise ImportFileError(_("A partner's user may import into their own organisation's space only."))
        organisation = own
    if organisation is None:
        return None, None
    organisation = organisation.source
    if not organisation.active:
        raise ImportFileError(
            _("The organisation %(slug)s is deactivated: nothing can be imported for it.") % {"slug": organisation.slug}
        )
    space = spaces.space_of(organisation)
    if space is None and create and not is_partner:
        space = spaces.ensure_space(organisation)  # an operator's import for an organisation made before the library
    if space is None:
        raise ImportFileError(
            _("The organisation %(slug)s has no contribution space yet; it is made once the library exists.")
            % {"slug": organisation.slug}
        )
    return organisation, space


def import_source(
    source,
    *,
    base_dir,
    dry_run=False,
    user=None,
    progress=None,
    chunk_size=None,
    search_backends=None,
    fast_path=False,
    on_rows=None,
    organisation=None,
):
    """Import parsed rows (reading.Source). `progress(message)` receives progress and warnings;
    `on_rows(done, total)` is called after each committed chunk (the admin's ImportJob).

    `user`: whose page permissions apply (None: an operator's import, which publishes).
    `organisation`: a partner's import (the command's --partner): drafts in its space, submitted
    for review, none published; a partner user's import always goes into their own space.
    `fast_path`: write new rows with the bulk writer (operator's volume data only; needs no user).
    `search_backends` names the search backends that index the new resources of the fast path
    (None: all of them); the others are left to `manage.py update_index`.
    """
    if fast_path and (user is not None or organisation is not None):
        raise ValueError("The bulk fast path publishes every row; it is for an operator's import only.")
    started = time.monotonic()
    report = ImportReport(dry_run=dry_run)
    unknown = [column for column in source.columns if column not in COLUMNS and column not in DERIVED_COLUMNS]
    if unknown:
        report.warnings.append(f"Ignored unknown column(s): {', '.join(unknown)}.")
    missing = [column for column in REQUIRED if column not in source.columns]
    if missing and source.rows:
        report.warnings.append(f"The file has no {', '.join(missing)} column: every row needs one.")
    library = find_library()
    organisation, space = contribution_target(user, organisation, create=not dry_run)
    vocabulary = Vocabulary.load()
    if vocabulary.default_collection is None:
        report.warnings.append(
            f"There is no library collection {DEFAULT_COLLECTION!r}: rows that name no collection get none."
        )
    columns = [column for column in source.columns if column in COLUMNS]
    records = _validate(source.rows, vocabulary, columns, base_dir, report)
    if space is None:
        documents = DocumentStore(user=user)
        applier = Applier(library, vocabulary, documents, user=user)
    else:
        documents = DocumentStore(user=user, collection=spaces.collection_of(organisation))
        applier = Applier(space, vocabulary, documents, user=user, confined=True)
    job = _Job(applier, report, progress, total=len(source.rows), fast_path=fast_path, search_backends=search_backends)
    if progress:
        for warning in report.warnings:
            progress(warning)
    chunk_size = chunk_size or CHUNK_SIZE
    chunks = [records[start : start + chunk_size] for start in range(0, len(records), chunk_size)]
    if dry_run:
        job.dry_run = True
        try:
            with transaction.atomic():
                for chunk in chunks:
                    job.apply(chunk)
                raise _DryRunDone
        except _DryRunDone:
            pass
        finally:
            documents.discard()
    else:
        # Wagtail's database index refreshes its title norms once, after the last chunk.
        with title_norms_deferred():
            for chunk in chunks:
                with transaction.atomic():
                    job.apply(chunk)
                if on_rows:
                    on_rows(job.done, job.total)
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
    def __init__(self, applier, report, progress, total, fast_path=False, search_backends=None):
        self.applier = applier
        self.fast_path = fast_path
        self.search_backends = search_backends
        self.dry_run = False
        self.context = _IndexingContext(progress)
        self.report = report
        self.progress = progress
        self.total = total
        self.done = len(report.failed_rows)  # rows that failed validation are done already
        self.started = time.monotonic()
        self.next_progress = PROGRESS_EVERY

    @contextmanager
    def _indexed(self):
        """Index what the block saves before the block's savepoint is released (never in a dry run)."""
        with defer_search_updates() as saved:
            yield
        if not self.dry_run:
            update_indexes(self.context, saved)

    @contextmanager
    def _savepoint(self):
        with transaction.atomic(), self._indexed():
            yield

    @contextmanager
    def _row(self, record, mark, writes=True):
        """A savepoint for one row (its pages and their index entries). The block puts its
        outcome in the yielded dict; it is counted only once the savepoint is released, so a row
        that fails at any step, indexing included, is reported failed and nothing else.

        `writes=False`: the block writes nothing (a new row of the fast path that stores no
        file and makes no tag), so there is nothing to roll back and no savepoint is taken.
        """
        result = {}
        try:
            with self._savepoint() if writes else nullcontext():
                yield result
        except (RowError, ValidationError) as error:
            problems = error.problems if isinstance(error, RowError) else problems_from_validation_error(error)
            result["failed"] = True
            self._failed(record, problems, mark)
        except Exception as error:  # noqa: BLE001 - one bad row must not stop the others or become a 500
            logger.exception("Import row %s failed unexpectedly", record.row)
            result["failed"] = True
            self._failed(record, [("row", f"could not be imported ({type(error).__name__}: {error})")], mark)
        else:
            if "outcome" in result:
                self.report.count(result["outcome"])
                if not result.get("published", True):
                    self.report.draft(record.row, record.identifier, result["outcome"])

    def _failed(self, record, problems, mark):
        self.report.fail(record.row, problems)
        if mark is not None:
            # Only this row has written files since `mark`, and its savepoint has just removed
            # their documents.
            self.applier.documents.discard(mark)
        self.applier.vocabulary.forget_tags()  # tags made inside the rolled-back savepoint are gone

    def apply(self, records):
        """Apply one chunk inside the caller's transaction."""
        applier = self.applier
        existing = applier.existing([record.identifier for record in records])
        vocabulary = applier.vocabulary
        vocabulary.load_tags({name for record in records for name in record.tags or ()})
        new = []
        for record in records:
            mark = applier.documents.mark()
            # Building a new row of the fast path writes only its file and any new tag.
            builds = self.fast_path and record.identifier not in existing
            writes = not builds or bool(record.file) or vocabulary.creates_tags(record.tags or ())
            with self._row(record, mark, writes) as result:
                page = existing.get(record.identifier)
                if page is not None:
                    result["outcome"], result["published"] = applier.update(page, record)
                elif self.fast_path:
                    result["built"] = applier.build(record)  # written in bulk, below
                else:
                    result["outcome"], result["published"] = "created", applier.create(record)
            if "built" in result and not result.get("failed"):
                new.append((record, result["built"]))
        if new:
            self._insert(new)
        self.done += len(records)
        self._show_progress()

    def _write(self, pages):
        bulk.insert_pages(self.applier.library, pages, user=self.applier.user)
        aliases = bulk.insert_aliases(pages, self.applier.alias_parents)
        bulk.announce_published(pages)
        return aliases

    def _write_indexed(self, pages):
        """Bulk-write new pages and index them, all inside the caller's savepoint."""
        aliases = self._write(pages)
        if not self.dry_run:
            index_new_pages(ResourcePage, pages, aliases, warn=self.progress, search_backends=self.search_backends)

    def _insert(self, new):
        """The fast path: a batch of new pages in bulk; if that fails, row by row, naming the row."""
        try:
            with transaction.atomic(), self._indexed():
                self._write_indexed([page for _record, page in new])
            self.report.created += len(new)
            return
        except Exception:  # noqa: BLE001 - retried row by row below, which names the failing row
            logger.warning("Bulk insert of %s resources failed; inserting them one by one", len(new), exc_info=True)
        for record, page in new:
            self.applier.release_slug(page)
            # Its documents were committed with the row's first savepoint and stay in place.
            with self._row(record, None) as result:
                self._write_indexed([self.applier.build(record)])
                result["outcome"] = "created"

    def _show_progress(self):
        if not self.progress or self.total < PROGRESS_EVERY:
            return
        if self.done >= self.next_progress or self.done >= self.total:
            rate = self.done / max(time.monotonic() - self.started, 1e-6)
            self.progress(f"{self.done}/{self.total} rows ({rate:.0f} rows/s)")
            while self.next_progress <= self.done:
                self.next_progress += PROGRESS_EVERY

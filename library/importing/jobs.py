"""The admin's import as a background task (django-tasks, as text extraction is).

The upload view checks the file, stores it in an ImportJob and queues `run_import_job`; the
task unpacks it into a temporary folder, runs the import with the uploader's permissions,
records progress (rows done of total) after each chunk and the report at the end. With the
immediate backend (tests, `make run`) the job has finished before the view redirects to its page;
with the database backend the `db_worker` process runs it.
"""

import io
import logging
import tempfile
import zipfile
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from django_tasks import task

from .reading import FORMATS, ImportFileError, parse_source
from .runner import import_source

logger = logging.getLogger(__name__)


def unpack(uploaded, folder):
    """Extract an uploaded ZIP (a file object) into `folder`; returns the one import file inside it."""
    try:
        with zipfile.ZipFile(uploaded) as archive:
            # zipfile drops absolute paths and `..` from member names, so nothing lands outside.
            archive.extractall(folder)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(_("The ZIP file could not be unpacked (%(error)s).") % {"error": error}) from error
    candidates = sorted(
        path
        for path in Path(folder).rglob("*")
        if path.is_file() and path.suffix.lower().lstrip(".") in FORMATS and "__MACOSX" not in path.parts
    )
    if len(candidates) != 1:
        found = ", ".join(str(path.relative_to(folder)) for path in candidates) or _("none")
        raise ImportFileError(
            _("The ZIP file must hold exactly one .csv or .json import file (found: %(found)s).") % {"found": found}
        )
    return candidates[0]


def read_upload(name, content, folder):
    """(source, base_dir) of an uploaded CSV, JSON or ZIP file; ImportFileError if unreadable."""
    if name.lower().endswith(".zip"):
        import_path = unpack(io.BytesIO(content), folder)
        return parse_source(import_path.name, import_path.read_bytes()), import_path.parent
    # A lone CSV or JSON file: `file` paths find nothing, and say so per row.
    return parse_source(name, content), Path(folder)


@task()
def run_import_job(job_id):
    """Run the ImportJob `job_id`; never raises (its page shows what happened)."""
    from library.models import ImportJob

    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).first()
    if job is None:
        return "missing"
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def on_rows(done, total):
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    try:
        with tempfile.TemporaryDirectory(prefix="library-import-") as folder:
            source, base_dir = read_upload(job.file_name, bytes(job.upload), folder)
            ImportJob.objects.filter(pk=job.pk).update(rows_total=len(source.rows))
            report = import_source(source, base_dir=base_dir, dry_run=job.dry_run, user=job.user, on_rows=on_rows)
    except ImportFileError as error:
        _finish(job, ImportJob.Status.FAILED, message=str(error))
        return str(ImportJob.Status.FAILED)
    except Exception as error:  # noqa: BLE001 - the worker must survive; the job page says what happened
        logger.exception("Library import job %s failed", job.pk)
        message = _("The import stopped with an unexpected error (%(error)s); an administrator can see the log.") % {
            "error": type(error).__name__
        }
        _finish(job, ImportJob.Status.FAILED, message=message)
        return str(ImportJob.Status.FAILED)
    _finish(job, ImportJob.Status.DONE, report=report.as_dict(), rows_done=len(source.rows))
    return str(ImportJob.Status.DONE)


def _finish(job, status, **fields):
    # The upload is dropped: the report is what stays.
    job.__class__.objects.filter(pk=job.pk).update(status=status, upload=b"", finished_at=timezone.now(), **fields)

"""Files named by an import row: found safely beside the import file, checked, stored once.

A row's `file` is a path relative to the folder of the import file. Absolute paths, `..`
and symbolic links that lead out of that folder are refused, so an import file cannot make
the site publish /etc/passwd or another user's files. The content is checked as an editor's
upload is (library.files.checks), and a file whose content is already stored (same SHA-1 as
Wagtail's `Document.file_hash`) reuses that document instead of adding a copy.
"""

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat

from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

from library.files.checks import check_upload

from .errors import RowError

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class FileSpec:
    """A checked file to attach: where it is, its SHA-1 and the language it is in."""

    path: Path
    relative: str
    sha1: str
    language: str


def resolve(value, base_dir):
    """The file `value` names inside `base_dir`, or RowError("file", reason)."""
    base_dir = Path(base_dir).resolve()
    if value.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(value) or PurePosixPath(value).is_absolute():
        raise RowError("file", f"{value!r} is an absolute path; give a path relative to the import file")
    parts = PureWindowsPath(value).parts if "\\" in value else PurePosixPath(value).parts
    if ".." in parts:
        raise RowError("file", f"{value!r} points outside the import file's folder")
    candidate = base_dir.joinpath(*parts)
    resolved = candidate.resolve()
    if not resolved.is_relative_to(base_dir):
        raise RowError("file", f"{value!r} is a link to a file outside the import file's folder")
    if not resolved.exists():
        raise RowError("file", f"{value!r} does not exist in the import file's folder")
    if not resolved.is_file():
        raise RowError("file", f"{value!r} is not a file")
    return resolved


def check(value, base_dir, language):
    """Resolve and check the row's file; returns a FileSpec or raises RowError."""
    path = resolve(value, base_dir)
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    size = path.stat().st_size
    if limit and size > limit:
        raise RowError("file", f"{value!r} is {filesizeformat(size)}; the limit is {filesizeformat(limit)}")
    with path.open("rb") as handle:
        try:
            check_upload(handle, path.name)
        except ValidationError as error:
            raise RowError("file", f"{value!r}: {' '.join(error.messages).rstrip('.')}") from None
        sha1 = hash_filelike(handle)
    return FileSpec(path=path, relative=value, sha1=sha1, language=language)


class DocumentStore:
    """Finds or creates the Wagtail document for a FileSpec, remembering what it wrote.

    The storage is not transactional: files written for a row that is then rolled back (or
    for a dry run) are deleted with `discard()`.
    """

    def __init__(self, user=None, collection=None):
        self.model = get_document_model()
        self.user = user
        # A partner's import keeps its files in the organisation's own collection, and reuses only
        # documents already there (never another organisation's, which it may not choose).
        self.collection = collection
        self.written = []  # storage names of files saved by this import

    def document_for(self, spec, title):
        candidates = self.model.objects.filter(file_hash=spec.sha1)
        if self.collection is not None:
            candidates = candidates.filter(collection=self.collection)
        existing = candidates.order_by("pk").first()
        if existing is not None:
            return existing
        with spec.path.open("rb") as handle:
            document = self.model(title=title[:255], uploaded_by_user=self.user)
            if self.collection is not None:
                document.collection = self.collection
            document.file_size = spec.path.stat().st_size
            document.file_hash = spec.sha1
            document.file.save(spec.path.name, File(handle), save=False)
            self.written.append(document.file.name)
            document.save()
        return document

    def mark(self):
        return len(self.written)

    def discard(self, since=0):
        """Delete the stored files written since `mark()` returned `since`."""
        storage = self.model._meta.get_field("file").storage
        for name in self.written[since:]:
            storage.delete(name)
        del self.written[since:]

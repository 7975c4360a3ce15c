"""Upload checks by content, not by name.

An `.exe` renamed `.pdf`, an HTML page renamed `.txt`, a DOCX that unpacks to gigabytes:
each is refused with a message an editor understands. Wagtail checks only the extension.
"""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Unpacked-size and ratio limits for ZIP-based formats (DOCX, XLSX, PPTX, ODT, ZIP).
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 5000
SNIFF_BYTES = 8192

MARKUP_SIGNS = (b"<script", b"<html", b"<!doctype html", b"<svg", b"<iframe", b"javascript:", b"<?xml-stylesheet")


@dataclass(frozen=True)
class FileKind:
    label: str
    mime_type: str
    family: str  # "pdf", "ooxml", "odf", "zip", "text", "rtf"


KINDS_BY_EXTENSION = {
    "pdf": FileKind("PDF", "application/pdf", "pdf"),
    "docx": FileKind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ooxml"),
    "xlsx": FileKind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml"),
    "pptx": FileKind(
        "PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "ooxml"
    ),
    "odt": FileKind("OpenDocument text", "application/vnd.oasis.opendocument.text", "odf"),
    "zip": FileKind("ZIP archive", "application/zip", "zip"),
    "csv": FileKind("CSV", "text/csv", "text"),
    "txt": FileKind("Plain text", "text/plain", "text"),
    "rtf": FileKind("Rich Text Format", "application/rtf", "rtf"),
}


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def kind_for(name):
    return KINDS_BY_EXTENSION.get(extension_of(name))


def _check_zip(uploaded, family):
    try:
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError(_("This file claims to be an Office or ZIP file but is not a readable one.")) from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ValidationError(_("This archive holds too many files to be safe to open."))
        unpacked = 0
        for member in members:
            unpacked += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if unpacked > MAX_UNPACKED_BYTES or (member.file_size > 1_000_000 and ratio > MAX_COMPRESSION_RATIO):
                raise ValidationError(
                    _("This file unpacks to far more data than it holds (a “zip bomb”) and was refused.")
                )
        names = {member.filename for member in members}
        if family == "ooxml" and "[Content_Types].xml" not in names:
            raise ValidationError(_("This file is not a valid Office (OOXML) document."))
        if family == "odf" and "mimetype" not in names:
            raise ValidationError(_("This file is not a valid OpenDocument file."))


def check_upload(uploaded, name=None):
    """Raise ValidationError unless the file's content matches an allowed type.

    Returns the FileKind. Leaves the file positioned at its start.
    """
    name = name or getattr(uploaded, "name", "") or ""
    kind = kind_for(name)
    if kind is None:
        allowed = ", ".join(sorted(KINDS_BY_EXTENSION))
        raise ValidationError(_("Files of this type are not accepted. Allowed: %(allowed)s.") % {"allowed": allowed})
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    mismatch = ValidationError(
        _("The file's content is not a %(label)s file, although its name says so.") % {"label": kind.label}
    )
    if not head:
        raise ValidationError(_("The file is empty."))
    if kind.family == "pdf":
        if b"%PDF-" not in head[:1024]:
            raise mismatch
    elif kind.family in ("ooxml", "odf", "zip"):
        if not head.startswith(b"PK\x03\x04"):
            raise mismatch
        _check_zip(uploaded, kind.family)
        uploaded.seek(0)
    elif kind.family == "rtf":
        if not head.startswith(b"{\\rtf"):
            raise mismatch
    elif kind.family == "text":
        if b"\x00" in head or head.startswith(b"MZ"):
            raise mismatch
        if _contains_markup(uploaded):
            raise ValidationError(_("Text files may not contain HTML, SVG or script markup."))
    return kind


def _contains_markup(uploaded):
    """Look through the whole file, not only its start: markup can follow any amount of text."""
    overlap = max(len(sign) for sign in MARKUP_SIGNS)
    tail = b""
    uploaded.seek(0)
    try:
        for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
            window = tail + chunk.lower()
            if any(sign in window for sign in MARKUP_SIGNS):
                return True
            tail = window[-overlap:]
        return False
    finally:
        uploaded.seek(0)

"""The text extracted from a document's file, kept apart from the resources that show the file.

Why a table of its own: a resource's files (`ResourceFile`) are a cluster child of a revisioned
page, so publishing any revision writes them back from that revision's JSON. Text stored on
them was lost whenever the revision had been saved before extraction finished. Nothing here is
in a revision, so no publish, revert or workflow approval can touch it.

Why keyed by the Wagtail document rather than by its checksum: `ResourceFile` already points at
the document, so the text comes with the same join (`select_related`, no query per file), and
the row goes when the document goes (CASCADE). Wagtail fills `file_hash` only when a form or
`get_file_hash()` asks, so a checksum key would need a hash computed before any lookup. The
importer already reuses the document of a file it has seen (same SHA-1), so one document per
content is the normal case anyway. A document shown by several resources, or by a resource's
aliases in every locale, is read once and its one row serves them all.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileText(models.Model):
    """The text, status and error of the last extraction of one document's file."""

    class Status(models.TextChoices):
        # PENDING is never stored: a document without a current row (none yet, or one read from
        # a file since replaced) is waiting for the task; `ResourceFile.extraction_status` says so.
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Text extracted")
        FAILED = "failed", _("Failed")
        UNSUPPORTED = "unsupported", _("Not extracted for this format")

    document = models.OneToOneField(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="file_text",
        verbose_name=_("document"),
        help_text=_("The document whose file was read."),
    )
    status = models.CharField(
        _("text extraction"),
        max_length=12,
        choices=Status.choices,
        help_text=_("How the last extraction of this file ended."),
    )
    text = models.TextField(_("extracted text"), blank=True, help_text=_("What search reads of the file."))
    error = models.CharField(
        _("extraction error"),
        max_length=500,
        blank=True,
        help_text=_("Why the text could not be read, or a note about it, for editors."),
    )
    file_name = models.CharField(
        _("file read"), max_length=255, help_text=_("The stored file name the text was read from.")
    )
    file_hash = models.CharField(
        _("checksum of the file read"),
        max_length=40,
        blank=True,
        help_text=_("SHA-1 of the file read, when the document knew it; a new checksum means new text."),
    )
    created_at = models.DateTimeField(_("first extracted"), auto_now_add=True)
    extracted_at = models.DateTimeField(_("last extracted"), auto_now=True)

    class Meta:
        verbose_name = _("extracted file text")
        verbose_name_plural = _("extracted file texts")

    def __str__(self):
        return f"{self.file_name} ({self.status})"

    def is_current_for(self, document):
        """True when this text was read from the file the document has now."""
        if self.file_name != document.file.name:
            return False
        # Same name, other content: storages that overwrite in place keep the name.
        return not (self.file_hash and document.file_hash) or self.file_hash == document.file_hash

"""The parts of a resource edited inline: authors, files per language, related resources, tags."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable

from taggit.models import TaggedItemBase

from hub.models.languages import UN_LANGUAGES


class ResourceAuthor(Orderable):
    """A person ("Family, Given") or a corporate author ("UNEP")."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    page = ParentalKey("library.ResourcePage", on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(
        _("name"), max_length=255, help_text=_('People as "Family name, Given names"; organisations in full.')
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("kind")])]

    class Meta(Orderable.Meta):
        verbose_name = _("author")

    def __str__(self):
        return self.name


class ResourceFile(Orderable):
    """One file of a resource in one language, with its extracted text for full-text search."""

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Text extracted")
        FAILED = "failed", _("Failed")
        UNSUPPORTED = "unsupported", _("Not extracted for this format")

    page = ParentalKey("library.ResourcePage", on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="resource_files",
        help_text=_("The file. PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text or ZIP; checked on upload."),
    )
    language = models.CharField(_("language"), max_length=5, choices=UN_LANGUAGES, default="en")
    label = models.CharField(
        _("label"), max_length=120, blank=True, help_text=_("Optional, e.g. 'Annex' or 'Summary for policymakers'.")
    )
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"), max_length=12, choices=Extraction.choices, default=Extraction.PENDING, editable=False
    )
    extraction_error = models.CharField(_("extraction error"), max_length=500, blank=True, editable=False)
    extracted_document_file = models.CharField(max_length=255, blank=True, editable=False)

    panels = [FieldRowPanel([FieldPanel("document"), FieldPanel("language")]), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")

    def __str__(self):
        return f"{self.document} ({self.language})"

    @property
    def file_format(self):
        return self.document.file_extension.upper() if self.document_id else ""

    @property
    def file_size(self):
        return self.document.get_file_size() if self.document_id else None

    def needs_extraction(self):
        """The document behind this row changed since the text was last extracted."""
        return bool(self.document_id) and self.extracted_document_file != self.document.file.name


class RelatedResource(Orderable):
    page = ParentalKey("library.ResourcePage", on_delete=models.CASCADE, related_name="related_resources")
    resource = models.ForeignKey(
        "library.ResourcePage", on_delete=models.CASCADE, related_name="+", help_text=_("A related resource.")
    )

    panels = [PageChooserPanel("resource", page_type="library.ResourcePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related resource")

    def clean(self):
        super().clean()
        if self.page_id and self.resource_id == self.page_id:
            raise ValidationError({"resource": _("A resource cannot be related to itself.")})


class ResourceTag(TaggedItemBase):
    """Free keywords (django-taggit) on resources."""

    content_object = ParentalKey("library.ResourcePage", on_delete=models.CASCADE, related_name="tagged_items")

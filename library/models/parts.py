"""The parts of a resource edited inline: authors, files per language, related resources, tags."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable

from taggit.models import TaggedItemBase

from hub.models.languages import UN_LANGUAGES

from .extraction import FileText


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


class ResourceFileManager(models.Manager):
    """Rows come with their document and its extracted text, in the same query.

    Django and modelcluster build `page.files` and `prefetch_related("files")` (the search
    indexers, Wagtail's among them) from this manager, so reading a file's format, size or text
    costs no query per file. A caller that needs neither can say `select_related(None)`.
    """

    def get_queryset(self):
        return super().get_queryset().select_related("document__file_text")


class ResourceFile(Orderable):
    """One file of a resource in one language.

    Its extracted text lives in `FileText`, keyed by the document (library/models/extraction.py):
    these rows are written back from a revision whenever one is published, which is exactly
    what the text must survive.
    """

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

    objects = ResourceFileManager()

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

    @property
    def text_extraction(self):
        """The FileText read from this row's document as it is now, or None while one is awaited."""
        if not self.document_id:
            return None
        try:
            record = self.document.file_text
        except ObjectDoesNotExist:
            return None
        return record if record.is_current_for(self.document) else None

    @property
    def extracted_text(self):
        """What search reads of the file (ResourcePage.search_fields): empty until extracted."""
        record = self.text_extraction
        return record.text if record else ""

    @property
    def extraction_status(self):
        record = self.text_extraction
        return record.status if record else FileText.Status.PENDING

    def get_extraction_status_display(self):
        return FileText.Status(self.extraction_status).label

    @property
    def extraction_error(self):
        record = self.text_extraction
        return record.error if record else ""

    def needs_extraction(self):
        """The document behind this row has no text read from its current file."""
        return bool(self.document_id) and self.text_extraction is None


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

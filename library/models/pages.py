"""The resource page (the library index is in library_index.py).

Every document, decision, report or video the platform holds is one ResourcePage: reviewed
once, stored once, with one canonical URL, and shown by each hub whose collection it is in.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import StreamField
from wagtail.search import index

from hub.api_fields import MeetingField, TermField, TermListField
from hub.blocks import BaseStreamBlock
from hub.fields import ChoiceListField
from hub.localization import in_locale, source_version
from hub.localize.fields import SynchronizedField, TranslatableField, fixed
from hub.models import BasePage, TaxonomyFields
from hub.models.languages import UN_LANGUAGES
from partners.admin.panels import ContributionPageForm, ProvenancePanel, ReviewConversationPanel
from partners.models import ContributionSpacePage, Organisation

from ..api_fields import AuthorsField, ResourceFilesField
from .panels import DownloadCountPanel, ExtractionStatusPanel
from .parts import ResourceTag
from .validators import normalise_isbn, validate_doi, validate_handle, validate_isbn

DECISION_TYPES = ("decision", "meeting-document")
PROVENANCE_SECRETARIAT, PROVENANCE_PARTY, PROVENANCE_PARTNER = "secretariat", "party", "partner"
DEFAULT_COLLECTION = "minamata"


class ResourcePage(RoutablePageMixin, TaxonomyFields, BasePage):
    """One resource. Routes: `cite/ris/` and `cite/bibtex/` (citation downloads, library/exports.py)."""

    class DatePrecision(models.TextChoices):
        YEAR = "year", _("Year")
        MONTH = "month", _("Year and month")
        DAY = "day", _("Full date")

    class Licence(models.TextChoices):
        CC_BY = "CC-BY-4.0", "Creative Commons Attribution 4.0"
        CC_BY_SA = "CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0"
        CC_BY_NC = "CC-BY-NC-4.0", "Creative Commons Attribution-NonCommercial 4.0"
        CC_BY_NC_SA = "CC-BY-NC-SA-4.0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0"
        CC_BY_ND = "CC-BY-ND-4.0", "Creative Commons Attribution-NoDerivatives 4.0"
        CC0 = "CC0-1.0", "Creative Commons Zero (public domain)"
        UN = "UN-terms", _("United Nations terms of use")
        ALL_RIGHTS = "all-rights-reserved", _("All rights reserved")
        OTHER = "other", _("Other (see the publisher)")

    # Unique per locale, not globally: a resource's translations and wagtail-localize's alias
    # copies share the identifier, as they share the translation key (Wagtail copies every field
    # into aliases). `locale` lives on wagtailcore_page, so no database constraint can span both
    # columns; clean() and the importer enforce it.
    identifier = models.CharField(
        _("identifier"),
        max_length=255,
        db_index=True,
        help_text=_("Stable unique key: UN symbol, DOI, handle or our own id. Re-imports match on it."),
    )
    resource_type = models.ForeignKey(
        "hub.ResourceType", on_delete=models.PROTECT, related_name="resources", help_text=_("What kind of resource.")
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("Plain-text abstract shown first."))
    body = StreamField(BaseStreamBlock(), blank=True, help_text=_("Optional longer description."))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The cover or a representative image."),
    )
    publication_date = models.DateField(
        _("publication date"), null=True, blank=True, help_text=_("For a year only, enter 1 January of that year.")
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How much of the publication date is known."),
    )
    publisher = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
        help_text=_("The publishing partner organisation, when it is one."),
    )
    publisher_name = models.CharField(
        _("publisher (free text)"), max_length=255, blank=True, help_text=_("When the publisher is not a partner.")
    )
    contributed_by = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=_("contributed by"),
        help_text=_("The partner organisation whose contribution space holds it; empty: the secretariat's."),
    )
    languages = ChoiceListField(
        _("languages"),
        choices_list=UN_LANGUAGES,
        help_text=_("Languages it exists in (files below add theirs automatically)."),
    )
    external_url = models.URLField(
        _("external address"), blank=True, max_length=500, help_text=_("Landing page or file elsewhere.")
    )
    symbol = models.CharField(
        _("UN document symbol"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("e.g. UNEP/MC/COP.1/17 or MC-4/3."),
    )
    meeting = models.ForeignKey(
        "hub.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text=_("For meeting documents and decisions: the meeting that issued it."),
    )
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True, validators=[validate_isbn])
    doi = models.CharField(_("DOI"), max_length=255, blank=True, validators=[validate_doi])
    handle = models.CharField(_("handle"), max_length=255, blank=True, validators=[validate_handle])
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, blank=True, help_text=_("Terms of reuse.")
    )
    collections = ParentalManyToManyField(
        "library.LibraryCollection",
        blank=True,
        related_name="resources",
        help_text=_("Which hubs list it: the Minamata library, the GMP knowledge hub, or both."),
    )
    tags = ClusterTaggableManager(through=ResourceTag, blank=True, help_text=_("Free keywords."))
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    parent_page_types = ["library.LibraryIndexPage", "partners.ContributionSpacePage"]
    subpage_types = []
    search_kind = "resource"

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("cover_image"),
    ]
    publication_panels = [
        FieldRowPanel([FieldPanel("identifier"), FieldPanel("resource_type")]),
        FieldRowPanel([FieldPanel("publication_date"), FieldPanel("date_precision")]),
        InlinePanel("authors", heading=_("Authors"), label=_("Author")),
        MultiFieldPanel([FieldPanel("publisher"), FieldPanel("publisher_name")], heading=_("Publisher")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("isbn"), FieldPanel("doi"), FieldPanel("handle")]), FieldPanel("licence")],
            heading=_("Identifiers and licence"),
        ),
        MultiFieldPanel([FieldPanel("symbol"), FieldPanel("meeting")], heading=_("Meeting document")),
    ]
    file_panels = [
        InlinePanel("files", heading=_("Files per language"), label=_("File")),
        ExtractionStatusPanel(heading=_("Full-text extraction")),
        DownloadCountPanel(heading=_("Downloads")),
        FieldPanel("languages"),
        FieldPanel("external_url"),
    ]
    # A contribution's conversation with its reviewers, the partner's note when submitting, provenance.
    review_panels = [
        ReviewConversationPanel(heading=_("Review conversation")),
        FieldPanel("submission_note"),
        ProvenancePanel(heading=_("Provenance")),
    ]
    base_form_class = ContributionPageForm
    classification_panels = [
        FieldPanel("collections"),
        *TaxonomyFields.taxonomy_panels,
        FieldPanel("tags"),
        InlinePanel("related_resources", heading=_("Related resources"), label=_("Related resource")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(review_panels, heading=pgettext_lazy("editor tab", "Review")),
            ObjectList(publication_panels, heading=_("Publication")),
            ObjectList(file_panels, heading=_("Files")),
            ObjectList(classification_panels, heading=_("Classification")),
            ObjectList(BasePage.promote_panels, heading=_("Promote")),
            ObjectList(BasePage.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = (
        BasePage.search_fields
        + TaxonomyFields.search_fields
        + [
            index.SearchField("summary", boost=1.5),
            index.SearchField("body"),
            index.SearchField("symbol", boost=4),
            index.SearchField("identifier", boost=4),
            index.AutocompleteField("symbol"),
            index.FilterField("publication_date"),
            index.RelatedFields("resource_type", [index.FilterField("slug")]),
            index.RelatedFields("collections", [index.FilterField("slug")]),
            index.RelatedFields("authors", [index.SearchField("name")]),
            index.RelatedFields("files", [index.SearchField("extracted_text")]),
            index.RelatedFields("tags", [index.SearchField("name")]),
        ]
    )

    # The record's facts (identifiers, dates, files, taxonomy) are one record in every locale;
    # its title, summary and description are translated. Keywords travel as `tagged_items`.
    translatable_fields = [
        *BasePage.translatable_fields,
        *TaxonomyFields.translatable_fields,
        *fixed("identifier", "resource_type"),
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("cover_image"),
        SynchronizedField("publication_date"),
        SynchronizedField("date_precision"),
        SynchronizedField("publisher"),
        SynchronizedField("publisher_name"),
        SynchronizedField("contributed_by"),
        SynchronizedField("languages"),
        SynchronizedField("external_url"),
        SynchronizedField("meeting"),
        *fixed("symbol", "isbn", "doi", "handle"),
        SynchronizedField("licence"),
        *fixed("collections", "tags", "tagged_items"),
        SynchronizedField("authors"),
        SynchronizedField("files"),
        SynchronizedField("related_resources"),
    ]
    # The record as harvesters and apps read it (/api/v2/pages/?type=library.ResourcePage):
    # files a visitor may download only, vocabularies as {slug, name}, the meeting in this locale.
    api_fields = [
        *BasePage.api_fields,
        APIField("identifier"),
        APIField("resource_type", serializer=TermField()),
        APIField("summary"),
        APIField("body"),
        APIField("publication_date"),
        APIField("date_precision"),
        APIField("updated"),
        APIField("symbol"),
        APIField("meeting", serializer=MeetingField()),
        APIField("authors", serializer=AuthorsField()),
        APIField("publisher", serializer=TermField()),
        APIField("publisher_name"),
        APIField("languages"),
        APIField("files", serializer=ResourceFilesField()),
        *TaxonomyFields.api_fields,
        APIField("collections", serializer=TermListField()),
        APIField("tags"),
        APIField("provenance"),
        APIField("contributed_by", serializer=TermField()),
        APIField("licence"),
        APIField("isbn"),
        APIField("doi"),
        APIField("handle"),
        APIField("external_url"),
    ]

    # Set on a new page by the import, which has looked up its whole chunk's identifiers at once
    # (library.importing.applying): clean() need not look up this one again.
    identifier_checked = False

    class Meta:
        verbose_name = _("resource")

    def clean(self):
        super().clean()
        errors = {}
        if self.identifier and not self.identifier_checked:
            clash = ResourcePage.objects.filter(identifier=self.identifier, locale_id=self.locale_id)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                errors["identifier"] = _("Another resource already has this identifier.")
        if self.resource_type_id and self.resource_type.slug in DECISION_TYPES and not self.symbol:
            errors["symbol"] = _("Decisions and meeting documents need their UN symbol.")
        if errors:
            raise ValidationError(errors)
        if not self.collections.all():
            # As the import schema says: a resource with no collection belongs to the Minamata library.
            from .taxonomy import LibraryCollection

            default = LibraryCollection.objects.default_locale().filter(slug=DEFAULT_COLLECTION).first()
            if default is not None:
                self.collections = [default]

    def save(self, *args, **kwargs):
        self.isbn = normalise_isbn(self.isbn)
        if self.path and self.depth > 1:
            # Who contributed it follows where it is stored: a partner's space, or the library itself.
            self.contributed_by_id = (
                ContributionSpacePage.objects.filter(path=self.path[: -self.steplen])
                .values_list("organisation_id", flat=True)
                .first()
            )
        return super().save(*args, **kwargs)

    # Wagtail page paths allow no dots, hence cite/ris/ rather than cite.ris.
    @re_path(r"^cite/(?P<fmt>ris|bibtex)/$")
    def cite(self, request, fmt):
        from library.exports import export_response

        return export_response(request, [self], filename=self.slug, fmt=fmt)

    @property
    def year(self):
        return self.publication_date.year if self.publication_date else None

    @property
    def provenance(self):
        """Who contributed the record (contracts §3 `provenance`): a Party's government, another partner, or us."""
        if not self.contributed_by_id:
            return PROVENANCE_SECRETARIAT
        if self.contributed_by.kind == Organisation.Kind.GOVERNMENT:
            return PROVENANCE_PARTY
        return PROVENANCE_PARTNER

    @property
    def publisher_display(self):
        return self.publisher.name if self.publisher_id else self.publisher_name

    def all_languages(self):
        """Languages declared plus those of the attached files, in UN order."""
        codes = set(self.languages or []) | {file.language for file in self.files.all()}
        return [code for code, _label in UN_LANGUAGES if code in codes]

    def public_related_resources(self):
        """Related resources a visitor may open, in this page's locale (its translation, or its
        alias while untranslated): live and public (no private ancestor either), in the editor's
        order. The links are read on the source-locale page, where editors set them."""
        source = source_version(self)
        linked = [link.resource for link in source.related_resources.select_related("resource")]
        linked = [resource for resource in linked if resource.translation_key != self.translation_key]
        resources = in_locale(linked, self.locale)
        prefetch_related_objects(resources, "resource_type")
        return resources

    def files_by_language(self):
        order = {code: position for position, (code, _label) in enumerate(UN_LANGUAGES)}
        return sorted(self.files.select_related("document"), key=lambda f: (order.get(f.language, 99), f.sort_order))

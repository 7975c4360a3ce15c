"""Abstract mixins that carry their own fields and panels; BasePage composes them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from hub.api_fields import taxonomy_api_fields
from hub.localize.fields import fixed


class ListingFields(models.Model):
    """One card title, summary and image for listings, search results and social previews."""

    listing_title = models.CharField(
        _("listing title"), max_length=255, blank=True, help_text=_("Shorter title for cards; defaults to the title.")
    )
    listing_summary = models.TextField(
        _("listing summary"),
        blank=True,
        max_length=400,
        help_text=_("One or two sentences for cards and search results; plain text."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Card image; decorative, so describe content in the summary."),
    )

    listing_panels = [
        MultiFieldPanel(
            [FieldPanel("listing_title"), FieldPanel("listing_summary"), FieldPanel("listing_image")],
            heading=_("Listings and search results"),
        )
    ]
    search_fields = [index.SearchField("listing_summary")]

    class Meta:
        abstract = True

    @property
    def card_title(self):
        return self.listing_title or self.title

    @property
    def card_summary(self):
        return self.listing_summary or getattr(self, "search_description", "")


class TaxonomyFields(models.Model):
    """Tags a page with the Convention's vocabularies, so thematic areas and Party
    profiles can list it automatically and search can facet on it.

    Pages are tagged with source-locale terms (see BaseTaxonomy.source_term).
    """

    pillars = ParentalManyToManyField("hub.Pillar", blank=True, help_text=_("Knowledge pillars it belongs to."))
    thematic_areas = ParentalManyToManyField(
        "hub.ThematicArea", blank=True, help_text=_("Priority areas it is about; it then appears on their pages.")
    )
    articles = ParentalManyToManyField(
        "hub.ConventionArticle", blank=True, help_text=_("Convention articles and annexes it relates to.")
    )
    gmp_areas = ParentalManyToManyField(
        "hub.GMPArea", blank=True, help_text=_("Global Mercury Partnership areas it relates to.")
    )
    countries = ParentalManyToManyField(
        "hub.Country", blank=True, help_text=_("Countries it is about; it then appears on their Party profiles.")
    )
    regions = ParentalManyToManyField("hub.Region", blank=True, help_text=_("UN regions it is about."))

    taxonomy_panels = [
        MultiFieldPanel(
            [
                FieldPanel("pillars"),
                FieldPanel("thematic_areas"),
                FieldPanel("articles"),
                FieldPanel("gmp_areas"),
                FieldPanel("countries"),
                FieldPanel("regions"),
            ],
            heading=_("Classification"),
            help_text=_("These tags feed the thematic area pages, Party profiles and search facets."),
        )
    ]
    # Source-locale terms in every locale: copied into translations, never overridden there
    # (hub/localize/sync.py also copies them when the source is published).
    translatable_fields = fixed("pillars", "thematic_areas", "articles", "gmp_areas", "countries", "regions")
    search_fields = [
        index.RelatedFields("thematic_areas", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields("pillars", [index.FilterField("slug")]),
        index.RelatedFields("countries", [index.SearchField("name"), index.FilterField("iso3")]),
    ]
    # [{slug, name}] per vocabulary in the API, read on the source-locale page.
    api_fields = taxonomy_api_fields()

    class Meta:
        abstract = True

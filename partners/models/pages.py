"""The partner directory (with a profile per organisation) and the contribution spaces."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from hub.api_fields import TermField
from hub.localize.fields import TranslatableField, fixed
from hub.models import BasePage


class PartnerIndexPage(RoutablePageMixin, BasePage):
    """`/<locale>/partners/`: the directory of partner organisations, and `<slug>/`, each profile.

    Organisations are snippets (partners.Organisation), not pages, so the profile is a route of
    this page; partners/views.py holds the directory's filters and the profile's listing.
    """

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["hub.HomePage", "hub.GMPHomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    translatable_fields = [*BasePage.translatable_fields, TranslatableField("intro")]
    api_fields = [*BasePage.api_fields, APIField("intro")]

    class Meta:
        verbose_name = _("partner directory")

    @path("")
    def directory(self, request):
        from partners.views import directory_context

        return self.render(request, context_overrides=directory_context(self, request))

    @path("<slug:slug>/", name="organisation")
    def organisation(self, request, slug):
        from partners.views import organisation_context

        return self.render(
            request,
            template="partners/organisation_profile.html",
            context_overrides=organisation_context(self, request, slug),
        )


class ContributionSpacePage(BasePage):
    """One organisation's folder in the library: its people add and edit resources here only.

    Created with the organisation (partners/spaces.py), with its group, document collection and
    the review workflow; resources stored here are listed by the library like any other.
    """

    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="spaces",
        verbose_name=_("organisation"),
        help_text=_("The organisation whose contributions this space holds."),
    )
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = ["library.ResourcePage"]
    is_creatable = False  # made with its organisation (partners/spaces.py), never by hand

    content_panels = BasePage.content_panels + [FieldPanel("organisation"), FieldPanel("intro")]
    translatable_fields = [*BasePage.translatable_fields, *fixed("organisation"), TranslatableField("intro")]
    api_fields = [*BasePage.api_fields, APIField("organisation", serializer=TermField()), APIField("intro")]

    class Meta:
        verbose_name = _("contribution space")
        verbose_name_plural = _("contribution spaces")

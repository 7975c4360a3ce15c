"""The library index: a hub's library, listing the live resources of its collection."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from hub.api_fields import TermField
from hub.localization import TIEBREAK, in_locale
from hub.localize.fields import TranslatableField, fixed
from hub.models import BasePage
from hub.ordering import undated_last
from hub.ratelimits import rate_limited

from .pages import ResourcePage


class LibraryIndexPage(RoutablePageMixin, BasePage):
    """A hub's library: lists the live resources of its collection, wherever they are stored.

    Routes: `export/?format=csv|json|ris|bibtex` (the whole listing) and `feed/` (Atom, optionally
    `?area=<thematic area slug>`); library/exports.py and library/feeds.py do the work.
    """

    intro = models.TextField(_("introduction"), blank=True)
    collection = models.ForeignKey(
        "library.LibraryCollection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Show the resources of this collection. Empty: the resources stored under this page."),
    )

    parent_page_types = ["hub.HomePage", "hub.GMPHomePage"]
    subpage_types = ["library.ResourcePage", "partners.ContributionSpacePage"]
    max_count_per_parent = 1
    per_page = 20

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("collection")]
    translatable_fields = [*BasePage.translatable_fields, TranslatableField("intro"), *fixed("collection")]
    api_fields = [*BasePage.api_fields, APIField("intro"), APIField("collection", serializer=TermField())]

    class Meta:
        verbose_name = _("library")

    def get_resources(self):
        """The live, public resources this library lists, in its own locale, newest first.

        A collection's resources are selected on their source-locale pages (which carry the
        collection tag) and shown in this page's locale (hub/localization.py).
        """
        if self.collection_id:
            source = self.collection.source_term
            resources = in_locale(ResourcePage.objects.filter(collections=source), self.locale)
        else:
            # Stored here or in a partner's contribution space below.
            resources = ResourcePage.objects.descendant_of(self).live().public().filter(locale_id=self.locale_id)
        return resources.select_related("resource_type", "contributed_by").order_by(
            *undated_last("-publication_date"), "title", TIEBREAK
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        try:
            context["resources"] = Paginator(self.get_resources(), self.per_page).page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(_("No such page of resources.")) from error
        return context

    @path("export/")
    @method_decorator(rate_limited("RATELIMIT_EXPORT"))
    def export(self, request):
        from library.exports import export_response

        return export_response(request, self.get_resources(), filename=self.slug)

    @path("feed/")
    def feed(self, request):
        from library.feeds import library_feed_response

        return library_feed_response(request, self)

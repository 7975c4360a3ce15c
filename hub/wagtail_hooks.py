"""Admin registration (the vocabularies grouped under one menu, projects on their own), the
document view's check for files of hidden pages, and translation: taxonomy pickers offering
source-locale terms only, machine translations flagged until reviewed (hub/localize/)."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

import django_filters

from .admin_exports import SafeExportSnippetViewSet
from .admin_projects import ProjectViewSet
from .localize.choosers import SourceTermChooserViewSet, register_many_to_many_override
from .localize.state import MACHINE, page_translation_state
from .localize.views import machine_translations_report, mark_machine_translation_reviewed
from .models import (
    ConventionArticle,
    Country,
    GMPArea,
    Pillar,
    Region,
    ResourceType,
    SiteTexts,
    ThematicArea,
)
from .privacy import document_hidden_from

# Many-to-many pickers in admin forms list source-locale terms only (hub/localize/choosers.py).
register_many_to_many_override()


class TaxonomyViewSet(SafeExportSnippetViewSet):
    # Vocabularies are small: a plain database filter searches them exactly, on every backend
    # (SQLite's full-text index cannot restrict a search to named fields).
    search_backend_name = None
    # Choosers (foreign keys, SnippetChooserBlock) offer the source-locale terms pages are tagged with.
    chooser_viewset_class = SourceTermChooserViewSet
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "slug"]
    list_export = ["name", "slug", "description"]
    ordering = ["sort_order", "name"]


class PillarViewSet(TaxonomyViewSet):
    model = Pillar
    icon = "folder-open-inverse"


class ThematicAreaViewSet(TaxonomyViewSet):
    model = ThematicArea
    icon = "tag"


class ConventionArticleViewSet(TaxonomyViewSet):
    model = ConventionArticle
    icon = "doc-full"
    list_display = ["number", "name", "kind", "locale"]
    list_filter = ["kind", "locale"]
    list_export = ["kind", "number", "name", "slug"]


class GMPAreaViewSet(TaxonomyViewSet):
    model = GMPArea
    icon = "group"


class RegionViewSet(TaxonomyViewSet):
    model = Region
    icon = "globe"


class CountryFilterSet(WagtailFilterSet):
    # Countries point at source-locale regions, so the filter offers those only.
    region = django_filters.ModelChoiceFilter(
        label=_("UN region"), queryset=lambda request: Region.objects.default_locale()
    )

    class Meta:
        model = Country
        fields = ["region", "locale"]


class CountryViewSet(TaxonomyViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "iso3", "region", "locale"]
    filterset_class = CountryFilterSet
    search_fields = ["name", "iso3", "iso2"]
    list_export = ["name", "iso3", "iso2", "region"]
    ordering = ["name"]


class ResourceTypeViewSet(TaxonomyViewSet):
    model = ResourceType
    icon = "doc-empty"


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Vocabularies")
    menu_icon = "tag"
    menu_order = 250
    items = (
        PillarViewSet,
        ThematicAreaViewSet,
        ConventionArticleViewSet,
        GMPAreaViewSet,
        RegionViewSet,
        CountryViewSet,
        ResourceTypeViewSet,
    )


class SiteTextsViewSet(SafeExportSnippetViewSet):
    """Each site's title, tagline, footer and menus per language (hub/models/site_settings.py)."""

    model = SiteTexts
    icon = "site"
    menu_label = _("Site texts")
    add_to_settings_menu = True
    search_backend_name = None
    list_display = ["site", "locale", "tagline"]
    list_filter = ["site", "locale"]
    search_fields = ["site_title", "tagline", "organisation_name"]


register_snippet(TaxonomyGroup)
register_snippet(SiteTextsViewSet)
register_snippet(ProjectViewSet)


# order=1: after Wagtail's own collection check, so a restricted collection still asks for a login.
@hooks.register("before_serve_document", order=1)
def refuse_documents_of_hidden_pages(document, request):
    """A file only draft, unpublished or private pages link is served only to those pages' readers.

    A 404, as for the page itself: a login form would confirm the file exists to whoever guessed
    its address, and no login helps with a draft.
    """
    if document_hidden_from(document, request):
        raise Http404(_("This document is not available."))


# Machine translations -----------------------------------------------------------------------------
@hooks.register("register_admin_urls")
def register_machine_translation_urls():
    return [
        path("reports/machine-translations/", machine_translations_report, name="hub_machine_translations"),
        path(
            "reports/machine-translations/<int:page_id>/reviewed/",
            mark_machine_translation_reviewed,
            name="hub_machine_translation_reviewed",
        ),
    ]


class MachineTranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_reports_menu_item")
def register_machine_translations_report():
    return MachineTranslationsMenuItem(
        _("Machine translations to review"), reverse("hub_machine_translations"), icon_name="globe", order=900
    )


@hooks.register("before_edit_page", order=-10)
def flag_machine_translation(request, page):
    """The editor of a page with unreviewed machine-translated strings says so."""
    if request.method == "GET" and page_translation_state(page) == MACHINE:
        messages.warning(
            request,
            _("Machine translation, not yet reviewed by a person: visitors see a notice saying so."),
            buttons=[messages.button(reverse("hub_machine_translations"), _("Review"))],
        )

"""Admin registration (the vocabularies grouped under one menu, projects on their own) and the
document view's check for files of hidden pages."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin_exports import SafeExportSnippetViewSet
from .models import ConventionArticle, Country, GMPArea, Pillar, Project, Region, ResourceType, ThematicArea
from .privacy import document_hidden_from


class TaxonomyViewSet(SafeExportSnippetViewSet):
    # Vocabularies are small: a plain database filter searches them exactly, on every backend
    # (SQLite's full-text index cannot restrict a search to named fields).
    search_backend_name = None
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


class CountryViewSet(TaxonomyViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "iso3", "region", "locale"]
    list_filter = ["region", "locale"]
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


class ProjectViewSet(SafeExportSnippetViewSet):
    model = Project
    icon = "clipboard-list"
    menu_label = _("Projects")
    menu_order = 260
    add_to_admin_menu = True
    search_backend_name = None
    list_display = ["__str__", "project_id", "programme", "approval_date"]
    list_filter = ["programme", "status"]
    search_fields = ["title", "project_id", "agency"]
    list_export = ["project_id", "programme", "title", "agency", "status", "approval_date", "amount_usd"]


register_snippet(TaxonomyGroup)
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

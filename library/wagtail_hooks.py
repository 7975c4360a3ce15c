"""Admin registration for the library; each feature's admin views live in library/admin/."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from hub.localize.choosers import SourceTermChooserViewSet

from .admin import downloads, imports  # noqa: F401  registers their hooks
from .models import LibraryCollection


class LibraryCollectionViewSet(SnippetViewSet):
    model = LibraryCollection
    icon = "folder-inverse"
    menu_label = _("Library collections")
    add_to_settings_menu = True
    list_display = ["name", "slug", "locale"]
    # A library shows a source-locale collection (resources are tagged with those; hub/localize/choosers.py).
    chooser_viewset_class = SourceTermChooserViewSet


register_snippet(LibraryCollectionViewSet)

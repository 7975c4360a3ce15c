from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet

from hub.admin_exports import SafeExportSnippetViewSet

from .admin import (
    isolation,  # noqa: F401  (partners see only their own space)
    organisations,  # noqa: F401  (hooks register on import)
    people,  # noqa: F401  (registers the people's snippet viewset)
    review,  # noqa: F401  (the partner's dashboard panel)
)
from .models import Organisation


class OrganisationViewSet(SafeExportSnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Partners")
    menu_order = 240
    add_to_admin_menu = True
    search_backend_name = None  # a plain database filter; see hub/wagtail_hooks.py
    list_display = ["name", "acronym", "kind", "gmp_partner", "active"]
    list_filter = ["kind", "gmp_partner", "active"]
    search_fields = ["name", "acronym"]
    list_export = ["name", "acronym", "slug", "kind", "website", "gmp_partner", "active"]


register_snippet(OrganisationViewSet)

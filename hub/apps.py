from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The ground floor: base page, mixins, shared blocks, taxonomies and the site structure."""

    name = "hub"
    verbose_name = _("Hub")

    def ready(self):
        from wagtail.signals import page_published

        from .localize.sync import follow_source_taxonomy

        # Taxonomy links follow a source page into its translations (docs/translation.md).
        page_published.connect(follow_source_taxonomy, dispatch_uid="hub.localize.follow_source_taxonomy")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The ground floor: base page, mixins, shared blocks, taxonomies and the site structure."""

    name = "hub"
    verbose_name = _("Hub")

    def ready(self):
        from exchange_platform.gc_tuning import tune_collector

        tune_collector()  # every process of the site builds many ORM objects (gc_tuning.py)

        from wagtail.signals import page_published

        from .localize.sync import follow_source_taxonomy

        # Taxonomy links follow a source page into its translations (docs/translation.md).
        page_published.connect(follow_source_taxonomy, dispatch_uid="hub.localize.follow_source_taxonomy")

        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Locale

        from .content_language import clear_locale_codes

        # Locale codes are cached by id for the lang attributes of listings (hub/content_language.py).
        post_save.connect(clear_locale_codes, sender=Locale, dispatch_uid="hub.clear_locale_codes_save")
        post_delete.connect(clear_locale_codes, sender=Locale, dispatch_uid="hub.clear_locale_codes_delete")

        from wagtail.models import Page, Site
        from wagtail.signals import page_unpublished, post_page_move

        from . import site_cache
        from .models import SiteTexts

        # The site and its menus are cached until a page, a site or the site texts change.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(site_cache.forget, dispatch_uid=f"hub.site_cache.{id(signal)}")
        post_delete.connect(site_cache.forget, sender=Page, dispatch_uid="hub.site_cache.page_deleted")
        for model in (SiteTexts, Site):
            post_save.connect(site_cache.forget, sender=model, dispatch_uid=f"hub.site_cache.{model.__name__}_saved")
            post_delete.connect(site_cache.forget, sender=model, dispatch_uid=f"hub.site_cache.{model.__name__}_del")

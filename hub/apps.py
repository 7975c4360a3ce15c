from django.apps import AppConfig


class HubConfig(AppConfig):
    """The ground floor: base page, mixins, shared blocks, taxonomies and the site structure."""

    name = "hub"
    verbose_name = "Hub"

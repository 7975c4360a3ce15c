from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Partner organisations, their contribution spaces and review workflow. Stands on hub."""

    name = "partners"
    verbose_name = "Partners"

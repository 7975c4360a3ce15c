from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Partner organisations, their contribution spaces and review workflow. Stands on hub."""

    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from . import review, signals  # noqa: F401

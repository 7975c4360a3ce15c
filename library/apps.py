from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The digital library: resources, documents, import/export and harvesting. Stands on hub."""

    name = "library"
    verbose_name = _("Library")

    def ready(self):
        from . import signal_handlers  # noqa: F401

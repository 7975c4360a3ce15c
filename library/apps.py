from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """The digital library: resources, documents, import/export and harvesting. Stands on hub."""

    name = "library"
    verbose_name = "Library"

    def ready(self):
        from . import signal_handlers  # noqa: F401

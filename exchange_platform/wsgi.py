"""WSGI entry point; the profile comes from DJANGO_SETTINGS_MODULE (development by default)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange_platform.settings.dev")

application = get_wsgi_application()

"""WSGI entry point for a WSGI server (gunicorn in the production image).

A WSGI server is a deployment, so the profile defaults to production, which refuses to start
without a SECRET_KEY instead of serving with the development key and DEBUG on. `runserver`
(`make run`) also loads this module, but manage.py has chosen the development profile by then.

Once loaded, the application's objects are frozen out of the garbage collector's full passes
(exchange_platform/gc_tuning.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange_platform.settings.production")

application = get_wsgi_application()

from exchange_platform.gc_tuning import freeze_loaded_objects  # noqa: E402 - after the application is loaded

freeze_loaded_objects()

"""Production profile: refuses to start without a real SECRET_KEY; HTTPS-only by default.

`python manage.py check --deploy` passes with SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL set
(tests/test_production_settings.py). The HTTPS switches come from the environment so a local
`docker compose` on plain HTTP can turn them off (docs/deployment.md lists every variable).
"""

import contextlib
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", False)  # noqa: F405
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for the production profile.")


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number of seconds, not {value!r}.") from None


STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

# Outgoing mail (review notifications, invitations) through the SMTP server the environment names;
# DEFAULT_FROM_EMAIL is read in base.py. Development prints mail on the console (dev.py).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "").strip() or 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # noqa: F405
EMAIL_TIMEOUT = 30  # a stuck server must not hold a reviewer's request for ever

# HTTPS. The site normally runs behind a TLS-terminating proxy that sets X-Forwarded-Proto; Django
# trusts that header only when TRUST_X_FORWARDED_PROTO is on (the proxy must overwrite it, never
# pass a client's value through). SECURE_SSL_REDIRECT=0 where the proxy redirects to HTTPS itself
# or the site is served on plain HTTP (local compose).
if env_bool("TRUST_X_FORWARDED_PROTO", True):  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
# The container healthcheck asks over plain HTTP from inside the container (Dockerfile).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# One year by default, what browsers' HSTS guidance asks for; 0 turns the header off.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)  # noqa: F405
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's admin shows the page preview in an iframe of the site itself, which DENY would blank.
X_FRAME_OPTIONS = "SAMEORIGIN"

SILENCED_SYSTEM_CHECKS = [
    # W019 asks for X_FRAME_OPTIONS = "DENY"; the admin's live preview needs same-origin framing (above).
    "security.W019",
    # W021 asks for the HSTS "preload" directive. Preloading pins the whole registered domain (every
    # subdomain, for months, in browsers' built-in lists): the domain owner's decision, so it is
    # opt-in (SECURE_HSTS_PRELOAD=1), not a default of this application.
    "security.W021",
]

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403

"""Development profile: the default for manage.py and `make run`."""

import contextlib

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)  # noqa: F405
# A fixed development key keeps sessions alive across restarts; production must set its own.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403

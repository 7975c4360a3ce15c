"""Development profile: the default for manage.py and `make run`."""

import contextlib
import sysconfig
from pathlib import Path

from django.utils.autoreload import autoreload_started

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)  # noqa: F405
# A fixed development key keeps sessions alive across restarts; production must set its own.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# runserver's reloader (StatReloader, in the serving process) polls every watched file once a
# second. Django adds every installed app's template and locale folders as globs, which made
# each poll walk about 2,000 files of installed packages (Wagtail's admin templates, dozens of
# `locale/` trees): ~120 ms of work every second beside the requests, measured as +100 ms on the
# search page's p95. Installed packages do not change while the site runs (a pip install
# changes their .py files, which stay watched), so their folders are not polled; the project's
# own templates, translations and code still reload as before.
_INSTALLED = {Path(sysconfig.get_paths()[name]).resolve() for name in ("purelib", "platlib")}


def _installed(directory):
    path = Path(directory).resolve()
    return any(path == root or root in path.parents for root in _INSTALLED)


def _watch_project_folders_only(sender, **kwargs):
    """Leave installed packages' folders out of the reloader's globs (see above)."""
    for directory in [d for d in sender.directory_globs if _installed(d)]:
        del sender.directory_globs[directory]
    watch_dir = sender.watch_dir

    def project_watch_dir(path, glob):
        if not _installed(path):
            watch_dir(path, glob)

    sender.watch_dir = project_watch_dir  # for receivers that run after this one


autoreload_started.connect(_watch_project_folders_only, dispatch_uid="dev_watch_project_folders_only")

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403

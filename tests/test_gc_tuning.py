"""The garbage collector's settings (exchange_platform/gc_tuning.py) reach every process, and
the WSGI entry point freezes what the loaded application holds.

The WSGI case runs in a fresh interpreter: freezing this test process would keep its objects
out of every later collection."""

import gc
import os
import subprocess
import sys
from pathlib import Path

from exchange_platform.gc_tuning import FIRST_GENERATION_THRESHOLD

BASE_DIR = Path(__file__).resolve().parent.parent

PROBE = """
import gc
import exchange_platform.wsgi
print(gc.get_freeze_count(), gc.get_threshold()[0])
"""


def test_a_set_up_process_collects_in_larger_passes():
    # pytest-django has set Django up, so HubConfig.ready has run in this process.
    assert gc.get_threshold()[0] == FIRST_GENERATION_THRESHOLD
    assert gc.isenabled()


def test_the_wsgi_application_freezes_the_objects_it_loaded():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "exchange_platform.settings.test"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, threshold = (int(value) for value in result.stdout.split())
    # Django, Wagtail and the project's modules: far more than a bare interpreter's few thousand.
    assert frozen > 50_000
    assert threshold == FIRST_GENERATION_THRESHOLD

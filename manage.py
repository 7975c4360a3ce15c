#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # The development profile is the default, so `python manage.py …` with no environment
    # works on the same database and media that `make run` serves (contracts §1).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange_platform.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

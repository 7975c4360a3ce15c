"""The partners' admin, one concern a module; partners/wagtail_hooks.py imports each so its hooks register."""

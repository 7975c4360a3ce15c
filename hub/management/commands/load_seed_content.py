"""Build the site from real facts: reference data always, demo content when the site is empty.

On an empty site (a fresh clone, `make run`) this loads everything; on a site with content it only
syncs the reference data, merged with editors' changes, and leaves pages, menus and tagline as
editors left them. Running it twice changes nothing. hub/seed/runner.py has the details.
"""

from django.core.management.base import BaseCommand

from hub.seed.runner import add_data_dir_argument, pages_with_content, run_seed, seed_modules

__all__ = ["Command", "seed_modules"]


class Command(BaseCommand):
    help = (
        "Load the seed: reference data (synced, editors' changes kept) and, on an empty site only, the demo "
        "content. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        add_data_dir_argument(parser)

    def handle(self, *args, **options):
        existing = pages_with_content().count()
        if existing:
            self.stdout.write(
                f"The site has content ({existing} pages): demo content not loaded; syncing reference data only."
            )
        run_seed(self, options, demo=not existing)

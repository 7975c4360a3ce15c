"""Re-sync the reference data from the seed data files, never undoing an editor's change.

Taxonomies and countries, Party profiles, projects, partner organisations and library collections
are created or updated from the data; a field an editor changed since the last sync is kept, and a
Party profile an editor deleted is not created again (hub/seed/ledger.py). Pages, menus and the
tagline are never touched. Safe to run on a live site, as often as the data changes.
"""

from django.core.management.base import BaseCommand

from hub.seed.runner import add_data_dir_argument, run_seed


class Command(BaseCommand):
    help = (
        "Sync the reference data (taxonomies, countries, Party profiles, projects, partner organisations, "
        "library collections) from the seed data files; fields editors changed are kept."
    )

    def add_arguments(self, parser):
        add_data_dir_argument(parser)

    def handle(self, *args, **options):
        run_seed(self, options, demo=False)

"""Load the demo content (pages, news, events, meetings, library resources, menus, tagline).

Only into an empty site: anywhere else it would restore pages editors deleted and overwrite their
menus, so it refuses with exit code 1 and changes nothing. The reference data is synced first,
since the demo pages are tagged with it.
"""

from django.core.management.base import BaseCommand, CommandError

from hub.seed.runner import add_data_dir_argument, pages_with_content, run_seed


class Command(BaseCommand):
    help = "Load the demo content and the reference data into an empty site; refuses a site that has pages."

    def add_arguments(self, parser):
        add_data_dir_argument(parser)

    def handle(self, *args, **options):
        existing = pages_with_content().count()
        if existing:
            raise CommandError(
                f"The site already has content ({existing} pages): demo content loads only into an empty site, "
                "so nothing was changed. To update taxonomies, Parties and projects, run sync_reference_data."
            )
        run_seed(self, options, demo=True)

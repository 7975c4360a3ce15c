"""`manage.py import_resources PATH [--dry-run] [--partner ORG_SLUG]`: the library import of CONTRACTS.md §4
(with --partner, §7: drafts in the organisation's contribution space, each submitted for review).

stdout carries exactly the contract's report (the counts line, then `row K: field: reason` per
problem); warnings and progress go to stderr. Exit status 1 if any row failed or the file could
not be read at all, or if --partner names no active organisation (nothing is imported then).
"""

from django.core.management.base import BaseCommand, CommandError

from library.importing import ImportFileError, import_file
from partners.models import Organisation


class Command(BaseCommand):
    help = (
        "Import library resources from a CSV or JSON file (CONTRACTS.md §4); idempotent by identifier. "
        "Run by an operator, with no user: new and changed resources are published live at once "
        "(Wagtail's page permissions and workflows apply to imports made in the admin). "
        "With --partner ORG_SLUG, nothing is published: every new or changed resource is a draft in that "
        "organisation's contribution space, submitted to its review workflow with no requesting user (the "
        "operator is not one of the partner's users); a row whose identifier belongs to a resource outside "
        "that space fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .csv or .json file; files it names are found relative to it.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report what would happen, without writing anything."
        )
        parser.add_argument(
            "--partner",
            metavar="ORG_SLUG",
            help="Import as drafts into this partner organisation's contribution space, each submitted for review.",
        )

    def handle(self, *args, path, dry_run=False, partner=None, verbosity=1, **options):
        def progress(message):
            if verbosity >= 1:
                self.stderr.write(message)

        organisation = None
        if partner is not None:
            organisation = Organisation.objects.default_locale().filter(slug=partner).first()
            if organisation is None:
                raise CommandError(f"Nothing was imported. There is no partner organisation with the slug {partner!r}.")
        try:
            # An operator's import into the library publishes every new row: the bulk writer
            # (about 300 resources a second on PostgreSQL); a partner's goes through review.
            report = import_file(
                path, dry_run=dry_run, organisation=organisation, progress=progress, fast_path=organisation is None
            )
        except ImportFileError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        for line in report.draft_lines():
            self.stderr.write(line)
        if verbosity >= 2:
            self.stderr.write(f"{'Dry run: nothing was written. ' if dry_run else ''}Took {report.seconds:.1f} s.")
        if not report.ok:
            what = "would fail" if dry_run else "failed; the other rows were applied"
            raise CommandError(f"{report.failed} row(s) {what}.", returncode=1)

"""`manage.py import_resources PATH [--dry-run]`: the library import of CONTRACTS.md §4.

stdout carries exactly the contract's report (the counts line, then `row K: field: reason` per
problem); warnings and progress go to stderr. Exit status 1 if any row failed or the file could
not be read at all.
"""

from django.core.management.base import BaseCommand, CommandError

from library.importing import ImportFileError, import_file


class Command(BaseCommand):
    help = (
        "Import library resources from a CSV or JSON file (CONTRACTS.md §4); idempotent by identifier. "
        "Run by an operator, with no user: new and changed resources are published live at once "
        "(Wagtail's page permissions and workflows apply to imports made in the admin)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .csv or .json file; files it names are found relative to it.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report what would happen, without writing anything."
        )

    def handle(self, *args, path, dry_run=False, verbosity=1, **options):
        def progress(message):
            if verbosity >= 1:
                self.stderr.write(message)

        try:
            report = import_file(path, dry_run=dry_run, progress=progress)
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

"""`manage.py import_projects PATH [--dry-run] [--format auto|native|gef]`: the project import of
CONTRACTS.md §5 (library/importing/projects.py).

stdout carries exactly the contract's report (the counts line, then `row K: field: reason` per
problem); warnings go to stderr. Exit status 1 if any row failed or the file could not be read.
"""

from django.core.management.base import BaseCommand, CommandError

from library.importing import ImportFileError
from library.importing.projects import FORMATS, import_projects


class Command(BaseCommand):
    help = (
        "Import GEF, Specific International Programme and other projects from a CSV, XLSX or JSON file "
        "(CONTRACTS.md §5); idempotent by project_id. The GEF project database's own CSV export is "
        "recognised by its header (or say --format gef). Party profiles show the projects at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .csv, .xlsx or .json file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report what would happen, without writing anything."
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=FORMATS,
            default="auto",
            help="native: the columns of CONTRACTS.md §5; gef: the GEF website's export; auto (default): "
            "decided by the header row.",
        )

    def handle(self, *args, path, dry_run=False, fmt="auto", verbosity=1, **options):
        try:
            report = import_projects(path, dry_run=dry_run, fmt=fmt)
        except ImportFileError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        if verbosity >= 1:
            for warning in report.warnings:
                self.stderr.write(warning)
        if verbosity >= 2:
            self.stderr.write(f"{'Dry run: nothing was written. ' if dry_run else ''}Took {report.seconds:.1f} s.")
        if not report.ok:
            what = "would fail" if dry_run else "failed; the other rows were applied"
            raise CommandError(f"{report.failed} row(s) {what}.", returncode=1)

"""`manage.py generate_library N [--seed S]`: N realistic synthetic resources for volume tests.

The records come from library.importing.synthetic and go through the library import itself
(validation, locale aliases, search indexing) on its bulk fast path (`fast_path=True`: pages
written in batches, published, no user), so volume data is shaped exactly like imported data.
Identifiers start with `synthetic-<seed>-`; running the command again with the same seed
changes nothing. `--csv PATH` writes the rows as an import file instead.

Search indexing happens per chunk of new resources, from the pages still in memory. With
`--no-index` (or `--index-backend NAME` to feed only some backends) the search indexes are left
to a following `manage.py update_index` (`--backend NAME`), which rebuilds them anyway: the
benchmarks load volume data that way. The reference index is always kept up to date.
"""

import csv
import time

from django.core.management.base import BaseCommand, CommandError

from modelsearch.conf import get_app_config

from library.importing import ImportFileError, import_source
from library.importing.reading import Row, Source
from library.importing.schema import COLUMNS

try:
    from library.importing.synthetic import SyntheticLibrary, as_csv_row
except ImportError as error:  # Faker is a development requirement, not in the production image
    SyntheticLibrary = as_csv_row = None
    MISSING_REQUIREMENT = error

# Larger than the import's own chunks: fewer per-chunk costs (the search backends refresh
# their statistics once per call), and a failed chunk is retried row by row all the same.
CHUNK_SIZE = 1000


class Command(BaseCommand):
    help = "Create N realistic synthetic library resources (deterministic per --seed) for volume tests."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many resources.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same resources (default 1).")
        parser.add_argument("--csv", metavar="PATH", help="Write the rows to this CSV import file instead.")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Leave the search indexes to a following `manage.py update_index`.",
        )
        parser.add_argument(
            "--index-backend",
            action="append",
            metavar="NAME",
            dest="index_backends",
            help="Index the new resources only in this search backend (repeatable); "
            "`update_index --backend OTHER` fills the others.",
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=CHUNK_SIZE,
            help=f"Resources written (and committed) together (default {CHUNK_SIZE}).",
        )

    def handle(self, *args, count, seed, csv=None, verbosity=1, **options):
        if SyntheticLibrary is None:
            raise CommandError(
                f"generate_library needs the development requirements ({MISSING_REQUIREMENT}): "
                "pip install -r requirements-dev.txt"
            )
        if count < 0:
            raise CommandError("N must be zero or more.")
        if options.get("chunk_size", CHUNK_SIZE) < 1:
            raise CommandError("--chunk-size must be at least 1.")
        search_backends = [] if options.get("no_index") else options.get("index_backends")
        if search_backends:
            configured = set(get_app_config().get_search_backend_config())
            unknown = sorted(set(search_backends) - configured)
            if unknown:
                raise CommandError(
                    f"No search backend named {', '.join(unknown)} (configured: {', '.join(sorted(configured))})."
                )
        started = time.monotonic()
        try:
            rows = SyntheticLibrary(seed).rows(count)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if csv:
            self._write_csv(csv, rows)
            self.stdout.write(f"Wrote {count} rows to {csv}.")
            return

        def progress(message):
            if verbosity >= 1:
                self.stderr.write(message)

        source = Source(
            name=f"synthetic seed {seed}",
            format="json",
            columns=[column for column in COLUMNS if column != "file"],
            rows=[Row(number=number, data=data) for number, data in enumerate(rows, start=1)],
        )
        try:
            report = import_source(
                source,
                base_dir=".",
                progress=progress,
                chunk_size=options.get("chunk_size", CHUNK_SIZE),
                search_backends=search_backends,
                fast_path=True,  # an operator's volume data: the bulk writer, published
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        elapsed = time.monotonic() - started
        if verbosity >= 1:
            self.stderr.write(f"{count} resources in {elapsed:.1f} s ({count / max(elapsed, 1e-6):.0f}/s).")
        if not report.ok:
            raise CommandError(f"{report.failed} generated row(s) failed.", returncode=1)

    @staticmethod
    def _write_csv(path, rows):
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=[column for column in COLUMNS if column != "file"])
            writer.writeheader()
            writer.writerows(as_csv_row(row) for row in rows)

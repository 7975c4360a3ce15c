"""The library import (CONTRACTS.md §4): CSV or JSON rows → ResourcePages (published, or drafts
for a user who may not publish there).

    report = import_file("resources.csv", dry_run=False)
    print("\\n".join(report.lines()))

reading → validation (per row: a clean record or [(column, reason)]) → applying (create,
update or leave, by `identifier`, with the user's page permissions) → runner (chunks, a savepoint
per row holding its index entries, dry run); bulk is generate_library's fast path and jobs the
admin's background task. The `import_resources` command and the admin upload both call this.
"""

from .reading import ImportFileError
from .report import ImportReport
from .runner import import_file, import_source

__all__ = ["ImportFileError", "ImportReport", "import_file", "import_source"]

"""The library import (CONTRACTS.md §4): CSV or JSON rows → published ResourcePages.

    report = import_file("resources.csv", dry_run=False)
    print("\\n".join(report.lines()))

reading → validation (per row: a clean record or [(column, reason)]) → applying (create,
update or leave, by `identifier`) → bulk (fast page creation) → runner (chunks, savepoints,
indexing, dry run). The `import_resources` command and the admin upload both call this.
"""

from .reading import ImportFileError
from .report import ImportReport
from .runner import import_file, import_source

__all__ = ["ImportFileError", "ImportReport", "import_file", "import_source"]

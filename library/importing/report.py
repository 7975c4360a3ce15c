"""What an import did, in the words of CONTRACTS.md §4."""

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (row number, column, reason), in row order
    warnings: list = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    def count(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)

    def fail(self, row, problems):
        self.errors.extend((row, column, reason) for column, reason in problems)

    @property
    def failed_rows(self):
        return sorted({row for row, _column, _reason in self.errors})

    @property
    def failed(self):
        return len(self.failed_rows)

    @property
    def ok(self):
        return not self.errors

    @property
    def summary(self):
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, failed {self.failed}"

    @property
    def sorted_errors(self):
        """Problems by row number (a row's own order kept): validation and applying add them apart."""
        return sorted(self.errors, key=lambda error: error[0])

    def error_lines(self):
        return [f"row {row}: {column}: {reason}" for row, column, reason in self.sorted_errors]

    def lines(self):
        """The command's output: the counts, then one line per problem of each failed row."""
        return [self.summary, *self.error_lines()]

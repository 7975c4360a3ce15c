"""What an import did, in the words of CONTRACTS.md §4."""

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (row number, column, reason), in row order
    # (row number, identifier, "created" or "updated"): rows saved as drafts, not published,
    # because the importing user may not publish there.
    drafts: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    def as_dict(self):
        """What an ImportJob keeps (JSON)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [list(error) for error in self.errors],
            "drafts": [list(draft) for draft in self.drafts],
            "warnings": list(self.warnings),
            "dry_run": self.dry_run,
            "seconds": self.seconds,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            created=data.get("created", 0),
            updated=data.get("updated", 0),
            unchanged=data.get("unchanged", 0),
            errors=[tuple(error) for error in data.get("errors", [])],
            drafts=[tuple(draft) for draft in data.get("drafts", [])],
            warnings=list(data.get("warnings", [])),
            dry_run=data.get("dry_run", False),
            seconds=data.get("seconds", 0.0),
        )

    def count(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)

    def draft(self, row, identifier, outcome):
        self.drafts.append((row, identifier, outcome))

    def draft_lines(self):
        """One line per row saved as a draft (not part of the contract's stdout report)."""
        return [
            f"row {row}: {identifier}: {'created' if outcome == 'created' else 'changed'} as a draft, not published"
            for row, identifier, outcome in sorted(self.drafts)
        ]

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

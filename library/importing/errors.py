"""Errors of one import row, reported as `row K: field: reason` (CONTRACTS.md §4)."""

from django.core.exceptions import NON_FIELD_ERRORS

# Model fields whose name differs from the import column that sets them.
COLUMN_FOR_FIELD = {
    "external_url": "url",
    "licence": "license",
    "date_precision": "publication_date",
    "slug": "title",
    "draft_title": "title",
    "resource_type_id": "resource_type",
    "meeting_id": "meeting",
    "publisher_id": "publisher",
    "publisher_name": "publisher",
    NON_FIELD_ERRORS: "row",
}


class RowError(Exception):
    """One or more (field, reason) problems with a row."""

    def __init__(self, field, reason=None):
        self.problems = list(field) if reason is None else [(field, reason)]
        super().__init__("; ".join(f"{name}: {text}" for name, text in self.problems))


def problems_from_validation_error(error):
    """(column, reason) pairs from a model ValidationError (e.g. ResourcePage.clean())."""
    if hasattr(error, "error_dict"):
        return [
            (COLUMN_FOR_FIELD.get(name, name), " ".join(str(message).rstrip(".") for message in messages))
            for name, messages in error.message_dict.items()
        ]
    return [("row", " ".join(message.rstrip(".") for message in error.messages))]

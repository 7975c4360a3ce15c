"""Creating or updating one project from a checked row."""

from django.core.exceptions import ValidationError

from hub.models import Project

from ..errors import RowError, problems_from_validation_error

# Model fields whose errors belong to another import column.
_COLUMN_FOR_FIELD = {"approval_year": "approval_date"}


def _apply(record, existing):
    """Create or update one project; "created", "updated" or "unchanged"."""
    project = existing or Project(project_id=record.project_id)
    if existing is None and not record.values.get("programme"):
        raise RowError("programme", "is required for a new project")
    values = dict(record.values)
    if record.fiscal_year and not (existing and existing.approval_date):
        values.update(approval_date=None, approval_year=record.fiscal_year)
    changed = [name for name, value in values.items() if getattr(project, name) != value]
    changed_m2m = [
        name
        for name, objects in record.m2m.items()
        if existing is None or {item.pk for item in getattr(project, name).all()} != {item.pk for item in objects}
    ]
    if existing is not None and not changed and not changed_m2m:
        return "unchanged"
    for name in changed:
        setattr(project, name, values[name])
    try:
        project.full_clean()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            error = ValidationError(
                {_COLUMN_FOR_FIELD.get(name, name): value for name, value in error.error_dict.items()}
            )
        raise RowError(problems_from_validation_error(error)) from None
    if existing is None or changed:
        project.save()
    for name in changed_m2m:
        getattr(project, name).set(record.m2m[name])
    return "created" if existing is None else "updated"

"""Validators for bibliographic identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
HANDLE_RE = re.compile(r"^\d+(\.\d+)*/\S+$")


def validate_doi(value):
    if not DOI_RE.match(value):
        raise ValidationError(_("A DOI looks like 10.1000/xyz123 (without https://doi.org/)."))


def validate_handle(value):
    if not HANDLE_RE.match(value):
        raise ValidationError(_("A handle looks like 20.500.11822/30813."))


def normalise_isbn(value):
    return re.sub(r"[\s-]", "", value or "").upper()


def validate_isbn(value):
    digits = normalise_isbn(value)
    if len(digits) == 10 and re.match(r"^\d{9}[\dX]$", digits):
        total = sum((10 - i) * (10 if ch == "X" else int(ch)) for i, ch in enumerate(digits))
        if total % 11 == 0:
            return
    elif len(digits) == 13 and digits.isdigit():
        total = sum((1 if i % 2 == 0 else 3) * int(ch) for i, ch in enumerate(digits))
        if total % 10 == 0:
            return
    raise ValidationError(_("This is not a valid ISBN-10 or ISBN-13 (check digit does not match)."))

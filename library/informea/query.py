"""The OData v2 system query options InforMEA's harvester sends, parsed and checked (contracts §6).

Pure functions over the request's parameters: `parse_options(params, entity_set)` returns an
`Options` or raises `QueryError` (a 400 with the OData error body). They know each set's
sortable, filterable and expandable properties from its declaration (sets.py) and nothing
about the database, so the rules can be read and unit-tested alone.

- `$top` (default 50; a larger value than 200 is capped, not refused), `$skip`;
- `$orderby`: `prop [asc|desc]`, comma-separated; `id` is appended as the last tie-break so the
  order is total and paging by `$skip` never skips or repeats a record;
- `$filter`: comparisons `prop op datetime'YYYY-MM-DDTHH:MM[:SS[.fff]][Z]'` (op gt, ge, lt, le,
  eq) joined by `and`; an OData v2 datetime carries no offset and is read as UTC;
- `$expand`: names of the multilingual and file properties (always inline: accepted, no effect);
- `$inlinecount` (allpages|none), `$format` (json only).
Parameters without `$` are custom options, which OData says to ignore; an unknown `$` option is
refused, naming the supported ones.
"""

import datetime
import re
from dataclasses import dataclass

DEFAULT_TOP = 50
MAX_TOP = 200
# Far beyond any library, yet below the 64-bit OFFSET every database accepts.
MAX_SKIP = 2**62
SUPPORTED = ("$top", "$skip", "$orderby", "$filter", "$expand", "$inlinecount", "$format")
OPERATORS = ("gt", "ge", "lt", "le", "eq")
DEFAULT_ORDER = (("updated", True), ("id", False))

_INTEGER = re.compile(r"[0-9]+")
_ORDER_ITEM = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*", re.IGNORECASE)
_COMPARISON = re.compile(
    r"\s*([A-Za-z_][A-Za-z0-9_]*)\s+([A-Za-z]+)\s+datetime'"
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z?)'\s*"
)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


class QueryError(ValueError):
    """A query option the provider cannot read: answered 400 with an OData error body."""

    def __init__(self, message, code="BadRequest"):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Comparison:
    """`prop op value`: value an aware UTC datetime."""

    prop: str
    op: str
    value: datetime.datetime


@dataclass(frozen=True)
class Options:
    top: int = DEFAULT_TOP
    skip: int = 0
    order: tuple = DEFAULT_ORDER  # ((property, descending), ...), ending with ("id", ...)
    filters: tuple = ()  # Comparisons, all of which must hold
    expand: tuple = ()
    inlinecount: bool = False


def _single(params, name):
    values = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
    if len(values) > 1:
        raise QueryError(f"{name} is given more than once.")
    return values[0]


def parse_top(text):
    if not _INTEGER.fullmatch(text):
        raise QueryError(f"$top must be a whole number from 0 (it is capped at {MAX_TOP}), not {text!r}.")
    return min(int(text), MAX_TOP)


def parse_skip(text):
    if not _INTEGER.fullmatch(text):
        raise QueryError(f"$skip must be a whole number from 0, not {text!r}.")
    return min(int(text), MAX_SKIP)


def parse_orderby(text, sortable):
    """`updated desc,id` → (("updated", True), ("id", False)); `id` ends every order."""
    if not text.strip():
        raise QueryError("$orderby is empty: name a property, e.g. $orderby=updated desc,id.")
    order = []
    for item in text.split(","):
        match = _ORDER_ITEM.fullmatch(item)
        if not match:
            raise QueryError(f"$orderby: {item.strip()!r} is not 'property', 'property asc' or 'property desc'.")
        prop, direction = match.group(1), (match.group(2) or "asc").lower()
        if prop not in sortable:
            raise QueryError(f"$orderby: {prop!r} cannot be sorted on here; use one of: {', '.join(sortable)}.")
        if prop in {name for name, _descending in order}:
            raise QueryError(f"$orderby names {prop!r} twice.")
        order.append((prop, direction == "desc"))
    if "id" not in {name for name, _descending in order}:
        order.append(("id", False))
    return tuple(order)


def _comparison(text, filterable):
    match = _COMPARISON.fullmatch(text)
    if not match:
        raise QueryError(
            f"$filter: {text.strip()!r} is not understood; write e.g. updated gt datetime'2024-01-31T00:00:00' "
            "(comparisons joined by 'and')."
        )
    prop, op = match.group(1), match.group(2)
    if prop not in filterable:
        raise QueryError(f"$filter: {prop!r} cannot be filtered on here; use one of: {', '.join(filterable)}.")
    if op not in OPERATORS:
        raise QueryError(f"$filter: {op!r} is not an operator here; use one of: {', '.join(OPERATORS)}.")
    year, month, day, hour, minute = (int(match.group(n)) for n in range(3, 8))
    second = int(match.group(8) or 0)
    microsecond = int((match.group(9) or "0").ljust(7, "0")[:6])
    try:
        value = datetime.datetime(year, month, day, hour, minute, second, microsecond, tzinfo=datetime.UTC)
    except ValueError as error:
        raise QueryError(f"$filter: {text.strip()!r} holds an impossible date or time ({error}).") from error
    return Comparison(prop, op, value)


def parse_filter(text, filterable):
    if not text.strip():
        raise QueryError("$filter is empty: write e.g. updated gt datetime'2024-01-31T00:00:00'.")
    return tuple(_comparison(part, filterable) for part in _AND.split(text.strip()))


def parse_expand(text, expandable):
    names = [name.strip() for name in text.split(",")] if text.strip() else []
    for name in names:
        if name not in expandable:
            raise QueryError(
                f"$expand: {name!r} is not a property to expand here; use any of: {', '.join(expandable)}."
            )
    return tuple(dict.fromkeys(names))


def parse_inlinecount(text):
    if text not in ("allpages", "none"):
        raise QueryError(f"$inlinecount must be allpages or none, not {text!r}.")
    return text == "allpages"


def check_format(text):
    if text.strip().lower() not in ("json", "application/json"):
        raise QueryError(f"$format: only json is served, not {text!r}.", code="UnsupportedFormat")


def check_known(params):
    """Refuse unknown `$` options; OData custom options (no `$`) pass through, ignored."""
    for name in params:
        if name.startswith("$") and name not in SUPPORTED:
            raise QueryError(f"{name} is not a supported query option; the supported ones are: {', '.join(SUPPORTED)}.")


def parse_options(params, *, sortable=("updated", "id"), filterable=("updated",), expandable=()):
    """Options from a QueryDict (or a plain dict); QueryError on the first malformed one."""
    check_known(params)
    values = {name: _single(params, name) for name in SUPPORTED if name in params}
    if "$format" in values:
        check_format(values["$format"])
    options = {}
    if "$top" in values:
        options["top"] = parse_top(values["$top"])
    if "$skip" in values:
        options["skip"] = parse_skip(values["$skip"])
    if "$orderby" in values:
        options["order"] = parse_orderby(values["$orderby"], sortable)
    if "$filter" in values:
        options["filters"] = parse_filter(values["$filter"], filterable)
    if "$expand" in values:
        options["expand"] = parse_expand(values["$expand"], expandable)
    if "$inlinecount" in values:
        options["inlinecount"] = parse_inlinecount(values["$inlinecount"])
    return Options(**options)


_MS = datetime.timedelta(milliseconds=1)


def _floor_ms(value):
    return value - datetime.timedelta(microseconds=value.microsecond % 1000)


def datetime_bounds(op, value):
    """A date-and-time property compared with `value`, as the harvester saw it.

    Records carry their times to the millisecond (`/Date(ms)/`, rounded down) while the database
    keeps microseconds: `updated gt T`, with T the newest value a harvester received, must not
    return that record again. So each comparison is made on the value rounded down to the
    millisecond: a list of (lookup, value) for the database, or None when nothing can match.
    """
    floor = _floor_ms(value)
    ceiling = floor if floor == value else floor + _MS
    if op == "gt":
        return [("gte", floor + _MS)]
    if op == "ge":
        return [("gte", ceiling)]
    if op == "lt":
        return [("lt", ceiling)]
    if op == "le":
        return [("lt", floor + _MS)]
    if floor != value:
        return None
    return [("gte", value), ("lt", value + _MS)]


def date_bounds(op, value):
    """A date-only property (a publication date, read as midnight UTC) compared with `value`:
    (lookup, date) for the database, or None when nothing can match (eq at a time after midnight)."""
    day, midnight = value.date(), value.timetz().replace(tzinfo=None) == datetime.time(0)
    if op == "gt":
        return "gt", day
    if op == "le":
        return "lte", day
    if op == "ge":
        return ("gte", day) if midnight else ("gt", day)
    if op == "lt":
        return ("lt", day) if midnight else ("lte", day)
    return ("exact", day) if midnight else None

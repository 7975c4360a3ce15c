"""The search form: a visitor's GET parameters, validated once by the search service.

`SearchForm(request.GET, "fr")` always ends up with usable `params`: when a number is malformed
(`year_from=abc`, `page=0`) the error is kept per field for the page to show, and the search runs
without that one parameter, so the visitor still sees results beside the message.
"""

from .params import PER_PAGE_DEFAULT, SearchParams, default_sort
from .service import InvalidSearchParams, params_from_query


class SearchForm:
    def __init__(self, data, locale):
        self.data = data
        self.locale = locale
        self.errors = {}
        try:
            self.params = params_from_query(data, locale)
        except InvalidSearchParams as invalid:
            self.errors = {name: str(message) for name, message in invalid.errors.items()}
            self.params = self._params_without(invalid.errors)

    def is_valid(self):
        return not self.errors

    def _params_without(self, names):
        cleaned = self.data.copy() if hasattr(self.data, "copy") else dict(self.data)
        for name in names:
            cleaned.pop(name, None)
        try:
            return params_from_query(cleaned, self.locale)
        except InvalidSearchParams:  # pragma: no cover - every invalid name was removed
            return SearchParams(locale=self.locale)

    def raw(self, name):
        """The last value the visitor sent for `name`, as sent (for re-display in an input)."""
        if hasattr(self.data, "getlist"):
            values = self.data.getlist(name)
            return values[-1] if values else ""
        value = self.data.get(name, "")
        return value[-1] if isinstance(value, list | tuple) and value else (value or "")

    def shown(self, name):
        """What an input shows: the typed value if it was wrong, otherwise the parsed one."""
        if name in self.errors:
            return self.raw(name)
        value = getattr(self.params, name)
        if name == "sort":
            return "" if value == default_sort(self.params.q) else value
        if name == "per_page":
            return "" if value == PER_PAGE_DEFAULT else str(value)
        return "" if value is None else str(value)

"""Wagtail API v2 (contracts §6): pages, images and documents, as an anonymous visitor sees them.

The answers are the same for everyone (harvesters, caches): a signed-in participant opens
private pages and files on the site itself, not through this API. What each page type shows
is its `api_fields` (hub/api_fields.py, library/api_fields.py).

Bad input answers 400 with a message, never 500: Wagtail already refuses unknown parameters,
fields and types; field filters whose value the database cannot take (`?start_date=soon`) and
unknown locales are refused here too.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import OperationalError, models
from django.http import Http404

from wagtail.api.v2.filters import LocaleFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale

from taggit.managers import TaggableManager

from hub.privacy import open_to_anyone

# Integer columns hold signed 64-bit values at most; a bigger id in a filter is refused, not
# handed to the database (SQLite raises OverflowError, PostgreSQL an error that ends the transaction).
LARGEST_ID = 2**63 - 1


class KnownLocaleFilter(LocaleFilter):
    """`?locale=fr`: the pages of one locale (aliases of untranslated pages included).

    Wagtail answers an unknown locale with 404, as if the endpoint were missing; it is bad input.
    """

    def filter_queryset(self, request, queryset, view):
        code = request.GET.get("locale")
        if code is not None and not Locale.objects.filter(language_code=code).exists():
            raise BadRequestError(f"locale error: no locale {code!r}")
        return super().filter_queryset(request, queryset, view)


class GuardedQueries:
    """Junk query parameters answer 400 with the API's `{"message": …}`, never 500 (pages, images, documents)."""

    def filter_queryset(self, queryset):
        if any("\x00" in value for value in self.request.GET.values()):
            # No database column holds a NUL (psycopg refuses to send one): as Wagtail says for fields.
            raise BadRequestError("null characters are not allowed in parameters")
        self._check_integer_filters(queryset.model)
        self._check_order(queryset.model)
        try:
            return super().filter_queryset(queryset)
        except (ValidationError, ValueError, TypeError) as error:
            # Wagtail converts integers and booleans itself; a date or a time the database
            # cannot take fails when the filter is built.
            raise BadRequestError(f"field filter error: {_message(error)}") from error

    def _check_integer_filters(self, model):
        """Field filters on integers and on relations (which compare ids) take a 64-bit integer."""
        # `locale` takes a language code (KnownLocaleFilter), as in Wagtail's FieldsFilter.
        filterable = set(self.get_available_fields(model, db_fields_only=True)) - {"locale"}
        for name, value in self.request.GET.items():
            if name not in filterable:
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, TaggableManager):  # tags filter by name
                continue
            target = field.related_model._meta.pk if field.is_relation else field
            if not isinstance(target, models.IntegerField):
                continue
            try:
                number = int(value)
            except ValueError:
                number = None
            if number is None or abs(number) > LARGEST_ID:
                raise BadRequestError(f"field filter error: {value!r} is not a valid id for {name}")

    def _check_order(self, model):
        """`?order=` by a list (files, countries, sessions) would repeat pages once per item: refused."""
        for name in self.request.GET.get("order", "").split(","):
            try:
                field = model._meta.get_field(name.strip().lstrip("-"))
            except FieldDoesNotExist:
                continue  # Wagtail's OrderingFilter answers unknown names
            if field.many_to_many or field.one_to_many:
                raise BadRequestError(f"cannot order by '{name}' (a list of values)")

    def paginate_queryset(self, queryset):
        offset = self.request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > LARGEST_ID:
            raise BadRequestError("offset is out of range")
        try:
            return super().paginate_queryset(queryset)
        except OperationalError as error:
            # Wagtail's SQLite full-text backend passes an unbalanced quote in `?search=` on to
            # FTS5, which refuses the statement before it runs (nothing in the transaction changes).
            raise BadRequestError("search error: the query cannot be read") from error

    def find_object(self, queryset, request):
        try:
            return super().find_object(queryset, request)
        except (ValueError, ValidationError) as error:  # `find/?id=abc`
            raise BadRequestError(f"find error: {_message(error)}") from error


class PublicPagesAPIViewSet(GuardedQueries, PagesAPIViewSet):
    filter_backends = [
        KnownLocaleFilter if backend is LocaleFilter else backend for backend in PagesAPIViewSet.filter_backends
    ]

    def get_base_queryset(self):
        # Wagtail lists live pages whose restrictions let this request in (a participant would see
        # the participants' areas); `public()` keeps every restricted page and what lies below it
        # out for everyone. Drafts (a partner's contribution awaiting review) are not live.
        try:
            return super().get_base_queryset().public()
        except Http404 as error:  # `?site=` names no site
            raise BadRequestError("site error: no such site") from error


def _message(error):
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)


class PublicDocumentsAPIViewSet(GuardedQueries, DocumentsAPIViewSet):
    def get_queryset(self):
        return open_to_anyone(super().get_queryset())


class PublicImagesAPIViewSet(GuardedQueries, ImagesAPIViewSet):
    def get_queryset(self):
        return open_to_anyone(super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)

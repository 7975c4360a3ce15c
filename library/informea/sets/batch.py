"""`Batch`: the records of a page of results, loaded together."""

from wagtail.documents import get_document_model
from wagtail.models import Locale

from hub.models import MeetingPage
from hub.models.languages import UN_LANGUAGE_CODES
from hub.privacy import open_to_anyone
from library.models import ResourceFile

from .values import language_of


class Batch:
    """What a page of records needs besides the pages themselves, each in one query or a few:
    their translations, public files and public meetings, and the request for absolute URLs."""

    def __init__(self, entity_set, pages, request, service_root):
        self.request = request
        self.service_root = service_root
        self.locales = dict(Locale.objects.values_list("pk", "language_code"))
        self.translations = self._translations(entity_set, pages)
        self.files = self._files(pages) if entity_set.has_files else {}
        self.public_meetings = self._public_meetings(pages)

    def _translations(self, entity_set, pages):
        if not pages or not entity_set.translated:
            return {}
        model = type(pages[0])
        versions = (
            model.objects.live()
            .public()
            .filter(translation_key__in=[page.translation_key for page in pages], alias_of__isnull=True)
            .exclude(pk__in=[page.pk for page in pages])
            .only("translation_key", "locale_id", *entity_set.translated)
        )
        found = {}
        for version in versions:
            found.setdefault(version.translation_key, []).append(version)
        return found

    def _files(self, pages):
        documents = open_to_anyone(get_document_model().objects.all())
        rows = (
            ResourceFile.objects.select_related(None)
            .select_related("document")
            .filter(page__in=[page.pk for page in pages], document__in=documents)
            .order_by("page_id", "sort_order", "pk")
        )
        found = {}
        for row in rows:
            found.setdefault(row.page_id, []).append(row)
        return found

    def _public_meetings(self, pages):
        ids = {page.meeting_id for page in pages if getattr(page, "meeting_id", None)}
        if not ids:
            return set()
        return set(MeetingPage.objects.live().public().filter(pk__in=ids).values_list("pk", flat=True))

    def absolute(self, url):
        return self.request.build_absolute_uri(url) if url else None

    def versions(self, page):
        """The page, then its real translations in the UN languages' order."""
        order = {code: position for position, code in enumerate(UN_LANGUAGE_CODES)}
        others = self.translations.get(page.translation_key, [])
        others = sorted(others, key=lambda v: order.get(language_of(self.locales.get(v.locale_id, "")), 99))
        return [page, *others]

    def localized(self, page, field_name, text=None):
        """[{"language", "value"}] of one field in every language the record has (empty ones left out)."""
        values = []
        for version in self.versions(page):
            value = getattr(version, field_name)
            value = text(value) if text else (value or "").strip()
            if value:
                values.append({"language": language_of(self.locales.get(version.locale_id, "")), "value": value})
        return values

    def files_of(self, page):
        return [
            {
                "url": self.absolute(row.document.url),
                "mimeType": row.document.content_type,
                "language": row.language,
                "filename": row.document.filename,
            }
            for row in self.files.get(page.pk, [])
        ]

    def meeting_id(self, page):
        return str(page.meeting.translation_key) if page.meeting_id in self.public_meetings else None

    def meeting_title(self, page):
        return page.meeting.title if page.meeting_id in self.public_meetings else None

    def common(self, entity_set, page):
        """`__metadata`, `id` and `url`, as every record has them."""
        key = str(page.translation_key)
        return {
            "__metadata": {"uri": f"{self.service_root}{entity_set.name}('{key}')", "type": entity_set.type_name},
            "id": key,
            "url": page.get_full_url(self.request),
        }

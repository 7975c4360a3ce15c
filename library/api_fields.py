"""Serializer fields for a library resource in the Wagtail API v2 (`/api/v2/pages/`).

The resource's files are what an anonymous visitor may download: a file kept in a restricted
collection (a participants' area's, any collection with a view restriction) never appears, not
even by title. Taxonomies, the meeting and the other shared fields are in hub/api_fields.py.
"""

from hub.api_fields import PageDerivedField
from hub.privacy import restricted_collection_ids
from library.citation.record import stored_size


def _restricted_collections(context):
    """The restricted collections' ids, read once per API request (a listing serialises many pages)."""
    if "_restricted_collection_ids" not in context:
        context["_restricted_collection_ids"] = set(restricted_collection_ids())
    return context["_restricted_collection_ids"]


class ResourceFilesField(PageDerivedField):
    """[{title, label, language, filename, url, size, mime_type, format}] in UN language order.

    Only collection privacy needs checking here: the page being serialised is live and public and
    links these files, so hub.privacy's other rule (files only hidden pages link) cannot apply.
    `url` is Wagtail's document view, which checks privacy again and counts the download.
    """

    def to_representation(self, page):
        request = self.context.get("request")
        restricted = _restricted_collections(self.context)
        files = []
        for item in page.files_by_language():
            document = item.document
            if document.collection_id in restricted:
                continue
            files.append(
                {
                    "title": document.title,
                    "label": item.label or None,
                    "language": item.language,
                    "filename": document.filename,
                    "url": request.build_absolute_uri(document.url) if request else document.url,
                    "size": stored_size(document),
                    "mime_type": document.content_type,
                    "format": item.file_format or None,
                }
            )
        return files


class AuthorsField(PageDerivedField):
    """[{name, kind}] in the editor's order: a person ("Family, Given") or an organisation."""

    def to_representation(self, page):
        return [{"name": author.name, "kind": author.kind} for author in page.authors.all()]

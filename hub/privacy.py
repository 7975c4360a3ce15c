"""Who may open a file, judged from Wagtail's collection privacy and from the pages that link it.

Wagtail's document view checks only a document's collection. A file in a public collection that
only draft, unpublished or private pages link (per Wagtail's reference index) was meant for those
pages' readers: the API does not list it (`open_to_anyone`) and the document view does not serve
it to the public (`document_hidden_from`, called by the `before_serve_document` hook in
hub/wagtail_hooks.py). A file nothing links stays public, as in Wagtail.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex
from wagtail.permissions import policy_registry

# An editor who may pick or edit the file in the admin may also download it.
ADMIN_ACTIONS = ["choose", "change"]


def restricted_collection_ids():
    """Collections with a view restriction of any kind, and every collection below them."""
    paths = set(
        Collection.objects.filter(
            pk__in=CollectionViewRestriction.objects.exclude(restriction_type=CollectionViewRestriction.NONE).values(
                "collection_id"
            )
        ).values_list("path", flat=True)
    )
    if not paths:
        return []
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    return list(Collection.objects.filter(below).values_list("pk", flat=True))


def _public_page_keys():
    # The reference index stores object ids as text.
    return Page.objects.live().public().annotate(key=Cast("pk", CharField())).values("key")


def _used_openly(references):
    """References from anything but a page (a snippet, a setting), or from a live, public page."""
    return references.filter(
        ~Q(base_content_type=ContentType.objects.get_for_model(Page)) | Q(object_id__in=_public_page_keys())
    )


def used_only_on_hidden_pages(model):
    """Ids of files that only draft, unpublished or private pages link (per Wagtail's reference index).

    A file in a public collection linked only from such a page was meant for that page's readers;
    a file with no recorded use at all stays listed.
    """
    references = ReferenceIndex.objects.filter(to_content_type=ContentType.objects.get_for_model(model))
    used = set(references.values_list("to_object_id", flat=True).distinct())
    used_openly = set(_used_openly(references).values_list("to_object_id", flat=True).distinct())
    return [int(key) for key in used - used_openly]


def open_to_anyone(queryset):
    """What an anonymous visitor may open, evaluated to id lists so every search backend can filter it."""
    return queryset.exclude(collection__in=restricted_collection_ids()).exclude(
        pk__in=used_only_on_hidden_pages(queryset.model)
    )


def hiding_pages(document):
    """The pages that hide `document`, or an empty list when it is linked openly or not at all.

    `used_only_on_hidden_pages` for one file, whatever the size of the library: one query for a file
    nothing links, three small ones (references, view restrictions, live pages) for one linked openly.
    """
    rows = set(ReferenceIndex.get_references_to(document).values_list("base_content_type_id", "object_id"))
    page_type = ContentType.objects.get_for_model(Page).pk
    if not rows or any(content_type != page_type for content_type, _key in rows):
        return []
    page_ids = {int(key) for _content_type, key in rows}
    if Page.objects.live().public().filter(pk__in=page_ids).exists():
        return []
    return list(Page.objects.filter(pk__in=page_ids))


def _may_view_page(page, request):
    """A live page whose every view restriction (its own and its ancestors') lets this request in."""
    return page.live and all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def document_hidden_from(document, request):
    """Whether the document view must refuse `document` to this request.

    Files in a restricted collection are left to Wagtail's own collection check.
    """
    pages = hiding_pages(document)
    if not pages:
        return False
    if document.collection.get_view_restrictions().exclude(restriction_type=CollectionViewRestriction.NONE).exists():
        return False
    policy = policy_registry.get_by_type(get_document_model())
    if policy.user_has_any_permission_for_instance(request.user, ADMIN_ACTIONS, document):
        return False
    return not any(_may_view_page(page, request) for page in pages)

"""A meeting participants' area keeps its files in a private collection of its own.

Page privacy hides the area's page, but Wagtail's document view only checks the document's
collection. So each area gets a collection restricted exactly like the page (same groups,
password or login; "signed in" while the page itself has no restriction), and every document
the area links is moved into it. The receivers in hub/models/meetings.py call these functions
when the area is saved or moved, and when a page view restriction changes.
"""

from django.db import transaction
from django.utils.text import Truncator

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

NAME_LENGTH = 255


def collection_tag(page):
    """The part of the collection's name that ties it to its page (titles may change)."""
    return f"(page {page.pk})"


def collection_name(page):
    tag = collection_tag(page)
    meeting = page.get_parent()
    label = f"{meeting.title}: {page.title}" if meeting else page.title
    return f"{Truncator(label).chars(NAME_LENGTH - len(tag) - 1)} {tag}"


def area_collection(page):
    """The area's collection, created under the root collection on first use."""
    root = Collection.get_first_root_node()
    name = collection_name(page)
    collection = root.get_children().filter(name__endswith=collection_tag(page)).first()
    if collection is None:
        return root.add_child(name=name)
    if collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    return collection


def _signature(restriction):
    groups = tuple(sorted(restriction.groups.values_list("pk", flat=True)))
    return (restriction.restriction_type, restriction.password, groups)


def wanted_restrictions(page):
    """(type, password, group ids) of each restriction the page has, itself or from an ancestor."""
    found = [
        _signature(restriction)
        for restriction in page.get_view_restrictions()
        if restriction.restriction_type != PageViewRestriction.NONE
    ]
    # Closed by default: an area nobody has restricted yet still keeps its files from the public.
    return sorted(found) or [(CollectionViewRestriction.LOGIN, "", ())]


def mirror_restrictions(page, collection):
    """Give the collection the page's restrictions; nothing is written when they already match."""
    wanted = wanted_restrictions(page)
    if sorted(_signature(r) for r in collection.view_restrictions.all()) == wanted:
        return False
    with transaction.atomic():
        collection.view_restrictions.all().delete()
        for restriction_type, password, groups in wanted:
            restriction = CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=restriction_type, password=password
            )
            restriction.groups.set(groups)
    return True


def linked_document_ids(page):
    """Documents the page links from its rich text and StreamFields (choosers and document links)."""
    document_model = get_document_model()
    ids = set()
    for field in page._meta.get_fields():
        extract = getattr(field, "extract_references", None)
        if extract is None or not getattr(field, "concrete", False):
            continue
        for model, object_id, _model_path, _content_path in extract(field.value_from_object(page)):
            if issubclass(model, document_model):
                ids.add(object_id)
    return ids


def move_linked_documents(page, collection):
    """Move the documents the area links into its collection; returns how many moved."""
    moved = 0
    documents = get_document_model().objects.filter(pk__in=linked_document_ids(page)).exclude(collection=collection)
    for document in documents:
        # save() (not update()) so the admin's search index sees the new collection.
        document.collection = collection
        document.save(update_fields=["collection"])
        moved += 1
    return moved


def owner_of(page):
    """The page whose collection an area uses: its aliases and translations share the one of the
    source-language page (otherwise a document both link would move back and forth)."""
    if page.alias_of_id:
        return type(page).objects.filter(pk=page.alias_of_id).first() or page
    source = (
        type(page)
        .objects.filter(translation_key=page.translation_key, locale=Locale.get_default(), alias_of__isnull=True)
        .first()
    )
    return source or page


def secure_area(page):
    """Collection, restrictions and linked documents of one participants' area."""
    if not page.pk:
        return None
    owner = owner_of(page)
    collection = area_collection(owner)
    mirror_restrictions(owner, collection)
    if not page.alias_of_id:  # an alias shows its source's content, already handled
        move_linked_documents(page, collection)
    return collection


def resync_restrictions(areas):
    """After a page view restriction changed: mirror it on every affected area's collection."""
    for owner in {owner_of(page) for page in areas}:
        mirror_restrictions(owner, area_collection(owner))

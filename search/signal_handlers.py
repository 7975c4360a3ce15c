"""What Wagtail's per-object indexing does not see.

- Publishing: Wagtail's post_save arrives before a ClusterableModel writes its child relations
  and many-to-many tags, so a page is indexed again once `page_published` says it is complete.
- Privacy and moves change whole subtrees.
- An organisation's kind decides its contributions' `provenance` (a government's are `party`),
  and its slug their `partner` facet: a change re-indexes its resources.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, post_page_move

from hub.seed.indexing import note_saved
from partners.models import Organisation

from .indexing import index_pages, reindex_resources_of, reindex_subtree
from .promotions import forget_promoted_query_strings


def _page_published(sender, instance, indexed_in_bulk=False, **kwargs):
    # The importer announces the pages it wrote in bulk; it indexes them in bulk itself. A seed or
    # an import row that defers its indexing indexes the page, complete by then, when it ends.
    if not indexed_in_bulk and not note_saved(type(instance), [instance.pk]):
        index_pages(type(instance), [instance.pk])


def _privacy_changed(sender, instance, **kwargs):
    page = instance.page
    transaction.on_commit(lambda: reindex_subtree(page))


def _page_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    if url_path_before != url_path_after:
        transaction.on_commit(lambda: reindex_subtree(instance))


def _organisation_before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    # What the documents of its resources were built from (one query per organisation saved).
    instance._indexed_as = Organisation.objects.filter(pk=instance.pk).values_list("kind", "slug").first()


def _organisation_saved(sender, instance, created=False, raw=False, **kwargs):
    before = instance.__dict__.pop("_indexed_as", None)
    if raw or created or before is None:
        return
    kind, slug = before
    government = Organisation.Kind.GOVERNMENT
    provenance_changed = (kind == government) != (instance.kind == government)
    slug_changed = slug != instance.slug
    if provenance_changed or slug_changed:
        organisation_id = instance.pk
        transaction.on_commit(lambda: reindex_resources_of(organisation_id, publications=slug_changed))


def register_signal_handlers():
    post_save.connect(_privacy_changed, sender=PageViewRestriction, dispatch_uid="site_search_privacy_saved")
    post_delete.connect(_privacy_changed, sender=PageViewRestriction, dispatch_uid="site_search_privacy_deleted")
    post_page_move.connect(_page_moved, dispatch_uid="site_search_page_moved")
    page_published.connect(_page_published, dispatch_uid="site_search_page_published")
    pre_save.connect(_organisation_before_save, sender=Organisation, dispatch_uid="site_search_organisation_before")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="site_search_organisation_saved")
    # Which query texts have promotions is cached (promotions.py).
    for model in (SearchPromotion, Query):
        for signal in (post_save, post_delete):
            signal.connect(
                forget_promoted_query_strings,
                sender=model,
                dispatch_uid=f"site_search_promotions_{model.__name__}_{signal is post_save}",
            )

"""What Wagtail's per-object indexing does not see.

- Publishing: Wagtail's post_save arrives before a ClusterableModel writes its child relations
  and many-to-many tags, so a page is indexed again once `page_published` says it is complete.
- Privacy and moves change whole subtrees.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, post_page_move

from .indexing import index_pages, reindex_subtree


def _page_published(sender, instance, indexed_in_bulk=False, **kwargs):
    # The importer announces the pages it wrote in bulk; it indexes them in bulk itself.
    if not indexed_in_bulk:
        index_pages(type(instance), [instance.pk])


def _privacy_changed(sender, instance, **kwargs):
    page = instance.page
    transaction.on_commit(lambda: reindex_subtree(page))


def _page_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    if url_path_before != url_path_after:
        transaction.on_commit(lambda: reindex_subtree(instance))


def register_signal_handlers():
    post_save.connect(_privacy_changed, sender=PageViewRestriction, dispatch_uid="site_search_privacy_saved")
    post_delete.connect(_privacy_changed, sender=PageViewRestriction, dispatch_uid="site_search_privacy_deleted")
    post_page_move.connect(_page_moved, dispatch_uid="site_search_page_moved")
    page_published.connect(_page_published, dispatch_uid="site_search_page_published")

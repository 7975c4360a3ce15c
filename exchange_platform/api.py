"""Wagtail API v2 (contracts §6): pages, images and documents, as an anonymous visitor sees them.

The answers are the same for everyone (harvesters, caches): a signed-in participant opens
private files through the pages that link them, not through this API.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from hub.privacy import open_to_anyone


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        return open_to_anyone(super().get_queryset())


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    def get_queryset(self):
        return open_to_anyone(super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
# PagesAPIViewSet already lists only live, public pages (wagtail.api.v2.utils.get_public_pages_queryset).
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)

"""Library collections: which hub shows a resource (contracts §3 `collection` facet)."""

from django.utils.translation import gettext_lazy as _

from hub.models.taxonomy import BaseTaxonomy


class LibraryCollection(BaseTaxonomy):
    """`minamata` (the Convention's library) or `gmp` (the Global Mercury Partnership's hub).

    A resource in both is one record with one canonical URL; each hub's library lists the
    resources of its collection.
    """

    class Meta(BaseTaxonomy.Meta):
        verbose_name = _("library collection")
        verbose_name_plural = _("library collections")

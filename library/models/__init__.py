"""library models, re-exported so callers write `from library.models import ResourcePage`."""

from .pages import LibraryIndexPage, ResourcePage
from .parts import RelatedResource, ResourceAuthor, ResourceFile, ResourceTag
from .records import DeletedResource, DownloadCount
from .taxonomy import LibraryCollection

__all__ = [
    "DeletedResource",
    "DownloadCount",
    "LibraryCollection",
    "LibraryIndexPage",
    "RelatedResource",
    "ResourceAuthor",
    "ResourceFile",
    "ResourcePage",
    "ResourceTag",
]

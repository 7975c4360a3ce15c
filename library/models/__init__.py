"""library models, re-exported so callers write `from library.models import ResourcePage`."""

from .extraction import FileText
from .imports import ImportJob
from .library_index import LibraryIndexPage
from .pages import ResourcePage
from .parts import RelatedResource, ResourceAuthor, ResourceFile, ResourceTag
from .records import DeletedResource, DownloadCount, SetDeparture
from .taxonomy import LibraryCollection

__all__ = [
    "DeletedResource",
    "DownloadCount",
    "FileText",
    "ImportJob",
    "LibraryCollection",
    "LibraryIndexPage",
    "RelatedResource",
    "ResourceAuthor",
    "ResourceFile",
    "ResourcePage",
    "ResourceTag",
    "SetDeparture",
]

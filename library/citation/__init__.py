"""A resource as a bibliographic record, and what is built from it: the APA-like citation,
schema.org JSON-LD, and the Highwire (Google Scholar) and Dublin Core meta tags.

Exports (library/exports.py) and the resource page read the same record, so a citation
manager, a search engine and a visitor all see one description of a resource.
"""

from .meta import dublin_core_meta, highwire_meta
from .record import Author, BibRecord, FileRecord, Related, bibliographic_record, stored_size
from .schema import SCHEMA_TYPES, json_ld
from .text import citation_text

__all__ = [
    "SCHEMA_TYPES",
    "Author",
    "BibRecord",
    "FileRecord",
    "Related",
    "bibliographic_record",
    "citation_text",
    "dublin_core_meta",
    "highwire_meta",
    "json_ld",
    "stored_size",
]

"""The plain bibliographic record of a ResourcePage: what every citation format is built from."""

import datetime
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils import translation

from hub.models.languages import UN_LANGUAGES

from .schema import SCHEMA_TYPES

# Only Creative Commons licences have a URL a machine can act on.
LICENCE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}

LANGUAGE_ORDER = {code: position for position, (code, _label) in enumerate(UN_LANGUAGES)}


@dataclass
class Author:
    name: str
    is_person: bool

    @property
    def family(self):
        """A person's family name: "Doe, Jane" → "Doe"; "Jane Doe" (no comma) → "Doe"."""
        if "," in self.name:
            return self.name.split(",", 1)[0].strip()
        return self.name.rsplit(" ", 1)[-1].strip()

    @property
    def given(self):
        if "," in self.name:
            return self.name.split(",", 1)[1].strip()
        parts = self.name.rsplit(" ", 1)
        return parts[0].strip() if len(parts) == 2 else ""

    @property
    def inverted(self):
        """ "Family, Given" for people (how RIS and BibTeX want them); organisations as written."""
        if not self.is_person:
            return self.name
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def apa(self):
        """ "Doe, J.-P. A." for people; organisations spelled out, as UN documents cite them."""
        if not self.is_person:
            return self.name
        initials = " ".join(_initials(part) for part in self.given.split())
        return f"{self.family}, {initials}" if initials else self.family


def _initials(given_name):
    return "-".join(f"{piece[0]}." for piece in given_name.split("-") if piece)


@dataclass
class FileRecord:
    url: str
    language: str
    format: str
    mime_type: str
    size: int | None
    label: str = ""

    @property
    def size_text(self):
        """A size a person reads ("1.2 MB"), the same in every language for machines."""
        if not self.size:
            return ""
        with translation.override("en"):
            return filesizeformat(self.size).replace("\xa0", " ")


@dataclass
class BibRecord:
    identifier: str
    title: str
    type_slug: str
    type_name: str
    url: str
    authors: list = field(default_factory=list)
    date: datetime.date | None = None
    precision: str = "day"
    publisher: str = ""
    publisher_url: str = ""
    symbol: str = ""
    isbn: str = ""
    doi: str = ""
    handle: str = ""
    languages: list = field(default_factory=list)
    summary: str = ""
    keywords: list = field(default_factory=list)
    licence: str = ""
    licence_name: str = ""
    files: list = field(default_factory=list)
    meeting: str = ""
    updated: object = None

    @property
    def persons(self):
        return [author for author in self.authors if author.is_person]

    @property
    def organisations(self):
        return [author for author in self.authors if not author.is_person]

    @property
    def year(self):
        return self.date.year if self.date else None

    @property
    def iso_date(self):
        """ISO 8601 to the known precision: 2019, 2019-05 or 2019-05-01."""
        if not self.date:
            return ""
        if self.precision == "year":
            return f"{self.date.year:04d}"
        if self.precision == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def handle_url(self):
        return f"https://hdl.handle.net/{self.handle}" if self.handle else ""

    @property
    def schema_type(self):
        return SCHEMA_TYPES.get(self.type_slug, "CreativeWork")

    @property
    def first_pdf(self):
        return next((file for file in self.files if file.format == "PDF"), None)


def stored_size(document):
    """The document's size in bytes, without writing it back (Document.get_file_size saves)."""
    if document.file_size:
        return document.file_size
    try:
        return document.file.size
    except (OSError, ValueError):
        return None


@dataclass
class Related:
    """A resource's inline and many-to-many relations as plain values.

    The resource page reads them from the page (`from_page`); exports load them for a whole
    chunk of resources in a few flat queries (library/exports.py), which is far cheaper than
    prefetching model instances through modelcluster's managers.
    """

    authors: list = field(default_factory=list)  # [(name, kind)]
    files: list = field(default_factory=list)  # ResourceFile rows with their document
    tags: list = field(default_factory=list)  # names
    terms: dict = field(default_factory=dict)  # {"thematic_areas": [{"slug": …, "name": …}], …}

    @classmethod
    def from_page(cls, page):
        return cls(
            authors=[(author.name, author.kind) for author in page.authors.all()],
            files=list(page.files.all()),
            tags=[tag.name for tag in page.tags.all()],
            terms={"thematic_areas": [{"slug": area.slug, "name": area.name} for area in page.thematic_areas.all()]},
        )

    def languages(self, page):
        return {item.language for item in self.files} | set(page.languages or [])


def bibliographic_record(page, request=None, related=None):
    """The plain record of a ResourcePage (`related`: its relations, when already loaded)."""
    related = related or Related.from_page(page)
    parts = page.get_url_parts(request)
    root_url, url = (parts[1] or "", (parts[1] or "") + parts[2]) if parts else ("", "")
    files = sorted(related.files, key=lambda f: (LANGUAGE_ORDER.get(f.language, 99), f.sort_order or 0))
    file_records = [
        FileRecord(
            url=f"{root_url}{item.document.url}",
            language=item.language,
            format=item.document.file_extension.upper(),
            mime_type=item.document.content_type,
            size=stored_size(item.document),
            label=item.label,
        )
        for item in files
    ]
    keywords = list(related.tags)
    for area in related.terms.get("thematic_areas", []):
        if area["name"] not in keywords:
            keywords.append(area["name"])
    publisher = page.publisher if page.publisher_id else None
    return BibRecord(
        identifier=page.identifier,
        title=page.title,
        type_slug=page.resource_type.slug,
        type_name=page.resource_type.name,
        url=url,
        authors=[Author(name, kind == "person") for name, kind in related.authors],
        date=page.publication_date,
        precision=page.date_precision,
        publisher=publisher.name if publisher else page.publisher_name,
        publisher_url=publisher.website if publisher else "",
        symbol=page.symbol,
        isbn=page.isbn,
        doi=page.doi,
        handle=page.handle,
        languages=sorted(related.languages(page), key=lambda code: LANGUAGE_ORDER.get(code, 99)),
        summary=page.summary,
        keywords=keywords,
        licence=page.licence,
        licence_name=page.get_licence_display() if page.licence else "",
        files=file_records,
        meeting=page.meeting.title if page.meeting_id else "",
        updated=page.updated,
    )

"""Text extraction from attachments, for full-text search.

PDF through pypdf, DOCX and ODT by reading their XML parts (size-capped, with defusedxml),
plain text and CSV decoded, HTML through BeautifulSoup. Every failure becomes an
ExtractionError with a message for editors; nothing here raises anything else.
"""

import io
import zipfile

from bs4 import BeautifulSoup
from defusedxml import ElementTree
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .checks import MAX_UNPACKED_BYTES, extension_of

MAX_TEXT_CHARS = 2_000_000  # enough for a 1,000-page report; the rest adds little to search
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class ExtractionError(Exception):
    """The file's text could not be read; the message is shown to editors."""


def _pdf_text(data):
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many "protected" PDFs only restrict printing and open with an empty password.
            try:
                if not reader.decrypt(""):
                    raise ExtractionError("The PDF is encrypted with a password; its text cannot be read.")
            except (NotImplementedError, PdfReadError) as error:
                raise ExtractionError("The PDF is encrypted; its text cannot be read.") from error
        parts, size = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > MAX_TEXT_CHARS:
                break
        return "\n".join(parts)
    except ExtractionError:
        raise
    except Exception as error:  # pypdf raises many types on damaged files
        raise ExtractionError(f"The PDF could not be read ({type(error).__name__}).") from error


def _xml_part(data, part_name):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ExtractionError("The file is not a readable Office document.") from error
    with archive:
        try:
            info = archive.getinfo(part_name)
        except KeyError as error:
            raise ExtractionError(f"The document has no {part_name} part.") from error
        if info.file_size > MAX_UNPACKED_BYTES:
            raise ExtractionError("The document's text part is too large to read safely.")
        return archive.read(info)


def _paragraphs(xml_bytes, paragraph_tag, text_tags):
    try:
        root = ElementTree.fromstring(xml_bytes)
    except Exception as error:  # defusedxml raises on entities; ParseError on damage
        raise ExtractionError(f"The document's XML could not be read ({type(error).__name__}).") from error
    lines = []
    for paragraph in root.iter(paragraph_tag):
        text = "".join(node.text or "" for node in paragraph.iter() if node.tag in text_tags)
        if text.strip():
            lines.append(text)
    return "\n".join(lines)


def _docx_text(data):
    return _paragraphs(_xml_part(data, "word/document.xml"), f"{WORD_NS}p", {f"{WORD_NS}t"})


def _odt_text(data):
    return _paragraphs(_xml_part(data, "content.xml"), f"{ODF_TEXT_NS}p", {f"{ODF_TEXT_NS}p", f"{ODF_TEXT_NS}span"})


def _plain_text(data):
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _html_text(data):
    soup = BeautifulSoup(data, "html.parser")
    for node in soup(["script", "style", "noscript"]):
        node.decompose()
    return soup.get_text(" ", strip=True)


EXTRACTORS = {
    "pdf": _pdf_text,
    "docx": _docx_text,
    "odt": _odt_text,
    "txt": _plain_text,
    "csv": _plain_text,
    "html": _html_text,
    "htm": _html_text,
}


def can_extract(name):
    return extension_of(name) in EXTRACTORS


def extract_text(data, name):
    """The text of a file's bytes, normalised and capped; ExtractionError if unreadable."""
    extractor = EXTRACTORS.get(extension_of(name))
    if extractor is None:
        raise ExtractionError("Text is not extracted from this type of file.")
    text = extractor(data)
    text = " ".join(text.replace("\x00", " ").split())
    return text[:MAX_TEXT_CHARS]

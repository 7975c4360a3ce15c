"""Catalogue record sheets: small real PDFs the seed attaches to a few resources.

A sheet is the platform's own record of a resource (title, symbol, type, date, publisher,
languages, the summary the platform wrote, where the original is) and says so on its first line:
it never stands in for the original document. English for each listed resource, French too for
a few multilingual ones, so visitors and tests meet files per language. pypdf assembles the file;
the page is one text content stream in Helvetica (WinAnsi covers English and French).
"""

import hashlib
import io
import textwrap

from django.core.files.base import ContentFile
from django.db import transaction

from wagtail.documents import get_document_model

from pypdf import PdfWriter
from pypdf.generic import (
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from hub.seed import prose as hub_prose
from library.files.tasks import extract_document_text
from library.models import ResourceFile

# Resources that get sheets, by identifier, and the languages of their sheets.
RECORD_SHEETS = {
    "MC-4/3": ["en"],
    "UNEP/MC/COP.1/26": ["en"],
    "UNEP(DTIE)/Hg/PAG.1/7": ["en"],
    "hdl:20.500.11822/30813": ["en"],
    "isbn:978-92-807-3310-5": ["en"],
    "minamata-convention-on-mercury-at-a-glance": ["en"],
    "https://zoinet.org/product/global-mercury-waste-assessment/": ["en", "fr"],
    "https://minamataconvention.org/en/resources/nap-guidance-document": ["en", "fr"],
    "https://web.unep.org/globalmercurypartnership/custom-code-harmonization-mercury-added-products": ["en", "fr"],
}
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 595.28, 841.89, 56  # A4, in points
LINES_PER_PAGE = 52

TYPE_NAMES = {"en": dict(hub_prose.RESOURCE_TYPES)}
TYPE_NAMES["fr"] = {
    "report": "Rapport",
    "guidance": "Document d'orientation",
    "toolkit": "Boîte à outils",
    "fact-sheet": "Fiche d'information",
    "case-study": "Étude de cas",
    "training-material": "Matériel de formation",
    "video": "Vidéo",
    "presentation": "Présentation",
    "dataset": "Jeu de données",
    "tool": "Outil",
    "template": "Modèle",
    "policy-brief": "Note d'orientation",
    "national-action-plan": "Plan d'action national",
    "meeting-document": "Document de réunion",
    "decision": "Décision",
    "other": "Autre",
}
LANGUAGE_NAMES = {
    "en": {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic", "zh": "Chinese", "ru": "Russian"},
    "fr": {"en": "anglais", "fr": "français", "es": "espagnol", "ar": "arabe", "zh": "chinois", "ru": "russe"},
}
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June"]
    + ["July", "August", "September", "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin"]
    + ["juillet", "août", "septembre", "octobre", "novembre", "décembre"],
}
TEXTS = {
    "en": {
        "heading": "Minamata Exchange Platform: catalogue record",
        "notice": (
            "This sheet describes a resource in the platform's library. It is not the document itself: "
            "follow the original address below to read it."
        ),
        "type": "Type",
        "date": "Date",
        "symbol": "Symbol",
        "publisher": "Publisher",
        "languages": "Languages",
        "identifier": "Identifier",
        "summary": "Summary (written by the platform)",
        "original": "Original",
        "no_original": "not recorded here; see the resource's page in the library.",
    },
    "fr": {
        "heading": "Plateforme d'échange de Minamata : notice catalographique",
        "notice": (
            "Cette fiche décrit une ressource de la bibliothèque de la plateforme. Ce n'est pas le document "
            "lui-même : pour le lire, suivez l'adresse d'origine ci-dessous."
        ),
        "type": "Type",
        "date": "Date",
        "symbol": "Cote",
        "publisher": "Éditeur",
        "languages": "Langues",
        "identifier": "Identifiant",
        "summary": "Résumé (rédigé par la plateforme, en anglais)",
        "original": "Original",
        "no_original": "non indiqué ici ; voir la page de la ressource dans la bibliothèque.",
    },
}


def date_text(resource, language):
    when = resource.publication_date
    if when is None:
        return ""
    month = MONTHS[language][when.month - 1]
    if resource.date_precision == "year":
        return str(when.year)
    if resource.date_precision == "month":
        return f"{month} {when.year}"
    return f"{when.day} {month} {when.year}"


def sheet_lines(resource, language):
    """(font, size, text) lines of a sheet, wrapped to the page."""
    texts = TEXTS[language]
    colon = " :" if language == "fr" else ":"
    lines = [("F2", 9, texts["heading"]), ("F1", 9, "")]
    lines += [("F2", 15, part) for part in textwrap.wrap(resource.title, 50)]
    lines.append(("F1", 10, ""))
    lines += [("F1", 10, part) for part in textwrap.wrap(texts["notice"], 88)]
    lines.append(("F1", 10, ""))
    facts = [
        (texts["type"], TYPE_NAMES[language].get(resource.resource_type, resource.resource_type)),
        (texts["date"], date_text(resource, language)),
        (texts["symbol"], resource.symbol),
        (texts["publisher"], resource.publisher_name),
        (texts["languages"], ", ".join(LANGUAGE_NAMES[language][code] for code in resource.languages)),
        (texts["identifier"], resource.identifier),
    ]
    for label, value in facts:
        if value:
            lines += [("F1", 10, part) for part in textwrap.wrap(f"{label}{colon} {value}", 88)]
    lines.append(("F1", 10, ""))
    lines.append(("F2", 10, f"{texts['summary']}{colon}"))
    lines += [("F1", 10, part) for part in textwrap.wrap(resource.summary, 88)]
    lines.append(("F1", 10, ""))
    original = resource.external_url or texts["no_original"]
    lines += [("F1", 10, part) for part in textwrap.wrap(f"{texts['original']}{colon} {original}", 88)]
    return lines


def _literal(text):
    """A PDF string literal in WinAnsi (cp1252); characters outside it become '?'."""
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content_stream(lines):
    parts = [b"BT", b"%d %d Td" % (MARGIN, PAGE_HEIGHT - MARGIN)]
    for font, size, text in lines:
        leading = size + 5
        parts.append(b"/%s %d Tf 0 -%d Td (%s) Tj" % (font.encode(), size, leading, _literal(text)))
    parts.append(b"ET")
    return b"\n".join(parts)


def _font(base_font):
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject(base_font),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )


def record_sheet_pdf(resource, language):
    """The sheet's bytes; the same facts always give the same bytes (no dates or random ids)."""
    writer = PdfWriter()
    lines = sheet_lines(resource, language)
    fonts = DictionaryObject({NameObject("/F1"): _font("/Helvetica"), NameObject("/F2"): _font("/Helvetica-Bold")})
    for start in range(0, len(lines), LINES_PER_PAGE):
        page = writer.add_blank_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        stream = DecodedStreamObject()
        stream.set_data(_content_stream(lines[start : start + LINES_PER_PAGE]))
        page.replace_contents(stream)
        page.compress_content_streams()
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    writer.root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    writer.add_metadata({"/Title": f"{TEXTS[language]['heading']}: {resource.title}", "/Producer": "pypdf"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def load_record_sheets(context, resources, pages):
    """Documents and ResourceFile rows for RECORD_SHEETS; extraction runs for new rows."""
    by_identifier = {resource.identifier: resource for resource in resources}
    missing = sorted(identifier for identifier in RECORD_SHEETS if identifier not in by_identifier)
    for identifier, languages in RECORD_SHEETS.items():
        resource = by_identifier.get(identifier)
        if resource is None:
            continue
        documents = [(language, upsert_sheet(context, resource, language)) for language in languages]
        attach_files(context, pages[identifier], documents)
    context.report("Record sheet documents", "Resource files")
    if missing:
        context.write(f"  no record sheet (resource not in the data): {', '.join(missing)}")


def upsert_sheet(context, resource, language):
    Document = get_document_model()
    tally = context.tally("Record sheet documents")
    title = f"Catalogue record sheet: {resource.slug} ({language})"
    data = record_sheet_pdf(resource, language)
    digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
    document = Document.objects.filter(title=title).first()
    if document is not None and document.get_file_hash() == digest:
        tally.add("unchanged")
        return document
    outcome = "created" if document is None else "updated"
    document = document or Document(title=title)
    old_file = document.file.name if document.pk else None
    document.file.save(f"record-sheet-{resource.slug[:60]}-{language}.pdf", ContentFile(data), save=False)
    document.file_size, document.file_hash = len(data), digest
    document.save()
    if old_file and old_file != document.file.name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))  # only once the new one is committed
    tally.add(outcome)
    return document


def attach_files(context, page, documents):
    """Give `page` exactly these (language, document) files, in one published revision."""
    tally = context.tally("Resource files")
    latest = page.latest_revision
    if latest is not None and latest.user_id is not None:
        tally.add("kept")  # an editor has revised the resource; its files are theirs
        return
    current = list(page.files.order_by("sort_order").values_list("language", "document_id"))
    wanted = [(language, document.pk) for language, document in documents]
    if current != wanted:
        page.files = [
            ResourceFile(document=document, language=language, sort_order=position)
            for position, (language, document) in enumerate(documents)
        ]
        page.save_revision().publish()
        tally.add("updated" if current else "created")
    else:
        tally.add("unchanged")
    # The seed's content is complete when the command returns (inline with the immediate backend;
    # queued in the same transaction for production's worker). Current rows are skipped.
    for row in ResourceFile.objects.filter(page_id=page.pk):
        if row.needs_extraction():
            extract_document_text.enqueue(row.document_id)

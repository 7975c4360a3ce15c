"""Attachments: what the upload form refuses (by content), text extraction, the background task,
and full-text search by a word that only appears inside a file.

Every fixture is a small real file built here: a PDF with a text content stream, the same PDF
encrypted by pypdf, a DOCX zipped by hand, a DOCX hiding a zip bomb, an .exe named .pdf, HTML and
SVG with script named .txt.
"""

import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest
from pypdf import PdfReader, PdfWriter

from hub import factories as hf
from library import factories as lf
from library.files import checks
from library.files.extraction import ExtractionError, extract_text
from library.files.tasks import extract_document_text
from library.models import FileText, ResourceFile, ResourcePage

from .builders import make_document, pdf_bytes

Document = get_document_model()
Status = FileText.Status


# Real files ---------------------------------------------------------------------------------------
def encrypted_pdf_bytes(*lines):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(*lines))))
    writer.encrypt(user_password="a secret", owner_password="the owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def docx_bytes(*paragraphs, extra_members=()):
    runs = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{runs}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELATIONSHIPS)
        archive.writestr("word/document.xml", document)
        for name, data in extra_members:
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx_bytes():
    # 40 MB of zeros deflate to about 40 KB: a ratio near 1000:1.
    return docx_bytes("Looks harmless", extra_members=[("word/media/padding.bin", bytes(40 * 1024 * 1024))])


EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"This program cannot be run in DOS mode." * 4
)
HTML_WITH_SCRIPT = b"<!DOCTYPE html><html><body><p>Hello</p><script>alert(document.cookie)</script></body></html>"
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>'


# Helpers ------------------------------------------------------------------------------------------


@pytest.fixture
def library(home):
    return lf.LibraryIndexPageFactory(parent=home)


@pytest.fixture
def report_type(db):
    return hf.ResourceTypeFactory(slug="report")


def resource_with_file(library, report_type, name, data, language="en", **fields):
    """A live resource whose file row is saved the way the admin saves it: through a published revision."""
    page = lf.ResourcePageFactory(parent=library, resource_type=report_type, **fields)
    page.files = [ResourceFile(document=make_document(name, data), language=language)]
    page.save_revision().publish()
    return ResourcePage.objects.get(pk=page.pk)


def upload(client, name, data):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, data), "collection": Collection.get_first_root_node().pk},
    )


# Upload checks, through the admin's upload view ---------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", EXE_BYTES, "The file&#x27;s content is not a PDF file, although its name says so."),
        ("notes.txt", HTML_WITH_SCRIPT, "Text files may not contain HTML, SVG or script markup."),
        ("drawing.txt", SVG_WITH_SCRIPT, "Text files may not contain HTML, SVG or script markup."),
        ("plan.docx", zip_bomb_docx_bytes(), "This file unpacks to far more data than it holds"),
        ("plan.docx", pdf_bytes("Not a Word file"), "The file&#x27;s content is not a Word file"),
        ("empty.pdf", b"", "The submitted file is empty."),
        ("page.html", HTML_WITH_SCRIPT, "Files of this type are not accepted. Allowed: csv, docx"),
    ],
    ids=["exe-as-pdf", "html-as-txt", "svg-as-txt", "zip-bomb-docx", "pdf-as-docx", "empty", "html"],
)
def test_upload_view_refuses_files_by_content(editor_client, name, data, message):
    response = upload(editor_client, name, data)
    assert response.status_code == 200  # the form again, with the error; never a 500
    assert message in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_markup_after_a_long_harmless_start_is_still_found(editor_client):
    data = b"harmless line\n" * 2000 + b"<script>alert(1)</script>\n"
    response = upload(editor_client, "long.txt", data)
    assert "Text files may not contain HTML, SVG or script markup." in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", pdf_bytes("Guidance on mercury")),
        ("plan.docx", docx_bytes("National action plan")),
        ("notes.txt", "Mercury inventory notes, in plain text: café.\n".encode()),
        ("table.csv", b"country,emissions\nKEN,12\n"),
    ],
    ids=["pdf", "docx", "txt", "csv"],
)
def test_upload_view_accepts_real_files(editor_client, name, data):
    response = upload(editor_client, name, data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file.read() == data


@pytest.mark.django_db
@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1000)
def test_upload_over_the_size_limit_says_size_and_limit(editor_client):
    response = upload(editor_client, "big.pdf", pdf_bytes("x" * 80) + b"%" + b"0" * 2000)
    assert response.status_code == 200
    text = response.content.decode()
    assert "1000\xa0bytes" in text or "1000 bytes" in text
    assert not Document.objects.exists()


def test_checks_leave_the_file_at_its_start():
    uploaded = SimpleUploadedFile("plan.docx", docx_bytes("Text"))
    assert checks.check_upload(uploaded).label == "Word"
    assert uploaded.tell() == 0


# Extraction ---------------------------------------------------------------------------------------
def test_pdf_text_is_extracted():
    text = extract_text(pdf_bytes("Mercury emissions from coal combustion", "Second line (annex)"), "a.pdf")
    assert "Mercury emissions from coal combustion" in text
    assert "Second line (annex)" in text


def test_docx_text_is_extracted():
    assert extract_text(docx_bytes("National action plan", "Artisanal gold"), "plan.docx") == (
        "National action plan Artisanal gold"
    )


def test_plain_text_and_html_are_extracted_without_script():
    assert extract_text("Inventaire du mercure, été 2020".encode(), "notes.txt") == "Inventaire du mercure, été 2020"
    html = extract_text(HTML_WITH_SCRIPT, "page.html")
    assert html == "Hello"


def test_encrypted_pdf_is_reported_not_raised():
    with pytest.raises(ExtractionError, match="encrypted with a password"):
        extract_text(encrypted_pdf_bytes("Secret text"), "locked.pdf")


def test_broken_pdf_is_reported_not_raised():
    with pytest.raises(ExtractionError, match="The PDF could not be read"):
        extract_text(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage", "broken.pdf")


def test_docx_with_external_entity_is_refused():
    entity = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&x;</w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", entity)
    with pytest.raises(ExtractionError, match="XML could not be read"):
        extract_text(out.getvalue(), "evil.docx")


# The task, through the admin's way of saving -------------------------------------------------------
@pytest.mark.django_db
def test_publishing_a_resource_extracts_its_file_and_stores_text_and_status(
    library, report_type, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = resource_with_file(library, report_type, "sheet.pdf", pdf_bytes("Mercury in dental amalgam"))
    row = page.files.get()
    assert row.extraction_status == Status.DONE
    assert "Mercury in dental amalgam" in row.extracted_text
    assert row.extraction_error == ""
    assert row.text_extraction.file_name == row.document.file.name
    assert not row.needs_extraction()


@pytest.mark.django_db
def test_docx_file_is_extracted_by_the_task(library, report_type, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = resource_with_file(library, report_type, "plan.docx", docx_bytes("Plan for chlor-alkali"))
    assert page.files.get().extracted_text == "Plan for chlor-alkali"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.4\nthis is not a PDF body at all", "The PDF could not be read"),
        ("locked.pdf", encrypted_pdf_bytes("Hidden"), "The PDF is encrypted with a password"),
    ],
    ids=["broken", "encrypted"],
)
def test_unreadable_file_leaves_the_resource_published_with_the_error(
    library, report_type, django_capture_on_commit_callbacks, editor_client, name, data, message
):
    with django_capture_on_commit_callbacks(execute=True):
        page = resource_with_file(library, report_type, name, data)
    row = page.files.get()
    assert row.extraction_status == Status.FAILED
    assert message in row.extraction_error
    assert row.extracted_text == ""
    assert page.live
    assert editor_client.get(page.url).status_code == 200
    # Editors see the status and the error on the resource's Files tab.
    edit = editor_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Failed" in edit
    assert message in edit


@pytest.mark.django_db
def test_file_type_without_extractor_is_marked_unsupported(library, report_type, django_capture_on_commit_callbacks):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("data.csv", "a,b\n")
    with django_capture_on_commit_callbacks(execute=True):
        page = resource_with_file(library, report_type, "data.zip", archive.getvalue())
    row = page.files.get()
    assert (row.extraction_status, row.extraction_error) == (Status.UNSUPPORTED, "")


@pytest.mark.django_db
def test_pdf_without_text_layer_is_done_with_a_note(library, report_type, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = resource_with_file(library, report_type, "scan.pdf", pdf_bytes())
    row = page.files.get()
    assert row.extraction_status == Status.DONE
    assert "No text found" in row.extraction_error


@pytest.mark.django_db
def test_task_never_raises(library, report_type, monkeypatch, django_capture_on_commit_callbacks):
    page = resource_with_file(library, report_type, "sheet.pdf", pdf_bytes("Text"))
    row = page.files.get()

    def explode(data, name):
        raise MemoryError("simulated")

    monkeypatch.setattr("library.files.tasks.extract_text", explode)
    result = extract_document_text.enqueue(row.document_id)
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "failed"
    row = page.files.get()
    assert row.extraction_status == Status.FAILED
    assert "unexpected error (MemoryError)" in row.extraction_error
    assert extract_document_text.enqueue(987654).return_value == "missing"


@pytest.mark.django_db
def test_a_file_whose_text_is_current_is_not_read_again(library, report_type, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = resource_with_file(library, report_type, "sheet.pdf", pdf_bytes("Text"))
    row = page.files.get()
    assert extract_document_text.enqueue(row.document_id).return_value == "skipped"
    assert extract_document_text.enqueue(row.document_id, force=True).return_value == "done"


@pytest.mark.django_db
def test_replacing_a_documents_file_extracts_the_new_text(library, report_type, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = resource_with_file(library, report_type, "sheet.pdf", pdf_bytes("First edition"))
    document = page.files.get().document
    with django_capture_on_commit_callbacks(execute=True):
        document.file.save("sheet-v2.pdf", ContentFile(pdf_bytes("Second edition")), save=False)
        document.save()
    row = page.files.get()
    assert "Second edition" in row.extracted_text
    assert "First edition" not in row.extracted_text
    assert row.text_extraction.file_name == document.file.name


@pytest.mark.django_db
def test_rows_sharing_a_document_share_its_text(library, report_type, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = resource_with_file(library, report_type, "shared.pdf", pdf_bytes("Shared words"))
        document = first.files.get().document
        second = lf.ResourcePageFactory(parent=library, resource_type=report_type)
        second.files = [ResourceFile(document=document, language="fr")]
        second.save_revision().publish()
    assert "Shared words" in ResourceFile.objects.get(page=second).extracted_text


# Full-text search ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_search_finds_a_resource_by_a_word_only_inside_its_pdf(
    library, report_type, django_capture_on_commit_callbacks
):
    word = "Quicksilverwort"
    with django_capture_on_commit_callbacks(execute=True):
        target = resource_with_file(
            library, report_type, "sheet.pdf", pdf_bytes(f"The annex mentions {word} once."), title="Annual report"
        )
        lf.ResourcePageFactory(parent=library, resource_type=report_type, title="Another report")
    assert word not in f"{target.title} {target.summary}"
    found = list(ResourcePage.objects.live().search(word))
    assert [page.pk for page in found] == [target.pk]

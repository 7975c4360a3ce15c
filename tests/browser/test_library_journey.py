"""A visitor's library journey in a real browser: open a resource from the library, download its
French file, copy its citation.

The content is built with factories (one resource with an English and a French PDF), so the test
runs in seconds; the full seed is exercised by test_site_in_browser.
"""

import re

import pytest
from playwright.sync_api import expect

from hub import factories as hf
from library import factories as lf
from library.models import DownloadCount, ResourceFile

from ..builders import build_home_site, clear_caches, make_document
from ..test_library_files import pdf_bytes

TITLE = "Guidance on customs codes for mercury-added products"
FRENCH_FILENAME = "customs-codes-guidance-fr.pdf"


@pytest.fixture
def resource(live_server, django_db_serialized_rollback):
    home = build_home_site().root_page.specific
    library = lf.LibraryIndexPageFactory(parent=home)
    page = lf.ResourcePageFactory(
        parent=library,
        title=TITLE,
        slug="customs-codes-guidance",
        identifier="gmp-customs-codes-2018",
        resource_type=hf.ResourceTypeFactory(slug="guidance"),
        publisher_name="UNEP Global Mercury Partnership",
        languages=["en", "fr"],
    )
    english = make_document("customs-codes-guidance-en.pdf", pdf_bytes("Customs codes guidance, English"))
    french = make_document(FRENCH_FILENAME, pdf_bytes("Codes douaniers, version française"))
    page.files = [ResourceFile(document=english, language="en"), ResourceFile(document=french, language="fr")]
    page.save_revision().publish()
    clear_caches()
    return {"page": page, "french": french, "base": live_server.url}


def test_visitor_downloads_the_french_file_and_copies_the_citation(browser, resource, tmp_path, screenshot_dir):
    base, french = resource["base"], resource["french"]
    context = browser.new_context(base_url=base, locale="en-GB", accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        # Opens the resource from the library listing.
        page.goto("/en/library/")
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

        # Downloads the French file: the browser receives the file under its own name, and it counts.
        french_link = page.get_by_role("link", name=re.compile(r"^Download \(French, PDF"))
        expect(french_link).to_have_attribute("hreflang", "fr")
        with page.expect_download() as download_info:
            french_link.click()
        download = download_info.value
        assert download.suggested_filename == FRENCH_FILENAME
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        with french.file.open("rb") as stored:
            assert saved.read_bytes() == stored.read()
        assert DownloadCount.objects.get(document=french).count == 1
        assert not DownloadCount.objects.exclude(document=french).exists()

        # Copies the citation: the clipboard holds exactly the text shown in "Cite this resource".
        citation = page.locator("#citation-text")
        expect(citation).to_contain_text(TITLE)
        page.get_by_role("button", name="Copy citation").click()
        expect(page.get_by_role("status")).to_have_text("Citation copied to the clipboard.")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == citation.inner_text().strip()
        assert TITLE in copied
        page.screenshot(path=str(screenshot_dir / "library-journey-resource.png"), full_page=True)
    finally:
        context.close()

"""A visitor opens a resource, downloads the French file and copies the citation, in chromium."""

import pytest
from playwright.sync_api import expect

from ..builders import build_home_site, build_tree, clear_caches
from ..test_library_presentation import build_rich_resource, pdf_bytes


@pytest.fixture
def resource_site(browser, live_server, django_db_serialized_rollback):
    t = build_rich_resource(build_tree(build_home_site().root_page.specific))
    clear_caches()
    return {
        "base": live_server.url.replace("localhost", "127.0.0.1"),
        "library": t.library.url,
        "title": t.rich.title,
        "url": t.rich.url,
        "french_pdf": pdf_bytes("Guide"),
        "french_name": t.rich.files.get(language="fr").document.filename,
    }


def test_visitor_downloads_the_french_file_and_copies_the_citation(browser, resource_site):
    site = resource_site
    context = browser.new_context(
        base_url=site["base"], locale="en-GB", accept_downloads=True, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    try:
        page.goto(site["library"])
        page.get_by_role("link", name=site["title"]).click()
        expect(page.locator("h1")).to_have_text(site["title"])
        assert page.url.endswith(site["url"])

        french = page.get_by_role("link", name="Download (French, PDF,")
        expect(french).to_have_attribute("hreflang", "fr")
        with page.expect_download() as download_info:
            french.click()
        download = download_info.value
        assert download.suggested_filename == site["french_name"]
        with open(download.path(), "rb") as saved:
            assert saved.read() == site["french_pdf"]

        citation = page.locator("#citation-text").inner_text().strip()
        assert citation.startswith("Doe, J. A., Dupont, J.-P., & World Health Organization. (2019, May 1).")
        copy = page.get_by_role("button", name="Copy citation")
        expect(copy).to_be_visible()
        copy.click()
        expect(page.get_by_role("status")).to_have_text("Citation copied to the clipboard.")
        assert page.evaluate("navigator.clipboard.readText()") == citation
    finally:
        context.close()


def test_without_javascript_the_citation_is_there_and_no_dead_button(browser, resource_site):
    site = resource_site
    context = browser.new_context(base_url=site["base"], java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site["url"])
        expect(page.locator("#citation-text")).to_contain_text(f"Retrieved from http://localhost{site['url']}")
        expect(page.get_by_role("button", name="Copy citation")).to_have_count(0)
        expect(page.get_by_role("link", name="Download RIS")).to_be_visible()
    finally:
        context.close()

"""An import into the running development site is found by a word inside its PDF (issue 8, item 1).

Seen before: `import_resources` with a row carrying a file crashed with "UNIQUE constraint
failed: wagtailsearch_indexentry…" after its pages were written and before they were indexed,
and a second run reported them "unchanged", so they stayed unsearchable. Here the command runs as
an operator runs it next to `make run`: development settings, the immediate task backend (the
PDF's text is extracted within the command), the site answering meanwhile.
"""

import csv
from urllib.parse import urlparse

from ..builders import pdf_bytes

UNIQUE_WORD = "quorblaxite"  # in the PDF only: not in the title, summary or anything seeded


def test_a_row_with_a_pdf_imported_into_the_running_site_is_found_by_a_word_inside_it(live_site, tmp_path):
    assert live_site.search_api(f"q={UNIQUE_WORD}")["count"] == 0
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "storage-guidance.pdf").write_bytes(
        pdf_bytes(f"Interim storage of mercury: the {UNIQUE_WORD} containment method")
    )
    with open(tmp_path / "rows.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["identifier", "title", "resource_type", "publication_date", "summary", "file"])
        writer.writerow(
            [
                "live-site-storage-guidance",
                "Guidance on interim storage",
                "guidance",
                "2024-05",
                "How mercury is kept safe before disposal.",
                "files/storage-guidance.pdf",
            ]
        )

    process = live_site.manage("import_resources", str(tmp_path / "rows.csv"))
    live_site.record("import_resources (one row with a PDF)", f"{process.seconds:.1f} s")
    assert process.returncode == 0, process.stdout + process.stderr
    assert "created 1, updated 0, unchanged 0, failed 0" in process.stdout

    answer = live_site.search_api(f"q={UNIQUE_WORD}")
    assert answer["count"] == 1, answer
    assert answer["results"][0]["title"] == "Guidance on interim storage"
    assert live_site.get(urlparse(answer["results"][0]["url"]).path).status == 200
    # The search page a visitor uses finds it too.
    page = live_site.get(f"/en/search/?q={UNIQUE_WORD}")
    assert page.status == 200 and b"Guidance on interim storage" in page.body

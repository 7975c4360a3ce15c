"""The twelve thematic areas on the real seed (issue #11, item 3): what each page shows, and the
intersessional processes of hub/seed/content/intersessional.json with their mandates and outputs.

Run with `-s` to print the per-area counts (the issue's closing note quotes them).
"""

import json
from pathlib import Path

from django.test import Client

from wagtail.models import Locale

import pytest

from hub.localization import in_locale
from hub.models import IntersessionalIndexPage, IntersessionalProcessPage, ThematicAreaPage
from hub.models.tagging import DECISION_AND_DOCUMENT_TYPES, live_resources_for, tagged

pytestmark = pytest.mark.django_db

CONTENT = Path(__file__).resolve().parents[2] / "hub" / "seed" / "content"
PROCESSES = json.loads((CONTENT / "intersessional.json").read_text(encoding="utf-8"))
LOCALES = ("en", "fr", "es", "ar", "zh-hans", "ru")
STATEMENT = "No intersessional process on {area} has been mandated by the decisions recorded here."


def subjects_areas(kind):
    """Areas the curated subjects file tags at least one record of `kind` ("decisions", "documents") with."""
    path = CONTENT / "subjects.json"
    if not path.exists():
        return set()
    data = json.loads(path.read_text(encoding="utf-8"))
    return {area for record in data.get(kind, []) for area in record.get("areas", [])}


def path(page):
    """A page's path as links on its own site show it (`.url` is absolute: the seed has two sites)."""
    return page.get_url_parts()[2]


def area_pages():
    return list(ThematicAreaPage.objects.filter(locale__language_code="en").select_related("area").order_by("path"))


def test_every_area_shows_its_sections_and_processes_or_the_statement(seeded):
    client = Client()
    rows = []
    decision_areas, document_areas = subjects_areas("decisions"), subjects_areas("documents")
    for page in area_pages():
        slug, name = page.area.slug, page.area.name
        response = client.get(path(page))
        assert response.status_code == 200, page.url
        html, context = response.content.decode(), response.context
        processes = context["intersessional"]
        expected = {p["slug"] for p in PROCESSES if slug in p["thematic_areas"]}
        assert {p.slug for p in processes} == expected, slug
        if processes:
            assert STATEMENT.format(area=name) not in html
            for process in processes:
                assert f'href="{path(process)}"' in html
        else:
            assert STATEMENT.format(area=name) in html, slug
        if slug in decision_areas:
            assert context["decisions"], f"{slug}: the subjects file tags decisions with it"
        if slug in document_areas:
            assert context["documents"], f"{slug}: the subjects file tags documents with it"
        # Counts and search links on the page match the lists.
        assert f"({len(context['decisions'])})" in html and f"({len(context['documents'])})" in html
        assert f"/en/search/?area={slug}&amp;type=decision" in html or not context["decisions"]
        events = tagged(page.area, "eventpage_set", "en")
        resources = live_resources_for(page.area, locale="en", exclude_types=DECISION_AND_DOCUMENT_TYPES)
        rows.append(
            (
                slug,
                len(context["decisions"]),
                len(context["documents"]),
                len(context["upcoming_events"]) + len(context["past_events"]),
                events.count(),
                len(processes),
                len(context["resources"]),
                len(resources),
            )
        )
    assert len(rows) == 12
    header = ("area", "decisions", "COP documents", "events shown", "events tagged", "processes")
    header += ("resources shown", "resources tagged")
    lines = ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(value) for value in row) + " |" for row in rows]
    totals = [sum(row[i] for row in rows) for i in range(1, len(header))]
    lines.append("| total (an item with two areas counts twice) | " + " | ".join(map(str, totals)) + " |")
    print("\n".join(lines))  # noqa: T201 - the table the issue's closing note quotes (pytest -s)
    # At least one area has a process, and the seed's areas are far from empty.
    assert any(row[5] for row in rows)
    assert sum(row[1] for row in rows) >= 10


def test_every_process_links_its_mandates_and_outputs(seeded):
    client = Client()
    for record in PROCESSES:
        page = IntersessionalProcessPage.objects.get(slug=record["slug"], locale__language_code="en")
        assert (page.start_date.isoformat(), page.end_date and page.end_date.isoformat()) == (
            record["start_date"],
            record["end_date"],
        )
        decisions = page.mandating_decisions()
        assert [d.symbol for d in decisions] == record["mandates"], record["slug"]
        outputs = page.output_items()
        assert len(outputs) == len(record["outputs"]), record["slug"]
        html = client.get(path(page)).content.decode()
        for decision in decisions:
            assert f'href="{path(decision)}"' in html
        for _kind, output in outputs:
            assert f'href="{path(output)}"' in html


def test_intersessional_pages_exist_in_every_locale_and_link_that_locale(seeded):
    client = Client()
    for code in LOCALES:
        locale = Locale.objects.get(language_code=code)
        index = IntersessionalIndexPage.objects.live().public().get(locale=locale)
        assert path(index) == f"/{code}/intersessional-work/"
        processes = in_locale(IntersessionalProcessPage.objects.all(), locale)
        assert processes.count() == len(PROCESSES), code
        response = client.get(path(index))
        assert response.status_code == 200
        listed = response.context["ongoing"] + response.context["concluded"]
        assert len(listed) == len(PROCESSES)
        process = processes.get(slug="review-of-annexes-a-and-b")
        html = client.get(path(process)).content.decode()
        (decision,) = process.mandating_decisions()
        assert decision.locale_id == locale.pk and path(decision).startswith(f"/{code}/")
        assert f'href="{path(decision)}"' in html

"""Intersessional work in the seed: the index page and one page per process in content/intersessional.json.

The processes are the ones the decisions and documents of the library seed establish (each record
names its mandating decisions and its outputs by symbol; `end_basis` says where its end date, or
the lack of one, comes from). Demo content: loaded only into an empty site.

The decisions and documents are library pages, made by the library's seed after the hub's (and
hub never imports library), so the pages are created here without them and a finalizer links the
mandates and outputs once every app has loaded, before the locale trees are aliased.
"""

import json
import re
from types import SimpleNamespace

from django.apps import apps
from django.db.models import Q
from django.utils.text import slugify

from hub.models import IntersessionalIndexPage, IntersessionalMandate, IntersessionalProcessPage

from . import prose
from .datafiles import SeedDataError, read_records
from .demo_pages import index_page

CONTENT_FILE = "intersessional.json"
INDEX_SLUG = "intersessional-work"
DECISION_SYMBOL = re.compile(r"MC-\d+/\d+")
SECTION = "Intersessional processes"
LINKS_SECTION = "Intersessional mandates and outputs"


def parse(context, hub_data):
    """The process records, checked against the hub's vocabularies; raises SeedDataError."""
    path = context.data_file(prose.CONTENT_DIR, CONTENT_FILE)
    areas = {area.slug for area in hub_data.areas}
    articles = {article.slug for article in hub_data.articles}
    processes, seen = [], set()
    for record in read_records(path, "slug"):
        slug = record.text("slug", required=True, max_length=100)
        if slugify(slug) != slug:
            record.fail("slug", f"{slug!r} is not a page slug (lower case, digits and hyphens)")
        if slug in seen:
            record.fail("slug", "appears twice")
        seen.add(slug)
        start, end = record.date("start_date", required=True), record.date("end_date")
        if end and end < start:
            record.fail("end_date", "comes before start_date")
        mandates = record.string_list("mandates", required=True)
        if not mandates:
            record.fail("mandates", "needs at least one decision: only work a decision mandates is listed")
        for symbol in mandates:
            if not DECISION_SYMBOL.fullmatch(symbol):
                record.fail("mandates", f"{symbol!r} is not a decision symbol like MC-1/3")
        for key, known in (("thematic_areas", areas), ("articles", articles)):
            unknown = [value for value in record.string_list(key) if value not in known]
            if unknown:
                record.fail(key, f"unknown slugs: {', '.join(unknown)}")
        processes.append(
            SimpleNamespace(
                slug=slug,
                title=record.text("title", required=True, max_length=255),
                kind=record.choice("kind", set(IntersessionalProcessPage.Kind.values), required=True),
                summary=record.text("summary", required=True),
                start_date=start,
                end_date=end,
                end_basis=record.text("end_basis", required=True),
                mandates=mandates,
                outputs=record.string_list("outputs"),
                areas=record.string_list("thematic_areas"),
                articles=record.string_list("articles"),
            )
        )
    return processes


def _index_texts(context):
    path = context.data_file(prose.CONTENT_DIR, "index_pages.json")
    texts = json.loads(path.read_text(encoding="utf-8")).get("intersessional")
    if not texts:
        raise SeedDataError(path, "needs an 'intersessional' entry (title and intro of the intersessional work index)")
    return texts


def load(context, processes):
    """The index under the home page and the process pages, tagged; mandates and outputs are linked later."""
    index = index_page(context, IntersessionalIndexPage, INDEX_SLUG, _index_texts(context))
    terms = context.terms
    pages = []
    for process in processes:
        page = context.upsert_page(
            SECTION,
            index,
            IntersessionalProcessPage,
            process.slug,
            {
                "title": process.title,
                "kind": process.kind,
                "summary": process.summary,
                "listing_summary": process.summary.split(". ")[0].rstrip(".") + ".",
                "start_date": process.start_date,
                "end_date": process.end_date,
            },
            m2m={
                "thematic_areas": [terms.areas[slug] for slug in process.areas],
                "articles": [terms.articles[slug] for slug in process.articles],
            },
            label=process.slug,
        )
        pages.append((process, page))
    context.report(SECTION)
    context.defer(LINKS_SECTION, lambda context: link_decisions_and_outputs(context, pages))
    return pages


def _resource_model():
    try:
        return apps.get_model("library", "ResourcePage")
    except LookupError:
        return None


def _find(resource_model, locale, reference, decision=False):
    """The source-locale library page a data file names by symbol, identifier or exact title."""
    found = resource_model.objects.filter(locale=locale).filter(
        Q(symbol=reference) | Q(identifier=reference) | Q(title=reference)
    )
    if decision:
        found = found.filter(resource_type__slug="decision")
    return found.order_by("pk").first()


def link_decisions_and_outputs(context, pages):
    """Each process's mandating decisions and output pages, once the library's pages exist.

    A symbol the library does not hold (a smaller --data-dir) is reported and left out; the
    shipped data links every one (tests/seeded/test_thematic_areas_seed.py checks it).
    """
    resource_model = _resource_model()
    tally = context.tally(LINKS_SECTION)
    if resource_model is None:
        context.write("  skipped: the library is not installed")
        return
    for process, page in pages:
        page = IntersessionalProcessPage.objects.get(pk=page.pk)
        latest = page.latest_revision
        if latest is not None and latest.user_id is not None:
            tally.add("kept")  # an editor's page now
            continue
        decisions, outputs = [], []
        for symbol in process.mandates:
            decision = _find(resource_model, context.locale, symbol, decision=True)
            if decision is None:
                context.write(f"  {process.slug}: decision {symbol} is not in the library; left out", style="WARNING")
            else:
                decisions.append(decision)
        for reference in process.outputs:
            output = _find(resource_model, context.locale, reference)
            if output is None:
                message = f"  {process.slug}: output {reference!r} is not in the library; left out"
                context.write(message, style="WARNING")
            else:
                outputs.append(output)
        current_decisions = [mandate.decision_id for mandate in page.mandates.order_by("sort_order")]
        current_outputs = [(block.block_type, getattr(block.value, "pk", None)) for block in page.outputs]
        if current_decisions == [d.pk for d in decisions] and current_outputs == [("page", o.pk) for o in outputs]:
            tally.add("unchanged")
            continue
        page.mandates = [IntersessionalMandate(decision=decision, sort_order=n) for n, decision in enumerate(decisions)]
        page.outputs = [("page", output) for output in outputs]
        page.save_revision().publish()
        tally.add("updated")
    context.report(LINKS_SECTION)

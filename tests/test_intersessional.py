"""Intersessional work: process pages (mandates and outputs in the page's language), the index, the
thematic area's section and its honest statement when no process exists."""

import copy
import datetime

from django.core.exceptions import ValidationError

from wagtail.models import Collection, CollectionViewRestriction, Locale

import pytest

from hub import factories as hf
from hub.models import IntersessionalIndexPage, IntersessionalMandate, IntersessionalProcessPage
from library import factories as lf

from .builders import make_document, restrict_to_participants, rolled_back

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def add_process(parent, slug, title, decisions=(), outputs=(), areas=(), **fields):
    values = {
        "kind": "expert-group",
        "summary": f"What {title} does.",
        "start_date": datetime.date(2019, 11, 25),
        **fields,
    }
    page = IntersessionalProcessPage(title=title, slug=slug, **values)
    page.mandates = [IntersessionalMandate(decision=decision, sort_order=n) for n, decision in enumerate(decisions)]
    page.outputs = list(outputs)
    parent.add_child(instance=page)
    page.thematic_areas.set(areas)
    page.save_revision().publish()
    return IntersessionalProcessPage.objects.get(pk=page.pk)


def build_processes(t):
    t.intersessional_index = IntersessionalIndexPage(title="Intersessional work", slug="intersessional-work")
    t.home.add_child(instance=t.intersessional_index)
    t.intersessional_index.save_revision().publish()
    t.report = lf.ResourcePageFactory(
        parent=t.library,
        title="Report of the expert group on gold mining",
        slug="expert-group-report",
        identifier="UNEP/MC/COP.6/9",
        symbol="UNEP/MC/COP.6/9",
        resource_type=t.types["meeting-document"],
        publication_date=datetime.date(2025, 8, 1),
        thematic_areas=[t.asgm],
    )
    t.draft_decision = lf.ResourcePageFactory(
        parent=t.library,
        title="Decision MC-5/2: not yet published",
        slug="mc-5-2",
        identifier="MC-5/2",
        symbol="MC-5/2",
        resource_type=t.types["decision"],
        live=False,
    )
    t.private_decision = lf.ResourcePageFactory(
        parent=t.library,
        title="Decision MC-5/3: participants only",
        slug="mc-5-3",
        identifier="MC-5/3",
        symbol="MC-5/3",
        resource_type=t.types["decision"],
    )
    restrict_to_participants(t.private_decision)
    t.annex = make_document("annex.pdf", title="Annex to the expert group report")
    private_collection = Collection.get_first_root_node().add_child(name="Restricted files")
    CollectionViewRestriction.objects.create(collection=private_collection, restriction_type="login")
    t.hidden_file = make_document("hidden.pdf", title="Working notes of the group", collection=private_collection)
    t.process = add_process(
        t.intersessional_index,
        "asgm-experts",
        "Expert group on gold mining",
        decisions=[t.decision, t.draft_decision, t.private_decision],
        outputs=[
            ("page", t.report),
            ("document", t.annex),
            ("document", t.hidden_file),
            ("link", {"title": "Group workspace", "url": "https://example.org/workspace"}),
        ],
        areas=[t.asgm],
        kind="expert-group",
        start_date=datetime.date(2023, 10, 30),
    )
    t.concluded = add_process(
        t.intersessional_index,
        "old-guidance",
        "Guidance on gold mining plans",
        decisions=[t.decision],
        areas=[t.asgm],
        kind="guidance",
        start_date=datetime.date(2017, 9, 24),
        end_date=datetime.date(2019, 11, 25),
    )
    t.due = add_process(
        t.intersessional_index,
        "due-later",
        "Assessment due next year",
        decisions=[t.decision],
        kind="assessment",
        start_date=datetime.date(2023, 10, 30),
        end_date=TODAY + datetime.timedelta(days=365),
    )
    return t


@pytest.fixture(scope="module")
def shared_processes(shared_tree, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield copy.deepcopy(build_processes(copy.deepcopy(shared_tree)))


@pytest.fixture
def processes(shared_processes, tree):
    return tree


def french(page, title=None):
    """The French version of a page: a translation with `title`, else an alias."""
    fr = Locale.objects.get(language_code="fr")
    if title is None:
        return page.copy_for_translation(fr, copy_parents=True, alias=True).specific
    translated = page.copy_for_translation(fr, copy_parents=True).specific
    translated.title = title
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def test_process_page_shows_kind_period_mandate_and_outputs(client, processes):
    t = processes
    html = client.get(t.process.url).content.decode()
    assert "Expert group" in html  # the kind
    assert "From 30 October 2023, ongoing" in html
    assert t.decision.title in html and t.decision.url in html
    assert t.report.title in html and t.report.url in html
    assert t.annex.title in html and t.annex.url in html
    assert 'href="https://example.org/workspace"' in html and "Group workspace" in html
    # Areas link to their page.
    assert t.area_page.url in html


def test_unpublished_or_private_decisions_and_restricted_files_are_omitted(client, processes):
    t = processes
    html = client.get(t.process.url).content.decode()
    for hidden in (t.draft_decision.title, t.private_decision.title, "MC-5/2", "MC-5/3", t.hidden_file.title):
        assert hidden not in html
    assert [page.pk for page in t.process.mandating_decisions()] == [t.decision.pk]
    # Once the decision is published, it appears, in mandate order.
    t.draft_decision.save_revision().publish()
    assert [page.pk for page in t.process.mandating_decisions()] == [t.decision.pk, t.draft_decision.pk]


def test_french_page_links_the_french_decision_and_output(client, processes):
    t = processes
    decision_fr = french(t.decision, "Décision MC-5/1 : produits contenant du mercure ajouté")
    report_fr = french(t.report)  # an alias while untranslated
    french(t.intersessional_index)
    process_fr = french(t.process)
    assert process_fr.url.startswith("/fr/")
    html = client.get(process_fr.url).content.decode()
    assert decision_fr.title in html and f'href="{decision_fr.url}"' in html
    assert f'href="{report_fr.url}"' in html
    # Never the English pages.
    assert f'href="{t.decision.url}"' not in html and f'href="{t.report.url}"' not in html
    # A decision with no French version is left out rather than shown in English.
    decision_fr.unpublish()
    assert process_fr.mandating_decisions() == []


def test_end_before_start_is_refused(processes):
    page = IntersessionalProcessPage.objects.get(pk=processes.concluded.pk)
    page.end_date = page.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "end_date" in error.value.message_dict


def test_index_groups_processes_under_way_and_concluded(client, processes):
    t = processes
    response = client.get(t.intersessional_index.url)
    context = response.context
    # Latest mandate first, then by title; an end date still ahead is work under way.
    assert [p.pk for p in context["ongoing"]] == [t.due.pk, t.process.pk]
    assert [p.pk for p in context["concluded"]] == [t.concluded.pk]
    html = response.content.decode()
    under_way, concluded = html.index('id="ongoing-heading"'), html.index('id="concluded-heading"')
    assert under_way < html.index(t.process.title) < concluded < html.index(t.concluded.title)
    assert "From 24 September 2017 until 25 November 2019" in html
    assert "MC-5/1" in html  # the mandating decision, by symbol


def test_thematic_area_lists_its_processes_and_events_of_every_type(client, processes):
    t = processes
    meeting = hf.EventPageFactory(
        parent=t.event_index,
        title="Expert meeting on gold mining",
        event_type="intersessional",
        start_date=TODAY - datetime.timedelta(days=10),
        thematic_areas=[t.asgm],
    )
    sections = t.area_page.automatic_sections()
    assert [p.pk for p in sections["intersessional"]] == [t.process.pk, t.concluded.pk]
    # An intersessional meeting is an event: it is listed with the past events.
    assert meeting.pk in [event.pk for event in sections["past_events"]]
    html = client.get(t.area_page.url).content.decode()
    assert t.process.title in html and t.concluded.title in html
    assert f'href="{t.intersessional_index.url}"' in html
    assert "No intersessional process on" not in html


def test_decisions_and_documents_are_separate_sections_with_counts_and_search_links(client, processes):
    t = processes
    sections = t.area_page.automatic_sections()
    assert [d.pk for d in sections["decisions"]] == [t.decision.pk]
    assert [d.pk for d in sections["documents"]] == [t.report.pk]
    html = client.get(t.area_page.url).content.decode()
    decisions = html[html.index('id="decisions-heading"') : html.index('id="documents-heading"')]
    documents = html[html.index('id="documents-heading"') : html.index('id="resources-heading"')]
    assert t.decision.title in decisions and t.report.title not in decisions
    assert t.report.title in documents and t.decision.title not in documents
    assert "/en/search/?area=asgm&amp;type=decision" in decisions
    assert "/en/search/?area=asgm&amp;type=meeting-document" in documents


def test_an_area_without_processes_says_so(client, processes):
    t = processes
    emissions_page = hf.ThematicAreaPageFactory(parent=t.thematic_index, area=t.emissions, slug="emissions")
    assert emissions_page.automatic_sections()["intersessional"] == []
    html = client.get(emissions_page.url).content.decode()
    assert "No intersessional process on Emissions has been mandated by the decisions recorded here." in html
    # Every other empty section also says what would appear there.
    assert "Decisions of the Conference of the Parties tagged with this area will be listed here" in html
    assert "Working and information documents of meetings tagged with this area will be listed here" in html

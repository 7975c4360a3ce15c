"""hub/localization.py: listings select on source-locale pages and show the wanted locale's versions.

A small tree in English, with a French translation (a real page whose tags have drifted), aliases
(which keep the English meeting link) and a page written only in French.
"""

import datetime

from django.template import Context, Template
from django.utils import translation

from wagtail.models import Locale

import pytest

from hub.localization import in_locale, page_in_locale, source_selection, source_version
from hub.models import ThematicAreaPage
from library import factories as lf
from library.models import RelatedResource, ResourcePage

pytestmark = pytest.mark.django_db


def alias(page, locale):
    return page.copy_for_translation(locale, copy_parents=True, alias=True).specific


@pytest.fixture
def locales(tree):
    """French: the guidance translated (tags dropped, then tagged "emissions" by mistake), the
    decision and the meeting aliased. Spanish: the decision aliased only."""
    t = tree
    fr = Locale.objects.get(language_code="fr")
    es = Locale.objects.get(language_code="es")
    for locale in (fr, es):
        t.home.copy_for_translation(locale, alias=True)
    french = t.resource.copy_for_translation(fr, copy_parents=True).specific
    french.title = "Guide des plans d'action nationaux"
    french.save_revision().publish()
    french.refresh_from_db()
    french.thematic_areas.set([t.emissions])
    french.save()
    return {
        "fr": fr,
        "es": es,
        "french": french,
        "decision_fr": alias(t.decision, fr),
        "decision_es": alias(t.decision, es),
        "meeting_fr": alias(t.meeting, fr),
        "area_page_fr": alias(t.area_page, fr),
    }


def test_tagged_pages_are_selected_in_the_source_locale_and_shown_in_the_wanted_one(tree, locales):
    tagged_asgm = ResourcePage.objects.filter(thematic_areas=tree.asgm)
    french = in_locale(tagged_asgm, locales["fr"])
    # The translation (no longer tagged with ASGM itself) and the alias stand in for their
    # tagged English pages; nothing English, nothing Spanish.
    assert {page.pk for page in french} == {locales["french"].pk, locales["decision_fr"].pk}
    assert {page.locale_id for page in french} == {locales["fr"].pk}
    # Spanish has only the decision; the guidance is simply absent, never shown in English.
    assert [page.pk for page in in_locale(tagged_asgm, "es")] == [locales["decision_es"].pk]
    assert {page.pk for page in in_locale(tagged_asgm, "en")} == {tree.resource.pk, tree.decision.pk}
    # The French translation's own (wrong) tag does not decide: its source is not about emissions.
    assert not in_locale(ResourcePage.objects.filter(thematic_areas=tree.emissions), "fr").exists()


def test_the_ordering_given_is_kept_and_the_active_language_is_the_default(tree, locales):
    tagged_asgm = ResourcePage.objects.filter(thematic_areas=tree.asgm)
    newest_first = in_locale(tagged_asgm.order_by("-publication_date"), locales["fr"])
    assert [page.pk for page in newest_first] == [locales["decision_fr"].pk, locales["french"].pk]
    oldest_first = in_locale(tagged_asgm.order_by("publication_date"), locales["fr"])
    assert [page.pk for page in oldest_first] == [locales["french"].pk, locales["decision_fr"].pk]
    with translation.override("fr"):
        assert set(in_locale(tagged_asgm)) == {locales["french"], locales["decision_fr"]}


# Wagtail's public() reads the view restrictions first: one query of its own, then ours.
def test_a_queryset_is_mapped_in_one_query(tree, locales, django_assert_num_queries):
    tagged_asgm = ResourcePage.objects.filter(thematic_areas=tree.asgm)
    with django_assert_num_queries(2):
        assert len(list(in_locale(tagged_asgm, locales["fr"]))) == 2


def test_a_list_keeps_its_order_and_each_page_once(tree, locales, django_assert_num_queries):
    picked = [tree.decision, tree.resource, locales["french"], tree.decision]
    with django_assert_num_queries(2):
        mapped = in_locale(picked, locales["fr"])
    assert [page.pk for page in mapped] == [locales["decision_fr"].pk, locales["french"].pk]
    assert in_locale([tree.resource, tree.decision], "es") == [locales["decision_es"]]
    assert in_locale([], "fr") == []
    assert page_in_locale(tree.resource, "fr") == locales["french"]
    assert page_in_locale(tree.resource, "es") is None


def test_drafts_and_private_versions_are_left_out_not_replaced_by_english(tree, locales):
    french = locales["french"]
    french.unpublish()
    assert in_locale([tree.resource], "fr") == []
    assert not in_locale(ResourcePage.objects.filter(pk=tree.resource.pk), "fr").exists()


def test_a_page_written_only_in_french_stands_for_itself(tree, locales):
    library_fr = tree.library.get_translation(locales["fr"])
    only_french = lf.ResourcePageFactory(
        parent=library_fr,
        title="Rapport uniquement en français",
        slug="rapport-francais",
        identifier="fr-only-1",
        resource_type=tree.types["report"],
        publication_date=datetime.date(2024, 1, 1),
        thematic_areas=[tree.asgm],
        locale=locales["fr"],
    )
    tagged_asgm = ResourcePage.objects.filter(thematic_areas=tree.asgm)
    assert only_french in in_locale(tagged_asgm, "fr")
    assert only_french not in in_locale(tagged_asgm, "en")
    # The alias of a tagged English page is not a source of its own: it is reached through its source.
    assert set(source_selection(ResourcePage.objects.all()).values_list("locale__language_code", flat=True)) == {
        "en",
        "fr",
    }
    assert source_selection(ResourcePage.objects.filter(pk=locales["decision_fr"].pk)).count() == 0


def test_source_version(tree, locales):
    assert source_version(locales["french"]).pk == tree.resource.pk
    assert source_version(locales["decision_es"]).pk == tree.decision.pk
    assert source_version(tree.resource) is tree.resource
    assert source_version(None) is None


def test_a_sliced_queryset_is_refused(tree):
    with pytest.raises(TypeError):
        in_locale(ResourcePage.objects.all()[:3], "fr")


def test_meeting_documents_and_area_sections_in_an_alias(tree, locales):
    """The French meeting alias lists the decision once, as its French alias (its link still
    names the English meeting); the French area page lists French pages only."""
    decisions, others = locales["meeting_fr"].documents_by_symbol()
    assert [page.pk for page in decisions] == [locales["decision_fr"].pk]
    assert decisions[0].url.startswith("/fr/")
    assert others == []
    decisions_en, _others = tree.meeting.documents_by_symbol()
    assert [page.pk for page in decisions_en] == [tree.decision.pk]

    sections = locales["area_page_fr"].automatic_sections()
    listed = [page for name, pages in sections.items() if name not in ("articles", "gmp_areas") for page in pages]
    assert {page.locale_id for page in listed} == {locales["fr"].pk}
    assert {page.pk for page in sections["resources"]} == {locales["french"].pk}
    assert [page.pk for page in sections["decisions_and_documents"]] == [locales["decision_fr"].pk]


def test_term_page_links_to_the_page_in_the_locale_shown(tree, locales):
    template = Template("{% load hub_tags %}{% term_page area as found %}{{ found.pk }}")
    in_french = template.render(Context({"area": tree.asgm, "page": locales["french"]}))
    assert in_french == str(locales["area_page_fr"].pk)
    assert template.render(Context({"area": tree.asgm, "page": tree.resource})) == str(tree.area_page.pk)
    # Spanish has no area page: no link rather than the English page.
    spanish = Template("{% load hub_tags %}{% term_page area as found %}{{ found|default:'none' }}")
    assert spanish.render(Context({"area": tree.asgm, "page": locales["decision_es"]})) == "none"
    assert ThematicAreaPage.objects.filter(area=tree.asgm).count() == 2


def test_related_resources_are_read_on_the_source_and_shown_in_the_page_locale(tree, locales):
    """Editors link related resources on the English page; the French translation lists the
    French versions, in the editor's order, without the page itself."""
    # sort_order as the admin's form sets it (assigned in code it would stay empty: any order on PostgreSQL).
    tree.resource.related_resources = [
        RelatedResource(resource=tree.national_report, sort_order=0),
        RelatedResource(resource=tree.decision, sort_order=1),
        RelatedResource(resource=tree.resource, sort_order=2),
    ]
    tree.resource.save()
    alias(tree.national_report, locales["fr"])
    french = ResourcePage.objects.get(pk=locales["french"].pk)
    assert list(french.related_resources.all()) == []  # the translation predates the links
    related = french.public_related_resources()
    assert [page.title for page in related] == [tree.national_report.title, tree.decision.title]
    assert {page.locale_id for page in related} == {locales["fr"].pk}
    assert [page.pk for page in tree.resource.public_related_resources()] == [
        tree.national_report.pk,
        tree.decision.pk,
    ]

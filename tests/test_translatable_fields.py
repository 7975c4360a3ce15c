"""Every translatable model of ours states what wagtail-localize translates and what it copies.

A field added without a decision fails here: wagtail-localize's own default would translate an
identifier, an ISO code or a time zone, and give every translation its own taxonomy links.
"""

from django.apps import apps
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.models import COMMENTS_RELATION_NAME, Locale, Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField
from wagtail_localize.models import TranslationSource
from wagtail_localize.segments import RelatedObjectSegmentValue, StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

import pytest
from taggit.managers import TaggableManager
from treebeard.mp_tree import MP_Node

from hub.localize.fields import SourceOnlyField

OUR_APPS = {"hub", "library", "partners", "search"}
# Fields wagtail-localize itself never translates nor copies (wagtail_localize/fields.py).
PAGE_MANAGED = {"go_live_at", "expire_at", "first_published_at", "content_type", "owner"}


def translatable_models():
    return sorted(
        (
            model
            for model in apps.get_models()
            if model._meta.app_label in OUR_APPS and issubclass(model, TranslatableMixin)
        ),
        key=lambda model: model._meta.label,
    )


def fields_needing_a_decision(model):
    """What wagtail-localize would consider on `model`: editable fields, relations, child relations."""
    names = set()
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # reverse relations
        if isinstance(field, models.AutoField) or not getattr(field, "editable", False):
            continue
        if issubclass(model, MP_Node) and field.name in ("path", "depth", "numchild"):
            continue
        if issubclass(model, Page) and field.name in PAGE_MANAGED:
            continue
        if isinstance(field, ParentalKey) or (
            isinstance(field, models.OneToOneField) and field.remote_field.parent_link
        ):
            continue
        names.add(field.name)
    if issubclass(model, ClusterableModel):
        names |= {rel.name for rel in get_all_child_relations(model) if rel.name != COMMENTS_RELATION_NAME}
    return names


def declared(model):
    return {field.field_name: field for field in model.translatable_fields}


MODELS = translatable_models()


def test_our_translatable_models_are_found():
    labels = {model._meta.label for model in MODELS}
    assert {"hub.HomePage", "hub.ThematicAreaPage", "hub.Country", "library.ResourcePage"} <= labels
    assert len(labels) >= 25


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_translatable_model_declares_every_field(model):
    assert "translatable_fields" in {name for klass in model.__mro__ for name in vars(klass)}, (
        f"{model._meta.label} relies on wagtail-localize's guesses; declare translatable_fields"
    )
    names = [field.field_name for field in model.translatable_fields]
    assert len(names) == len(set(names)), f"{model._meta.label} declares a field twice"
    for name in names:
        model._meta.get_field(name)  # a typo raises FieldDoesNotExist
    missing = fields_needing_a_decision(model) - set(names)
    assert not missing, f"{model._meta.label}: no translate/synchronise decision for {sorted(missing)}"


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_relations_are_never_translated(model):
    """Taxonomy links and page links are synchronised (source-locale terms everywhere);
    translating a foreign key would need every term translated before any page."""
    for field in model.translatable_fields:
        model_field = model._meta.get_field(field.field_name)
        if isinstance(model_field, models.ForeignKey | models.ManyToManyField | TaggableManager):
            assert not isinstance(field, TranslatableField), f"{model._meta.label}.{field.field_name}"


FIXED = [
    ("hub.HomePage", "slug"),
    ("hub.ThematicAreaPage", "area"),
    ("hub.PillarPage", "pillar"),
    ("hub.TopicPage", "thematic_areas"),
    ("hub.NewsPage", "countries"),
    ("hub.EventPage", "time_zone"),
    ("hub.CountryProfilePage", "country"),
    ("hub.GMPAreaPage", "gmp_area"),
    ("hub.Country", "iso3"),
    ("hub.Country", "region"),
    ("hub.ConventionArticle", "number"),
    ("hub.ThematicArea", "slug"),
    ("library.ResourcePage", "identifier"),
    ("library.ResourcePage", "symbol"),
    ("library.ResourcePage", "resource_type"),
    ("library.ResourcePage", "collections"),
    ("library.ResourcePage", "regions"),
    ("library.LibraryIndexPage", "collection"),
]
TRANSLATED = [
    ("hub.HomePage", "hero_heading"),
    ("hub.HomePage", "title"),
    ("hub.ThematicAreaPage", "summary"),
    ("hub.MeetingPage", "summary"),
    ("hub.EventPage", "body"),
    ("hub.Country", "name"),
    ("library.ResourcePage", "summary"),
    ("library.ResourcePage", "listing_summary"),
]
SYNCHRONISED = [
    ("hub.EventPage", "start_date"),
    ("hub.MeetingPage", "sessions"),
    ("library.ResourcePage", "files"),
    ("library.ResourcePage", "publication_date"),
    ("hub.CountryProfilePage", "ratification_date"),
]


@pytest.mark.parametrize(("label", "name"), FIXED)
def test_identifiers_codes_and_taxonomy_links_are_fixed(label, name):
    field = declared(apps.get_model(label))[name]
    assert isinstance(field, SynchronizedField)
    assert not field.overridable, "a translator must not be offered to change it"


@pytest.mark.parametrize(("label", "name"), TRANSLATED)
def test_text_is_translated(label, name):
    assert isinstance(declared(apps.get_model(label))[name], TranslatableField)


@pytest.mark.parametrize(("label", "name"), SYNCHRONISED)
def test_facts_are_synchronised(label, name):
    assert isinstance(declared(apps.get_model(label))[name], SynchronizedField)


def test_plain_many_to_many_on_vocabularies_stays_on_the_source_term():
    thematic_area = apps.get_model("hub.ThematicArea")
    assert isinstance(declared(thematic_area)["articles"], SourceOnlyField)
    assert isinstance(declared(thematic_area)["gmp_areas"], SourceOnlyField)


# What wagtail-localize does with the declarations, on a real tree ----------------------------------
@pytest.mark.django_db
def test_segments_hold_text_only(tree):
    """Titles and text become strings to translate; no taxonomy link becomes a related-object segment."""
    for page in [tree.home, tree.area_page, tree.topic, tree.event, tree.party, tree.resource, tree.meeting]:
        segments = extract_segments(page.specific)
        assert not [s for s in segments if isinstance(s, RelatedObjectSegmentValue)], page
        paths = {s.path for s in segments if isinstance(s, StringSegmentValue)}
        assert "title" in paths
        assert not paths & {"slug", "identifier", "time_zone", "symbol", "iso3"}


@pytest.mark.django_db
def test_every_page_type_of_the_tree_translates_with_these_declarations(tree):
    """Translating each page type into French (as the admin's Translate does) copies its facts and
    taxonomy links and keeps its slug (below the home page: home pages are siblings under the root)."""
    french = Locale.objects.get(language_code="fr")
    pages = [
        tree.home,
        tree.pillar_page,
        tree.topic,
        tree.thematic_index,
        tree.area_page,
        tree.country_index,
        tree.party,
        tree.meeting_index,
        tree.meeting,
        tree.event_index,
        tree.event,
        tree.news_index,
        tree.news,
        tree.standard,
        tree.library,
        tree.resource,
        tree.decision,
    ]
    for page in pages:
        source, _created = TranslationSource.get_or_create_from_instance(page)
        translated, _created = source.create_or_update_translation(french, fallback=True, copy_parent_pages=True)
        assert translated.locale == french
        if page.depth > 2:
            assert translated.slug == page.slug
    topic_fr = tree.topic.get_translation(french).specific
    assert list(topic_fr.thematic_areas.all()) == [tree.asgm]
    event_fr = tree.event.get_translation(french).specific
    assert (event_fr.start_date, event_fr.time_zone) == (tree.event.start_date, tree.event.time_zone)
    meeting_fr = tree.meeting.get_translation(french).specific
    assert [s.title for s in meeting_fr.sessions.all()] == [s.title for s in tree.meeting.sessions.all()]
    decision_fr = tree.decision.get_translation(french).specific
    assert (decision_fr.identifier, decision_fr.symbol, decision_fr.meeting_id) == ("MC-5/1", "MC-5/1", tree.meeting.pk)
    assert decision_fr.resource_type_id == tree.types["decision"].pk
    area_fr = tree.area_page.get_translation(french).specific
    assert area_fr.area_id == tree.asgm.pk


@pytest.mark.django_db
def test_vocabulary_terms_translate_with_these_declarations(tree):
    french = Locale.objects.get(language_code="fr")
    for term in [tree.africa, tree.kenya, tree.asgm, tree.article7, tree.pillar]:
        source, _created = TranslationSource.get_or_create_from_instance(term)
        source.create_or_update_translation(french, fallback=True)
    kenya_fr = tree.kenya.get_translation(french)
    assert (kenya_fr.slug, kenya_fr.iso3, kenya_fr.iso2, kenya_fr.region_id) == ("ken", "KEN", "KE", tree.africa.pk)
    asgm_fr = tree.asgm.get_translation(french)
    assert asgm_fr.slug == "asgm"
    assert asgm_fr.source_term == tree.asgm
    assert tree.article7.get_translation(french).number == "7"

"""Translation behaviour beyond the seed: taxonomy links follow the source page into its translations,
pickers offer source-locale terms only, machine translations stay marked until reviewed."""

from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import pytest

from hub.localize.state import ALIAS, MACHINE, SOURCE, TRANSLATED, page_translation_state
from hub.localize.sync import taxonomy_fields
from hub.models import ThematicArea, TopicPage
from library.models import ResourcePage

pytestmark = pytest.mark.django_db

DUMMY_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator", "OPTIONS": {}}


def locale(code):
    return Locale.objects.get(language_code=code)


def translate(page, code):
    """What the admin's Translate action and the translation editor's Publish do, published now."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    Translation.objects.get_or_create(source=source, target_locale=locale(code))
    translated, _created = source.create_or_update_translation(
        locale(code), publish=False, fallback=True, copy_parent_pages=True
    )
    translated.get_latest_revision().publish()
    return translated.specific


def fresh(page):
    return type(page).objects.get(pk=page.pk)


def pks(manager):
    return sorted(item.pk for item in manager.all())


def french_term(term, name):
    translated = term.copy_for_translation(locale("fr"))
    translated.name = name
    translated.save()
    return translated


# Taxonomy links follow the source ---------------------------------------------------------------
def test_which_fields_follow_the_source():
    assert taxonomy_fields(TopicPage) == ["pillars", "thematic_areas", "articles", "gmp_areas", "countries", "regions"]
    resource_fields = set(taxonomy_fields(ResourcePage))
    assert {"thematic_areas", "countries", "resource_type", "collections", "tags"} <= resource_fields
    assert "meeting" not in resource_fields  # a page link: wagtail-localize's sync keeps it
    assert taxonomy_fields(Page) == []


def test_publishing_the_source_gives_its_translation_new_tags_and_drops_removed_ones(tree):
    topic_fr = translate(tree.topic, "fr")
    assert pks(topic_fr.thematic_areas) == [tree.asgm.pk]

    source = fresh(tree.topic)
    source.thematic_areas.set([tree.emissions])
    source.countries.set([tree.kenya])
    source.save_revision().publish()

    topic_fr = fresh(topic_fr)
    assert pks(topic_fr.thematic_areas) == [tree.emissions.pk]
    assert pks(topic_fr.countries) == [tree.kenya.pk]
    # The translation then appears in the area's automatic sections in its own language.
    assert topic_fr in list(tree.emissions.topicpage_set.filter(locale=locale("fr")))
    assert topic_fr not in list(tree.asgm.topicpage_set.all())


def test_a_resources_vocabulary_links_and_keywords_follow_the_source(tree):
    resource_fr = translate(tree.resource, "fr")
    source = fresh(tree.resource)
    source.resource_type = tree.types["report"]
    source.thematic_areas.set([tree.asgm, tree.emissions])
    source.tags.set(["mercury", "gold"])
    source.save_revision().publish()

    resource_fr = fresh(resource_fr)
    assert resource_fr.resource_type_id == tree.types["report"].pk
    assert pks(resource_fr.thematic_areas) == sorted([tree.asgm.pk, tree.emissions.pk])
    assert sorted(resource_fr.tags.names()) == ["gold", "mercury"]
    # Its text stays the translator's: only the links were copied.
    assert resource_fr.locale.language_code == "fr"


def test_a_foreign_key_to_a_term_follows_the_source(tree):
    area_fr = translate(tree.area_page, "fr")
    source = fresh(tree.area_page)
    source.area = tree.emissions
    source.save_revision().publish()
    assert fresh(area_fr).area_id == tree.emissions.pk


def test_a_pending_draft_of_the_translation_gets_the_tags_too(tree, superuser):
    topic_fr = translate(tree.topic, "fr")
    draft = fresh(topic_fr)
    draft.title = "Le mercure dans le poisson (brouillon)"
    draft.save_revision(user=superuser)

    source = fresh(tree.topic)
    source.thematic_areas.set([tree.emissions])
    source.save_revision().publish()

    topic_fr = fresh(topic_fr)
    assert pks(topic_fr.thematic_areas) == [tree.emissions.pk]  # the live page
    assert topic_fr.has_unpublished_changes
    pending = topic_fr.get_latest_revision_as_object()
    assert pending.title == "Le mercure dans le poisson (brouillon)"  # the translator's draft survives
    assert pks(pending.thematic_areas) == [tree.emissions.pk]  # and carries the new tags

    # Publishing that draft keeps them.
    topic_fr.get_latest_revision().publish()
    assert pks(fresh(topic_fr).thematic_areas) == [tree.emissions.pk]


def test_publishing_an_older_translation_cannot_bring_back_dropped_tags(tree):
    topic_fr = translate(tree.topic, "fr")
    old_revision = fresh(topic_fr).get_latest_revision()
    source = fresh(tree.topic)
    source.thematic_areas.set([tree.emissions])
    source.save_revision().publish()

    old_revision.publish()  # its content still says asgm
    assert pks(fresh(topic_fr).thematic_areas) == [tree.emissions.pk]


def test_aliases_follow_through_wagtails_own_alias_sync(tree):
    # Parents first, as the locale trees of the seed have them.
    for page in (tree.home, tree.pillar_page):
        page.copy_for_translation(locale("es"), copy_parents=True, alias=True)
    alias = tree.topic.copy_for_translation(locale("es"), alias=True)
    assert page_translation_state(alias) == ALIAS
    source = fresh(tree.topic)
    source.thematic_areas.set([tree.emissions])
    source.save_revision().publish()
    assert pks(fresh(alias).specific.thematic_areas) == [tree.emissions.pk]


# Pickers offer source-locale terms only ----------------------------------------------------------
def test_page_form_many_to_many_pickers_list_source_terms_only(tree, editor_client):
    french_asgm = french_term(tree.asgm, "Extraction minière artisanale et à petite échelle d'or")
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[tree.topic.pk]))
    assert response.status_code == 200
    field = response.context["form"].fields["thematic_areas"]
    offered = set(field.queryset)
    assert tree.asgm in offered and tree.emissions in offered
    assert french_asgm not in offered
    html = response.content.decode()
    assert "Extraction minière" not in html


def test_page_form_refuses_a_term_in_another_locale(tree, editor_client):
    french_asgm = french_term(tree.asgm, "Extraction minière artisanale")
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[tree.topic.pk]))
    form_class = type(response.context["form"])
    field = form_class.base_fields["thematic_areas"]
    with pytest.raises(Exception, match="valid choice"):
        field.clean([str(french_asgm.pk)])
    assert list(field.clean([str(tree.asgm.pk)])) == [tree.asgm]


def test_foreign_key_pickers_use_the_restricted_chooser(tree, editor_client):
    french_asgm = french_term(tree.asgm, "Extraction minière artisanale")
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[tree.area_page.pk]))
    field = response.context["form"].fields["area"]
    assert french_asgm not in set(field.queryset)
    assert tree.asgm in set(field.queryset)
    assert "AdminSnippetChooser" in [klass.__name__ for klass in type(field.widget).__mro__]


def test_the_library_collection_picker_offers_source_collections(tree, editor_client):
    from library.models import LibraryCollection

    english = LibraryCollection.objects.create(name="Test collection", slug="test-collection")
    french = french_term(english, "Collection d'essai")
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[tree.library.pk]))
    offered = set(response.context["form"].fields["collection"].queryset)
    assert english in offered
    assert french not in offered


def test_the_snippet_chooser_lists_source_terms_without_a_locale_filter(tree, editor_client):
    french_term(tree.asgm, "Extraction minière artisanale")
    chooser = ThematicArea.snippet_viewset.chooser_viewset
    response = editor_client.get(reverse(chooser.get_url_name("choose")))
    assert response.status_code == 200
    html = response.json()["html"]
    assert "Artisanal and small-scale gold mining" in html
    assert "Extraction minière" not in html
    assert 'name="locale"' not in html
    results = editor_client.get(reverse(chooser.get_url_name("choose_results")), {"locale": "fr"})
    assert "Extraction minière" not in results.content.decode()


def test_the_country_listing_filters_by_source_regions(tree, editor_client):
    french_region = french_term(tree.africa, "Afrique")
    response = editor_client.get(reverse(tree.kenya.snippet_viewset.get_url_name("list")))
    assert response.status_code == 200
    region_filter = response.context["filters"].form.fields["region"]
    assert tree.africa in set(region_filter.queryset)
    assert french_region not in set(region_filter.queryset)


# Machine translation ----------------------------------------------------------------------------
def submit_for_translation(page, code, user):
    """The admin's "Translate this page": the translation exists as a draft, in English for now."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale(code))
    translation.save_target(user=user, publish=False)
    return translation


def test_machine_translation_is_off_by_default(tree, superuser, editor_client, settings):
    assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR is None
    translation = submit_for_translation(tree.standard, "fr", superuser)
    response = editor_client.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]), follow=True)
    assert response.status_code == 404
    assert not StringTranslation.objects.filter(translation_type="machine").exists()


@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DUMMY_TRANSLATOR)
def test_a_machine_translation_is_marked_until_a_person_reviews_it(
    tree, superuser, editor_client, django_capture_on_commit_callbacks
):
    page = tree.standard
    translation = submit_for_translation(page, "fr", superuser)
    target = translation.get_target_instance()
    assert page_translation_state(page) == SOURCE

    response = editor_client.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]))
    assert response.status_code == 302
    assert StringTranslation.objects.filter(locale=locale("fr"), translation_type="machine").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    target = Page.objects.get(pk=target.pk)
    assert target.live
    assert target.title == "platform the About"  # the dummy translator reverses words
    assert page_translation_state(target) == MACHINE

    # Visitors are told.
    notice = render_to_string("includes/machine_translation_notice.html", {"page": target})
    assert 'data-translation-state="machine"' in notice
    assert page.url in notice  # a link to the original
    assert render_to_string("includes/machine_translation_notice.html", {"page": page}).strip() == ""
    # ... on the public page itself, not only in the include.
    public = Client().get(target.url).content.decode()
    assert 'data-translation-state="machine"' in public
    assert 'data-translation-state="machine"' not in Client().get(page.url).content.decode()

    # The admin flags it: in the report, and on its edit view.
    report = editor_client.get(reverse("hub_machine_translations")).content.decode()
    assert "data-machine-translations" in report
    assert "platform the About" in report
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[target.pk]), follow=True)
    assert "not yet reviewed" in " ".join(str(m) for m in edit.context["messages"])

    # A person reviews it: the strings become manual and the marks go.
    response = editor_client.post(reverse("hub_machine_translation_reviewed", args=[target.pk]))
    assert response.status_code == 302
    assert page_translation_state(target) == TRANSLATED
    assert not StringTranslation.objects.filter(locale=locale("fr"), translation_type="machine").exists()
    assert StringTranslation.objects.filter(locale=locale("fr"), last_translated_by=superuser).exists()
    assert "data-machine-translations" not in editor_client.get(reverse("hub_machine_translations")).content.decode()
    assert render_to_string("includes/machine_translation_notice.html", {"page": target}).strip() == ""


@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DUMMY_TRANSLATOR)
def test_editing_a_machine_string_in_the_translation_editor_makes_it_manual(tree, superuser):
    translation = submit_for_translation(tree.standard, "fr", superuser)
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.views.edit_translation import apply_machine_translation

    apply_machine_translation(translation.pk, superuser, get_machine_translator())
    target = translation.get_target_instance()
    assert page_translation_state(target) == MACHINE
    StringTranslation.objects.filter(locale=locale("fr")).update(translation_type="manual")
    assert page_translation_state(target) == TRANSLATED


def test_states_of_source_alias_and_translation(tree):
    assert page_translation_state(tree.topic) == SOURCE
    assert page_translation_state(None) == SOURCE
    topic_fr = translate(tree.topic, "fr")
    assert page_translation_state(topic_fr) == TRANSLATED
    assert page_translation_state(tree.topic) == SOURCE

"""The seeded translations of the home page, the four pillar pages and the twelve thematic-area pages
(hub/seed/translations.py), from the PO files in hub/seed/content/translations/pages/.

French is written in the repository and must be complete. The other languages are translated only
where their catalogue is complete for a page; the tests read the catalogues and expect exactly that,
so they hold however far the translators have got.
"""

import io
from types import SimpleNamespace

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wagtail.models import Locale, Page, PageLogEntry, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationLog

import polib
import pytest

from hub.localize.state import ALIAS, TRANSLATED, page_translation_state
from hub.models import HomePage, PillarPage, ThematicAreaPage
from hub.seed.context import SeedContext
from hub.seed.translations import (
    CATALOGUE_DIR,
    TEMPLATE_NAME,
    build_template,
    catalogue_name,
    load_page_translations,
    page_entries,
    read_catalogue,
    seeded_pages,
)

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = ["fr", "es", "ar", "zh-hans", "ru"]


def english_home():
    return HomePage.objects.get(locale=Locale.get_default(), depth=2)


def complete_for(page, home, catalogue):
    return all(catalogue.get((entry.msgctxt, entry.msgid)) for entry in page_entries(page, home))


def run_step(directory=CATALOGUE_DIR):
    out = io.StringIO()
    context = SeedContext(stdout=out)
    context.home = english_home()
    load_page_translations(context, directory)
    return context.tally("Page translations"), out.getvalue()


def test_the_seventeen_pages(seeded):
    pages = seeded_pages(english_home())
    assert len(pages) == 17
    assert sum(isinstance(page, PillarPage) for page in pages) == 4
    assert sum(isinstance(page, ThematicAreaPage) for page in pages) == 12


def test_french_is_complete_and_published_as_real_translations(seeded):
    home = english_home()
    french = Locale.objects.get(language_code="fr")
    catalogue = read_catalogue(french)
    for page in seeded_pages(home):
        assert complete_for(page, home, catalogue), f"fr.po lacks a string of {page.url_path}"
        translated = page.get_translation(french).specific
        assert translated.alias_of_id is None, translated.url_path
        assert translated.live and not translated.has_unpublished_changes
        assert page_translation_state(translated) == TRANSLATED
        assert translated.title == catalogue[(f"{page_key(page, home)}:title", page.title)]
        assert Translation.objects.filter(source__object_id=page.translation_key, target_locale=french).exists()
    french_home = home.get_translation(french).specific
    assert french_home.hero_heading.startswith("Des connaissances pour mettre en œuvre")


def page_key(page, home):
    from hub.seed.translations import page_key as key

    return key(page, home)


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_each_language_is_translated_exactly_where_its_catalogue_is_complete(seeded, code):
    home = english_home()
    target = Locale.objects.get(language_code=code)
    catalogue = read_catalogue(target)
    for page in seeded_pages(home):
        other = page.get_translation(target)
        if complete_for(page, home, catalogue):
            assert other.alias_of_id is None, f"{code} {page.url_path} should be translated"
            assert page_translation_state(other) == TRANSLATED
        else:
            assert other.alias_of_id == page.pk, f"{code} {page.url_path} should still be an alias"
            assert page_translation_state(other) == ALIAS


def test_marked_as_the_projects_own_translations(seeded):
    french = Locale.objects.get(language_code="fr")
    home = english_home()
    keys = [page.translation_key for page in seeded_pages(home)]
    strings = StringTranslation.objects.filter(locale=french, context__object_id__in=keys)
    assert strings.count() >= 52
    assert set(strings.values_list("translation_type", flat=True)) == {"manual"}
    assert not strings.filter(last_translated_by__isnull=False).exists()
    translated_ids = Page.objects.filter(translation_key__in=keys, locale=french).values("pk")
    # Converted from the alias as wagtail-localize converts one, and logged as translated.
    assert PageLogEntry.objects.filter(page__in=translated_ids, action="wagtail.convert_alias").count() == 17
    assert TranslationLog.objects.filter(locale=french, source__object_id__in=keys).count() >= 17
    # Published by the seed, not by a person.
    assert (
        not Revision.page_revisions.filter(object_id__in=[str(pk["pk"]) for pk in translated_ids])
        .exclude(user=None)
        .exists()
    )


def test_translations_keep_the_source_taxonomy_and_slugs(seeded):
    french = Locale.objects.get(language_code="fr")
    for page in ThematicAreaPage.objects.filter(locale=Locale.get_default()):
        translated = page.get_translation(french).specific
        assert translated.area_id == page.area_id  # a source-locale term, as on every page
        assert translated.slug == page.slug
    for page in PillarPage.objects.filter(locale=Locale.get_default()):
        assert page.get_translation(french).specific.pillar_id == page.pillar_id


def test_visitors_read_french_on_the_french_pages(seeded):
    client = Client(HTTP_HOST="localhost")
    home = client.get("/fr/")
    assert home.status_code == 200
    assert "Des connaissances pour mettre en œuvre la Convention de Minamata sur le mercure" in home.content.decode()
    area = client.get("/fr/thematic-areas/asgm/")
    assert area.status_code == 200
    assert "Extraction minière artisanale et à petite échelle d&#x27;or" in area.content.decode() or (
        "Extraction minière artisanale et à petite échelle d'or" in area.content.decode()
    )


def test_the_template_and_catalogues_match_the_english_pages(seeded):
    """Fails when English text changed without `manage.py update_page_translation_template`."""
    template = build_template(english_home())
    wanted = [(entry.msgctxt, entry.msgid) for entry in template]
    stored = polib.pofile(str(CATALOGUE_DIR / TEMPLATE_NAME))
    assert [(entry.msgctxt, entry.msgid) for entry in stored] == wanted
    for code in OTHER_LANGUAGES:
        po = polib.pofile(str(CATALOGUE_DIR / catalogue_name(code)))
        assert [(e.msgctxt, e.msgid) for e in po if not e.obsolete] == wanted, code


def test_the_template_command_reports_up_to_date_catalogues(seeded):
    out = io.StringIO()
    call_command("update_page_translation_template", "--check", stdout=out)
    assert out.getvalue().endswith("strings in 17 pages.\n")


def test_the_template_command_adds_new_english_text_for_translators(seeded, tmp_path):
    for path in CATALOGUE_DIR.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    page = PillarPage.objects.get(locale=Locale.get_default(), slug="legal")
    page.intro = "A new introduction for the legal pillar."
    page.save_revision().publish()
    with pytest.raises(Exception, match="out of date"):
        call_command("update_page_translation_template", "--check", directory=str(tmp_path), stdout=io.StringIO())
    call_command("update_page_translation_template", directory=str(tmp_path), stdout=io.StringIO())
    french = polib.pofile(str(tmp_path / "fr.po"))
    new = [e for e in french if e.msgctxt == "legal:intro" and not e.obsolete]
    assert [(e.msgid, e.msgstr) for e in new] == [("A new introduction for the legal pillar.", "")]
    old = [e for e in french if e.msgctxt == "legal:intro" and e.obsolete]
    assert old and old[0].msgstr.startswith("Le cadre juridique")  # kept for the translator to reuse
    assert french.find("Legal framework", msgctxt="legal:title").msgstr == "Cadre juridique"


def test_running_the_step_again_changes_nothing(seeded):
    revisions = Revision.objects.count()
    strings = list(StringTranslation.objects.order_by("pk").values_list("pk", "data", "updated_at"))
    tally, _output = run_step()
    assert tally.created == tally.updated == 0
    assert tally.unchanged >= 17
    assert Revision.objects.count() == revisions
    assert list(StringTranslation.objects.order_by("pk").values_list("pk", "data", "updated_at")) == strings


def test_an_incomplete_catalogue_leaves_the_page_an_alias(seeded, tmp_path, superuser):
    """A page whose strings are not all translated stays (or, here, becomes again) an alias."""
    home = english_home()
    french = Locale.objects.get(language_code="fr")
    source = PillarPage.objects.get(locale=Locale.get_default(), slug="legal")
    translated = source.get_translation(french)
    client = Client()
    client.force_login(superuser)
    response = client.post(reverse("wagtail_localize:convert_to_alias", args=[translated.pk]))
    assert response.status_code == 302
    assert Page.objects.get(pk=translated.pk).alias_of_id == source.pk

    po = polib.pofile(str(CATALOGUE_DIR / "fr.po"))
    po.find(source.intro, msgctxt="legal:intro").msgstr = ""
    po.save(str(tmp_path / "fr.po"))
    tally, output = run_step(tmp_path)
    assert Page.objects.get(pk=translated.pk).alias_of_id == source.pk
    assert "fr 1" in output

    tally, _output = run_step()  # the full catalogue translates it again
    assert tally.created == 1
    again = Page.objects.get(pk=translated.pk).specific
    assert again.alias_of_id is None and again.title == "Cadre juridique"
    assert page_translation_state(again) == TRANSLATED
    assert home.get_translation(french).alias_of_id is None


def test_a_string_an_editor_changed_is_kept(seeded, superuser):
    french = Locale.objects.get(language_code="fr")
    source = PillarPage.objects.get(locale=Locale.get_default(), slug="technical")
    row = StringTranslation.objects.get(locale=french, context__object_id=source.translation_key, context__path="title")
    row.data = "Orientations techniques (révisées)"
    row.last_translated_by = superuser
    row.save()
    tally, _output = run_step()
    row.refresh_from_db()
    assert row.data == "Orientations techniques (révisées)"
    assert tally.created == 0


@pytest.fixture
def superuser(seeded, django_user_model):
    return django_user_model.objects.create_superuser("translator", "t@example.org", "x")  # noqa: S106


def test_nothing_to_do_without_a_home_page(seeded):
    context = SimpleNamespace(home=None)
    assert load_page_translations(context) is None

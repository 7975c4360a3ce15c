"""Reference data re-syncs without undoing editors' changes; demo content loads only into an empty site.

The seeded tests share the package's one seed load (tests/seeded/conftest.py); each test runs in a
savepoint of its own, so the editors' changes made here do not leak into other tests.
"""

import io
import json

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Locale, ModelLogEntry, Page

import pytest

from hub.models import ConventionArticle, Country, CountryProfilePage, NewsPage, SiteTexts, ThematicArea
from hub.seed import records
from hub.seed.demo_pages import WELCOME_TITLE
from hub.seed.ledger import KEY, merge
from hub.seed.runner import pages_with_content

from .test_seed_content import data, snapshot


def run(command, **options):
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def english(queryset):
    return queryset.filter(locale=Locale.get_default())


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("reference-editor", password="x")  # noqa: S106


def publish_as(editor, page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision(user=editor).publish()


@pytest.mark.django_db
def test_editors_changes_survive_load_seed_content(seeded, editor):
    country = english(Country.objects).get(iso3="BRA")
    country.name = "Brasil"
    country.save()
    area = english(ThematicArea.objects).get(slug="asgm")
    area.name = "Small-scale gold mining"
    area.save()
    article = english(ConventionArticle.objects).get(slug="article-7")
    article.name = "Article 7 as the secretariat words it"
    article.save()
    profile = english(CountryProfilePage.objects).get(country__iso3="ARG")
    publish_as(editor, profile, title="Argentine Republic")
    settings = SiteTexts.objects.get(site__is_default_site=True, locale=Locale.get_default())
    settings.tagline = "Our own tagline"
    settings.main_menu = []
    settings.save()
    news = english(NewsPage.objects).order_by("path").first()
    news_slug = news.slug
    news.delete()
    deleted_profile = english(CountryProfilePage.objects).get(country__iso3="AFG")
    deleted_profile.delete()

    output = run("load_seed_content")

    assert "demo content not loaded" in output
    country.refresh_from_db()
    area.refresh_from_db()
    article.refresh_from_db()
    profile.refresh_from_db()
    settings.refresh_from_db()
    assert country.name == "Brasil"
    assert area.name == "Small-scale gold mining"
    assert article.name == "Article 7 as the secretariat words it"
    assert profile.title == "Argentine Republic"
    assert settings.tagline == "Our own tagline"
    assert len(settings.main_menu) == 0
    assert not english(NewsPage.objects).filter(slug=news_slug).exists()
    assert not english(CountryProfilePage.objects).filter(country__iso3="AFG").exists()
    # The article heading, the Argentine profile and the deleted Afghan profile are reported.
    assert "3 kept as edited" in output


@pytest.mark.django_db
def test_sync_takes_new_facts_and_keeps_edited_fields(seeded, editor, tmp_path):
    parties = data("parties.json")
    signatories = [party for party in parties if party["status"] == "signatory"][:2]
    for party in signatories:
        party.update(status="party", ratification_date="2026-01-15", entry_into_force_date="2026-04-15")
    (tmp_path / records.PARTIES_FILE).write_text(json.dumps(parties), encoding="utf-8")
    articles = data("articles.json")
    for article in articles:
        if article["type"] == "article" and article["number"] in (3, 4):
            article["title"] += " (as amended)"
    (tmp_path / records.ARTICLES_FILE).write_text(json.dumps(articles), encoding="utf-8")
    # Before the new data arrives, an editor retitles the second profile and renames Article 4.
    first, second = (english(CountryProfilePage.objects).get(title=party["name"]) for party in signatories)
    publish_as(editor, second, title=f"{second.title} (edited)")
    article_4 = english(ConventionArticle.objects).get(slug="article-4")
    article_4.name = "Mercury-added products, the editor's heading"
    article_4.save()
    pages_before = Page.objects.count()

    output = run("sync_reference_data", data_dir=str(tmp_path))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == "party"
    assert str(first.ratification_date) == str(second.ratification_date) == "2026-01-15"
    assert second.title.endswith("(edited)")
    assert english(ConventionArticle.objects).get(slug="article-3").name.endswith("(as amended)")
    article_4.refresh_from_db()
    assert article_4.name == "Mercury-added products, the editor's heading"
    # Demo content (news of the new ratifications included) is not touched by a sync.
    assert Page.objects.count() == pages_before
    assert "Reference data only" in output
    # The sync's own changes are in each record's history, without a user.
    article_3 = english(ConventionArticle.objects).get(slug="article-3")
    latest = ModelLogEntry.objects.for_instance(article_3).filter(data__has_key=KEY).latest("timestamp")
    assert latest.action == "wagtail.edit"
    assert latest.user is None
    assert latest.data[KEY]["values"]["name"].endswith("(as amended)")


@pytest.mark.django_db
def test_a_second_sync_changes_nothing(seeded):
    before = snapshot()
    entries = ModelLogEntry.objects.count()
    output = run("sync_reference_data")
    assert ": 0 created, 0 updated, " in output
    assert snapshot() == before
    assert ModelLogEntry.objects.count() == entries


@pytest.mark.django_db
def test_load_demo_content_refuses_a_site_with_content(seeded):
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run("load_demo_content")
    assert error.value.returncode == 1
    assert "demo content loads only into an empty site" in str(error.value)
    assert "sync_reference_data" in str(error.value)
    assert snapshot() == before


# Small pieces -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_only_wagtails_untouched_welcome_page_does_not_count_as_content():
    # Whatever else the database holds (this package shares a seeded one), the page Wagtail's own
    # migrations create adds nothing to the count until someone builds under it.
    before = pages_with_content().count()
    welcome = Page.get_first_root_node().add_child(instance=Page(title=WELCOME_TITLE, slug="welcome-test"))
    assert pages_with_content().count() == before
    welcome.add_child(instance=Page(title="An editor's page", slug="editors-page"))
    assert pages_with_content().count() == before + 2


def test_merge_takes_new_values_only_where_the_record_still_holds_the_last_synced_one():
    current = {"name": "Edited", "status": "signatory", "date": None, "same": 1}
    wanted = {"name": "Data name", "status": "party", "date": "2026-01-15", "same": 1}
    synced = {"name": "Old data name", "status": "signatory", "date": None, "same": 1}
    assert merge(current, wanted, synced) == (["status", "date"], ["name"])
    # Never synced (a site seeded before the ledger): nothing that differs is overwritten.
    assert merge(current, wanted, None) == ([], ["name", "status", "date"])

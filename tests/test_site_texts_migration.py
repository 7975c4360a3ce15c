"""Migration hub 0004 moves each site's texts and menus from SiteSettings to an English SiteTexts.

A module of its own: the test migrates the database back and forth, so it is transactional (see
tests/test_extracted_text_migration.py for why such tests are kept apart).
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from hub.models import SiteTexts

BEFORE = ("hub", "0003_gmp_hub_and_site_branding")
AFTER = ("hub", "0004_site_texts_per_locale")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_site_settings_become_the_english_site_texts_and_back(site, home):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old_apps = executor.loader.project_state([BEFORE]).apps
    menu = [{"type": "link", "value": {"page": home.pk, "url": "", "label": "Home"}, "id": "a1"}]
    old_apps.get_model("hub", "SiteSettings").objects.create(
        site_id=site.pk,
        site_title="Minamata Exchange Platform",
        brand="minamata",
        organisation_name="Secretariat of the Minamata Convention on Mercury",
        tagline="Our tagline",
        footer_text="Geneva",
        main_menu=menu,
        footer_links=[],
    )

    executor.loader.build_graph()
    executor.migrate([AFTER])

    texts = SiteTexts.objects.get(site=site)
    assert texts.locale.language_code == "en"
    assert (texts.tagline, texts.footer_text) == ("Our tagline", "Geneva")
    assert texts.site_title == "Minamata Exchange Platform"
    assert texts.organisation_name == "Secretariat of the Minamata Convention on Mercury"
    assert [(block.id, block.value["page"].pk, block.value["label"]) for block in texts.main_menu] == [
        ("a1", home.pk, "Home")
    ]

    executor.loader.build_graph()
    executor.migrate([BEFORE])
    restored = executor.loader.project_state([BEFORE]).apps.get_model("hub", "SiteSettings").objects.get()
    assert (restored.tagline, restored.footer_text) == ("Our tagline", "Geneva")

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

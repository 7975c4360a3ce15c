"""A page's translation round-trips through a PO file in wagtail-localize's admin: a translator
downloads it, fills a string, uploads it, publishes, and visitors read the translation."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation

import polib
import pytest

from hub.localize.state import TRANSLATED, page_translation_state

pytestmark = pytest.mark.django_db

FRENCH_TITLE = "À propos de la plateforme"


def submit_in_admin(client, page, french, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [french.pk]}
        )
    assert response.status_code == 302
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=french)


def download(client, translation):
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/x-gettext-translation")
    assert "attachment" in response["Content-Disposition"]
    return polib.pofile(response.content.decode())


def upload(client, translation, po, next_url):
    file = SimpleUploadedFile("about-fr.po", str(po).encode(), content_type="text/x-gettext-translation")
    return client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": file, "next": next_url}
    )


def test_download_fill_upload_publish(tree, editor_client, superuser, django_capture_on_commit_callbacks):
    french = Locale.objects.get(language_code="fr")
    page = tree.standard
    translation = submit_in_admin(editor_client, page, french, django_capture_on_commit_callbacks)
    target = translation.get_target_instance()
    edit_url = reverse("wagtailadmin_pages:edit", args=[target.pk])

    po = download(editor_client, translation)
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(translation.uuid)
    title = po.find("About the platform", msgctxt="title")
    assert title is not None and title.msgstr == ""
    title.msgstr = FRENCH_TITLE

    response = upload(editor_client, translation, po, edit_url)
    assert response.status_code == 302 and response.url == edit_url
    stored = StringTranslation.objects.get(
        locale=french, context__object_id=page.translation_key, context__path="title"
    )
    assert (stored.data, stored.translation_type, stored.tool_name) == (FRENCH_TITLE, "manual", "PO File")
    assert stored.last_translated_by == superuser
    # The download now carries the translation back.
    assert download(editor_client, translation).find("About the platform", msgctxt="title").msgstr == FRENCH_TITLE

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_url, {"action": "publish"})
    assert response.status_code == 302
    target = Page.objects.get(pk=target.pk)
    assert target.live and target.title == FRENCH_TITLE
    assert page_translation_state(target) == TRANSLATED

    public = editor_client.get(target.get_url())
    assert public.status_code == 200
    assert FRENCH_TITLE in public.content.decode()
    assert target.get_url().startswith("/fr/")


def test_a_po_file_of_another_translation_is_refused(tree, editor_client, django_capture_on_commit_callbacks):
    french = Locale.objects.get(language_code="fr")
    spanish = Locale.objects.get(language_code="es")
    translation = submit_in_admin(editor_client, tree.standard, french, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[tree.standard.pk]), {"locales": [spanish.pk]}
        )
    spanish_translation = Translation.objects.get(source=translation.source, target_locale=spanish)
    po = download(editor_client, spanish_translation)
    po.find("About the platform", msgctxt="title").msgstr = "Acerca de la plataforma"
    upload(editor_client, translation, po, "/admin/")
    assert not StringTranslation.objects.filter(locale__in=[french, spanish], data="Acerca de la plataforma").exists()

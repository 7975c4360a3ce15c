"""Every door to a participants-only document, tried as an anonymous visitor (issue 8, item 4).

The document is linked from a meeting's participants' area, so it lives in that area's private
collection: the document view, /media/, API v2, search and feeds must not hand it out, while a
participant (signed in, in the group) gets the file.
"""

import io
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

from PIL import Image as PILImage

from hub import factories as hf
from hub import participant_files
from library.models import DownloadCount, ResourceFile

from .builders import PARTICIPANTS_GROUP, build_home_site, build_tree, make_document, response_body

Document = get_document_model()
PRIVATE_PDF = b"%PDF-1.4\n% participants only: draft negotiating text\n%%EOF\n"
PUBLIC_PDF = b"%PDF-1.4\n% public guidance\n%%EOF\n"
SECRET_WORD = "Quillwort"


def make_image(name, collection=None):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    root = Collection.get_first_root_node()
    image = get_image_model()(title=name, collection=collection or root)
    image.file = ImageFile(buffer, name=f"{name}.png")  # an ImageFile fills in width and height
    image.save()
    return image


class ParticipantsDocumentFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        site = build_home_site()
        cls.t = build_tree(site.root_page.specific)
        cls.private_doc = make_document("draft-negotiating-text.pdf", PRIVATE_PDF, f"{SECRET_WORD} negotiating text")
        cls.linked_doc = make_document("room-plan.pdf", PRIVATE_PDF, f"{SECRET_WORD} room plan")
        cls.public_doc = make_document("nap-guidance.pdf", PUBLIC_PDF, "National action plan guidance file")
        area = cls.t.participants
        area.intro = f"{SECRET_WORD}: in-session documents."
        area.body = [
            ("documents", {"heading": "In session", "documents": [{"document": cls.private_doc, "title": ""}]}),
            ("paragraph", f'<p>The <a linktype="document" id="{cls.linked_doc.pk}">room plan</a>.</p>'),
        ]
        area.save_revision().publish()
        cls.t.resource.files = [ResourceFile(document=cls.public_doc, language="en")]
        cls.t.resource.save_revision().publish()
        cls.participant = get_user_model().objects.create_user("delegate", "delegate@example.org", "pw")
        cls.participant.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
        call_command("update_index", backend_name="site", verbosity=0)

    def setUp(self):
        self.private_doc.refresh_from_db()
        self.linked_doc.refresh_from_db()


class ParticipantsCollectionTests(ParticipantsDocumentFixture):
    def area_collection(self):
        return participant_files.area_collection(self.t.participants)

    def test_area_has_a_collection_restricted_like_the_page(self):
        collection = self.area_collection()
        restriction = collection.view_restrictions.get()
        self.assertEqual(restriction.restriction_type, CollectionViewRestriction.GROUPS)
        self.assertEqual([g.name for g in restriction.groups.all()], [PARTICIPANTS_GROUP])
        self.assertIn(self.t.meeting.title, collection.name)

    def test_documents_linked_from_the_area_are_moved_into_it(self):
        collection = self.area_collection()
        self.assertEqual(self.private_doc.collection_id, collection.pk)  # document list block
        self.assertEqual(self.linked_doc.collection_id, collection.pk)  # link in rich text
        self.public_doc.refresh_from_db()
        self.assertEqual(self.public_doc.collection_id, Collection.get_first_root_node().pk)

    def test_a_draft_link_is_private_before_it_is_published(self):
        draft_doc = make_document("late-paper.pdf", PRIVATE_PDF, "Late paper")
        area = self.t.participants
        area.body = [("documents", {"heading": "", "documents": [{"document": draft_doc, "title": ""}]})]
        area.save_revision()
        draft_doc.refresh_from_db()
        self.assertEqual(draft_doc.collection_id, self.area_collection().pk)

    def test_collection_follows_changes_to_the_page_privacy(self):
        collection = self.area_collection()
        restriction = self.t.participants.view_restrictions.get()
        restriction.restriction_type = PageViewRestriction.PASSWORD
        restriction.password = "mercury-2023"  # noqa: S105 - a test password
        restriction.save()
        restriction.groups.clear()
        mirrored = collection.view_restrictions.get()
        self.assertEqual((mirrored.restriction_type, mirrored.password), ("password", "mercury-2023"))
        restriction.delete()
        # No page restriction left: the files still need a signed-in visitor, never nobody.
        self.assertEqual(collection.view_restrictions.get().restriction_type, CollectionViewRestriction.LOGIN)

    def test_privacy_set_in_the_admin_reaches_the_collection(self):
        editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
        self.client.force_login(editor)
        url = reverse("wagtailadmin_pages:set_privacy", args=[self.t.participants.pk])
        response = self.client.post(url, {"restriction_type": "password", "password": "ratify", "groups": []})
        self.assertEqual(response.status_code, 200)
        mirrored = self.area_collection().view_restrictions.get()
        self.assertEqual((mirrored.restriction_type, mirrored.password), ("password", "ratify"))
        group = Group.objects.get(name=PARTICIPANTS_GROUP)
        self.client.post(url, {"restriction_type": "groups", "password": "", "groups": [group.pk]})
        mirrored = self.area_collection().view_restrictions.get()
        self.assertEqual(mirrored.restriction_type, "groups")
        self.assertEqual(list(mirrored.groups.all()), [group])

    def test_a_restriction_on_the_meeting_reaches_the_area(self):
        self.t.participants.view_restrictions.all().delete()
        PageViewRestriction.objects.create(page=self.t.meeting, restriction_type=PageViewRestriction.LOGIN)
        kinds = list(self.area_collection().view_restrictions.values_list("restriction_type", flat=True))
        self.assertEqual(kinds, [CollectionViewRestriction.LOGIN])

    def test_a_new_area_is_closed_before_anyone_restricts_it(self):
        meeting = hf.MeetingPageFactory(parent=self.t.meeting_index, slug="inc-1", short_name="INC-1")
        area = hf.MeetingParticipantsPageFactory(parent=meeting)
        collection = participant_files.area_collection(area)
        self.assertEqual(collection.view_restrictions.get().restriction_type, CollectionViewRestriction.LOGIN)
        self.assertNotEqual(collection.pk, self.area_collection().pk)

    def test_translations_and_aliases_share_the_source_collection(self):
        french = Locale.objects.get(language_code="fr")
        translation = self.t.participants.copy_for_translation(french, copy_parents=True)
        translation.save_revision().publish()
        alias = self.t.participants.copy_for_translation(
            Locale.objects.get(language_code="es"), copy_parents=True, alias=True
        )
        for page in (translation, alias):
            self.assertEqual(participant_files.secure_area(page).pk, self.area_collection().pk)
        self.private_doc.refresh_from_db()
        self.assertEqual(self.private_doc.collection_id, self.area_collection().pk)
        self.assertFalse(Collection.objects.filter(name__endswith=f"(page {translation.pk})").exists())

    def test_saving_twice_changes_nothing(self):
        collection = self.area_collection()
        before = list(collection.view_restrictions.values_list("pk", flat=True))
        self.t.participants.save_revision().publish()
        self.assertEqual(list(self.area_collection().view_restrictions.values_list("pk", flat=True)), before)
        self.assertEqual(Collection.objects.filter(name__endswith=f"(page {self.t.participants.pk})").count(), 1)


class DocumentDoorTests(ParticipantsDocumentFixture):
    def test_document_url_is_refused_to_an_anonymous_visitor(self):
        url = self.private_doc.url
        self.assertTrue(url.startswith("/documents/"), url)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/admin/login/"), response["Location"])
        self.assertNotIn(b"participants only", response_body(response))
        self.assertEqual(self.client.get(self.linked_doc.url).status_code, 302)
        self.assertFalse(DownloadCount.objects.filter(document=self.private_doc).exists())

    def test_a_participant_gets_the_file_and_it_is_counted(self):
        self.client.force_login(self.participant)
        response = self.client.get(self.private_doc.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response_body(response), PRIVATE_PDF)
        self.assertEqual(DownloadCount.objects.get(document=self.private_doc).count, 1)

    def test_a_signed_in_user_outside_the_group_is_refused(self):
        self.client.force_login(get_user_model().objects.create_user("outsider", "o@example.org", "pw"))
        self.assertNotEqual(self.client.get(self.private_doc.url).status_code, 200)

    def test_public_documents_still_download(self):
        response = self.client.get(self.public_doc.url)
        self.assertEqual((response.status_code, response_body(response)), (200, PUBLIC_PDF))

    def test_media_path_of_a_document_is_404(self):
        name = self.private_doc.file.name  # documents/draft-negotiating-text….pdf
        self.assertTrue(name.startswith("documents/"))
        for path in (
            f"/media/{name}",
            f"/media/images/../{name}",
            f"/media/original_images/%2e%2e/{name}",
            f"/media/{self.public_doc.file.name}",
            "/media/documents/",
        ):
            with self.subTest(path=path):
                # "/media/documents/" is sent on to "/en/media/documents/" first, which is no page either.
                self.assertEqual(self.client.get(path, follow=True).status_code, 404)

    @override_settings(DEBUG=True)
    def test_media_path_of_a_document_is_404_in_debug_too(self):
        self.assertEqual(self.client.get(f"/media/{self.private_doc.file.name}").status_code, 404)

    def test_images_are_still_served_from_media(self):
        image = make_image("meeting-photo")
        response = self.client.get(f"/media/{image.file.name}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response_body(response)[:4], b"\x89PNG")
        rendition = image.get_rendition("width-2")
        self.assertEqual(self.client.get(rendition.url).status_code, 200)


class ApiDoorTests(ParticipantsDocumentFixture):
    def missing(self, url):
        # An unknown path is sent on to /en/… first (LocaleMiddleware), which is no page either.
        return self.client.get(url, follow=True).status_code == 404

    def listed(self, endpoint, query=""):
        response = self.client.get(f"/api/v2/{endpoint}/{query}")
        self.assertEqual(response.status_code, 200)
        return {item["id"] for item in json.loads(response.content)["items"]}

    def test_documents_api_lists_only_public_files(self):
        listed = self.listed("documents")
        self.assertIn(self.public_doc.pk, listed)
        self.assertNotIn(self.private_doc.pk, listed)
        self.assertNotIn(self.linked_doc.pk, listed)
        self.assertTrue(self.missing(f"/api/v2/documents/{self.private_doc.pk}/"))
        self.assertEqual(self.client.get(f"/api/v2/documents/{self.public_doc.pk}/").status_code, 200)

    def test_documents_api_search_finds_no_private_file(self):
        response = self.client.get(f"/api/v2/documents/?search={SECRET_WORD}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json.loads(response.content)["items"], [])

    def test_documents_api_is_the_same_for_a_participant(self):
        self.client.force_login(self.participant)
        self.assertNotIn(self.private_doc.pk, self.listed("documents"))

    def test_a_file_only_a_private_page_links_is_not_listed(self):
        # Not a participants' area, so nothing moves it: the reference index tells.
        hidden = make_document("internal-note.pdf", PRIVATE_PDF, "Internal note")
        self.t.standard.body = [("paragraph", f'<p><a linktype="document" id="{hidden.pk}">note</a></p>')]
        self.t.standard.save_revision().publish()
        self.assertIn(hidden.pk, self.listed("documents"))
        PageViewRestriction.objects.create(page=self.t.standard, restriction_type=PageViewRestriction.LOGIN)
        self.assertNotIn(hidden.pk, self.listed("documents"))

    def test_images_api_lists_no_image_of_a_private_collection(self):
        public = make_image("public-photo")
        private = make_image("delegates-photo", collection=participant_files.area_collection(self.t.participants))
        listed = self.listed("images")
        self.assertIn(public.pk, listed)
        self.assertNotIn(private.pk, listed)
        self.assertTrue(self.missing(f"/api/v2/images/{private.pk}/"))

    def test_pages_api_lists_no_private_page(self):
        self.assertIn(self.t.meeting.pk, self.listed("pages", "?type=hub.MeetingPage"))
        self.assertEqual(self.listed("pages", "?type=hub.MeetingParticipantsPage"), set())
        self.assertNotIn(self.t.participants.pk, self.listed("pages", f"?child_of={self.t.meeting.pk}"))
        self.assertTrue(self.missing(f"/api/v2/pages/{self.t.participants.pk}/"))


class SearchAndFeedDoorTests(ParticipantsDocumentFixture):
    def test_public_search_and_search_api_never_show_the_area(self):
        page = self.client.get(f"/en/search/?q={SECRET_WORD}")
        self.assertEqual(page.status_code, 200)
        api = json.loads(self.client.get(f"/api/search/?q={SECRET_WORD}").content)
        self.assertEqual(api["count"], 0)
        for text in (page.content.decode(), json.dumps(api)):
            self.assertNotIn(self.t.participants.url, text)
            self.assertNotIn(self.private_doc.url, text)
        # The same search does find public pages: the door is open, only the private content is not behind it.
        found = json.loads(self.client.get("/api/search/?q=Geneva").content)
        self.assertIn(self.t.meeting.title, [result["title"] for result in found["results"]])

    def test_feeds_never_carry_the_file(self):
        for url in (f"{self.t.library.url}feed/", "/en/search/feed/?kind=meeting"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                text = response.content.decode()
                self.assertNotIn(self.private_doc.url, text)
                self.assertNotIn(self.t.participants.url, text)
                self.assertNotIn(SECRET_WORD, text)
        self.assertIn(self.t.meeting.title, self.client.get("/en/search/feed/?kind=meeting").content.decode())
        search_feed = self.client.get(f"/en/search/feed/?q={SECRET_WORD}").content.decode()
        self.assertNotIn("<entry>", search_feed)
        self.assertIn(self.t.resource.title, self.client.get(f"{self.t.library.url}feed/").content.decode())

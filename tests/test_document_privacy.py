"""A file in a public collection that only hidden pages link is not served to the public (issue 8).

Wagtail's document view checks only the collection; the `before_serve_document` hook in
hub/wagtail_hooks.py also asks Wagtail's reference index which pages link the file.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission, PageViewRestriction

from hub import factories as hf
from hub.privacy import hiding_pages
from library import factories as lf
from library.models import DownloadCount, ResourceFile

from .builders import build_home_site, make_document, response_body

Document = get_document_model()
PDF = b"%PDF-1.4\n% unpublished negotiation document\n%%EOF\n"


class DocumentOfHiddenPages(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = build_home_site().root_page.specific
        cls.library = lf.LibraryIndexPageFactory(parent=home)
        cls.report = hf.ResourceTypeFactory(slug="report")
        cls.document = make_document("unpublished-negotiation-text.pdf", PDF)
        # Created as a draft, the way the admin's "Save draft" on a new page does it.
        cls.draft = lf.ResourcePageFactory(
            parent=cls.library, resource_type=cls.report, title="Draft negotiation text", identifier="d-1", live=False
        )
        cls.draft.files = [ResourceFile(document=cls.document, language="en")]
        cls.draft.save()
        cls.group = Group.objects.create(name="Negotiators")

    def setUp(self):
        self.draft.refresh_from_db()

    def get(self, document=None):
        return self.client.get((document or self.document).url)

    def downloads(self, document=None):
        return sum(DownloadCount.objects.filter(document=document or self.document).values_list("count", flat=True))

    def make_private(self, page):
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(self.group)

    def test_a_draft_resources_file_is_refused_and_not_counted(self):
        response = self.get()
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.downloads(), 0)

    def test_after_publishing_the_file_is_served_and_counted(self):
        self.draft.save_revision().publish()
        response = self.get()
        self.assertEqual((response.status_code, response_body(response)), (200, PDF))
        self.assertEqual(self.downloads(), 1)

    def test_made_private_the_file_is_refused_again(self):
        self.draft.save_revision().publish()
        self.make_private(self.draft)
        self.assertEqual(self.get().status_code, 404)

    def test_unpublished_the_file_is_refused(self):
        self.draft.save_revision().publish()
        self.assertEqual(self.get().status_code, 200)
        self.draft.refresh_from_db()
        self.draft.unpublish()
        self.assertEqual(self.get().status_code, 404)

    def test_a_reader_of_the_private_page_gets_the_file(self):
        self.draft.save_revision().publish()
        self.make_private(self.draft)
        reader = get_user_model().objects.create_user("negotiator", "n@example.org", "pw")
        reader.groups.add(self.group)
        self.client.force_login(reader)
        self.assertEqual(self.get().status_code, 200)

    def test_a_signed_in_user_outside_the_pages_group_is_refused(self):
        self.draft.save_revision().publish()
        self.make_private(self.draft)
        self.client.force_login(get_user_model().objects.create_user("someone", "s@example.org", "pw"))
        self.assertEqual(self.get().status_code, 404)

    def test_a_draft_stays_refused_to_a_reader_without_admin_rights(self):
        reader = get_user_model().objects.create_user("negotiator", "n@example.org", "pw")
        reader.groups.add(self.group)
        self.client.force_login(reader)
        self.assertEqual(self.get().status_code, 404)

    def test_an_editor_with_document_permission_gets_the_draft_file(self):
        editors = Group.objects.create(name="Document choosers")
        GroupCollectionPermission.objects.create(
            group=editors,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename="choose_document"),
        )
        editor = get_user_model().objects.create_user("editor", "e@example.org", "pw")
        editor.groups.add(editors)
        self.client.force_login(editor)
        self.assertEqual(self.get().status_code, 200)

    def test_a_superuser_gets_the_draft_file(self):
        self.client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "pw"))
        self.assertEqual(self.get().status_code, 200)

    def test_a_file_on_a_public_page_and_a_draft_page_is_served(self):
        public = lf.ResourcePageFactory(
            parent=self.library, resource_type=self.report, title="Public text", identifier="public-1"
        )
        public.files = [ResourceFile(document=self.document, language="fr")]
        public.save_revision().publish()
        self.assertEqual(self.get().status_code, 200)

    def test_a_file_nothing_links_stays_public(self):
        loose = make_document("loose.pdf", PDF)
        self.assertEqual(self.get(loose).status_code, 200)

    def test_a_restricted_collection_still_asks_for_a_login(self):
        # Wagtail's own collection check answers first, as before.
        private = Collection.get_first_root_node().add_child(name="Signed in only")
        CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
        self.document.collection = private
        self.document.save()
        response = self.get()
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_bad_file_name_is_still_a_404(self):
        self.assertEqual(self.client.get(f"/documents/{self.document.pk}/other.pdf").status_code, 404)

    def test_an_openly_linked_file_costs_three_small_queries(self):
        # Its references, then `.live().public()`: the view restrictions, and the live pages among them.
        self.draft.save_revision().publish()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(hiding_pages(self.document), [])
        self.assertEqual(len(queries), 3)
        unused = make_document("unused.pdf", PDF)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(hiding_pages(unused), [])
        self.assertEqual(len(queries), 1)

    def test_hiding_pages_names_the_draft(self):
        self.assertEqual([page.pk for page in hiding_pages(self.document)], [self.draft.pk])

"""A private resource never leaves through a listing (issue 8, item 5: related resources, library
listings, feeds): neither one with page privacy of its own nor one under a private library.

Each exit is checked against a public control that takes the same path, so a test fails if the
exit shows the private resource and also if it shows nothing at all.
"""

import datetime

from django.test import TestCase

from wagtail.models import Locale, PageViewRestriction

from library import factories as lf
from library.models import LibraryCollection, RelatedResource

from .builders import build_gmp_site, build_home_site, build_tree

PRIVATE_TITLE = "Zeolite confidential draft decision"
UNDER_PRIVATE_TITLE = "Yarrow internal memo"


class PrivateResourceExitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        site = build_home_site()
        t = cls.t = build_gmp_site(build_tree(site.root_page.specific))
        english = Locale.get_default()
        cls.minamata = LibraryCollection.objects.create(slug="minamata", locale=english, name="Minamata library")
        tags = {
            "resource_type": t.types["decision"],
            "meeting": t.meeting,
            "thematic_areas": [t.asgm],
            "countries": [t.kenya],
            "collections": [cls.minamata],
            # Newest of all, so it would top every listing it leaked into.
            "publication_date": datetime.date(2030, 1, 1),
        }
        cls.private = lf.ResourcePageFactory(
            parent=t.library, title=PRIVATE_TITLE, slug="zeolite", identifier="MC-5/98", symbol="MC-5/98", **tags
        )
        PageViewRestriction.objects.create(page=cls.private, restriction_type=PageViewRestriction.LOGIN)
        # A second library, private as a whole: its resources are private through their ancestor.
        internal = lf.LibraryIndexPageFactory(parent=t.home, title="Internal library", slug="internal")
        PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
        cls.under_private = lf.ResourcePageFactory(
            parent=internal, title=UNDER_PRIVATE_TITLE, slug="yarrow", identifier="MC-5/99", symbol="MC-5/99", **tags
        )
        t.decision.collections = [cls.minamata]
        t.decision.save_revision().publish()
        # The GMP hub's library lists a collection, wherever its resources are stored.
        cls.collection_library = lf.LibraryIndexPageFactory(
            parent=t.gmp_home, title="GMP library", slug="gmp-library", collection=cls.minamata
        )
        t.resource.related_resources = [
            RelatedResource(resource=cls.private),
            RelatedResource(resource=cls.under_private),
            RelatedResource(resource=t.decision),
        ]
        t.resource.save_revision().publish()

    def assertShowsOnlyPublic(self, url, control=None, **headers):
        response = self.client.get(url, **headers)
        self.assertEqual(response.status_code, 200, url)
        text = response.content.decode()
        self.assertIn(control or self.t.decision.title, text)
        self.assertNotIn(PRIVATE_TITLE, text)
        self.assertNotIn(UNDER_PRIVATE_TITLE, text)

    def test_both_resources_are_live_but_not_public(self):
        for page in (self.private, self.under_private):
            page.refresh_from_db()
            self.assertTrue(page.live)
            self.assertEqual(self.client.get(page.url).status_code, 302)  # to the login form

    def test_related_resources(self):
        related = self.t.resource.public_related_resources()
        self.assertEqual([page.pk for page in related], [self.t.decision.pk])
        self.assertShowsOnlyPublic(self.t.resource.url)

    def test_library_listing(self):
        self.assertShowsOnlyPublic(self.t.library.url)
        self.assertNotIn(self.private.pk, self.t.library.get_resources().values_list("pk", flat=True))

    def test_library_listing_by_collection(self):
        resources = set(self.collection_library.get_resources().values_list("pk", flat=True))
        self.assertIn(self.t.decision.pk, resources)
        self.assertFalse({self.private.pk, self.under_private.pk} & resources)

    def test_thematic_area_resource_blocks(self):
        self.assertShowsOnlyPublic(self.t.area_page.url)

    def test_meeting_documents(self):
        decisions, others = self.t.meeting.documents_by_symbol()
        self.assertEqual([page.pk for page in decisions + others], [self.t.decision.pk])
        self.assertShowsOnlyPublic(self.t.meeting.url)

    def test_party_profile(self):
        self.assertShowsOnlyPublic(self.t.party.url, control=self.t.resource.title)

    def test_home_page_latest_resources(self):
        self.assertShowsOnlyPublic(self.t.home.url)

    def test_library_feeds(self):
        self.assertShowsOnlyPublic(f"{self.t.library.url}feed/")
        self.assertShowsOnlyPublic(f"{self.t.library.url}feed/?area=asgm")

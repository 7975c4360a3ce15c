"""The page tree is stated in code (STYLE 5): every type's allowed parents and children."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from hub.models import (
    CountryIndexPage,
    CountryProfilePage,
    DataPage,
    EventIndexPage,
    EventPage,
    GMPAreaPage,
    GMPHomePage,
    HomePage,
    IntersessionalIndexPage,
    IntersessionalProcessPage,
    MeetingIndexPage,
    MeetingPage,
    MeetingParticipantsPage,
    NewsIndexPage,
    NewsPage,
    PillarPage,
    StandardPage,
    ThematicAreaIndexPage,
    ThematicAreaPage,
    TopicPage,
)
from library.models import LibraryIndexPage, ResourcePage
from partners.models import ContributionSpacePage, PartnerIndexPage

HOME_CHILDREN = {
    PillarPage,
    ThematicAreaIndexPage,
    CountryIndexPage,
    MeetingIndexPage,
    EventIndexPage,
    NewsIndexPage,
    StandardPage,
    LibraryIndexPage,
    PartnerIndexPage,
    IntersessionalIndexPage,
    DataPage,
}

# page type: (allowed parents, allowed children)
TREE = {
    # HomePage leaves `subpage_types` open so higher layers (the library) attach themselves
    # through their own `parent_page_types`; that lets the abstract-ish base Page in too, which
    # is not creatable (see test_home_children_editors_can_create).
    HomePage: ({Page}, HOME_CHILDREN | {Page}),
    PillarPage: ({HomePage}, {TopicPage}),
    TopicPage: ({PillarPage}, set()),
    ThematicAreaIndexPage: ({HomePage}, {ThematicAreaPage}),
    ThematicAreaPage: ({ThematicAreaIndexPage}, set()),
    CountryIndexPage: ({HomePage}, {CountryProfilePage}),
    CountryProfilePage: ({CountryIndexPage}, set()),
    MeetingIndexPage: ({HomePage}, {MeetingPage}),
    MeetingPage: ({MeetingIndexPage}, {MeetingParticipantsPage}),
    MeetingParticipantsPage: ({MeetingPage}, set()),
    EventIndexPage: ({HomePage}, {EventPage}),
    EventPage: ({EventIndexPage}, set()),
    NewsIndexPage: ({HomePage}, {NewsPage}),
    NewsPage: ({NewsIndexPage}, set()),
    IntersessionalIndexPage: ({HomePage}, {IntersessionalProcessPage}),
    IntersessionalProcessPage: ({IntersessionalIndexPage}, set()),
    DataPage: ({HomePage}, set()),
    StandardPage: ({HomePage, GMPHomePage, StandardPage}, {StandardPage}),
    LibraryIndexPage: ({HomePage, GMPHomePage}, {ResourcePage, ContributionSpacePage}),
    # A partner's space is made with its organisation (partners/spaces.py), never by hand.
    ContributionSpacePage: ({LibraryIndexPage}, {ResourcePage}),
    PartnerIndexPage: ({HomePage, GMPHomePage}, set()),
    # The Global Mercury Partnership hub: a second site with its own root.
    GMPHomePage: ({Page}, {Page, GMPAreaPage, StandardPage, LibraryIndexPage, PartnerIndexPage}),
    GMPAreaPage: ({GMPHomePage}, set()),
    ResourcePage: ({LibraryIndexPage, ContributionSpacePage}, set()),
}


class PageTreeTests(WagtailPageTestCase):
    def test_every_page_type_is_covered(self):
        from django.apps import apps

        ours = {
            model
            for model in apps.get_models()
            if issubclass(model, Page) and model._meta.app_label in {"hub", "library", "partners", "search"}
        }
        self.assertEqual(ours, set(TREE), "a page type was added without stating its place in the tree here")

    def test_allowed_subpage_types(self):
        for parent, (_parents, children) in TREE.items():
            with self.subTest(parent=parent.__name__):
                self.assertAllowedSubpageTypes(parent, children)

    def test_allowed_parent_page_types(self):
        for child, (parents, _children) in TREE.items():
            with self.subTest(child=child.__name__):
                self.assertAllowedParentPageTypes(child, parents)

    def test_home_children_editors_can_create(self):
        self.assertFalse(Page.is_creatable)
        self.assertEqual(set(HomePage.creatable_subpage_models()), HOME_CHILDREN)
        self.assertEqual(
            set(GMPHomePage.creatable_subpage_models()), {GMPAreaPage, StandardPage, LibraryIndexPage, PartnerIndexPage}
        )
        self.assertEqual(set(LibraryIndexPage.creatable_subpage_models()), {ResourcePage})

    def test_site_roots(self):
        self.assertEqual(set(Page.creatable_subpage_models()), {HomePage, GMPHomePage})

    def test_single_instance_sections(self):
        # One index of each kind per home page, and one home page per tree root.
        for model in (HomePage, GMPHomePage, ThematicAreaIndexPage, CountryIndexPage, MeetingIndexPage, EventIndexPage):
            with self.subTest(model=model.__name__):
                self.assertEqual(model.max_count_per_parent, 1)
        self.assertEqual(NewsIndexPage.max_count_per_parent, 1)
        self.assertEqual(LibraryIndexPage.max_count_per_parent, 1)
        self.assertEqual(PartnerIndexPage.max_count_per_parent, 1)

    def test_cannot_create_content_directly_under_home(self):
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanNotCreateAt(HomePage, ResourcePage)
        self.assertCanNotCreateAt(Page, EventIndexPage)

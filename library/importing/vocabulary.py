"""The controlled vocabularies an import row may name, loaded once per import.

Every lookup is in the default locale: pages are tagged with source-locale terms
(hub.models.taxonomy.BaseTaxonomy.source_term), and meetings are matched by their slug there.
"""

from dataclasses import dataclass, field

from wagtail.models import Locale

from taggit.models import Tag

from hub.models import ConventionArticle, Country, GMPArea, MeetingPage, Pillar, ResourceType, ThematicArea
from hub.models.languages import UN_LANGUAGES
from library.models import LibraryCollection, ResourcePage
from partners.models import Organisation

from .schema import DEFAULT_COLLECTION

LANGUAGE_CODES = [code for code, _label in UN_LANGUAGES]


def _by_slug(model, locale):
    return {term.slug: term for term in model.objects.filter(locale=locale)}


@dataclass
class Vocabulary:
    locale: Locale
    resource_types: dict
    pillars: dict
    thematic_areas: dict
    gmp_areas: dict
    countries: dict  # ISO 3166-1 alpha-3, upper case
    articles: dict  # article number or annex letter, upper case
    collections: dict
    meetings: dict
    organisations: dict  # slug, acronym or name (lower case) → Organisation
    licences: dict = field(default_factory=lambda: {value.lower(): value for value in ResourcePage.Licence.values})
    tags: dict = field(default_factory=dict)

    @classmethod
    def load(cls):
        locale = Locale.get_default()
        organisations = {}
        # Names first, then acronyms, then slugs: the most specific key wins a clash.
        for attribute in ("name", "acronym", "slug"):
            for organisation in Organisation.objects.default_locale():
                key = getattr(organisation, attribute).strip().lower()
                if key:
                    organisations[key] = organisation
        return cls(
            locale=locale,
            resource_types=_by_slug(ResourceType, locale),
            pillars=_by_slug(Pillar, locale),
            thematic_areas=_by_slug(ThematicArea, locale),
            gmp_areas=_by_slug(GMPArea, locale),
            # With their regions: the search document of a page names its countries' regions.
            countries={
                country.iso3.upper(): country
                for country in Country.objects.filter(locale=locale).select_related("region")
            },
            articles={article.number.upper(): article for article in ConventionArticle.objects.filter(locale=locale)},
            collections=_by_slug(LibraryCollection, locale),
            meetings={
                meeting.slug: meeting for meeting in MeetingPage.objects.filter(locale=locale).only("id", "slug")
            },
            organisations=organisations,
        )

    @property
    def default_collection(self):
        return self.collections.get(DEFAULT_COLLECTION)

    def load_tags(self, names):
        """Read the existing tags among `names` at once (a chunk's), so tag_objects need not."""
        missing = {name for name in names if name not in self.tags}
        if missing:
            self.tags.update({tag.name: tag for tag in Tag.objects.filter(name__in=missing)})

    def creates_tags(self, names):
        """Would tag_objects(names) create a tag? (After load_tags of these names.)"""
        return any(name not in self.tags for name in names)

    def tag_objects(self, names):
        """Tag objects for `names`, creating the missing ones (taggit makes their slugs)."""
        missing = [name for name in names if name not in self.tags]
        if missing:
            self.tags.update({tag.name: tag for tag in Tag.objects.filter(name__in=missing)})
        objects = []
        for name in names:
            if name not in self.tags:
                self.tags[name] = Tag.objects.create(name=name)
            objects.append(self.tags[name])
        return objects

    def forget_tags(self):
        """Drop cached tags; after a rolled-back transaction some may no longer exist."""
        self.tags.clear()

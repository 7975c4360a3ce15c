"""hub models, split by concern and re-exported so callers write `from hub.models import …`."""

from .base import BasePage
from .countries import CountryIndexPage, CountryProfilePage
from .data import DataPage
from .events import EventIndexPage, EventPage
from .gmp import GMPAreaPage, GMPHomePage
from .home import HomePage
from .intersessional import IntersessionalIndexPage, IntersessionalMandate, IntersessionalProcessPage
from .meetings import MeetingIndexPage, MeetingLivestream, MeetingPage, MeetingParticipantsPage, MeetingSession
from .mixins import ListingFields, TaxonomyFields
from .news import NewsIndexPage, NewsPage
from .pillars import PillarPage, TopicPage
from .projects import Project
from .site_settings import SiteSettings, SiteTexts
from .standard import StandardPage
from .taxonomy import ConventionArticle, Country, GMPArea, Pillar, Region, ResourceType, ThematicArea
from .thematic import ThematicAreaIndexPage, ThematicAreaPage

__all__ = [
    "BasePage",
    "ConventionArticle",
    "Country",
    "CountryIndexPage",
    "CountryProfilePage",
    "DataPage",
    "EventIndexPage",
    "EventPage",
    "GMPArea",
    "GMPAreaPage",
    "GMPHomePage",
    "HomePage",
    "IntersessionalIndexPage",
    "IntersessionalMandate",
    "IntersessionalProcessPage",
    "ListingFields",
    "MeetingIndexPage",
    "MeetingLivestream",
    "MeetingPage",
    "MeetingParticipantsPage",
    "MeetingSession",
    "NewsIndexPage",
    "NewsPage",
    "Pillar",
    "PillarPage",
    "Project",
    "Region",
    "ResourceType",
    "SiteSettings",
    "SiteTexts",
    "StandardPage",
    "TaxonomyFields",
    "ThematicArea",
    "ThematicAreaIndexPage",
    "ThematicAreaPage",
    "TopicPage",
]

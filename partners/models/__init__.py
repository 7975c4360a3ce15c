from .organisations import Organisation, OrganisationQuerySet
from .pages import ContributionSpacePage, PartnerIndexPage
from .people import Contributor
from .review import ContributionReviewTask, ReviewNote

__all__ = [
    "ContributionReviewTask",
    "ContributionSpacePage",
    "Contributor",
    "Organisation",
    "OrganisationQuerySet",
    "PartnerIndexPage",
    "ReviewNote",
]

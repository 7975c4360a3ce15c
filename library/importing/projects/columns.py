"""The project import's columns and the GEF export's headings, statuses and country spellings."""

from decimal import Decimal

from hub.models import Project

COLUMNS = (
    "project_id",
    "programme",
    "title",
    "countries",
    "agency",
    "status",
    "approval_date",
    "amount_usd",
    "cofinancing_usd",
    "url",
    "thematic_areas",
)
REQUIRED = ("project_id",)
LISTS = ("countries", "thematic_areas")
TEXT_COLUMNS = ("project_id", "programme", "title", "agency", "status", "url", "project_type")
MAX_LENGTHS = {"project_id": 64, "title": 500, "agency": 255, "url": 500, "project_type": 255}
FORMATS = ("auto", "native", "gef")
CHUNK_SIZE = 250
# DecimalField(max_digits=14, decimal_places=2): whole dollars below 10^12.
MAX_AMOUNT = Decimal("999999999999.99")

# The GEF export's headings (lower case, as the reader gives them) → our column. Several
# spellings: the GEF website has renamed its export columns over the years.
GEF_COLUMNS = {
    "gef id": "project_id",
    "gef project id": "project_id",
    "project id": "project_id",
    "id": "project_id",
    "title": "title",
    "project title": "title",
    "project name": "title",
    "countries": "countries",
    "country": "countries",
    "agencies": "agency",
    "agency": "agency",
    "gef agency": "agency",
    "gef agencies": "agency",
    "implementing agency": "agency",
    "status": "status",
    "project status": "status",
    "approval fy": "approval_fy",
    "approval fiscal year": "approval_fy",
    "approval date": "approval_date",
    "gef grant": "amount_usd",
    "grant": "amount_usd",
    "gef project grant": "amount_usd",
    "cofinancing": "cofinancing_usd",
    "co-financing": "cofinancing_usd",
    "co-financing total": "cofinancing_usd",
    "cofinancing total": "cofinancing_usd",
    "project type": "project_type",
    "type": "project_type",
    "url": "url",
    "project url": "url",
    "link": "url",
}
# Headings only the GEF export has: one of them in the header row means the GEF format.
GEF_MARKERS = {"gef id", "gef project id", "gef grant", "gef project grant", "approval fy"}
# The GEF's project cycle stages → our statuses (lower case). Our own values are accepted too.
GEF_STATUSES = {
    "concept approved": Project.Status.CONCEPT,
    "concept proposed": Project.Status.CONCEPT,
    "pif approved": Project.Status.CONCEPT,
    "pif clearance": Project.Status.CONCEPT,
    "pipeline": Project.Status.CONCEPT,
    "pending": Project.Status.CONCEPT,
    "received by gefsec": Project.Status.CONCEPT,
    "project approved": Project.Status.APPROVED,
    "council approved": Project.Status.APPROVED,
    "ceo approved": Project.Status.APPROVED,
    "ceo endorsed": Project.Status.APPROVED,
    "under implementation": Project.Status.ONGOING,
    "implementation": Project.Status.ONGOING,
    "project implementation": Project.Status.ONGOING,
    "completed": Project.Status.COMPLETED,
    "project completion": Project.Status.COMPLETED,
    "project closure": Project.Status.COMPLETED,
    "closed": Project.Status.COMPLETED,
    "financially closed": Project.Status.COMPLETED,
    "cancelled": Project.Status.CANCELLED,
    "canceled": Project.Status.CANCELLED,
    "dropped": Project.Status.CANCELLED,
    "withdrawn": Project.Status.CANCELLED,
    "rejected": Project.Status.CANCELLED,
}
# "Countries" cells of GEF projects with no single country: they name none, so the project's
# countries are left as they are (an editor may have listed a regional project's countries).
GEF_NO_COUNTRY = {"global", "regional", "multi-country", "multiple countries"}
# The GEF's (and the UN's) spellings that neither our names nor CLDR's match.
COUNTRY_ALIASES = {
    "bolivia": "BOL",
    "cape verde": "CPV",
    "congo dr": "COD",
    "congo, dr": "COD",
    "congo, democratic republic of": "COD",
    "democratic republic of the congo": "COD",
    "congo, republic of": "COG",
    "republic of the congo": "COG",
    "cote d'ivoire": "CIV",
    "ivory coast": "CIV",
    "egypt, arab republic of": "EGY",
    "gambia, the": "GMB",
    "iran": "IRN",
    "iran, islamic republic of": "IRN",
    "korea, dpr": "PRK",
    "korea, republic of": "KOR",
    "republic of korea": "KOR",
    "kyrgyz republic": "KGZ",
    "lao pdr": "LAO",
    "lao people's democratic republic": "LAO",
    "macedonia": "MKD",
    "micronesia": "FSM",
    "micronesia, federated states of": "FSM",
    "moldova": "MDA",
    "republic of moldova": "MDA",
    "st. kitts and nevis": "KNA",
    "st. lucia": "LCA",
    "st. vincent and grenadines": "VCT",
    "st. vincent and the grenadines": "VCT",
    "swaziland": "SWZ",
    "syria": "SYR",
    "tanzania": "TZA",
    "united republic of tanzania": "TZA",
    "turkey": "TUR",
    "venezuela": "VEN",
    "vietnam": "VNM",
    "yemen, republic of": "YEM",
}

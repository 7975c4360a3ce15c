"""Realistic synthetic library records for volume tests, as rows of the import schema.

Titles, summaries and tags are composed from the real vocabularies in the database (resource
types, thematic areas with their articles and GMP areas, countries, meetings, partners), so
facets, full-text search, exports and OAI harvests meet data shaped like the real thing.
Row `i` of seed `S` depends only on (S, i): `generate_library 500` then `generate_library 1000`
with the same seed gives the same first 500 resources, and a re-run changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

from hub.models import Country, MeetingPage, Pillar, ResourceType, ThematicArea
from library.models import LibraryCollection, ResourcePage
from partners.models import Organisation

from .reading import ImportFileError
from .schema import COLUMNS, LIST_SEPARATOR

PREFIX = "synthetic"
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2025, 12, 31)
CONVENTION_IN_FORCE = date(2017, 8, 16)
LANGUAGES = ["fr", "es", "ar", "zh", "ru"]
CORPORATE_AUTHORS = ["UNEP", "WHO", "UNITAR", "UNIDO", "UNDP", "Basel Convention Regional Centre", "Secretariat"]
PUBLISHERS = ["United Nations Environment Programme", "World Health Organization", "UNITAR", "UNIDO", "GEF"]
KEYWORDS = [
    "monitoring", "inventory", "dental amalgam", "skin-lightening creams", "thermometers", "lamps",
    "batteries", "chlor-alkali", "coal", "cement", "non-ferrous metals", "artisanal mining", "gold",
    "biomonitoring", "fish consumption", "vulnerable populations", "stockpiles", "trade", "customs",
    "waste", "contaminated sites", "remediation", "legislation", "financing", "capacity building",
    "training", "awareness", "emission factors", "air quality", "water", "soil", "health",
]  # fmt: skip
KINDS = {
    "report": ["assessment report", "status report", "inventory report", "progress report", "technical report"],
    "guidance": ["technical guidance", "practical guidance", "guidance document"],
    "training-material": ["training module", "e-learning course", "facilitator's guide"],
}
PERSON_LOCALES = ["en_GB", "fr_FR", "es_ES", "pt_BR", "de_DE", "it_IT", "en_IN", "ja_JP"]
# Real COPs adopt fewer than 50 decisions and issue fewer than 100 documents each, so synthetic
# symbols never collide with a real one.
DECISION_NUMBERS = (50, 99)
DOCUMENT_NUMBERS = (100, 999)


@dataclass
class _Terms:
    types: list
    pillars: list
    areas: list
    countries: list
    meetings: list
    organisations: list
    collections: set
    people: list


def _load_terms(seed):
    from wagtail.models import Locale

    locale = Locale.get_default()
    types = list(ResourceType.objects.filter(locale=locale).order_by("slug").values_list("slug", "name"))
    if not types:
        raise ImportFileError("There are no resource types yet: run `manage.py load_seed_content` first.")
    areas = []
    for area in ThematicArea.objects.filter(locale=locale).prefetch_related("articles", "gmp_areas").order_by("slug"):
        areas.append(
            (
                area.slug,
                area.name,
                area.description,
                sorted(article.number for article in area.articles.all()),
                sorted((gmp.slug, gmp.name) for gmp in area.gmp_areas.all()),
            )
        )
    faker = Faker(PERSON_LOCALES)
    faker.seed_instance(seed)
    chooser = random.Random(seed)  # noqa: S311 - volume data, not secrets
    people = []
    for _ in range(400):
        local = faker[chooser.choice(PERSON_LOCALES)]  # family and given name from one country
        people.append(f"{local.last_name()}, {local.first_name()}")
    return _Terms(
        types=types,
        pillars=list(Pillar.objects.filter(locale=locale).order_by("slug").values_list("slug", flat=True)),
        areas=areas,
        countries=list(Country.objects.filter(locale=locale).order_by("iso3").values_list("iso3", "name")),
        meetings=list(
            MeetingPage.objects.filter(locale=locale, alias_of__isnull=True)
            .order_by("slug")
            .values_list("slug", "short_name", "start_date", "meeting_kind")
        ),
        organisations=list(Organisation.objects.default_locale().order_by("slug").values_list("slug", "name")),
        collections=set(LibraryCollection.objects.filter(locale=locale).values_list("slug", flat=True)),
        people=people,
    )


class SyntheticLibrary:
    """`rows(count)` → import rows (dicts with list values) for seed `seed`."""

    def __init__(self, seed=1):
        self.seed = seed
        self.terms = _load_terms(seed)

    def identifier(self, number):
        return f"{PREFIX}-{self.seed}-{number:06d}"

    def rows(self, count):
        return [self.row(number) for number in range(1, count + 1)]

    def row(self, number):
        rng = random.Random(f"{self.seed}:{number}")  # noqa: S311 - volume data, not secrets
        terms = self.terms
        type_slug, type_name = rng.choice(terms.types)
        area = rng.choice(terms.areas) if terms.areas else None
        if type_slug == "national-action-plan":
            # Article 7 national action plans are about artisanal and small-scale gold mining.
            area = next((item for item in terms.areas if item[0] == "asgm"), area)
        countries = rng.sample(terms.countries, k=min(len(terms.countries), rng.choice([0, 1, 1, 2, 3])))
        meeting = self._meeting(rng, type_slug)
        published, precision = self._date(rng, meeting, type_slug)
        symbol, title = self._symbol_and_title(rng, type_slug, type_name, area, countries, meeting, published)
        languages = ["en"] + sorted(rng.sample(LANGUAGES, k=rng.choice([0, 0, 0, 1, 2, 5])))
        if rng.random() < 0.08:
            languages = [rng.choice(LANGUAGES)]
        gmp_areas = [slug for slug, _name in area[4]] if area and rng.random() < 0.6 else []
        collections = [slug for slug in ("minamata", "gmp") if slug in terms.collections]
        if "gmp" in collections and (not gmp_areas or rng.random() < 0.5):
            collections.remove("gmp")
        authors = rng.sample(terms.people, k=rng.choice([0, 1, 1, 2, 3]))
        if not authors or rng.random() < 0.2:
            authors.append(rng.choice(CORPORATE_AUTHORS))
        if terms.organisations and rng.random() < 0.5:
            publisher = rng.choice(terms.organisations)[0]
        else:
            publisher = rng.choice(PUBLISHERS)
        row = {
            "identifier": self.identifier(number),
            "title": title,
            "resource_type": type_slug,
            "publication_date": published.isoformat()[: {"year": 4, "month": 7, "day": 10}[precision]],
            "summary": self._summary(rng, type_name, area, countries, gmp_areas, published),
            "languages": languages,
            "url": f"https://example.org/library/{self.identifier(number)}",
            "publisher": publisher,
            "authors": authors,
            "pillars": sorted(rng.sample(terms.pillars, k=min(len(terms.pillars), rng.choice([0, 1, 1, 2])))),
            "thematic_areas": [area[0]] if area else [],
            "gmp_areas": gmp_areas,
            "countries": sorted(iso3 for iso3, _name in countries),
            "articles": area[3] if area and rng.random() < 0.7 else [],
            "collections": collections,
            "tags": sorted(rng.sample(KEYWORDS, k=rng.choice([0, 1, 2, 3, 4]))),
            "symbol": symbol,
            "meeting": meeting[0] if meeting else "",
            "license": rng.choice(["", "", *ResourcePage.Licence.values]),
        }
        return {column: row[column] for column in COLUMNS if column != "file"}

    def _meeting(self, rng, type_slug):
        # Decisions are adopted by the Conference of the Parties; documents come from any meeting.
        if type_slug == "decision":
            choices = [meeting for meeting in self.terms.meetings if meeting[3] == "cop"]
        elif type_slug == "meeting-document":
            choices = self.terms.meetings
        else:
            return None
        return rng.choice(choices) if choices else None

    @staticmethod
    def _date(rng, meeting, type_slug):
        if meeting:
            return meeting[2], "day"
        # National plans and reports exist only since the Convention entered into force.
        first = CONVENTION_IN_FORCE if type_slug in ("national-action-plan", "national-report") else FIRST_DAY
        published = first + timedelta(days=rng.randrange((LAST_DAY - first).days + 1))
        precision = rng.choices(["day", "month", "year"], weights=[6, 2, 2])[0]
        if precision != "day":
            published = published.replace(day=1, month=published.month if precision == "month" else 1)
        return published, precision

    def _symbol_and_title(self, rng, type_slug, type_name, area, countries, meeting, published):
        area_name = area[1] if area else "mercury"
        country = countries[0][1] if countries else None
        if type_slug == "decision":
            number = meeting[1].split("-")[-1] if meeting else str(rng.randint(1, 6))
            symbol = f"MC-{number}/{rng.randint(*DECISION_NUMBERS)}"
            return symbol, f"Decision {symbol}: {area_name}"
        if type_slug == "meeting-document":
            body = meeting[1].replace("-", ".") if meeting else "COP.1"
            symbol = f"UNEP/MC/{body}/{rng.randint(*DOCUMENT_NUMBERS)}"
            return symbol, f"{area_name}: note by the secretariat"
        if type_slug == "national-action-plan":
            return "", f"National action plan on {area_name.lower()}" + (f": {country}" if country else "")
        if type_slug == "national-report":
            return "", f"National report of {country or 'a Party'} under Article 21 ({published.year})"
        kind = rng.choice(KINDS.get(type_slug, [type_name.lower()]))
        where = f" in {country}" if country else rng.choice(["", " at the global level", " in developing countries"])
        return "", f"{kind[:1].upper()}{kind[1:]} on {area_name.lower()}{where} ({published.year})"

    @staticmethod
    def _summary(rng, type_name, area, countries, gmp_areas, published):
        sentences = [f"This {type_name.lower()} was published in {published.year}."]
        if area:
            sentences.append(f"It concerns {area[1].lower()}. {area[2]}".strip())
        if countries:
            names = [name for _iso3, name in countries]
            joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            sentences.append(f"It draws on experience in {joined}.")
        if gmp_areas and area:
            sentences.append(f"It contributes to the Global Mercury Partnership's work on {area[4][0][1].lower()}.")
        sentences.append(rng.choice(SUMMARY_ENDINGS))
        return " ".join(sentences)


SUMMARY_ENDINGS = [
    "It summarises lessons learned and recommends next steps for Parties.",
    "Case examples show how national authorities applied the Convention's provisions.",
    "Annexes list data sources, methods and contacts for further information.",
    "It is intended for policymakers, technical experts and civil society.",
    "The document reflects the situation at the time of writing and may have been superseded.",
]


def as_csv_row(row):
    """A row with list values joined for a CSV cell."""
    return {key: LIST_SEPARATOR.join(value) if isinstance(value, list) else value for key, value in row.items()}

"""Read and check the hub's seed data files before anything is written.

Each `parse_*` function turns one JSON file into plain, typed values and raises
`SeedDataError` naming the file and the record at the first problem.
"""

import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from hub.convention import entry_into_force

from . import prose
from .context import SeedDataError, read_records
from .event_records import parse_events

# Re-exported: other apps' seed loaders and the tests use them as records.truncate_slug etc.
from .text import date_range_text, truncate_slug  # noqa: F401

DATA_DIR = Path(__file__).resolve().parent / "data"

PARTIES_FILE = "parties.json"
EXTRA_COUNTRIES_FILE = "countries_extra.json"
ARTICLES_FILE = "articles.json"
PRIORITY_AREAS_FILE = "priority_areas.json"
GMP_AREAS_FILE = "gmp_partnership_areas.json"
EVENTS_FILE = "events.json"
PROJECTS_FILE = "projects.json"

# The European Union has no ISO 3166-1 code; EUU is the code reserved for it in practice.
EU_ISO3 = "EUU"
EU_PROFILE_SLUG = "european-union"
REGION_BY_DATA_NAME = {data_name: slug for slug, _name, data_name in prose.REGIONS}

# UN names used by projects.json for States that parties.json lists under a short name.
COUNTRY_NAME_ALIASES = {
    "Iran (Islamic Republic of)": "IRN",
    "Republic of Moldova": "MDA",
    "United Republic of Tanzania": "TZA",
}


def parse_all(context):
    """Every hub data file, checked; returns a namespace of typed records."""

    def path(name):
        return context.data_file(DATA_DIR, name)

    gmp_areas = parse_gmp_areas(path(GMP_AREAS_FILE))
    articles = parse_articles(path(ARTICLES_FILE))
    areas = parse_priority_areas(path(PRIORITY_AREAS_FILE), articles, gmp_areas)
    parties = parse_parties(path(PARTIES_FILE))
    extra_countries = parse_extra_countries(path(EXTRA_COUNTRIES_FILE), parties)
    country_by_name = {p.name: p.iso3 for p in parties} | {c.name: c.iso3 for c in extra_countries}
    country_by_name |= COUNTRY_NAME_ALIASES
    meetings, events, skipped_events = parse_events(path(EVENTS_FILE))
    projects = parse_projects(path(PROJECTS_FILE), country_by_name)
    return SimpleNamespace(
        gmp_areas=gmp_areas,
        articles=articles,
        areas=areas,
        parties=parties,
        extra_countries=extra_countries,
        country_by_name=country_by_name,
        meetings=meetings,
        events=events,
        skipped_events=skipped_events,
        projects=projects,
    )


def parse_gmp_areas(path):
    by_name = {name: (slug, description) for slug, name, description in prose.GMP_AREAS}
    result = []
    for record in read_records(path, "name"):
        name = record.text("name", required=True, max_length=255)
        if name not in by_name:
            record.fail("name", "is not one of the eight partnership areas this loader knows (contracts §4d)")
        slug, description = by_name[name]
        result.append(
            SimpleNamespace(
                slug=slug,
                name=name,
                short_name=record.text("short_name", max_length=100),
                alt_names=record.string_list("alt_names"),
                description=description,
                sort_order=len(result) + 1,
            )
        )
    missing = set(by_name) - {area.name for area in result}
    if missing:
        raise SeedDataError(path, f"partnership areas missing: {', '.join(sorted(missing))}")
    return result


def parse_articles(path):
    result = []
    seen = set()
    for record in read_records(path, "symbol"):
        kind = record.choice("type", {"article", "annex"}, required=True)
        number = record.raw("number")
        if kind == "article":
            if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 35:
                record.fail("number", f"{number!r} is not an article number from 1 to 35")
        elif not isinstance(number, str) or number not in "ABCDE" or len(number) != 1:
            record.fail("number", f"{number!r} is not an annex letter from A to E")
        symbol = record.text("symbol", required=True)
        expected = f"{kind.capitalize()} {number}"
        if symbol != expected:
            record.fail("symbol", f"{symbol!r} does not match type and number ({expected!r})")
        slug = f"{kind}-{str(number).lower()}"
        if slug in seen:
            record.fail("symbol", "appears twice")
        seen.add(slug)
        result.append(
            SimpleNamespace(
                slug=slug,
                kind=kind,
                number=str(number),
                symbol=symbol,
                name=record.text("title", required=True, max_length=255),
                official_text_url=record.text("official_text_url"),
                sort_order=number if kind == "article" else 100 + "ABCDE".index(number),
            )
        )
    return result


def parse_priority_areas(path, articles, gmp_areas):
    by_name = {area["name_in_data"]: area for area in prose.THEMATIC_AREAS}
    article_by_symbol = {article.symbol: article.slug for article in articles}
    gmp_by_name = {}
    for area in gmp_areas:
        for name in [area.name, *area.alt_names]:
            gmp_by_name[name] = area.slug
    result = []
    for record in read_records(path, "name"):
        name = record.text("name", required=True, max_length=255)
        if name not in by_name:
            record.fail("name", "is not the heading of one of the twelve thematic areas (contracts §4c)")
        article_slugs = []
        for symbol in record.string_list("related_articles", required=True):
            if symbol not in article_by_symbol:
                record.fail("related_articles", f"{symbol!r} is not in {ARTICLES_FILE}")
            article_slugs.append(article_by_symbol[symbol])
        gmp_name = record.text("related_gmp_partnership_area")
        if gmp_name and gmp_name not in gmp_by_name:
            record.fail("related_gmp_partnership_area", f"{gmp_name!r} is not in {GMP_AREAS_FILE}")
        written = by_name[name]
        result.append(
            SimpleNamespace(
                slug=written["slug"],
                name=name,
                description=written["description"],
                summary=written["summary"],
                articles=article_slugs,
                gmp_areas=[gmp_by_name[gmp_name]] if gmp_name else [],
            )
        )
    missing = set(by_name) - {area.name for area in result}
    if missing:
        raise SeedDataError(path, f"thematic areas missing: {', '.join(sorted(missing))}")
    order = [area["slug"] for area in prose.THEMATIC_AREAS]
    result.sort(key=lambda area: order.index(area.slug))
    for position, area in enumerate(result, start=1):
        area.sort_order = position
    return result


def _country_codes(record, required=True):
    iso3 = record.text("iso3")
    iso2 = record.text("iso2")
    if required or iso3:
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            record.fail("iso3", f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
        if iso2 and not re.fullmatch(r"[A-Z]{2}", iso2):
            record.fail("iso2", f"{iso2!r} is not an ISO 3166-1 alpha-2 code")
    return iso3, iso2


def parse_parties(path):
    result = []
    seen = {}
    for record in read_records(path, "name"):
        name = record.text("name", required=True, max_length=255)
        is_organisation = record.raw("entity_type") == "regional economic integration organization"
        iso3, iso2 = _country_codes(record, required=not is_organisation)
        if not iso3:
            if name != "European Union":
                record.fail("iso3", "is required (only the European Union has no ISO code)")
            iso3 = EU_ISO3
        region_name = record.text("un_region")
        if region_name and region_name not in REGION_BY_DATA_NAME:
            record.fail("un_region", f"{region_name!r} is not one of {', '.join(REGION_BY_DATA_NAME)}")
        if not region_name and not is_organisation:
            record.fail("un_region", "is required for a State")
        status = record.choice("status", {"party", "signatory"}, required=True)
        signature_date = record.date("signature_date")
        ratification_date = record.date("ratification_date")
        entry_into_force_date = record.date("entry_into_force_date")
        instrument_type = record.text("instrument_type")
        if instrument_type and not instrument_type.startswith("accession"):
            record.fail("instrument_type", f"{instrument_type!r} is not understood (only accession is recorded)")
        if status == "party" and not ratification_date:
            record.fail("ratification_date", "a Party needs the date its instrument was deposited")
        if status == "signatory" and ratification_date:
            record.fail("status", "a signatory with a ratification date should be a Party")
        if entry_into_force_date and ratification_date and entry_into_force_date < ratification_date:
            record.fail("entry_into_force_date", "is before the deposit of the instrument")
        # A missing date stays missing (the profile computes it per Article 31); a given one must agree.
        if entry_into_force_date and not ratification_date:
            record.fail("entry_into_force_date", "is given without the deposit of an instrument")
        if entry_into_force_date and ratification_date and entry_into_force_date != entry_into_force(ratification_date):
            expected = entry_into_force(ratification_date).isoformat()
            record.fail("entry_into_force_date", f"is not {expected}, the date Article 31 gives for this deposit")
        if iso3 in seen:
            record.fail("iso3", f"{iso3} is also used by record {seen[iso3]}")
        seen[iso3] = record.index
        result.append(
            SimpleNamespace(
                name=name,
                iso3=iso3,
                iso2=iso2,
                slug=iso3.lower(),
                profile_slug=EU_PROFILE_SLUG if iso3 == EU_ISO3 else iso3.lower(),
                region=REGION_BY_DATA_NAME.get(region_name),
                status=status,
                signature_date=signature_date,
                ratification_date=ratification_date,
                entry_into_force_date=entry_into_force_date,
                instrument="accession" if instrument_type else "",
                status_as_of=record.date("status_as_of", required=True),
                party_number=record.text("party_number"),
                source_url=record.text("source_url"),
                ratification_source_url=record.text("ratification_source_url"),
            )
        )
    return result


def parse_extra_countries(path, parties):
    """Countries named by other files (projects) but absent from parties.json; no profile page."""
    known = {party.iso3 for party in parties}
    result = []
    for record in read_records(path, "name"):
        name = record.text("name", required=True, max_length=255)
        iso3, iso2 = _country_codes(record)
        if iso3 in known:
            record.fail("iso3", f"{iso3} is already in {PARTIES_FILE}")
        region_name = record.text("un_region", required=True)
        if region_name not in REGION_BY_DATA_NAME:
            record.fail("un_region", f"{region_name!r} is not one of {', '.join(REGION_BY_DATA_NAME)}")
        known.add(iso3)
        result.append(
            SimpleNamespace(name=name, iso3=iso3, iso2=iso2, slug=iso3.lower(), region=REGION_BY_DATA_NAME[region_name])
        )
    return result


def _amount(record, key):
    """A non-negative number of US dollars, or None when the record gives none."""
    value = record.raw(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        record.fail(key, f"must be a non-negative number of US dollars, not {value!r}")
    return Decimal(str(value))


def parse_projects(path, country_by_name):
    result = []
    seen = {}
    for record in read_records(path, "title"):
        programme_name = record.text("programme", required=True)
        if programme_name.startswith("Specific International Programme"):
            programme = "sip"
        elif programme_name.startswith("GEF"):
            programme = "gef"
        else:
            record.fail("programme", f"{programme_name!r} is neither the SIP nor the GEF")
        names = record.string_list("countries", required=True)
        if not names:
            record.fail("countries", "names no country")
        iso3s = []
        for name in names:
            if name not in country_by_name:
                record.fail("countries", f"{name!r} is not a country in {PARTIES_FILE} or {EXTRA_COUNTRIES_FILE}")
            iso3s.append(country_by_name[name])
        round_number = record.integer("round")
        approval_date, precision = record.partial_date("approval_date")
        status = record.choice("status", {"concept", "approved", "ongoing", "completed", "cancelled"}) or ""
        approval_year = approval_date.year if approval_date else None
        if precision != "day":
            # Only the month or year is known: keep the year rather than invent a day.
            approval_date = None
        if programme == "sip":
            if round_number is None or len(iso3s) != 1:
                record.fail("round", "an SIP project needs its round and one country")
            project_id = f"sip-{round_number}-{iso3s[0].lower()}"
        else:
            project_type = record.text("project_type")
            prefix = "gef-mia" if "(MIA)" in project_type else "gef"
            project_id = "-".join([prefix, *sorted(code.lower() for code in iso3s)])
        if project_id in seen:
            record.fail("countries", f"gives the same project id {project_id!r} as record {seen[project_id]}")
        seen[project_id] = record.index
        result.append(
            SimpleNamespace(
                project_id=project_id,
                programme=programme,
                title=record.text("title", max_length=500),
                countries=iso3s,
                agency=record.text("implementing_agency", max_length=255),
                status=status,
                approval_date=approval_date,
                approval_year=approval_year,
                round=round_number,
                project_type=record.text("project_type", max_length=255),
                executing_partners="\n".join(record.string_list("executing_partners")),
                # A project amount only where the record gives one (SIP records give round totals).
                amount_usd=_amount(record, "amount_usd"),
                # `url`: the project's own page, where one is known; `source_url`: where the facts come from.
                url=record.text("url", max_length=500),
                source_url=record.text("source_url", max_length=500),
                thematic_areas=["financial-resources", "capacity-building"]
                if programme == "sip"
                else ["financial-resources"],
                label=f"{path.name} record {record.index} ({project_id})",
            )
        )
    return result

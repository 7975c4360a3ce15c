"""Reading the library's seed data files: one checked record per decision, meeting document and
publication, before anything is written.

Every summary is one neutral sentence assembled from the record's facts (type, publisher, year,
meeting, partnership area); nothing else is said about a resource's content. `gmp` marks the
records the Global Mercury Partnership's hub lists too (a partnership area, the Partnership as
publisher, or a Partnership meeting); a publisher that is a GMP partner adds more when loading.
"""

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

from hub.seed import prose as hub_prose
from hub.seed import tagging
from hub.seed.context import read_records
from hub.seed.records import truncate_slug

DATA_DIR = Path(__file__).resolve().parent / "data"
DECISIONS_FILE = "decisions.json"
DOCUMENTS_FILE = "documents.json"
RESOURCES_FILE = "resources.json"
GMP_NAME = "Global Mercury Partnership"
UN_LANGUAGES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic", "zh": "Chinese", "ru": "Russian"}

# resources.json `resource_type` → contract slug (§4a), and the label used in summaries.
RESOURCE_TYPES = {
    "report": ("report", "Report"),
    "guidance": ("guidance", "Guidance document"),
    "factsheet": ("fact-sheet", "Fact sheet"),
    "toolkit": ("toolkit", "Toolkit"),
    "template": ("template", "Template"),
    "presentation": ("presentation", "Presentation"),
    "video": ("video", "Video recording"),
    "database": ("dataset", "Database"),
    "tool": ("tool", "Tool"),
    "national plan": ("national-action-plan", "National plan"),
    "business plan": ("other", "Business plan"),
    "briefing": ("policy-brief", "Briefing"),
    "e-learning": ("training-material", "E-learning course"),
}
SUBTYPE_TYPES = {"case study": "case-study"}
# Pillars that follow from the kind of resource; anything less obvious stays untagged.
TYPE_PILLARS = {
    "decision": ["legal"],
    "national-action-plan": ["implementation"],
    "guidance": ["technical"],
    "toolkit": ["technical"],
    "tool": ["technical"],
}
GMP_PILLARS = {"air-transport-and-fate": ["scientific"]}
# Landing pages worth linking as the resource's address; other sources (mirrors) stay provenance.
OFFICIAL_HOSTS = ("minamataconvention.org", "mercuryconvention.org", "unep.org", "thegef.org")
# Resource types keyed by symbol in subjects.json; the others by title.
SYMBOL_TYPES = ("decision", "meeting-document")
_MEETING = re.compile(r"\b(COP|INC)-(\d)\b")
_HANDLE = re.compile(r"/handle/(\d+(?:\.\d+)*/\d+)")


def symbol_slug(symbol):
    """A page slug for a symbol: "UNEP/MC/COP.1/17" → "unep-mc-cop-1-17", "MC-4/3" → "mc-4-3"."""
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


def join_names(names):
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def with_article(name):
    """A publisher's name in a sentence: "the United Nations Environment Programme", but "UNEP"."""
    return name if name.isupper() or name == "UN Environment" or name.startswith("GRID-") else f"the {name}"


def official_url(url):
    host = (urlparse(url).hostname or "").lower()
    return url if any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS) else ""


def parse_all(context):
    hub = context.data["hub"]
    meetings = {meeting.slug: meeting for meeting in hub.meetings}
    articles = {article.symbol: article.slug for article in hub.articles}
    gmp_by_name = {name: area.slug for area in hub.gmp_areas for name in [area.name, *area.alt_names]}
    gmp_short_names = {area.slug: area.short_name or area.name for area in hub.gmp_areas}
    # Thematic areas and articles come from the curated hub/seed/content/subjects.json.
    subjects = tagging.subjects(context)

    def path(name):
        return context.data_file(DATA_DIR, name)

    identifiers = {}
    slugs = {}
    resources = []

    def add(record, resource):
        if resource.identifier in identifiers:
            record.fail("identifier", f"{resource.identifier!r} is also used by {identifiers[resource.identifier]}")
        if resource.slug in slugs:
            record.fail("title", f"gives the page slug {resource.slug!r} already used by {slugs[resource.slug]}")
        where = f"{record.path.name} record {record.index}"
        identifiers[resource.identifier] = slugs[resource.slug] = where
        resource.label = f"{where} ({resource.identifier})"
        resources.append(resource)

    for record in read_records(path(DECISIONS_FILE), "symbol"):
        add(record, parse_decision(record, meetings, articles, subjects))
    for record in read_records(path(DOCUMENTS_FILE), "symbol"):
        add(record, parse_document(record, meetings, subjects))
    for record in read_records(path(RESOURCES_FILE), "title"):
        add(record, parse_resource(record, gmp_by_name, gmp_short_names, subjects, hub.country_by_name))
    for kind, types in (("decision", {"decision"}), ("document", {"meeting-document"})):
        subjects.check_complete(kind, [r.identifier for r in resources if r.resource_type in types])
    subjects.check_complete("resource", [r.title for r in resources if r.resource_type not in SYMBOL_TYPES])
    return SimpleNamespace(resources=resources)


def _meeting_slug(record, key, meetings, required):
    text = record.text(key, required=required)
    match = _MEETING.search(text)
    if not match:
        if required:
            record.fail(key, f"{text!r} names no COP or INC session (e.g. COP-1)")
        return None, text
    slug = f"{match.group(1).lower()}-{match.group(2)}"
    if slug not in meetings:
        record.fail(key, f"{slug.upper()} is not a meeting in hub's events.json")
    return slug, text


def parse_decision(record, meetings, articles, subjects):
    symbol = record.text("symbol", required=True, max_length=100)
    if not re.fullmatch(r"MC-\d+/\d+", symbol):
        record.fail("symbol", f"{symbol!r} is not a decision symbol like MC-1/3")
    official = record.raw("title_is_official")
    if not isinstance(official, bool):
        record.fail("title_is_official", "must be true or false")
    title = record.text("title", max_length=255) if official else ""
    subject = record.text("subject", max_length=255)
    if official and not title:
        record.fail("title", "is required when title_is_official is true")
    if not official and not subject:
        record.fail("subject", "is required when the official title is not known")
    meeting, meeting_text = _meeting_slug(record, "meeting", meetings, required=True)
    record.integer("year", required=True)
    adopted = record.date("adopted")
    article_slugs = []
    for reference in record.string_list("related_articles"):
        if reference not in articles:
            record.fail("related_articles", f"{reference!r} is not in hub's articles.json")
        article_slugs.append(articles[reference])
    area_slugs, article_slugs = subjects.subjects_for("decision", symbol, required_articles=article_slugs)
    head, _comma, rest = meeting_text.partition(",")
    where = f"{head.strip()} ({rest.strip()})" if rest else head.strip()
    summary = f"Decision {symbol} of the Conference of the Parties, adopted at {where}"
    if not official:
        summary += "; the title shown describes its subject, not its official title"
    if adopted:
        publication_date, precision = adopted, "day"
    else:
        publication_date, precision = record.partial_date("year")
    return SimpleNamespace(
        identifier=symbol,
        slug=symbol_slug(symbol),
        resource_type="decision",
        title=title or subject,
        symbol=symbol,
        meeting=meeting,
        summary=summary + ".",
        publication_date=publication_date,
        date_precision=precision,
        publisher_name="",
        languages=["en"],
        external_url=official_url(record.text("source_url")),
        pillars=TYPE_PILLARS["decision"],
        areas=area_slugs,
        articles=article_slugs,
        gmp_areas=[],
        countries=[],
        publishers=[],
        gmp=False,
    )


def parse_document(record, meetings, subjects):
    symbol = record.text("symbol", required=True, max_length=100)
    if not re.fullmatch(r"UNEP(\(DTIE\))?/[A-Za-z0-9./()-]+", symbol):
        record.fail("symbol", f"{symbol!r} is not a UN document symbol like UNEP/MC/COP.1/17")
    title = record.text("title", max_length=255)
    topic = record.text("topic", max_length=255)
    meeting, meeting_text = _meeting_slug(record, "meeting", meetings, required=False)
    location = record.text("meeting_location")
    year_text = record.text("meeting_year", required=True)
    if not re.fullmatch(r"\d{4}(-\d{4})?", year_text):
        record.fail("meeting_year", f"{year_text!r} is not a year or a range of years")
    kind = record.choice("document_type", {"working document", "information document", "meeting report"}, required=True)
    publication_date, precision = record.date("date"), "day"
    if publication_date is None:
        # Documents are issued for their meeting: its (first) year, at year precision.
        publication_date, precision = date(int(year_text[:4]), 1, 1), "year"
    if meeting:
        number = int(meeting.split("-")[1])
        ordinal = hub_prose.ORDINALS[number]
        body = (
            f"the {ordinal} meeting of the Conference of the Parties"
            if meeting.startswith("cop")
            else f"the {ordinal} session of the intergovernmental negotiating committee on mercury"
        )
        of_meeting = f"{body} ({meeting.upper()}, {location}, {year_text})"
    else:
        of_meeting = f"the {meeting_text} ({location}, {year_text})"
    summary = f"{kind[:1].upper()}{kind[1:]} of {of_meeting}"
    if not title and topic:
        summary += "; its official title is not recorded here, the title shown is its agenda topic"
    elif not title:
        summary += "; its title is not recorded here yet"
    areas, article_slugs = subjects.subjects_for("document", symbol)
    return SimpleNamespace(
        identifier=symbol,
        slug=symbol_slug(symbol),
        resource_type="meeting-document",
        title=title or topic or f"Document {symbol}",
        symbol=symbol,
        meeting=meeting,
        summary=summary + ".",
        publication_date=publication_date,
        date_precision=precision,
        publisher_name="",
        languages=["en"],
        external_url=official_url(record.text("source_url")),
        pillars=[],
        areas=areas,
        articles=article_slugs,
        gmp_areas=[],
        countries=[],
        publishers=[],
        gmp=GMP_NAME.lower() in meeting_text.lower(),
    )


def parse_resource(record, gmp_by_name, gmp_short_names, subjects, country_by_name):
    title = record.text("title", required=True, max_length=255)
    data_type = record.text("resource_type", required=True)
    if data_type not in RESOURCE_TYPES:
        record.fail("resource_type", f"{data_type!r} has no mapping to a contract resource type")
    subtype = record.text("subtype")
    resource_type, label = RESOURCE_TYPES[data_type]
    resource_type = SUBTYPE_TYPES.get(subtype.lower(), resource_type)
    if subtype.lower() == "draft":
        label = f"Draft {label.lower()}"
    elif subtype:
        label = f"{subtype[:1].upper()}{subtype[1:]}"
    url = record.text("url", max_length=500)
    isbn = record.text("isbn")
    handle = _HANDLE.search(url)
    if handle:
        identifier = f"hdl:{handle.group(1)}"
    elif isbn:
        if not re.fullmatch(r"[0-9-]{10,17}X?", isbn):
            record.fail("isbn", f"{isbn!r} is not an ISBN")
        identifier = f"isbn:{isbn}"
    elif url:
        identifier = url
    else:
        identifier = truncate_slug(title, 100)
    publication_date, precision = record.partial_date("date")
    year = record.integer("year")
    if publication_date is None and year is not None:
        publication_date, precision = record.partial_date("year")
    if publication_date and year and publication_date.year != year:
        record.fail("date", f"is not in the record's year {year}")
    languages = record.string_list("languages") or ["en"]
    unknown = [code for code in languages if code not in UN_LANGUAGES]
    if unknown:
        record.fail("languages", f"{', '.join(unknown)} not among the six UN languages")
    publisher = record.text("publisher", max_length=255)
    publishers = [part.strip() for part in publisher.split(";") if part.strip()]
    gmp_name = record.text("partnership_area")
    if gmp_name and gmp_name not in gmp_by_name:
        record.fail("partnership_area", f"{gmp_name!r} is not in hub's gmp_partnership_areas.json")
    gmp = gmp_by_name.get(gmp_name)
    country_name = record.text("country")
    if country_name and country_name not in country_by_name:
        record.fail("country", f"{country_name!r} is not a country in hub's parties.json")
    summary = label
    by_publisher = join_names([with_article(name) for name in publishers])
    if publication_date and publishers:
        summary += f" published in {publication_date.year} by {by_publisher}"
    elif publishers:
        summary += f" published by {by_publisher}"
    elif publication_date:
        summary += f" published in {publication_date.year}"
    if gmp:
        short = gmp_short_names[gmp]
        summary += f", related to the Global Mercury Partnership's {short if short.isupper() else short.lower()} area"
    if country_name and country_name not in title:
        summary += f", concerning {country_name}"
    if languages != ["en"]:
        summary += f"; available in {join_names([UN_LANGUAGES[code] for code in languages])}"
    pillars = list(TYPE_PILLARS.get(resource_type, [])) + GMP_PILLARS.get(gmp, [])
    areas, article_slugs = subjects.subjects_for("resource", title)
    return SimpleNamespace(
        identifier=identifier,
        slug=truncate_slug(title),
        resource_type=resource_type,
        title=title,
        symbol="",
        meeting=None,
        summary=summary + ".",
        publication_date=publication_date,
        date_precision=precision or "day",
        publisher_name=publisher,
        languages=languages,
        external_url=url,
        pillars=sorted(set(pillars)),
        areas=areas,
        articles=article_slugs,
        gmp_areas=[gmp] if gmp else [],
        countries=[country_by_name[country_name]] if country_name else [],
        publishers=publishers,
        gmp=bool(gmp) or GMP_NAME.lower() in publisher.lower(),
    )

"""Read and check events.json: COP and INC meetings (one per meeting, segments merged) and other events.

Split from records.py, which calls `parse_events` from `parse_all`; the same rules apply: typed
values out, `SeedDataError` naming the file and the record at the first problem.
"""

import re
from datetime import time
from types import SimpleNamespace

from . import prose
from .datafiles import read_records
from .text import date_range_text, truncate_slug

# events.json `event_type` → EventPage.EventType value. COP and INC records become meetings.
# Expert and preparatory work between meetings of the COP is "intersessional".
MEETING_EVENT_TYPES = {"COP": "cop", "INC": "inc"}
EVENT_TYPES = {
    "Minamata Online": "minamata-online",
    "webinar": "webinar",
    "dialogue": "webinar",
    "briefing": "briefing",
    "Minamata Online briefing": "briefing",
    "GMP Partnership Advisory Group": "partnership",
    "GMP partnership area meeting": "partnership",
    "SIP Governing Board": "meeting",
    "meeting": "meeting",
    "diplomatic conference": "meeting",
    "preparatory meeting": "meeting",
    "expert meeting": "intersessional",
    "regional preparatory meeting": "intersessional",
    "side event": "side-event",
    "side events": "side-event",
    "treaty event": "other",
    "commemorative event": "other",
}
TIME_ZONES = {"CET": "Europe/Zurich", "CEST": "Europe/Zurich", "GMT+1": "Etc/GMT-1"}
_TIME_RANGE = re.compile(r"(\d{1,2}):(\d{2})(?:\s*-\s*(\d{1,2}):(\d{2}))?")
_ZONE = re.compile(r"\b(CEST|CET|GMT\+1)\b")
_COP_OR_INC = re.compile(r"\b(COP|INC)-(\d)\b")
_SEGMENT = re.compile(r"\s+-\s+(first|second) segment$", re.IGNORECASE)

# Visitor-facing notes for a few events, written from the data's `note` and `time` fields.
EVENT_NOTES = {
    "Conference of Plenipotentiaries on the Minamata Convention on Mercury (Diplomatic Conference)": (
        "The conference at which the Minamata Convention on Mercury was adopted, on 10 October 2013, and "
        "opened for signature."
    ),
    "Minamata Online: Proposed indicators for evaluating the effectiveness of the Minamata Convention": (
        "The first Minamata Online session, held twice on the same day for different time zones."
    ),
    "Minamata Online: Implementation review and support - Art. 21 Reporting, and Art. 15 Implementation and "
    "Compliance Committee": "Two information sessions.",
    "Briefing on the amended Annex A of the Minamata Convention on Mercury": (
        "Held in two sessions, 09:00–10:00 and 15:00–16:00 CEST."
    ),
}


def _parse_time(record):
    """Times as "10:00-14:30 CEST" → (time(10), time(14, 30), "Europe/Zurich"); the first range counts."""
    text = record.text("time")
    if not text:
        return None, None, "UTC"
    match = _TIME_RANGE.search(text)
    zone = _ZONE.search(text)
    if not match or not zone:
        record.fail("time", f"{text!r} is not understood (expected e.g. '10:00-14:30 CEST')")
    try:
        start = time(int(match.group(1)), int(match.group(2)))
        end = time(int(match.group(3)), int(match.group(4))) if match.group(3) else None
    except ValueError:
        record.fail("time", f"{text!r} holds an impossible time")
    return start, end, TIME_ZONES[zone.group(1)]


def parse_events(path):
    """(meetings, events, skipped events): COP/INC sessions become meetings, the rest events."""
    sessions = {}
    events = []
    skipped = []
    slugs = {}
    for record in read_records(path, "title"):
        title = record.text("title", required=True, max_length=255)
        data_type = record.text("event_type", required=True)
        start_date = record.date("start_date")
        end_date = record.date("end_date")
        if start_date and end_date and end_date < start_date:
            record.fail("end_date", "is before start_date")
        location = record.text("location", max_length=255)
        languages = record.string_list("languages")
        unknown = set(languages) - {"en", "fr", "es", "ar", "zh", "ru"}
        if unknown:
            record.fail("languages", f"{', '.join(sorted(unknown))} not among the six UN languages")
        organizers = "; ".join(record.string_list("organizers"))
        if data_type in MEETING_EVENT_TYPES:
            match = _COP_OR_INC.search(title)
            if not match or match.group(1).lower() != MEETING_EVENT_TYPES[data_type]:
                record.fail("title", f"a {data_type} record must name its session, e.g. {data_type}-1")
            if not start_date or not end_date:
                record.fail("start_date", "a meeting needs its first and last day")
            sessions.setdefault(f"{match.group(1).lower()}-{match.group(2)}", []).append(
                SimpleNamespace(title=title, start_date=start_date, end_date=end_date, location=location, record=record)
            )
            continue
        if data_type not in EVENT_TYPES:
            record.fail("event_type", f"{data_type!r} has no event type mapping in {__name__}.EVENT_TYPES")
        start_time, end_time, time_zone = _parse_time(record)
        if start_date is None:
            # A known gap (e.g. a session dated only by its year): listed, not guessed.
            skipped.append(f"{path.name} record {record.index} ({title}): no start date")
            continue
        slug = truncate_slug(f"{start_date.isoformat()}-{title}", 90)
        if slug in slugs:
            record.fail("title", f"gives the same page slug as record {slugs[slug]}")
        slugs[slug] = record.index
        events.append(
            SimpleNamespace(
                title=title,
                slug=slug,
                event_type=EVENT_TYPES[data_type],
                start_date=start_date,
                end_date=end_date if end_date and end_date != start_date else None,
                start_time=start_time,
                end_time=end_time,
                time_zone=time_zone,
                location=location,
                languages=languages,
                organizers=organizers,
                note=EVENT_NOTES.get(title, ""),
                source_url=record.text("source_url"),
                label=f"{path.name} record {record.index} ({title})",
            )
        )
    meetings = [_meeting(path, slug, parts) for slug, parts in sessions.items()]
    meetings.sort(key=lambda meeting: (meeting.kind, meeting.number))
    return meetings, events, skipped


def _meeting(path, slug, parts):
    parts.sort(key=lambda part: part.start_date)
    kind, number = slug.split("-")
    number = int(number)
    first = parts[0]
    if kind == "cop":
        title = _SEGMENT.sub("", first.title)
    else:
        # "INC-1: first session of the …" → "First session of the … (INC-1)"
        title = first.title.split(":", 1)[-1].strip()
        title = f"{title[:1].upper()}{title[1:]} ({slug.upper()})"
    if len(parts) > 2:
        part = parts[2].record
        part.fail("title", f"{slug.upper()} has more than two segments")
    short_name = slug.upper()
    start, end = first.start_date, parts[-1].end_date
    if len(parts) == 2:
        venues = [part.location for part in parts]
        venue = " and ".join(venues)
        segments = [
            f"online from {date_range_text(part.start_date, part.end_date)}"
            if part.location == "Online"
            else f"in {part.location}, from {date_range_text(part.start_date, part.end_date)}"
            for part in parts
        ]
        summary_note = (
            f"The {prose.ORDINALS[number]} meeting was held in two segments: {segments[0]}, and {segments[1]}. "
            "The platform records both segments as one meeting."
        )
    else:
        venue = first.location
        summary_note = ""
    if kind == "cop":
        summary = (
            "The Conference of the Parties, established by Article 23, keeps the implementation of the "
            "Convention under review and takes the decisions needed to promote it. This page gathers the "
            f"documents and decisions of its {prose.ORDINALS[number]} meeting."
        )
    else:
        summary = (
            "The intergovernmental negotiating committee, convened by the United Nations Environment "
            "Programme, negotiated the text of the Minamata Convention on Mercury, adopted in October 2013, "
            "and then prepared for the first meeting of the Conference of the Parties. This page gathers "
            f"the documents of its {prose.ORDINALS[number]} session."
        )
    if summary_note:
        summary = f"{summary_note} {summary}"
    city, country_name = _host_city_and_country(parts)
    return SimpleNamespace(
        slug=slug,
        kind=kind,
        number=number,
        short_name=short_name,
        title=title,
        start_date=start,
        end_date=end,
        venue=venue,
        city=city,
        country_name=country_name,
        summary=summary,
        label=f"{path.name} ({short_name})",
    )


def _host_city_and_country(parts):
    """(city, country name) from the first segment held in person: locations read "[Venue, ]City, Country".

    COP-4 met online, then in Bali: the Bali segment hosts it. A meeting held online only has neither.
    The country name is matched to a Country term by the loader (demo_pages.load_meetings).
    """
    for part in parts:
        if part.location and part.location != "Online":
            names = [name.strip() for name in part.location.split(",")]
            if len(names) < 2 or not all(names[-2:]):
                part.record.fail("location", f'{part.location!r} is not "City, Country"')
            return names[-2], names[-1]
    return "", ""

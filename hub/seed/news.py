"""Demo content: news built only from facts in the data (later ratifications, COP meetings, MC-4/3).

A news item about a meeting names it by slug (`meeting`); the news is then listed on that meeting's page.
"""

from collections import Counter
from datetime import date

from hub.models import (
    NewsIndexPage,
    NewsPage,
)

from . import prose, records
from .context import SeedError
from .demo_pages import index_page, stream


def news_items(data):
    """News built only from facts in the data: later ratifications, COP meetings, MC-4/3."""
    items = []
    snapshot = Counter(party.status_as_of for party in data.parties).most_common(1)[0][0]
    for party in data.parties:
        if party.status != "party" or not party.ratification_date or party.ratification_date <= snapshot:
            continue
        becoming = f", becoming the {party.party_number}" if party.party_number else ""
        items.append(
            {
                "slug": records.truncate_slug(f"{party.ratification_date}-{party.name}-joins-the-convention"),
                "title": f"{party.name} joins the Minamata Convention",
                "date": party.ratification_date,
                "intro": (
                    f"{party.name} deposited its instrument on {records.date_range_text(party.ratification_date, None)}"
                    f"{becoming} to the Minamata Convention on Mercury."
                ),
                "body": [
                    (
                        "paragraph",
                        "<p>For a State that deposits its instrument after the Convention's entry into force, the "
                        "Convention enters into force on the ninetieth day after the date of deposit (Article "
                        "31).</p>",
                    )
                ],
                "countries": [party.iso3],
                "areas": [],
                "articles": ["article-30", "article-31"],
                "meeting": None,
            }
        )
    for meeting in data.meetings:
        if meeting.kind != "cop" or meeting.number < 5:
            continue
        ordinal = prose.ORDINALS[meeting.number]
        items.append(
            {
                "slug": f"{meeting.start_date}-{meeting.slug}-meets-in-geneva"
                if "Geneva" in meeting.venue
                else f"{meeting.start_date}-{meeting.slug}-meets",
                "title": f"{meeting.short_name} meets in {meeting.venue.split(',')[0]}",
                "date": meeting.start_date,
                "intro": (
                    f"The {ordinal} meeting of the Conference of the Parties to the Minamata Convention on Mercury "
                    f"({meeting.short_name}) meets in {meeting.venue}, from "
                    f"{records.date_range_text(meeting.start_date, meeting.end_date)}."
                ),
                "body": [],
                "countries": [],
                "areas": [],
                "articles": ["article-23"],
                "meeting": meeting.slug,
            }
        )
    items.append(
        {
            "slug": "2022-03-25-conference-of-the-parties-amends-annex-a",
            "title": "Conference of the Parties amends Annex A",
            "date": date(2022, 3, 25),
            "intro": (
                "At the second segment of its fourth meeting, in Bali, Indonesia, the Conference of the Parties "
                "adopted decision MC-4/3 on 25 March 2022, amending Annex A to the Convention."
            ),
            "body": [
                (
                    "paragraph",
                    "<p>Annex A lists the mercury-added products that Parties phase out under Article 4. The "
                    "depositary communicated the amendments to Annex A on 28 September 2022 (depositary "
                    "notification C.N.313.2022.TREATIES-XXVII.17).</p>",
                )
            ],
            "countries": [],
            "areas": ["mercury-added-products"],
            "articles": ["article-4", "article-27", "annex-a"],
            # MC-4/3 was adopted at the second segment of COP-4 (one meeting record, 2021–2022).
            "meeting": "cop-4",
        }
    )
    return items


def load_news(context, data):
    index = index_page(context, NewsIndexPage, "news", prose.NEWS_INDEX)
    terms = context.terms
    meetings = getattr(context, "meetings", None) or {}
    for item in news_items(data):
        meeting = None
        if item["meeting"]:
            meeting = meetings.get(item["meeting"])
            if meeting is None:
                raise SeedError(f"News pages: {item['slug']}: no meeting {item['meeting']!r} in the seed")
        context.upsert_page(
            "News pages",
            index,
            NewsPage,
            item["slug"],
            {
                "title": item["title"],
                "date": item["date"],
                "intro": item["intro"],
                "body": stream(item["body"]),
                "listing_summary": item["intro"],
                "meeting": meeting,
            },
            m2m={
                "countries": [terms.countries[code] for code in item["countries"]],
                "thematic_areas": [terms.areas[slug] for slug in item["areas"]],
                "articles": [terms.articles[slug] for slug in item["articles"]],
            },
        )
    context.report("News pages")

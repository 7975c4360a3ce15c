"""Meetings for people who attend them: news about a meeting, livestreams per language, the
registration link, and the schedule's "updated at" from the admin's edit view to the public page."""

import datetime
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from lxml import html

from hub import factories as hf
from hub.models import MeetingLivestream, MeetingPage, NewsPage

pytestmark = pytest.mark.django_db


def doc(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return html.fromstring(response.content.decode())


def text(element):
    return " ".join(element.text_content().split())


def alias(page, language_code):
    locale = Locale.objects.get(language_code=language_code)
    return page.copy_for_translation(locale, copy_parents=True, alias=True).specific


def upcoming_meeting(tree, **fields):
    """A meeting starting in ten days (the shared tree's COP-5 is over)."""
    start = timezone.localdate() + datetime.timedelta(days=10)
    values = {
        "short_name": "COP-9",
        "slug": "cop-9",
        "title": "Ninth meeting of the Conference of the Parties",
        "start_date": start,
        "end_date": start + datetime.timedelta(days=4),
    }
    values.update(fields)
    return hf.MeetingPageFactory(parent=tree.meeting_index, **values)


def with_streams(meeting, *streams):
    meeting.livestreams = [MeetingLivestream(language=code, url=url) for code, url in streams]
    meeting.save_revision().publish()
    return MeetingPage.objects.get(pk=meeting.pk)


# --- News about a meeting ------------------------------------------------------------------------
@pytest.fixture
def meeting_news(tree):
    """Two news items about COP-5 (one older), one about nothing, one about COP-5 unpublished."""
    t = tree
    older = hf.NewsPageFactory(
        parent=t.news_index, title="COP-5 opens in Geneva", slug="cop-5-opens", date=datetime.date(2023, 10, 30)
    )
    newer = hf.NewsPageFactory(
        parent=t.news_index,
        title="COP-5 closes with 20 decisions",
        slug="cop-5-closes",
        date=datetime.date(2023, 11, 4),
    )
    draft = hf.NewsPageFactory(parent=t.news_index, title="COP-5 draft news", slug="cop-5-draft")
    for page in (older, newer, draft):
        page.meeting = t.meeting
        page.save_revision().publish()
    draft.unpublish()
    return {"older": older, "newer": newer, "draft": draft}


def news_titles(document):
    section = document.xpath("//section[@aria-labelledby='news-heading']")
    return [text(a) for a in section[0].xpath(".//h3/a")] if section else []


def test_meeting_page_lists_its_live_news_newest_first(tree, client, meeting_news):
    document = doc(client, tree.meeting.url)
    assert news_titles(document) == ["COP-5 closes with 20 decisions", "COP-5 opens in Geneva"]
    heading = document.xpath("//h2[@id='news-heading']")[0]
    assert text(heading) == "News about COP-5"
    # The tree's other news item is about no meeting; the unpublished one is not shown.
    assert tree.news.title not in news_titles(document)


def test_meeting_without_news_has_no_news_section(tree, client):
    assert not doc(client, tree.meeting.url).xpath("//section[@aria-labelledby='news-heading']")


def test_news_page_links_to_its_meeting(tree, client, meeting_news):
    document = doc(client, meeting_news["newer"].url)
    line = document.xpath("//p[@class='news-meeting']")[0]
    assert text(line) == "About the meeting: COP-5"
    assert line.xpath(".//a/@href") == [tree.meeting.url]
    # News about no meeting say nothing about one.
    assert not doc(client, tree.news.url).xpath("//p[@class='news-meeting']")


def test_news_about_an_unpublished_meeting_has_no_link(tree, client, meeting_news):
    tree.meeting.unpublish()
    assert not doc(client, meeting_news["newer"].url).xpath("//p[@class='news-meeting']")


def test_french_meeting_lists_the_french_news_and_the_news_link_the_french_meeting(tree, client, meeting_news):
    meeting_fr = alias(tree.meeting, "fr")
    newer_fr = alias(meeting_news["newer"], "fr")
    # The alias keeps the English meeting link (fixed field): it is mapped to the French meeting.
    assert newer_fr.meeting_id == tree.meeting.pk
    document = doc(client, meeting_fr.url)
    section = document.xpath("//section[@aria-labelledby='news-heading']")[0]
    assert section.xpath(".//h3/a/@href") == [newer_fr.url]  # the older one has no French version yet
    line = doc(client, newer_fr.url).xpath("//p[@class='news-meeting']")[0]
    assert line.xpath(".//a/@href") == [meeting_fr.url]
    assert meeting_fr.url.startswith("/fr/")


def test_admin_offers_source_locale_meetings_only(tree, editor_client):
    meeting_fr = alias(tree.meeting, "fr")
    url = reverse("wagtailadmin_pages:edit", args=[tree.news.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    field = response.context["form"].fields["meeting"]
    assert list(field.queryset) == [tree.meeting]
    options = html.fromstring(response.content.decode()).xpath("//select[@name='meeting']/option/@value")
    assert str(tree.meeting.pk) in options and str(meeting_fr.pk) not in options

    # A French meeting posted anyway is refused on the field.
    response = editor_client.post(url, news_post_data(tree, meeting_fr))
    assert response.status_code == 200
    assert "meeting" in response.context["form"].errors
    assert NewsPage.objects.get(pk=tree.news.pk).meeting_id is None


def news_post_data(tree, meeting):
    """The edit form of the tree's news item as the admin posts it, published, about `meeting`."""
    data = nested_form_data(
        {
            "title": tree.news.title,
            "slug": tree.news.slug,
            "date": str(tree.news.date),
            "intro": tree.news.intro,
            "body": streamfield([]),
            "meeting": str(meeting.pk),
            "seo_title": "",
            "search_description": "",
            "listing_title": "",
            "listing_summary": "",
            "listing_image": "",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    data["thematic_areas"] = [str(tree.asgm.pk)]
    data["countries"] = [str(tree.kenya.pk)]
    return data


def test_admin_saves_the_meeting_link(tree, editor_client):
    data = news_post_data(tree, tree.meeting)
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[tree.news.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert NewsPage.objects.get(pk=tree.news.pk).meeting_id == tree.meeting.pk


# --- Livestreams per language --------------------------------------------------------------------
STREAMS = [
    ("floor", "https://stream.example.org/floor"),
    ("ar", "https://stream.example.org/ar"),
    ("en", "https://stream.example.org/en"),
    ("en", "https://stream.example.org/en-2"),
]


def stream_links(document):
    return document.xpath("//section[@aria-labelledby='live-heading']//a")


def test_livestreams_in_english_one_list_per_language(tree, client):
    meeting = with_streams(upcoming_meeting(tree), *STREAMS)
    document = doc(client, meeting.url)
    assert text(document.xpath("//h2[@id='live-heading']")[0]) == "Livestreams"
    items = document.xpath("//ul[@class='livestream-list']/li")
    # Floor first, then the UN languages in their order (English before Arabic), each language one item.
    assert [[a.get("href") for a in li.xpath("./a")] for li in items] == [
        ["https://stream.example.org/floor"],
        ["https://stream.example.org/en", "https://stream.example.org/en-2"],
        ["https://stream.example.org/ar"],
    ]
    floor, english, english_2, arabic = stream_links(document)
    assert floor.get("hreflang") is None
    assert text(floor) == "Watch the livestream: Floor (original)"
    assert english.get("hreflang") == "en" and english_2.get("hreflang") == "en"
    # English is the visitor's language: no second name; two channels are numbered.
    assert text(english) == "Watch the livestream: English (channel 1)"
    assert text(english_2) == "Watch the livestream: English (channel 2)"
    assert arabic.get("hreflang") == "ar"
    native = arabic.xpath(".//span[@class='livestream-native']")[0]
    assert (native.get("lang"), native.get("dir"), text(native)) == ("ar", "rtl", "العربية")
    assert text(arabic.xpath(".//span[@class='livestream-language']")[0]) == "Arabic"


def test_livestreams_in_arabic(tree, client):
    meeting = with_streams(upcoming_meeting(tree), ("ar", "https://stream.example.org/ar"), ("en", "https://e.org/en"))
    meeting_ar = alias(meeting, "ar")
    document = doc(client, meeting_ar.url)
    assert document.xpath("/html/@dir") == ["rtl"]
    english, arabic = stream_links(document)
    # Language names in the visitor's language (CLDR), the other language's own name marked up in it.
    assert text(english.xpath(".//span[@class='livestream-language']")[0]) == "الإنجليزية"
    native = english.xpath(".//span[@class='livestream-native']")[0]
    assert (native.get("lang"), native.get("dir"), text(native)) == ("en", "ltr", "English")
    assert english.get("hreflang") == "en"
    assert text(arabic.xpath(".//span[@class='livestream-language']")[0]) == "العربية"
    assert not arabic.xpath(".//span[@class='livestream-native']")
    assert arabic.get("hreflang") == "ar"


def test_no_livestream_section_without_streams(tree, client):
    document = doc(client, upcoming_meeting(tree).url)
    assert not document.xpath("//section[@aria-labelledby='live-heading']")


def test_no_livestream_section_once_the_meeting_is_over(tree, client):
    ended = timezone.localdate() - datetime.timedelta(days=1)
    meeting = with_streams(
        upcoming_meeting(tree, start_date=ended - datetime.timedelta(days=4), end_date=ended), *STREAMS
    )
    document = doc(client, meeting.url)
    assert not document.xpath("//section[@aria-labelledby='live-heading']")
    assert "stream.example.org" not in html.tostring(document, encoding="unicode")


def test_livestreams_show_while_the_meeting_runs(tree, client):
    today = timezone.localdate()
    meeting = with_streams(upcoming_meeting(tree, start_date=today, end_date=today), *STREAMS)
    assert len(stream_links(doc(client, meeting.url))) == 4


# --- Registration --------------------------------------------------------------------------------
REGISTER = "https://registration.example.org/cop-9"


def register_links(document):
    return document.xpath("//p[@class='meeting-register']/a")


def test_register_link_while_upcoming(tree, client):
    links = register_links(doc(client, upcoming_meeting(tree, registration_url=REGISTER).url))
    assert [link.get("href") for link in links] == [REGISTER]
    assert text(links[0]).startswith("Register")
    assert "button" in links[0].get("class")


def test_register_link_while_running(tree, client):
    today = timezone.localdate()
    meeting = upcoming_meeting(tree, registration_url=REGISTER, start_date=today - datetime.timedelta(days=1))
    assert len(register_links(doc(client, meeting.url))) == 1


def test_no_register_link_after_the_meeting_or_without_an_address(tree, client):
    tree.meeting.registration_url = REGISTER  # COP-5 ended in 2023
    tree.meeting.save_revision().publish()
    document = doc(client, tree.meeting.url)
    assert not register_links(document)
    assert REGISTER not in html.tostring(document, encoding="unicode")
    assert not register_links(doc(client, upcoming_meeting(tree).url))


# --- The schedule's "updated at", end to end through the admin ------------------------------------
T0 = datetime.datetime(2023, 10, 30, 7, 0, tzinfo=datetime.UTC)
T1 = datetime.datetime(2023, 10, 31, 9, 30, tzinfo=datetime.UTC)


def meeting_post_data(meeting, sessions, **overrides):
    """The edit form of `meeting` as the admin posts it, with `sessions` (dicts; `id` for existing ones)."""
    fields = {
        "title": meeting.title,
        "slug": meeting.slug,
        "meeting_kind": meeting.meeting_kind,
        "short_name": meeting.short_name,
        "start_date": str(meeting.start_date),
        "end_date": str(meeting.end_date),
        "venue": meeting.venue,
        "registration_url": meeting.registration_url,
        "summary": meeting.summary,
        "body": streamfield([]),
        "sessions": inline_formset(sessions, initial=meeting.sessions.count()),
        "livestreams": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "listing_title": "",
        "listing_summary": "",
        "listing_image": "",
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    fields.update(overrides)
    return nested_form_data(fields)


def session_row(session, **changes):
    row = {
        "id": str(session.pk),
        "date": str(session.date),
        "start_time": session.start_time.strftime("%H:%M") if session.start_time else "",
        "end_time": session.end_time.strftime("%H:%M") if session.end_time else "",
        "title": session.title,
        "room": session.room,
        "notes": session.notes,
    }
    row.update(changes)
    return row


def publish_through_admin(client, meeting, data, when):
    with mock.patch("hub.models.meetings.timezone.now", return_value=when):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[meeting.pk]), data)
    errors = response.context and response.context.get("form") and response.context["form"].errors
    assert response.status_code == 302, errors
    return MeetingPage.objects.get(pk=meeting.pk)


@pytest.fixture
def scheduled(tree):
    """COP-5 with its two sessions, their schedule last changed at T0."""
    MeetingPage.objects.filter(pk=tree.meeting.pk).update(schedule_fingerprint="")  # as if never stamped
    with mock.patch("hub.models.meetings.timezone.now", return_value=T0):
        tree.meeting.save_revision().publish()
    meeting = MeetingPage.objects.get(pk=tree.meeting.pk)
    assert meeting.schedule_updated_at == T0
    return meeting


def updated_line(document):
    return document.xpath("//p[contains(@class, 'schedule-updated')]/time")[0]


def schedule_rows(document):
    return [
        [text(cell) for cell in row.xpath("./td|./th")]
        for row in document.xpath("//table[contains(@class, 'schedule-table')]/tbody/tr")
    ]


def test_editor_changes_a_session_visitors_see_it_and_the_new_time(tree, editor_client, client, scheduled):
    opening, finance = sorted(scheduled.sessions.all(), key=lambda s: s.date)
    before = updated_line(doc(client, scheduled.url))
    assert before.get("datetime") == "2023-10-30T07:00:00+00:00"
    assert text(before) == "Schedule updated at 07:00 UTC on 30 October 2023"

    data = meeting_post_data(
        scheduled,
        [
            session_row(opening, start_time="11:30", end_time="13:00"),
            session_row(finance),
            {
                "date": "2023-10-31",
                "start_time": "15:00",
                "end_time": "18:00",
                "title": "Budget committee",
                "room": "Room 3",
                "notes": "Closed",
            },
        ],
    )
    published = publish_through_admin(editor_client, scheduled, data, T1)
    assert published.schedule_updated_at == T1

    document = doc(client, published.url)
    line = updated_line(document)
    assert line.get("datetime") == "2023-10-31T09:30:00+00:00"
    assert text(line) == "Schedule updated at 09:30 UTC on 31 October 2023"
    rows = schedule_rows(document)
    assert ["11:30–13:00", "Opening plenary", "Room 1", ""] in rows
    assert ["15:00–18:00", "Budget committee", "Room 3", "Closed"] in rows
    # Sessions are listed by day and time, whatever order they were added in.
    assert [row[1] for row in rows] == ["Opening plenary", "Contact group on finance", "Budget committee"]


def test_saving_without_schedule_change_keeps_the_time(tree, editor_client, client, scheduled):
    sessions = sorted(scheduled.sessions.all(), key=lambda s: s.date)
    data = meeting_post_data(scheduled, [session_row(s) for s in sessions], venue="Bali, Indonesia")
    published = publish_through_admin(editor_client, scheduled, data, T1)
    assert published.venue == "Bali, Indonesia"
    assert published.schedule_updated_at == T0
    assert text(updated_line(doc(client, published.url))) == "Schedule updated at 07:00 UTC on 30 October 2023"


def test_a_draft_of_a_new_time_does_not_reach_visitors(tree, editor_client, client, scheduled):
    opening, finance = sorted(scheduled.sessions.all(), key=lambda s: s.date)
    data = meeting_post_data(scheduled, [session_row(opening, start_time="08:00"), session_row(finance)])
    del data["action-publish"]
    with mock.patch("hub.models.meetings.timezone.now", return_value=T1):
        response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[scheduled.pk]), data)
    assert response.status_code == 302
    document = doc(client, scheduled.url)
    assert text(updated_line(document)) == "Schedule updated at 07:00 UTC on 30 October 2023"
    assert ["10:00–13:00", "Opening plenary", "Room 1", ""] in schedule_rows(document)


def test_aliases_follow_the_schedule(tree, editor_client, client, scheduled):
    meeting_fr = alias(scheduled, "fr")
    opening, finance = sorted(scheduled.sessions.all(), key=lambda s: s.date)
    data = meeting_post_data(scheduled, [session_row(opening, start_time="11:30"), session_row(finance)])
    publish_through_admin(editor_client, scheduled, data, T1)
    document = doc(client, meeting_fr.url)
    assert updated_line(document).get("datetime") == "2023-10-31T09:30:00+00:00"
    assert any(row[0].startswith("11:30") for row in schedule_rows(document))


# --- The seed's news about meetings ---------------------------------------------------------------
def test_seeded_news_about_meetings_name_seeded_meetings():
    from hub.seed import records
    from hub.seed.context import SeedContext
    from hub.seed.news import news_items

    data = records.parse_all(SeedContext())
    linked = {item["slug"]: item["meeting"] for item in news_items(data) if item["meeting"]}
    assert linked == {
        "2023-10-30-cop-5-meets-in-geneva": "cop-5",
        "2025-11-03-cop-6-meets-in-geneva": "cop-6",
        "2022-03-25-conference-of-the-parties-amends-annex-a": "cop-4",
    }
    assert set(linked.values()) <= {meeting.slug for meeting in data.meetings}


def test_publishing_an_older_draft_that_changes_the_schedule_back_moves_the_time(tree, scheduled):
    t2 = datetime.datetime(2023, 11, 1, 12, 15, tzinfo=datetime.UTC)
    old_draft = scheduled.save_revision()  # drafted while the schedule was as at T0
    changed = MeetingPage.objects.get(pk=scheduled.pk)
    session = changed.sessions.first()
    session.room = "Plenary hall"
    changed.sessions = [session, *list(changed.sessions.all())[1:]]
    with mock.patch("hub.models.meetings.timezone.now", return_value=T1):
        changed.save_revision().publish()
    assert MeetingPage.objects.get(pk=scheduled.pk).schedule_updated_at == T1
    # The old draft carries T0 and the old rooms: publishing it changes what visitors see, now.
    with mock.patch("hub.models.meetings.timezone.now", return_value=t2):
        old_draft.publish()
    assert MeetingPage.objects.get(pk=scheduled.pk).schedule_updated_at == t2

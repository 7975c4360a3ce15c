"""A meeting's live schedule in a real browser: an editor changes it in the Wagtail admin, a
visitor sees the new session, the new time and when the schedule last changed.

The visitor reads the page as it is served (there is no polling endpoint: the schedule is
server-rendered and a reload shows the published state). A publish that leaves the sessions as
they were keeps the "updated at" line as it was.
"""

import datetime
import re
from unittest import mock

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from hub import factories as hf
from hub.models import MeetingLivestream, MeetingPage

from ..builders import build_home_site, clear_caches
from .editor import wait_until_the_editor_watches

PASSWORD = "a long browser test password"
EDITOR = "schedule-editor"
TITLE = "Seventh meeting of the Conference of the Parties"
NEW_SESSION = "Contact group on mercury waste thresholds"


@pytest.fixture
def meeting(live_server, django_db_serialized_rollback, django_user_model):
    """An upcoming COP with two sessions, its schedule last changed yesterday at 07:00 UTC."""
    home = build_home_site().root_page.specific
    index = hf.MeetingIndexPageFactory(parent=home)
    start = timezone.localdate() + datetime.timedelta(days=14)
    changed = datetime.datetime.combine(
        timezone.localdate() - datetime.timedelta(days=1), datetime.time(7, 0), tzinfo=datetime.UTC
    )
    with mock.patch("hub.models.meetings.timezone.now", return_value=changed):
        page = hf.MeetingPageFactory(
            parent=index,
            short_name="COP-7",
            slug="cop-7",
            title=TITLE,
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            sessions=[
                hf.meeting_session(start, "Opening plenary", start=(10, 0), end=(13, 0), room="Room 1"),
                hf.meeting_session(start, "Contact group on finance", start=(15, 0), end=(18, 0), room="Room 2"),
            ],
        )
    page.registration_url = "https://registration.example.org/cop-7"
    page.livestreams = [
        MeetingLivestream(language="floor", url="https://stream.example.org/floor"),
        MeetingLivestream(language="ar", url="https://stream.example.org/ar"),
    ]
    with mock.patch("hub.models.meetings.timezone.now", return_value=changed):
        page.save_revision().publish()
    django_user_model.objects.create_superuser(EDITOR, "schedule-editor@example.org", PASSWORD)
    clear_caches()
    return {"base": live_server.url, "page": page, "start": start, "changed": changed}


def rows(page):
    """The schedule as the visitor reads it: one list of cell texts per session."""
    return [
        [" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()]
        for row in page.locator(".schedule-table tbody tr").all()
    ]


def updated_at(page):
    line = page.locator(".schedule-updated time")
    return line.inner_text().strip(), line.get_attribute("datetime")


def log_in(page):
    page.goto("/admin/login/")
    page.fill("#id_username", EDITOR)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def publish(page):
    """Publish from the editor's footer (Wagtail 8 puts it under the "More actions" toggle).

    A date or time field's picker (xdsoft) stays open after typing until something else is
    clicked, and can cover the footer on a slow machine: the title field is clicked first. On
    the loaded CI machine a picker once opened only after that click (its focus handler runs
    late), so the click is repeated until no picker shows.
    """
    pickers = page.locator(".xdsoft_datetimepicker:visible")
    for _attempt in range(5):
        page.locator("#id_title").click()
        try:
            expect(pickers).to_have_count(0, timeout=3_000)
            break
        except AssertionError:
            continue
    expect(pickers).to_have_count(0)
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer").get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(f"Page '{TITLE}' has been published.")


def test_editor_changes_the_schedule_visitors_see_it_with_its_time(browser, meeting, screenshot_dir):
    base, pk, start = meeting["base"], meeting["page"].pk, meeting["start"]
    url = meeting["page"].url
    options = {"base_url": base, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}
    editor, visitor = browser.new_context(**options), browser.new_context(**options)
    for context in (editor, visitor):
        context.set_default_timeout(30_000)
    admin, public = editor.new_page(), visitor.new_page()
    try:
        # Before: the visitor sees the schedule as published yesterday.
        assert public.goto(url).status == 200
        expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
        text, stamp = updated_at(public)
        assert text == f"Schedule updated at 07:00 UTC on {meeting['changed'].day} {meeting['changed']:%B %Y}"
        assert stamp == meeting["changed"].isoformat()
        assert ["10:00–13:00", "Opening plenary", "Room 1", ""] in rows(public)
        # Before the meeting: a prominent link to register and the livestreams per language.
        register = public.get_by_role("link", name=re.compile(r"^Register"))
        expect(register).to_have_attribute("href", "https://registration.example.org/cop-7")
        arabic = public.get_by_role("link", name="Watch the livestream: Arabic العربية")
        expect(arabic).to_have_attribute("hreflang", "ar")
        expect(arabic.locator("[lang=ar]")).to_have_text("العربية")

        # The editor moves the opening and adds a session, then publishes.
        began = timezone.now().replace(microsecond=0)
        log_in(admin)
        admin.goto(f"/admin/pages/{pk}/edit/")
        wait_until_the_editor_watches(admin)
        admin.fill("#id_sessions-0-start_time", "11:30")
        admin.get_by_role("button", name="Add session").click()
        # The context's 30 s, not expect's 5 s: on the loaded CI machine (two suites and their
        # servers on two cores) the new form once took longer than 5 s to appear.
        expect(admin.locator("#id_sessions-2-date")).to_be_attached(timeout=30_000)
        admin.fill("#id_sessions-2-date", start.isoformat())
        admin.fill("#id_sessions-2-start_time", "08:00")
        admin.fill("#id_sessions-2-end_time", "09:30")
        admin.fill("#id_sessions-2-title", NEW_SESSION)
        admin.fill("#id_sessions-2-room", "Room 3")
        publish(admin)
        saved = MeetingPage.objects.get(pk=pk)
        assert saved.sessions.count() == 3
        assert saved.schedule_updated_at >= began

        # After: a reload shows the new time, the new session (in time order) and the new stamp.
        public.reload()
        assert [row[:2] for row in rows(public)] == [
            ["08:00–09:30", NEW_SESSION],
            ["11:30–13:00", "Opening plenary"],
            ["15:00–18:00", "Contact group on finance"],
        ]
        text, stamp = updated_at(public)
        assert datetime.datetime.fromisoformat(stamp) >= began
        assert stamp == saved.schedule_updated_at.astimezone(datetime.UTC).isoformat()
        assert text == f"Schedule updated at {saved.schedule_updated_at.astimezone(datetime.UTC):%H:%M} UTC on " + (
            f"{saved.schedule_updated_at.astimezone(datetime.UTC).day} "
            f"{saved.schedule_updated_at.astimezone(datetime.UTC):%B %Y}"
        )
        public.screenshot(path=str(screenshot_dir / "meeting-schedule-updated.png"), full_page=True)

        # Publishing other changes (the venue) leaves the schedule's time as it was.
        admin.goto(f"/admin/pages/{pk}/edit/")
        admin.fill("#id_venue", "Bali International Convention Centre")
        publish(admin)
        public.reload()
        expect(public.locator("main")).to_contain_text("Bali International Convention Centre")
        assert updated_at(public) == (text, stamp)
    finally:
        editor.close()
        visitor.close()

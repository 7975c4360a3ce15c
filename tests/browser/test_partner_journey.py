"""Issue #10's journey in a real browser: a partner contributes, a knowledge manager reviews.

A partner user adds a resource in their organisation's contribution space through Wagtail's own
add-page form (a French PDF uploaded through the document chooser, both library collections)
and submits it with a note; a knowledge manager requests changes with a comment; the partner
sees it on their dashboard, edits and resubmits; the manager approves. Then a visitor finds the
resource on the Minamata library, on the GMP hub's library (host gmp.localhost), on the
partner's profile, and the Arabic profile reads right to left.

At each step the test checks what the person sees and what the database and the outbox hold
(the live server runs in a thread of this process, so Django's locmem outbox is shared).
"""

import re
from urllib.parse import urlsplit

from django.core import mail

import pytest
from playwright.sync_api import expect

from hub import factories as hf
from library import factories as lf
from library.models import LibraryCollection, ResourcePage
from partners import spaces
from partners.models import Organisation, PartnerIndexPage, ReviewNote

from ..builders import GMP_HOST, build_home_site, clear_caches, partner_user, pdf_bytes
from .editor import wait_until_the_editor_watches

PASSWORD = "a long browser test password"
PARTNER, PARTNER_EMAIL = "amina", "amina@zmwg.example"
MANAGER, MANAGER_EMAIL = "kofi", "kofi@mercury.example"
ORGANISATION = "Zero Mercury Working Group"
TITLE = "Mercury-free dentistry: a guide for clinics"
IDENTIFIER = "zmwg-dentistry-guide-2024"
FRENCH_PDF = "dentisterie-sans-mercure-fr.pdf"
FRENCH_TITLE = "Dentisterie sans mercure (français)"
SUBMISSION_NOTE = "French edition of our clinic guide, for the Minamata library and the GMP hub."
CHANGES_COMMENT = "Please add a summary that says which countries the guide was tested in."
REVISED_SUMMARY = "Tested with clinics in Kenya, Senegal and the Philippines."
RESUBMISSION_NOTE = "Summary added as asked."


@pytest.fixture
def journey(live_server, django_db_serialized_rollback, django_user_model):
    """Both hubs with their libraries, a partner directory, one organisation (its space is created
    with it), one of its users and one knowledge manager; nothing contributed yet."""
    from wagtail.models import Site

    home = build_home_site().root_page.specific
    minamata = LibraryCollection.objects.create(name="Minamata Convention library", slug="minamata")
    gmp = LibraryCollection.objects.create(name="GMP knowledge hub", slug="gmp")
    lf.LibraryIndexPageFactory(parent=home, collection=minamata)
    home.add_child(instance=PartnerIndexPage(title="Partners", slug="partners"))
    gmp_home = hf.GMPHomePageFactory(parent=home.get_parent())
    Site.objects.create(hostname=GMP_HOST, port=80, root_page=gmp_home, site_name="GMP")
    lf.LibraryIndexPageFactory(parent=gmp_home, collection=gmp, title="Partnership library")
    hf.ResourceTypeFactory(slug="guidance", name="Guidance")

    organisation = Organisation.objects.create(name=ORGANISATION, slug="zmwg", acronym="ZMWG", kind="ngo")
    partner_user(organisation, PARTNER, PARTNER_EMAIL, PASSWORD, first_name="Amina")
    manager = django_user_model.objects.create_user(MANAGER, MANAGER_EMAIL, PASSWORD, first_name="Kofi")
    manager.groups.add(spaces.knowledge_managers_group())
    clear_caches()
    return {
        "base": live_server.url,
        "organisation": organisation,
        "space": spaces.space_of(organisation),
        "collection": spaces.collection_of(organisation),
        "collections": {minamata.pk: "minamata", gmp.pk: "gmp"},
    }


# --- What a person does in the admin -----------------------------------------------------------


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def log_out(page):
    page.locator(".sidebar-footer__account").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/admin/login/"))


def open_tab(page, name):
    page.get_by_role("tab", name=name, exact=True).click()


def footer_action(page, name):
    """A button of the editor's footer menu (under "More actions")."""
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer").get_by_role("button", name=name, exact=isinstance(name, str)).click()


def fill_and_wait_for_autosave(page, selector, text):
    """Fills a field and, where Wagtail 8 autosaves the editor, waits until that change is saved.

    On the add form the first autosave creates the page and points the form at its edit view;
    submitting while an autosave is in flight would post the add form a second time (its slug
    and identifier then clash), so the partner, like a person, waits for "Saved"."""
    indicator = page.locator("#w-autosave-indicator")
    if not indicator.count():
        page.fill(selector, text)
        return
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.fill(selector, text)
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")


def choose_snippet(page, field, label):
    page.locator(f"#{field}-chooser [data-chooser-action-choose]").first.click()
    modal = page.locator(".modal")
    modal.get_by_role("link", name=label, exact=True).click()
    expect(page.locator(f"#{field}-title")).to_have_text(label)
    expect(modal).to_be_hidden()


def upload_file(page, prefix, filename, title, data):
    """Adds a row to an inline panel of files and uploads `data` through the document chooser."""
    page.locator(f"#id_{prefix.rsplit('-', 1)[0]}-ADD").click()
    page.locator(f"#id_{prefix}-document-chooser [data-chooser-action-choose]").first.click()
    modal = page.locator(".modal")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files({"name": filename, "mimeType": "application/pdf", "buffer": data})
    # The chooser fills the title in from the file name; the partner then gives a better one.
    title_field = modal.get_by_label("Title")
    expect(title_field).to_have_value(filename.rsplit(".", 1)[0])
    title_field.fill(title)
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden()
    expect(page.locator(f"#id_{prefix}-document-title")).to_have_text(title)


def contributions_panel(page):
    """The partner's dashboard panel (partners/admin/review.py)."""
    return page.get_by_role("region", name=f"Your organisation's contributions: {ORGANISATION}")


def dashboard_row(page, title):
    return contributions_panel(page).locator("tr", has_text=title)


def only_message(recipient):
    """The one e-mail sent to `recipient` since the outbox was last emptied."""
    messages = [message for message in mail.outbox if recipient in message.to]
    assert len(messages) == 1, [(message.to, message.subject) for message in mail.outbox]
    return messages[0]


def review_link_path(message):
    """The admin path of the "Review it here" link of a reviewer's e-mail (its host is the configured base URL)."""
    match = re.search(r"Review it here[^:]*: (\S+)", message.body)
    assert match, message.body
    return urlsplit(match.group(1)).path


# --- The journey --------------------------------------------------------------------------------


def partner_adds_and_submits(page, journey):
    log_in(page, PARTNER)
    panel = contributions_panel(page)
    expect(panel).to_contain_text("Your organisation has not contributed any resource yet.")
    panel.get_by_role("link", name="Add a resource").click()
    page.wait_for_url(re.compile(rf"/admin/pages/add/library/resourcepage/{journey['space'].pk}/$"))
    # A partner saves drafts and submits them; publishing is not theirs to do.
    expect(page.locator("footer").get_by_role("button", name=re.compile("Publish"))).to_have_count(0)
    wait_until_the_editor_watches(page)
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "How dental clinics replace amalgam and handle their mercury waste.")
    open_tab(page, "Publication")
    page.fill("#id_identifier", IDENTIFIER)
    choose_snippet(page, "id_resource_type", "Guidance")
    open_tab(page, "Files")
    french_pdf = pdf_bytes("Dentisterie sans mercure", "Guide pour les cliniques")
    upload_file(page, "files-0", FRENCH_PDF, FRENCH_TITLE, french_pdf)
    page.select_option("#id_files-0-language", "fr")
    open_tab(page, "Classification")
    page.select_option("#id_collections", [str(pk) for pk in journey["collections"]])
    open_tab(page, "Review")
    fill_and_wait_for_autosave(page, "#id_submission_note", SUBMISSION_NOTE)
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    footer_action(page, re.compile(r"^Submit to "))
    expect(page.locator(".messages")).to_contain_text(f"Page '{TITLE}' has been submitted for moderation.")

    (resource,) = ResourcePage.objects.filter(identifier=IDENTIFIER)
    assert resource.get_parent().pk == journey["space"].pk and not resource.live
    assert resource.contributed_by == journey["organisation"] and resource.provenance == "partner"
    draft = resource.get_latest_revision_as_object()
    assert {journey["collections"][c.pk] for c in draft.collections.all()} == {"minamata", "gmp"}
    (french,) = draft.files.all()
    assert french.language == "fr" and french.document.title == FRENCH_TITLE
    assert french.document.collection == journey["collection"]
    with french.document.file.open("rb") as stored:
        assert stored.read() == french_pdf
    state = resource.current_workflow_state
    assert state is not None and state.status == state.STATUS_IN_PROGRESS
    assert list(ReviewNote.objects.filter(page=resource).values_list("kind", "text")) == [
        (ReviewNote.Kind.SUBMITTED, SUBMISSION_NOTE)
    ]
    to_manager = only_message(MANAGER_EMAIL)
    assert to_manager.subject == f'Contribution to review: "{TITLE}"'
    assert SUBMISSION_NOTE in to_manager.body and ORGANISATION in to_manager.body
    assert len(mail.outbox) == 1, "the partner is not told of their own submission"
    page.goto("/admin/")
    expect(dashboard_row(page, TITLE)).to_contain_text("In review")
    log_out(page)
    return resource, state


def manager_requests_changes(page, resource, state):
    log_in(page, MANAGER)
    awaiting = page.get_by_role("region", name="Awaiting your review").locator("tr", has_text=TITLE)
    expect(awaiting).to_contain_text("Amina")
    awaiting.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(rf"/admin/pages/{resource.pk}/edit/$"))
    open_tab(page, "Review")
    expect(page.get_by_role("list", name="Review conversation")).to_contain_text(SUBMISSION_NOTE)
    footer_action(page, "Request changes")
    modal = page.locator(".modal")
    modal.get_by_label("Comment").fill(CHANGES_COMMENT)
    modal.get_by_role("button", name="Request changes").click()
    # Wagtail's editor confirms a reviewer's action as an update of the page.
    expect(page.locator(".messages")).to_contain_text(f"Page '{TITLE}' has been updated.")

    state.refresh_from_db()
    assert state.status == state.STATUS_NEEDS_CHANGES
    resource.refresh_from_db()
    assert not resource.live
    changes = ReviewNote.objects.get(page=resource, kind=ReviewNote.Kind.CHANGES_REQUESTED)
    assert changes.text == CHANGES_COMMENT and changes.author.username == MANAGER
    to_partner = only_message(PARTNER_EMAIL)
    assert to_partner.subject == f'Changes requested to your contribution "{TITLE}"'
    assert CHANGES_COMMENT in to_partner.body and len(mail.outbox) == 1
    log_out(page)


def partner_edits_and_resubmits(page, resource, state):
    log_in(page, PARTNER)
    row = dashboard_row(page, TITLE)
    expect(row).to_contain_text("Changes requested")
    expect(row).to_contain_text(CHANGES_COMMENT)
    row.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(rf"/admin/pages/{resource.pk}/edit/$"))
    open_tab(page, "Review")
    expect(page.get_by_role("list", name="Review conversation")).to_contain_text(CHANGES_COMMENT)
    page.fill("#id_submission_note", RESUBMISSION_NOTE)
    open_tab(page, "Content")
    page.fill("#id_summary", REVISED_SUMMARY)
    footer_action(page, re.compile(r"^Resubmit to "))
    expect(page.locator(".messages")).to_contain_text(f"Page '{TITLE}' has been submitted for moderation.")

    state.refresh_from_db()
    assert state.status == state.STATUS_IN_PROGRESS
    resource.refresh_from_db()
    assert not resource.live
    assert resource.get_latest_revision_as_object().summary == REVISED_SUMMARY
    assert ReviewNote.objects.filter(page=resource, kind=ReviewNote.Kind.SUBMITTED, text=RESUBMISSION_NOTE).exists()
    to_manager = only_message(MANAGER_EMAIL)
    assert RESUBMISSION_NOTE in to_manager.body and len(mail.outbox) == 1
    page.goto("/admin/")
    expect(dashboard_row(page, TITLE)).to_contain_text("In review")
    log_out(page)
    return to_manager


def manager_approves(page, resource, state, review_request):
    log_in(page, MANAGER)
    # This time the manager follows the link in the e-mail.
    page.goto(review_link_path(review_request))
    expect(page.locator("#id_summary")).to_have_value(REVISED_SUMMARY)
    footer_action(page, "Approve and Publish")
    expect(page.locator(".messages")).to_contain_text(f"Page '{TITLE}' has been updated.")

    resource.refresh_from_db()
    assert resource.live and resource.summary == REVISED_SUMMARY
    state.refresh_from_db()
    assert state.status == state.STATUS_APPROVED
    assert only_message(PARTNER_EMAIL).subject == f'Your contribution "{TITLE}" has been approved'
    conversation = ReviewNote.objects.filter(page=resource).order_by("created_at", "pk")
    assert [(note.kind, note.author.username) for note in conversation] == [
        (ReviewNote.Kind.SUBMITTED, PARTNER),
        (ReviewNote.Kind.CHANGES_REQUESTED, MANAGER),
        (ReviewNote.Kind.SUBMITTED, PARTNER),
        (ReviewNote.Kind.APPROVED, MANAGER),
    ]
    log_out(page)
    log_in(page, PARTNER)
    expect(dashboard_row(page, TITLE)).to_contain_text("Published")
    log_out(page)


def visitor_sees_nothing_unreviewed(visitor, resource):
    """Before the approval: no listing names the contribution and its address is not found."""
    response = visitor.goto("/en/library/")
    assert response.status == 200
    expect(visitor.locator("main")).not_to_contain_text(TITLE)
    assert visitor.goto(urlsplit(resource.get_url()).path).status == 404
    visitor.goto("/en/partners/zmwg/")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(ORGANISATION)
    expect(visitor.locator("main")).not_to_contain_text(TITLE)


def visitor_finds_it_everywhere(visitor, base, screenshot_dir):
    visitor.goto("/en/library/")
    visitor.get_by_role("link", name=TITLE).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator("main")).to_contain_text(REVISED_SUMMARY)
    expect(visitor.locator("main")).to_contain_text("Partner contribution")
    french = visitor.get_by_role("link", name=re.compile(r"^Download \(French, PDF"))
    expect(french).to_have_attribute("hreflang", "fr")
    contributed_by = visitor.locator("dt", has_text="Contributed by").locator("xpath=following-sibling::dd[1]")
    expect(contributed_by).to_have_text(ORGANISATION)
    contributed_by.get_by_role("link", name=ORGANISATION).click()
    visitor.wait_for_url(re.compile(r"/en/partners/zmwg/$"))
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(ORGANISATION)
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()

    # The GMP hub is another Site on the same server: Chromium resolves *.localhost to loopback.
    visitor.goto(f"http://{GMP_HOST}:{urlsplit(base).port}/en/library/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Partnership library")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()

    assert visitor.goto(f"{base}/ar/partners/zmwg/").status == 200
    expect(visitor.locator("html")).to_have_attribute("dir", "rtl")
    expect(visitor.locator("html")).to_have_attribute("lang", "ar")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(ORGANISATION)
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    visitor.screenshot(path=str(screenshot_dir / "partner-journey-arabic-profile.png"), full_page=True)


def test_a_partner_contributes_a_manager_reviews_and_visitors_find_it(browser, journey, screenshot_dir):
    base = journey["base"]
    options = {"base_url": base, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}
    admin, public = browser.new_context(**options), browser.new_context(**options)
    admin.set_default_timeout(20_000)
    public.set_default_timeout(20_000)
    page, visitor = admin.new_page(), public.new_page()
    step = "partner submits"
    try:
        resource, state = partner_adds_and_submits(page, journey)
        step = "visitor before review"
        visitor_sees_nothing_unreviewed(visitor, resource)
        step = "manager requests changes"
        mail.outbox.clear()
        manager_requests_changes(page, resource, state)
        step = "partner resubmits"
        mail.outbox.clear()
        review_request = partner_edits_and_resubmits(page, resource, state)
        step = "visitor before approval"
        visitor_sees_nothing_unreviewed(visitor, resource)
        step = "manager approves"
        mail.outbox.clear()
        manager_approves(page, resource, state, review_request)
        step = "visitor"
        clear_caches()
        visitor_finds_it_everywhere(visitor, base, screenshot_dir)
    except Exception:
        name = f"partner-journey-failed-{step.replace(' ', '-')}"
        for shown, prefix in ((page, "admin"), (visitor, "visitor")):
            shown.screenshot(path=str(screenshot_dir / f"{name}-{prefix}.png"), full_page=True)
        raise
    finally:
        admin.close()
        public.close()

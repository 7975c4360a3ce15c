"""The site in a real browser: a visitor's journey, the admin, screenshots, weight, origins.

One test loads the content (the real seed when `load_seed_content` exists, else factories)
and checks each concern as a subtest, so the slow seed runs once per database.
"""

import gzip
import json
import re
from urllib.parse import urlsplit

from django.core.management import call_command, get_commands
from django.utils.text import slugify

import pytest
from playwright.sync_api import expect

from ..builders import build_home_site, build_tree, clear_caches

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BUDGET_BYTES = 150_000  # HTML + CSS + JS + fonts, each gzipped at level 6
COUNTED_TYPES = {"document", "stylesheet", "script", "font"}
ADMIN_USER, ADMIN_PASSWORD = "browser-editor", "a long browser test password"
ARABIC = re.compile(r"[\u0600-\u06ff]")
CJK = re.compile(r"[\u4e00-\u9fff]")

PAGE_TYPES = [
    ("hub", "HomePage"),
    ("hub", "PillarPage"),
    ("hub", "TopicPage"),
    ("hub", "ThematicAreaIndexPage"),
    ("hub", "ThematicAreaPage"),
    ("hub", "CountryIndexPage"),
    ("hub", "CountryProfilePage"),
    ("hub", "MeetingIndexPage"),
    ("hub", "MeetingPage"),
    ("hub", "MeetingParticipantsPage"),
    ("hub", "EventIndexPage"),
    ("hub", "EventPage"),
    ("hub", "NewsIndexPage"),
    ("hub", "NewsPage"),
    ("hub", "StandardPage"),
    ("library", "LibraryIndexPage"),
    ("library", "ResourcePage"),
]
# The Global Mercury Partnership hub is a second Site (gmp.localhost, which Chromium resolves to
# the loopback address); its pages are looked at when the content has that site.
GMP_PAGE_TYPES = [("hub", "GMPHomePage"), ("hub", "GMPAreaPage")]


def load_content():
    """The real seed content if its command exists, otherwise the factory tree. Returns the source."""
    if "load_seed_content" in get_commands():
        call_command("load_seed_content", verbosity=0)
        clear_caches()
        return "seed"
    build_tree(build_home_site().root_page.specific)
    return "factories"


def english(model):
    from wagtail.models import Locale

    return model.objects.live().filter(locale=Locale.objects.get(language_code="en")).order_by("path")


def path_of(page):
    """The page's path: its URL is absolute once a second Site (the GMP hub) exists."""
    return urlsplit(page.get_url()).path


def site_facts():
    """Everything the browser steps need from the database, read before the browser starts."""
    from django.apps import apps

    from hub.models import CountryIndexPage, CountryProfilePage, MeetingPage, PillarPage, ThematicAreaPage

    def described(pages):
        return [{"url": path_of(page), "title": page.title} for page in pages]

    facts = {
        "pillars": described(english(PillarPage).public()),
        "areas": described(english(ThematicAreaPage).public()),
        "parties": described(english(CountryProfilePage).public()),
        "meetings": described(english(MeetingPage).public()),
        "party_index": path_of(english(CountryIndexPage).public().first()),
        "samples": {},
    }
    for app_label, name in PAGE_TYPES:
        page = english(apps.get_model(app_label, name)).first()
        assert page is not None, f"no live English {name} to look at"
        heading = page.specific.hero_heading if name == "HomePage" else page.title
        facts["samples"][name] = {"url": path_of(page), "title": heading}
    facts["gmp_samples"] = {}
    for app_label, name in GMP_PAGE_TYPES:
        page = english(apps.get_model(app_label, name)).first()
        site = page and page.get_site()
        if page is None or site is None or site.is_default_site:
            continue
        heading = page.specific.hero_heading if name == "GMPHomePage" else page.title
        facts["gmp_samples"][name] = {"host": site.hostname, "path": path_of(page), "title": heading}
    return facts


@pytest.fixture
def loaded_site(live_server, django_db_serialized_rollback, django_user_model):
    source = load_content()
    django_user_model.objects.create_superuser(ADMIN_USER, "browser@example.org", ADMIN_PASSWORD)
    return {"base": live_server.url, "source": source, **site_facts()}


class Recorder:
    """Every request a page makes, and the gzipped weight of what it loads."""

    def __init__(self, page):
        self.requests = []
        self.responses = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("response", lambda response: self.responses.append(response))

    def reset(self):
        self.requests.clear()
        self.responses.clear()

    def foreign(self, also=()):
        allowed = {"127.0.0.1", *also}
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob", "about"} and urlsplit(url).hostname not in allowed
        ]

    def weight(self):
        total, parts = 0, []
        for response in self.responses:
            if response.request.resource_type not in COUNTED_TYPES or response.status != 200:
                continue
            size = len(gzip.compress(response.body(), compresslevel=6))
            total += size
            parts.append((size, response.url))
        return total, sorted(parts, reverse=True)


def visit(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    return response


def click_link_to(page, candidates, menu_path=None):
    """Click a link to one of `candidates` (dicts with url/title); open the menu or follow
    `menu_path` (an index URL reached from the menu) when the current page has none."""
    for candidate in candidates:
        link = page.locator(f'a[href="{candidate["url"]}"]').first
        if link.count():
            if not link.is_visible():
                summary = link.locator("xpath=ancestor::details[1]/summary")
                if summary.count():
                    summary.click()
            if link.is_visible():
                link.click()
                page.wait_for_load_state("load")
                return candidate
    if menu_path:
        click_link_to(page, [{"url": menu_path, "title": ""}])
        return click_link_to(page, candidates)
    raise AssertionError(f"no visible link to any of {[c['url'] for c in candidates[:5]]} on {page.url}")


def assert_heading(page, title):
    expect(page.locator("h1").first).to_contain_text(title)


def test_site_in_a_browser(browser, loaded_site, screenshot_dir, subtests):
    site = loaded_site
    base = site["base"]
    assert urlsplit(base).hostname == "127.0.0.1"
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", base_url=base)
    page = context.new_page()
    recorder = Recorder(page)
    try:
        with subtests.test("visitor journey: home, pillar, thematic area, Party, meeting"):
            visit(page, "/en/")
            expect(page.locator("h1").first).to_be_visible()
            pillar = click_link_to(page, site["pillars"])
            assert_heading(page, pillar["title"])
            area = click_link_to(page, site["areas"], menu_path=site["samples"]["ThematicAreaIndexPage"]["url"])
            assert_heading(page, area["title"])
            party = click_link_to(page, site["parties"], menu_path=site["party_index"])
            assert_heading(page, party["title"])
            meeting = click_link_to(page, site["meetings"], menu_path=site["samples"]["MeetingIndexPage"]["url"])
            assert_heading(page, meeting["title"])

        with subtests.test("page weight and origins: home and the Party index"):
            weights = {}
            for url in ("/en/", site["party_index"]):
                recorder.reset()
                visit(page, url)
                page.wait_for_load_state("networkidle")
                total, parts = recorder.weight()
                weights[url] = {"gzipped_bytes": total, "budget": BUDGET_BYTES, "resources": parts}
                (screenshot_dir.parent / "page-weight.json").write_text(json.dumps(weights, indent=2))
                assert total <= BUDGET_BYTES, f"{url} weighs {total} bytes gzipped: {parts[:5]}"
                assert recorder.foreign() == [], f"{url} loaded from outside 127.0.0.1"
                assert any(kind == "stylesheet" for kind in [r.request.resource_type for r in recorder.responses]), (
                    f"{url} loaded no stylesheet"
                )

        with subtests.test("admin: log in and see the dashboard"):
            visit(page, "/admin/")
            assert "/admin/login/" in page.url
            page.fill("#id_username", ADMIN_USER)
            page.fill("#id_password", ADMIN_PASSWORD)
            page.locator("form button[type=submit], form input[type=submit]").first.click()
            page.wait_for_load_state("load")
            assert urlsplit(page.url).path == "/admin/"
            expect(page).to_have_title(re.compile("Dashboard"))
            expect(page.locator("main, #main").first).to_be_visible()

        with subtests.test("screenshots of every page type, phone and desktop; nothing from outside"):
            # Logged in as a superuser, so the participants' area opens too.
            for viewport_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                page.set_viewport_size(viewport)
                for name, sample in site["samples"].items():
                    recorder.reset()
                    visit(page, sample["url"])
                    assert_heading(page, sample["title"][:40])
                    page.screenshot(path=str(screenshot_dir / f"{slugify(name)}-{viewport_name}.png"), full_page=True)
                    assert recorder.foreign() == [], f"{name} loaded from outside 127.0.0.1"

        with subtests.test("the Global Mercury Partnership hub, phone and desktop"):
            if not site["gmp_samples"]:
                pytest.skip(f"the {site['source']} content has no GMP site yet")
            port = urlsplit(base).port
            for viewport_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                page.set_viewport_size(viewport)
                for name, sample in site["gmp_samples"].items():
                    recorder.reset()
                    visit(page, f"http://{sample['host']}:{port}{sample['path']}")
                    assert_heading(page, sample["title"][:40])
                    page.screenshot(path=str(screenshot_dir / f"{slugify(name)}-{viewport_name}.png"), full_page=True)
                    assert recorder.foreign(also={sample["host"]}) == [], f"{name} loaded from elsewhere"

        with subtests.test("Arabic: right to left, navigation on the right, translated chrome"):
            page.set_viewport_size(DESKTOP)
            visit(page, "/ar/")
            html = page.locator("html")
            expect(html).to_have_attribute("lang", "ar")
            expect(html).to_have_attribute("dir", "rtl")
            logo = page.locator(".masthead .brand-mark").bounding_box()
            assert logo["x"] > DESKTOP["width"] / 2, "in Arabic the logo and site name sit on the right"
            for row in ("nav.langs li", ".main-nav li"):
                items = page.locator(row).all()
                assert len(items) > 1, f"no {row} items"
                first, last = items[0].bounding_box(), items[-1].bounding_box()
                assert first["x"] > last["x"], f"{row}: the navigation runs from the right"
            assert page.locator(".main-nav li").first.bounding_box()["x"] > DESKTOP["width"] / 2
            chrome = page.locator(".main-nav").inner_text() + page.locator(".skip-link").inner_text()
            assert ARABIC.search(chrome), f"the interface is not in Arabic: {chrome!r}"
            assert not re.search(r"\b(Library|Meetings|Skip to main content)\b", chrome)
            page.screenshot(path=str(screenshot_dir / "arabic-home-desktop.png"), full_page=True)
            page.set_viewport_size(PHONE)
            page.screenshot(path=str(screenshot_dir / "arabic-home-phone.png"), full_page=True)

        with subtests.test("a visitor switches from French to Chinese on the same resource page"):
            page.set_viewport_size(DESKTOP)
            resource = site["samples"]["ResourcePage"]
            french = resource["url"].replace("/en/", "/fr/", 1)
            visit(page, french)
            expect(page.locator("html")).to_have_attribute("lang", "fr")
            page.locator('nav.langs a[hreflang="zh-hans"]').click()
            page.wait_for_load_state("load")
            assert urlsplit(page.url).path == resource["url"].replace("/en/", "/zh-hans/", 1)
            expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
            assert CJK.search(page.locator(".masthead").inner_text()), "the Chinese interface shows Chinese"
            page.screenshot(path=str(screenshot_dir / "chinese-resource-desktop.png"), full_page=True)

        with subtests.test("Chinese glyphs are drawn, not empty boxes"):
            visit(page, "/zh-hans/")
            # The same string drawn once in Chinese and once as a code point no font has: with no
            # CJK font installed both come out as the same "missing glyph" boxes.
            shots = []
            for text in ("汞公约缔约方", "\ue000\ue001\ue002\ue003\ue004\ue005"):
                page.evaluate(
                    """text => { let probe = document.getElementById('glyph-probe');
                    if (!probe) { probe = document.createElement('span'); probe.id = 'glyph-probe';
                      probe.style.cssText = 'position:fixed;top:0;left:0;font-size:32px;'
                        + 'background:#fff;color:#000;z-index:9999';
                      document.body.appendChild(probe); }
                    probe.textContent = text; }""",
                    text,
                )
                shots.append(page.locator("#glyph-probe").screenshot())
            assert shots[0] != shots[1], "Chinese characters render as missing-glyph boxes: install fonts-noto-cjk"
            page.evaluate("document.getElementById('glyph-probe').remove()")
            page.screenshot(path=str(screenshot_dir / "chinese-home-desktop.png"), full_page=True)

        with subtests.test("search and not-found pages, phone and desktop"):
            for extra, url in (("search", "/en/search/?q=mercury"), ("not-found", "/en/no-such-page/")):
                for viewport_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                    page.set_viewport_size(viewport)
                    page.goto(url)
                    page.screenshot(path=str(screenshot_dir / f"{extra}-{viewport_name}.png"), full_page=True)
    finally:
        context.close()

"""Build the page tree tests share: a HomePage as the default Site's root, then one page of
every type with tagged content around it. Used by conftest fixtures and by TestCase classes
(in `setUpTestData`), and by the browser tests when the seed command is unavailable.
"""

import datetime
from contextlib import contextmanager
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction, Site

from hub import factories as hf
from library import factories as lf
from partners.invitations import join
from search.backends.database_facet_index import facet_index

PARTICIPANTS_GROUP = "Meeting participants"


def clear_caches():
    for cache in caches.all():
        cache.clear()
    # Facet postings read inside a test's transaction hold rows its rollback removes; a rollback
    # is no write the stamps could see (search/backends/database_facet_index.py).
    facet_index.forget()


@contextmanager
def rolled_back(django_db_blocker):
    """An open transaction (or savepoint) for rows a module's tests share, rolled back at the end.

    For module-scoped fixtures named `shared_<name>` (tests/conftest.py orders tests around them):

        @pytest.fixture(scope="module")
        def shared_lib(shared_tree, django_db_blocker):
            with rolled_back(django_db_blocker):
                yield copy.deepcopy(build_more(copy.deepcopy(shared_tree)))
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            clear_caches()


def build_home_site():
    """Make a HomePage (locale "en") the root of the default Site and drop Wagtail's welcome page."""
    english = Locale.objects.get(language_code="en")
    root = Page.get_first_root_node()
    home = hf.HomePageFactory(parent=root, slug="minamata-home", locale=english)
    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80)
    site.root_page = home
    site.is_default_site = True
    site.site_name = "Minamata Exchange Platform"
    site.save()
    generic = ContentType.objects.get_for_model(Page)
    for welcome in Page.objects.filter(depth=2, content_type=generic):
        welcome.delete()
    clear_caches()
    return site


def restrict_to_participants(page):
    group, _created = Group.objects.get_or_create(name=PARTICIPANTS_GROUP)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    return restriction


def build_tree(home):
    """One live page of every type under `home`, with taxonomy tags that feed the automatic sections."""
    today = timezone.localdate()
    t = SimpleNamespace(home=home)

    # Vocabularies
    t.pillar = hf.PillarFactory(name="Scientific", slug="scientific")
    t.article7 = hf.ConventionArticleFactory(number="7", name="Artisanal and small-scale gold mining", slug="article-7")
    t.asgm = hf.ThematicAreaFactory(name="Artisanal and small-scale gold mining", slug="asgm", articles=[t.article7])
    t.emissions = hf.ThematicAreaFactory(name="Emissions", slug="emissions")
    t.africa = hf.RegionFactory(name="Africa", slug="africa")
    t.kenya = hf.CountryFactory(name="Kenya", iso3="KEN", iso2="KE", slug="ken", region=t.africa)
    t.types = {
        slug: hf.ResourceTypeFactory(slug=slug, name=slug.replace("-", " ").capitalize())
        for slug in ("report", "guidance", "decision", "meeting-document", "national-report")
    }

    # Sections of the site
    t.pillar_page = hf.PillarPageFactory(parent=home, pillar=t.pillar, title="Scientific knowledge", slug="scientific")
    t.topic = hf.TopicPageFactory(
        parent=t.pillar_page, title="Mercury in fish", slug="mercury-in-fish", thematic_areas=[t.asgm]
    )
    t.thematic_index = hf.ThematicAreaIndexPageFactory(parent=home)
    t.area_page = hf.ThematicAreaPageFactory(parent=t.thematic_index, area=t.asgm)
    t.country_index = hf.CountryIndexPageFactory(parent=home)
    t.party = hf.CountryProfilePageFactory(parent=t.country_index, country=t.kenya)

    t.meeting_index = hf.MeetingIndexPageFactory(parent=home)
    t.meeting = hf.MeetingPageFactory(
        parent=t.meeting_index,
        short_name="COP-5",
        title="Fifth meeting of the Conference of the Parties",
        slug="cop-5",
        start_date=datetime.date(2023, 10, 30),
        end_date=datetime.date(2023, 11, 3),
        venue="International Conference Centre, Geneva",
        sessions=[
            hf.meeting_session(datetime.date(2023, 10, 30), "Opening plenary", room="Room 1"),
            hf.meeting_session(datetime.date(2023, 10, 31), "Contact group on finance", room="Room 2"),
        ],
    )
    t.participants = hf.MeetingParticipantsPageFactory(parent=t.meeting)
    restrict_to_participants(t.participants)

    t.event_index = hf.EventIndexPageFactory(parent=home)
    t.event = hf.EventPageFactory(
        parent=t.event_index,
        title="Minamata Online: mercury in gold mining",
        slug="minamata-online-asgm",
        event_type="minamata-online",
        start_date=today + datetime.timedelta(days=20),
        location="Online",
        thematic_areas=[t.asgm],
    )
    t.past_event = hf.EventPageFactory(
        parent=t.event_index,
        title="Webinar on mercury emissions",
        slug="webinar-emissions",
        start_date=today - datetime.timedelta(days=60),
        thematic_areas=[t.asgm],
    )

    t.news_index = hf.NewsIndexPageFactory(parent=home)
    t.news = hf.NewsPageFactory(
        parent=t.news_index,
        title="Kenya submits its national action plan",
        slug="kenya-nap",
        date=today - datetime.timedelta(days=3),
        thematic_areas=[t.asgm],
        countries=[t.kenya],
    )
    t.standard = hf.StandardPageFactory(parent=home, title="About the platform", slug="about")

    t.library = lf.LibraryIndexPageFactory(parent=home)
    t.resource = lf.ResourcePageFactory(
        parent=t.library,
        title="Guidance on national action plans for gold mining",
        slug="nap-guidance",
        identifier="guidance-nap-asgm",
        resource_type=t.types["guidance"],
        publication_date=datetime.date(2019, 5, 1),
        thematic_areas=[t.asgm],
        countries=[t.kenya],
    )
    t.decision = lf.ResourcePageFactory(
        parent=t.library,
        title="Decision MC-5/1: Mercury-added products",
        slug="mc-5-1",
        identifier="MC-5/1",
        symbol="MC-5/1",
        resource_type=t.types["decision"],
        meeting=t.meeting,
        publication_date=datetime.date(2023, 11, 3),
        thematic_areas=[t.asgm],
    )
    t.national_report = lf.ResourcePageFactory(
        parent=t.library,
        title="National report of Kenya 2021",
        slug="national-report-kenya-2021",
        identifier="nr-ken-2021",
        resource_type=t.types["national-report"],
        publication_date=datetime.date(2021, 12, 31),
        countries=[t.kenya],
    )
    t.project = hf.ProjectFactory(
        project_id="gef-10000", title="ASGM planet gold Kenya", countries=[t.kenya], thematic_areas=[t.asgm]
    )
    clear_caches()
    return t


def add_data_and_intersessional(t):
    """The facts-and-figures page and one intersessional process (mandated by `t.decision`, about ASGM)."""
    from hub.models import DataPage, IntersessionalIndexPage, IntersessionalMandate, IntersessionalProcessPage

    t.data_page = t.home.add_child(instance=DataPage(title="Facts and figures", slug="data"))
    t.intersessional_index = t.home.add_child(
        instance=IntersessionalIndexPage(title="Intersessional work", slug="intersessional-work")
    )
    process = IntersessionalProcessPage(
        title="Group of experts on gold mining plans",
        slug="asgm-experts",
        kind=IntersessionalProcessPage.Kind.EXPERT_GROUP,
        summary="Reviews national action plans on gold mining.",
        start_date=datetime.date(2023, 11, 3),
    )
    process.mandates.add(IntersessionalMandate(decision=t.decision))
    t.process = t.intersessional_index.add_child(instance=process)
    t.process.thematic_areas.set([t.asgm])
    t.process.save_revision().publish()
    clear_caches()
    return t


GMP_HOST = "gmp.localhost"


def build_gmp_site(t):
    """The Global Mercury Partnership hub as a second Site (host gmp.localhost) beside `t`'s tree."""
    english = Locale.objects.get(language_code="en")
    t.gmp_area = hf.GMPAreaFactory(name="Chlor-alkali production", slug="chlor-alkali", short_name="Chlor-alkali")
    t.gmp_home = hf.GMPHomePageFactory(parent=Page.get_first_root_node(), locale=english)
    t.gmp_site = Site.objects.create(hostname=GMP_HOST, port=80, root_page=t.gmp_home, site_name="GMP")
    t.gmp_area_page = hf.GMPAreaPageFactory(parent=t.gmp_home, gmp_area=t.gmp_area)
    t.gmp_resource = lf.ResourcePageFactory(
        parent=t.library,
        title="Conversion of chlor-alkali plants to mercury-free technology",
        slug="chlor-alkali-conversion",
        identifier="gmp-chlor-alkali-1",
        gmp_areas=[t.gmp_area],
    )
    clear_caches()
    return t


# One entry per page type: (attribute on the tree, texts its HTML must show).
def key_content(t):
    return {
        "home": [t.home.hero_heading],
        "pillar_page": [t.pillar_page.title, t.pillar_page.intro, t.topic.title],
        "topic": [t.topic.title, t.topic.intro, "The topic in detail."],
        "thematic_index": [t.thematic_index.title, t.area_page.title],
        "area_page": [t.area_page.title, "What the area covers", t.event.title, t.news.title, t.decision.title],
        "country_index": [t.country_index.title, "Kenya", "Africa"],
        "party": ["Kenya", "Party", t.resource.title, t.national_report.title, t.project.title],
        "meeting_index": [t.meeting_index.title, t.meeting.title],
        "meeting": [t.meeting.title, "COP-5", "Geneva", "MC-5/1", "Opening plenary", "Contact group on finance"],
        "event_index": [t.event_index.title, t.event.title, t.past_event.title],
        "event": [t.event.title, "Online"],
        "news_index": [t.news_index.title, t.news.title],
        "news": [t.news.title, t.news.intro],
        "standard": [t.standard.title, "The platform gathers the Convention"],
        "library": [t.library.title, t.resource.title, t.decision.title],
        "resource": [t.resource.title, t.resource.summary, "2019"],
    }


def extra_key_content(t):
    """key_content for the pages add_data_and_intersessional builds."""
    return {
        "data_page": [t.data_page.title, "Parties by UN region", "Africa"],
        "intersessional_index": [t.intersessional_index.title, t.process.title],
        "process": [t.process.title, t.process.summary, "MC-5/1", "3 November 2023"],
    }


def pdf_bytes(*lines):
    """A one-page PDF 1.4 with a Helvetica text content stream: the smallest file a reader accepts."""

    def literal(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({literal(line)}) Tj T*" for line in lines) + " ET"
    content = content.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


SMALL_PDF = b"%PDF-1.4\n% a small file\n%%EOF\n"


def make_document(name, data=SMALL_PDF, title=None, collection=None):
    """A saved Wagtail document holding `data`, titled `title` (or its file name)."""
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    document = get_document_model()(title=title or name, collection=collection or Collection.get_first_root_node())
    document.file.save(name, ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


def response_body(response):
    """The bytes of a response, streamed or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def partner_user(organisation, username, email=None, password="pw", **fields):  # noqa: S107 - test users
    """A user contributing for `organisation` (its Contributor row and group), as an accepted invitation leaves one."""
    user = get_user_model().objects.create_user(username, email or f"{username}@example.org", password, **fields)
    join(user, organisation)
    return user


def add_two_partners(t):
    """Organisations A (an NGO) and B (an IGO) with their spaces, a contributor of each (alice, bob) and a
    knowledge manager (kim): the cast of the partner tests."""
    from partners import spaces
    from partners.models import Organisation

    t.org_a = Organisation.objects.create(name="Alpha Mercury Alliance", slug="alpha", acronym="AMA", kind="ngo")
    t.org_b = Organisation.objects.create(name="Beta Mercury Network", slug="beta", acronym="BMN", kind="igo")
    t.space_a, t.space_b = spaces.space_of(t.org_a), spaces.space_of(t.org_b)
    t.alice, t.bob = partner_user(t.org_a, "alice"), partner_user(t.org_b, "bob")
    t.manager = get_user_model().objects.create_user("kim", "kim@example.org", "pw")
    t.manager.groups.add(spaces.knowledge_managers_group())
    return t

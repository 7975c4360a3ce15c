"""The partner directories: `/<locale>/partners/` under the Minamata home page and under the GMP hub's.

The directory is structure rather than demo content: contracts §7 fixes its address, and search
results link partners to their profiles there. So it is created on every run where it is missing
(an existing site gets it on its next sync), and kept as an editor left it afterwards
(context.upsert_page). A directory is recognised as the home page's PartnerIndexPage child,
whatever its slug, so an editor's renaming never makes a second one.

Locale aliases: the Minamata directory is created before the locale-tree step (hub's finalizer),
which aliases it. The GMP hub is built by library.seed, after this app's loader, so its directory
is made in a finalizer of its own, after the locale trees, and aliased here the way Wagtail's
admin aliases a new page (wagtail-localize's create_aliases_for_new_page).
"""

from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import create_aliases_for_new_page

from hub.models import GMPHomePage, HomePage
from partners.models import PartnerIndexPage

SECTION = "Partner directories"
SLUG = "partners"
MINAMATA = {
    "title": "Partners",
    "intro": (
        "Governments, intergovernmental and non-governmental organisations, research institutions and "
        "companies that work on mercury and share their resources through the platform. Each profile "
        "lists the resources the organisation has published or contributed. Filter the list by kind of "
        "organisation, partnership area or country."
    ),
}
GMP = {
    "title": "Partners",
    "intro": (
        "The partners of the Global Mercury Partnership: governments, intergovernmental and "
        "non-governmental organisations, industry and academia. Each profile gives the partnership "
        "areas the partner works in and the resources it has shared. Filter the list by kind of "
        "organisation, partnership area or country."
    ),
}


def load_directory(context):
    """The Minamata directory now; the GMP hub's once that hub exists (now, or after every loader)."""
    home = context.home or HomePage.objects.filter(locale=Locale.get_default()).order_by("path").first()
    if home is not None:
        directory(context, home, MINAMATA)
    gmp_home = _gmp_home()
    if gmp_home is not None:
        directory(context, gmp_home, GMP)
    else:
        context.defer("Partner directory of the GMP hub", _load_gmp_directory)
    context.report(SECTION)


def _gmp_home():
    return GMPHomePage.objects.filter(locale=Locale.get_default()).order_by("path").first()


def _load_gmp_directory(context):
    gmp_home = _gmp_home()
    if gmp_home is not None:
        directory(context, gmp_home, GMP)
        context.report(SECTION)


def directory(context, home, texts):
    """The PartnerIndexPage under `home` (default locale), created or kept in line; with its aliases."""
    existing = PartnerIndexPage.objects.child_of(home).filter(locale_id=home.locale_id).order_by("path").first()
    page = context.upsert_page(
        SECTION,
        home,
        PartnerIndexPage,
        existing.slug if existing else SLUG,
        {"title": texts["title"], "intro": texts["intro"], "show_in_menus": True},
        key={"pk": existing.pk} if existing else None,
        label=f"{texts['title']} ({home.title})",
    )
    _ensure_aliases(page)
    return page


def _ensure_aliases(page):
    """Alias a directory into the synchronised locales when none is there yet (the locale-tree step
    has already run, or runs later and does it itself when there are no synchronisations yet)."""
    if not LocaleSynchronization.objects.filter(sync_from_id=page.locale_id).exists():
        return
    if Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).exists():
        return
    create_aliases_for_new_page(page)

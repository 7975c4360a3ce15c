"""The partner directory (`/<locale>/partners/`) and each organisation's profile (`<slug>/`).

Both are routes of partners.PartnerIndexPage; this module holds their queries. Organisations are
selected on their source (default-locale) rows, which carry the facts (kind, country, areas, the
`active` switch) and which resources point to, and shown by their translation in the page's
locale when there is one. Filters come from a plain GET form: unknown values are ignored (a
shared link with a stale value still shows a list), a page number that is not one answers 404.

Contributions are read through the reverse relations `organisation.contributions` (resources
stored in its contribution space) and `organisation.publications` (resources it published), so
partners never imports library; hub.localization.in_locale maps them to the page's locale.
"""

import unicodedata
from types import SimpleNamespace

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.models import Locale

from hub import cldr
from hub.localization import TIEBREAK, in_locale
from hub.models import Country, GMPArea, GMPHomePage
from hub.ordering import undated_last

from .models import Organisation

DIRECTORY_PER_PAGE = 24
CONTRIBUTIONS_PER_PAGE = 20


def page_of(items, per_page, number):
    """One page of `items`; 404 for a number that is not a page (`abc`, `0`, past the end)."""
    try:
        return Paginator(items, per_page).page(number or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(_("No such page of the list.")) from error


def sort_key(text):
    """Names compared without case or accents ("Éco" sorts with "eco")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def initial(text):
    key = sort_key(text).lstrip()
    return key[:1].upper() if key[:1].isalpha() else "#"


def _translations(model, sources, locale):
    """{translation_key: row in `locale`} for these source rows, in one query."""
    keys = {source.translation_key for source in sources}
    if not keys or locale.pk == Locale.get_default().pk:
        return {}
    return {row.translation_key: row for row in model.objects.filter(translation_key__in=keys, locale=locale)}


def _text_language(shown, locale, source_language):
    """The language of `shown`'s text when it is not the page's (the untranslated source's), else None."""
    return source_language if shown.locale_id != locale.pk else None


class Labels:
    """Names of taxonomy terms in one locale: the term's translation, else (countries) CLDR's name."""

    def __init__(self, locale):
        self.locale = locale

    def areas(self, areas):
        areas = list(areas)
        translated = _translations(GMPArea, areas, self.locale)
        return {area.pk: getattr(translated.get(area.translation_key), "name", area.name) for area in areas}

    def countries(self, countries):
        countries = list(countries)
        translated = _translations(Country, countries, self.locale)
        labels = {}
        for country in countries:
            row = translated.get(country.translation_key)
            cldr_name = cldr.territory_name(country.iso2, self.locale.language_code) if country.iso2 else ""
            labels[country.pk] = row.name if row is not None else cldr_name or country.name
        return labels


def is_gmp_directory(page):
    """A directory under the GMP hub's home lists the Global Mercury Partnership's partners only."""
    return GMPHomePage.objects.parent_of(page).exists()


def listed_organisations(page):
    """The active source organisations the directory `page` may show, before the visitor's filters."""
    organisations = Organisation.objects.default_locale().active()
    if is_gmp_directory(page):
        organisations = organisations.filter(gmp_partner=True)
    return organisations


def _selected(request, name, allowed):
    """The GET values of `name` that are in `allowed`, each once, in the order given (the rest ignored)."""
    return list(dict.fromkeys(value for value in request.GET.getlist(name) if value in allowed))


def profile_url(page, organisation, request=None):
    """The organisation's profile under the directory `page` (contracts §7: `<directory>/<slug>/`)."""
    base = page.get_url(request) or page.url or ""
    return base + page.reverse_subpage("organisation", kwargs={"slug": organisation.slug})


def _entry(page, source, shown, labels, request):
    locale = page.locale
    default_language = Locale.get_default().language_code
    return SimpleNamespace(
        source=source,
        shown=shown,
        name=shown.name,
        acronym=shown.acronym or source.acronym,
        text_language=_text_language(shown, locale, default_language),
        kind=Organisation.Kind(source.kind).label if source.kind in Organisation.Kind.values else "",
        country=labels.get("countries", {}).get(source.country_id, ""),
        areas=labels.get("areas", []),
        url=profile_url(page, source, request),
    )


def directory_context(page, request):
    """Context of the directory: the filter form's options and selections, and one page of entries."""
    locale = page.locale
    base = listed_organisations(page)
    areas = list(GMPArea.objects.default_locale())
    countries = list(Country.objects.filter(organisations__in=base).distinct())
    labels = Labels(locale)
    area_labels = labels.areas(areas)
    country_labels = labels.countries(countries)

    kinds = _selected(request, "kind", set(Organisation.Kind.values))
    area_slugs = _selected(request, "area", {area.slug for area in areas})
    iso3s = _selected(request, "country", {country.iso3 for country in countries})
    organisations = base
    if kinds:
        organisations = organisations.filter(kind__in=kinds)
    if area_slugs:
        organisations = organisations.filter(gmp_areas__slug__in=area_slugs, gmp_areas__locale=Locale.get_default())
    if iso3s:
        organisations = organisations.filter(country__iso3__in=iso3s)
    organisations = list(organisations.distinct())

    translated = _translations(Organisation, organisations, locale)
    shown = {org.pk: translated.get(org.translation_key, org) for org in organisations}
    organisations.sort(key=lambda org: (sort_key(shown[org.pk].name), sort_key(org.name), str(org.translation_key)))
    listing = page_of(organisations, DIRECTORY_PER_PAGE, request.GET.get("page"))

    on_page = list(listing.object_list)
    areas_of = {org.pk: [] for org in on_page}
    through = Organisation.gmp_areas.through.objects.filter(organisation_id__in=areas_of)
    area_by_pk = {area.pk: area for area in areas}
    for org_id, area_id in through.values_list("organisation_id", "gmparea_id"):
        if area_id in area_by_pk:
            areas_of[org_id].append(area_by_pk[area_id])
    entries = []
    for org in on_page:
        org_areas = sorted(areas_of[org.pk], key=lambda area: (area.sort_order, area.name))
        entry_labels = {"countries": country_labels, "areas": [area_labels[area.pk] for area in org_areas]}
        entries.append(_entry(page, org, shown[org.pk], entry_labels, request))
    letters = []
    for entry in entries:
        letter = initial(entry.name)
        if not letters or letters[-1][0] != letter:
            letters.append((letter, []))
        letters[-1][1].append(entry)

    return {
        "organisations": listing,
        "entries": entries,
        "letters": letters,
        "kind_options": [(value, label, value in kinds) for value, label in Organisation.Kind.choices],
        "area_options": [(area.slug, area_labels[area.pk], area.slug in area_slugs) for area in areas],
        "country_options": sorted(
            ((country.iso3, country_labels[country.pk], country.iso3 in iso3s) for country in countries),
            key=lambda option: sort_key(option[1]),
        ),
        "filtered": bool(kinds or area_slugs or iso3s),
        "gmp_directory": is_gmp_directory(page),
    }


def contributions(organisation, locale):
    """The organisation's live, public resources in `locale`, newest first: those stored in its
    contribution space and those it published (the reverse relations of library.ResourcePage)."""
    resource_model = organisation.contributions.model
    selected = resource_model.objects.filter(Q(contributed_by=organisation) | Q(publisher=organisation))
    ordered = selected.order_by(*undated_last("-publication_date"), "title", TIEBREAK)
    return in_locale(ordered, locale).select_related("resource_type", "contributed_by")


def organisation_context(page, request, slug):
    """Context of one organisation's profile; 404 for an unknown or inactive organisation."""
    organisation = Organisation.objects.default_locale().active().filter(slug=slug).select_related("country").first()
    if organisation is None:
        raise Http404(_("No such partner organisation."))
    locale = page.locale
    shown = _translations(Organisation, [organisation], locale).get(organisation.translation_key, organisation)
    labels = Labels(locale)
    areas = list(organisation.gmp_areas.filter(locale=Locale.get_default()))
    area_labels = labels.areas(areas)
    country = labels.countries([organisation.country]).get(organisation.country_id) if organisation.country else ""
    entry = _entry(page, organisation, shown, {"countries": {organisation.country_id: country}}, request)
    entry.areas = [area_labels[area.pk] for area in areas]
    entry.description = shown.description or organisation.description
    # A translation without its own profile text shows the source's, in the source's language.
    entry.description_language = (
        entry.text_language
        if shown.description
        else _text_language(organisation, locale, Locale.get_default().language_code)
    )
    resources = page_of(contributions(organisation, locale), CONTRIBUTIONS_PER_PAGE, request.GET.get("page"))
    directory_url = page.get_url(request) or page.url or ""
    return {
        "organisation": organisation,
        "entry": entry,
        "resources": resources,
        "directory_url": directory_url,
        "canonical": _canonical_profile(page, organisation, shown, request),
    }


def _canonical_profile(page, organisation, shown, request):
    """The profile's absolute URL search engines should index: under the source directory while both
    the directory and the organisation are untranslated here, else this one."""
    from hub.content_language import canonical_page

    directory = page if shown is not organisation else canonical_page(page).specific
    full = directory.get_full_url(request)
    if not full:
        return ""
    url = full + directory.reverse_subpage("organisation", kwargs={"slug": organisation.slug})
    number = request.GET.get("page")
    return f"{url}?page={number}" if number and number != "1" and number.isdecimal() else url

"""The partners' seed: one partners.Organisation per organisation in data/partners.json.

Runs after hub.seed (countries) and before library.seed, which links a resource to its publisher
through `context.organisations` (an OrganisationIndex) when the publisher is one of these.
Facts only: name, acronym, kind, country, GMP partnership; the description is the source's
stated role, where it gives one, and belongs to editors once written. Organisations are reference
data: synced on every run, merged with editors' changes (hub/seed/ledger.py).
"""

import re
import unicodedata
from pathlib import Path
from types import SimpleNamespace

from django.utils.text import slugify

from wagtail.models import Locale

from hub.seed.context import SeedDataError, read_records
from hub.seed.records import truncate_slug
from partners.models import Organisation

from .demo import load_demo
from .directory import load_directory

DATA_DIR = Path(__file__).resolve().parent / "data"
PARTNERS_FILE = "partners.json"
SECTION = "Partner organisations"

KINDS = {
    "government": Organisation.Kind.GOVERNMENT,
    "IGO": Organisation.Kind.IGO,
    "NGO": Organisation.Kind.NGO,
    "academia": Organisation.Kind.ACADEMIA,
    "private sector": Organisation.Kind.PRIVATE,
}
# Names partners.json uses for States that hub's parties.json writes otherwise.
COUNTRY_ALIASES = {"Côte d'Ivoire": "CIV", "Syrian Arab Republic": "SYR", "United States of America": "USA"}
# Other names publishers go by in the library's data: UNEP was "UN Environment" from 2017 to 2019.
ALSO_KNOWN_AS = {"unep": ["UN Environment", "UN Environment Programme"]}
# An acronym in brackets: "(UNEP)", "(A.M.I.C.A)", "(CNR)".
_ACRONYM = re.compile(r"\s*\(([A-Z][A-Z0-9.&-]{1,14})\)")
_BRACKETS = re.compile(r"\s*\([^)]*\)")


def normalise(text):
    """Compare names loosely: no accents, case or punctuation, no leading "the"."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return text.removeprefix("the ")


def validate(context):
    context.data["partners"] = parse_partners(context)


def parse_partners(context):
    path = context.data_file(DATA_DIR, PARTNERS_FILE)
    country_by_name = dict(context.data["hub"].country_by_name) | COUNTRY_ALIASES
    merged = {}
    for record in read_records(path, "name"):
        full_name = record.text("name", required=True, max_length=255)
        kind = record.choice("type", set(KINDS), required=True)
        gmp_partner = record.raw("gmp_partner")
        if not isinstance(gmp_partner, bool):
            record.fail("gmp_partner", "must be true or false")
        country = record.text("country")
        match = _ACRONYM.search(full_name)
        acronym = match.group(1) if match else ""
        name = " ".join((full_name[: match.start()] + full_name[match.end() :]).split()) if match else full_name
        role = record.text("role")
        known = merged.get(full_name)
        if known is None:
            merged[full_name] = SimpleNamespace(
                full_name=full_name,
                name=name,
                acronym=acronym,
                kind=KINDS[kind],
                iso3=country_by_name.get(country),
                country=country,
                gmp_partner=gmp_partner,
                roles=[role] if role else [],
            )
            continue
        # The same organisation listed twice (a GMP partner that also gave to the SIP): one record.
        if known.kind != KINDS[kind] or known.country != country:
            record.fail("name", "is listed twice with a different type or country")
        known.gmp_partner = known.gmp_partner or gmp_partner
        if role and role not in known.roles:
            known.roles.append(role)
    organisations = list(merged.values())
    acronym_uses = {}
    for organisation in organisations:
        if organisation.acronym:
            acronym_uses[organisation.acronym] = acronym_uses.get(organisation.acronym, 0) + 1
    slugs = {}
    for organisation in organisations:
        # The acronym is the stable, short identifier partners are known by, when only one has it.
        unique_acronym = organisation.acronym and acronym_uses[organisation.acronym] == 1
        organisation.slug = slugify(organisation.acronym) if unique_acronym else truncate_slug(organisation.name, 100)
        if organisation.slug in slugs:
            raise SeedDataError(
                path,
                f"{organisation.full_name!r} and {slugs[organisation.slug]!r} get the same slug {organisation.slug!r}",
            )
        slugs[organisation.slug] = organisation.full_name
        organisation.description = " ".join(f"{role[:1].upper()}{role[1:]}." for role in organisation.roles)
    return SimpleNamespace(organisations=organisations)


def load(context):
    data = context.data.get("partners")
    if data is None:
        raise SeedDataError(DATA_DIR, "partners seed data was not validated before loading")
    countries = context.terms.countries
    default_locale = Locale.get_default()
    with context.section("Partners"):
        saved = []
        unplaced = []
        for organisation in data.organisations:
            if organisation.country and organisation.iso3 not in countries:
                unplaced.append(organisation.country)
            saved.append(
                context.upsert(
                    SECTION,
                    Organisation,
                    {"slug": organisation.slug, "locale": default_locale},
                    values={
                        "name": organisation.name,
                        "acronym": organisation.acronym,
                        "kind": organisation.kind,
                        "country": countries.get(organisation.iso3),
                        "gmp_partner": organisation.gmp_partner,
                    },
                    defaults={"description": organisation.description},
                    label=organisation.full_name,
                    reference=True,
                )
            )
        context.organisations = OrganisationIndex(saved, ALSO_KNOWN_AS)
        context.report(SECTION)
        if unplaced:
            # hub's country list holds Parties and signatories only; editors can add the others.
            context.write(f"  country left empty (not in the country list): {', '.join(sorted(set(unplaced)))}")
    with context.section("Partner directories"):
        load_directory(context)
    if context.demo:
        # After every loader: the demo contributions need the library and the spaces (library.seed).
        context.defer("Demo partner people and contributions", load_demo)


class OrganisationIndex:
    """Finds an organisation by the way a publisher is written: full name, name, acronym or alias."""

    def __init__(self, organisations, also_known_as=None):
        self._by_key = {}
        acronyms = {}
        for organisation in organisations:
            self._add(organisation.name, organisation)
            if organisation.acronym:
                self._add(f"{organisation.name} ({organisation.acronym})", organisation)
                acronyms.setdefault(normalise(organisation.acronym), []).append(organisation)
        for key, found in acronyms.items():
            if len(found) == 1:  # an ambiguous acronym names nobody
                self._by_key.setdefault(key, found[0])
        by_slug = {organisation.slug: organisation for organisation in organisations}
        for slug, names in (also_known_as or {}).items():
            if slug in by_slug:
                for name in names:
                    self._add(name, by_slug[slug])

    def _add(self, name, organisation):
        self._by_key.setdefault(normalise(name), organisation)

    def find(self, text, exact=False):
        """The organisation `text` names, or None: "UNEP", "Zoi Environment Network", "UNDP, in partnership…".

        `exact`: only when `text` is one of its names as a whole (no unit in brackets, no "in partnership
        with …" after it).
        """
        text = (text or "").strip()
        head = text.split(",")[0]
        candidates = (text,) if exact else (text, _BRACKETS.sub("", text), head, _BRACKETS.sub("", head))
        for candidate in candidates:
            found = self._by_key.get(normalise(candidate))
            if found is not None:
                return found
        return None

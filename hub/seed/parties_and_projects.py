"""Reference data: the Party profiles and the projects, merged with editors' changes (hub/seed/ledger.py)."""

from hub.models import (
    CountryIndexPage,
    CountryProfilePage,
    Project,
)

from . import records


# Parties --------------------------------------------------------------------------------------------
def load_parties(context, data):
    """Reference data: one profile per Party under the Parties index (demo content creates the index)."""
    index = CountryIndexPage.objects.filter(locale=context.locale).order_by("path").first()
    if index is None:
        context.write("  Party profiles: no Parties index page yet (load_demo_content creates one); skipped")
        return
    for party in data.parties:
        context.upsert_page(
            "Party profiles",
            index,
            CountryProfilePage,
            party.profile_slug,
            {
                "title": party.name,
                "country": context.terms.countries[party.iso3],
                "status": party.status,
                "signature_date": party.signature_date,
                "ratification_date": party.ratification_date,
                "instrument": party.instrument,
                "entry_into_force_date": party.entry_into_force_date,
                "status_as_of": party.status_as_of,
            },
            label=f"{records.PARTIES_FILE} ({party.name})",
            key={"country": context.terms.countries[party.iso3], "locale": context.locale},
            reference=True,
        )
    context.report("Party profiles")


# Projects ---------------------------------------------------------------------------------------------
def load_projects(context, data):
    terms = context.terms
    for project in data.projects:
        context.upsert(
            "Projects",
            Project,
            {"project_id": project.project_id},
            values={
                "programme": project.programme,
                "title": project.title,
                "agency": project.agency,
                "status": project.status,
                "approval_date": project.approval_date,
                "approval_year": project.approval_year,
                "round": project.round,
                "url": project.url,
                "source_url": project.source_url,
                "project_type": project.project_type,
                "executing_partners": project.executing_partners,
                # Only round totals are known for the SIP: no per-project amount is invented.
                "amount_usd": project.amount_usd,
            },
            m2m={
                "countries": [terms.countries[code] for code in project.countries],
                "thematic_areas": [terms.areas[slug] for slug in project.thematic_areas],
            },
            label=project.label,
            reference=True,
        )
    context.report("Projects")


# Finalizers: after every app has loaded ---------------------------------------------------------------

"""A resource as simple Dublin Core (the fifteen DCMI elements that `oai_dc` carries).

Values come from the default-locale resource and are written in the default language, so a
harvester gets the same record whatever its Accept-Language says.
"""

from library.models import ResourcePage

# DCMI Type Vocabulary term for each resource type; everything else is a document ("Text").
DCMI_TYPES = {
    "video": "MovingImage",
    "webinar-recording": "MovingImage",
    "dataset": "Dataset",
    "tool": "Software",
}
LICENCE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}
DATE_FORMATS = {
    ResourcePage.DatePrecision.YEAR: "%Y",
    ResourcePage.DatePrecision.MONTH: "%Y-%m",
    ResourcePage.DatePrecision.DAY: "%Y-%m-%d",
}


def _unique(values):
    seen = []
    for value in values:
        value = str(value).strip() if value is not None else ""
        if value and value not in seen:
            seen.append(value)
    return seen


def publication_date(resource):
    """ISO 8601 to the precision the editor knows: 2019, 2019-05 or 2019-05-01."""
    if not resource.publication_date:
        return None
    return resource.publication_date.strftime(DATE_FORMATS.get(resource.date_precision, "%Y-%m-%d"))


def identifiers(resource, request):
    values = [resource.get_full_url(request), resource.external_url, resource.symbol]
    if resource.doi:
        values.append(f"https://doi.org/{resource.doi}")
    if resource.isbn:
        values.append(f"urn:isbn:{resource.isbn}")
    if resource.handle:
        values.append(f"https://hdl.handle.net/{resource.handle}")
    return values


def dublin_core(resource, request):
    """[(element, value), …] in DCMI order, every value a non-empty string."""
    files = list(resource.files.all())
    resource_type = resource.resource_type
    elements = {
        "title": [resource.title],
        "creator": [author.name for author in resource.authors.all()],
        "subject": [area.name for area in resource.thematic_areas.all()]
        + [str(article) for article in resource.articles.all()]
        + [link.tag.name for link in resource.tagged_items.all()],
        "description": [resource.summary],
        "publisher": [resource.publisher_display],
        "date": [publication_date(resource)],
        "type": [resource_type.name, DCMI_TYPES.get(resource_type.slug, "Text")],
        "format": [file.document.content_type for file in files],
        "identifier": identifiers(resource, request),
        "language": resource.all_languages(),
        "relation": [resource.meeting.get_full_url(request) if resource.meeting_id else None],
        "rights": [resource.get_licence_display() if resource.licence else None, LICENCE_URLS.get(resource.licence)],
        "coverage": [country.name for country in resource.countries.all()],
    }
    return [(name, value) for name, values in elements.items() for value in _unique(values)]

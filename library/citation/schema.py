"""schema.org JSON-LD of a bibliographic record, typed by resource type."""

# CONTRACTS §4a slug → schema.org type. Anything not listed is a plain CreativeWork.
SCHEMA_TYPES = {
    "decision": "Legislation",
    "legislation": "Legislation",
    "meeting-document": "DigitalDocument",
    "guidance": "DigitalDocument",
    "fact-sheet": "DigitalDocument",
    "template": "DigitalDocument",
    "report": "Report",
    "national-report": "Report",
    "national-action-plan": "Report",
    "policy-brief": "Report",
    "case-study": "Report",
    "video": "VideoObject",
    "webinar-recording": "VideoObject",
    "dataset": "Dataset",
    "scientific-article": "ScholarlyArticle",
    "training-material": "LearningResource",
    "presentation": "PresentationDigitalDocument",
}
VIDEO_TYPES = {"video", "webinar-recording"}


def _schema_author(author):
    if author.is_person:
        person = {"@type": "Person", "name": f"{author.given} {author.family}".strip(), "familyName": author.family}
        if author.given:
            person["givenName"] = author.given
        return person
    return {"@type": "Organization", "name": author.name}


def _identifiers(record):
    values = [("identifier", record.identifier)]
    if record.symbol:
        values.append(("UN document symbol", record.symbol))
    if record.isbn:
        values.append(("ISBN", record.isbn))
    if record.doi:
        values.append(("DOI", record.doi))
    if record.handle:
        values.append(("handle", record.handle))
    return [{"@type": "PropertyValue", "propertyID": name, "value": value} for name, value in values]


def _one_or_list(values):
    return values[0] if len(values) == 1 else values


def json_ld(record, image_url=""):
    """A schema.org description of the resource (a dict for `json.dumps`)."""
    data = {
        "@context": "https://schema.org",
        "@type": record.schema_type,
        "@id": record.url,
        "url": record.url,
        "name": record.title,
        "identifier": _identifiers(record),
    }
    if record.summary:
        data["description"] = record.summary
    if record.iso_date:
        data["datePublished"] = record.iso_date
    if record.languages:
        data["inLanguage"] = _one_or_list(record.languages)
    if record.authors:
        data["author"] = [_schema_author(author) for author in record.authors]
    if record.publisher:
        publisher = {"@type": "Organization", "name": record.publisher}
        if record.publisher_url:
            publisher["url"] = record.publisher_url
        data["publisher"] = publisher
    same_as = [url for url in (record.doi_url, record.handle_url) if url]
    if same_as:
        data["sameAs"] = same_as
    if record.keywords:
        data["keywords"] = record.keywords
    if record.licence_url:
        data["license"] = record.licence_url
    if image_url:
        data["image"] = image_url
    if record.isbn and record.schema_type in {"Report", "DigitalDocument", "CreativeWork"}:
        data["isbn"] = record.isbn
    if record.symbol:
        if record.schema_type == "Legislation":
            data["legislationIdentifier"] = record.symbol
        elif record.schema_type == "Report":
            data["reportNumber"] = record.symbol
    if record.schema_type == "VideoObject":
        if record.iso_date:
            data["uploadDate"] = record.iso_date
        if image_url:
            data["thumbnailUrl"] = image_url
    media = []
    for item in record.files:
        medium = {
            "@type": "MediaObject",
            "contentUrl": item.url,
            "encodingFormat": item.mime_type,
            "inLanguage": item.language,
        }
        if item.size:
            medium["contentSize"] = item.size_text
        if item.label:
            medium["name"] = item.label
        media.append(medium)
    if media:
        # Dataset names its files `distribution`; every other CreativeWork says `encoding`.
        if record.schema_type == "Dataset":
            data["distribution"] = [{**medium, "@type": "DataDownload"} for medium in media]
        else:
            data["encoding"] = media
    return data

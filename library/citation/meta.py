"""Google Scholar (Highwire citation_*) and Dublin Core (DC.*) meta tags of a record."""


def _highwire_date(record):
    if not record.date:
        return ""
    if record.precision == "year":
        return f"{record.date.year:04d}"
    if record.precision == "month":
        return f"{record.date.year:04d}/{record.date.month:02d}"
    return record.date.strftime("%Y/%m/%d")


def highwire_meta(record):
    """(name, content) pairs for Google Scholar's citation_* tags, one author per tag."""
    tags = [("citation_title", record.title)]
    tags += [("citation_author", author.inverted) for author in record.authors]
    optional = [
        ("citation_publication_date", _highwire_date(record)),
        ("citation_publisher", record.publisher),
        ("citation_technical_report_number", record.symbol),
        ("citation_technical_report_institution", record.publisher if record.schema_type == "Report" else ""),
        ("citation_doi", record.doi),
        ("citation_isbn", record.isbn),
        ("citation_abstract_html_url", record.url),
        ("citation_pdf_url", record.first_pdf.url if record.first_pdf else ""),
    ]
    tags += [(name, value) for name, value in optional if value]
    tags += [("citation_language", code) for code in record.languages]
    tags += [("citation_keywords", "; ".join(record.keywords))] if record.keywords else []
    return tags


def dublin_core_meta(record):
    """(name, content) pairs for Dublin Core (DC.*) meta tags."""
    tags = [("DC.title", record.title)]
    tags += [("DC.creator", author.inverted) for author in record.authors]
    optional = [
        ("DC.date", record.iso_date),
        ("DC.publisher", record.publisher),
        ("DC.type", record.type_name),
        ("DC.description", record.summary),
        ("DC.rights", record.licence_url or record.licence_name),
    ]
    tags += [(name, value) for name, value in optional if value]
    tags += [("DC.language", code) for code in record.languages]
    tags += [("DC.subject", keyword) for keyword in record.keywords]
    identifiers = [record.url, record.symbol, record.doi_url, record.handle_url, record.isbn and f"ISBN {record.isbn}"]
    tags += [("DC.identifier", value) for value in identifiers if value]
    tags += [("DC.format", mime) for mime in dict.fromkeys(item.mime_type for item in record.files)]
    return tags

"""OAI-PMH responses as XML (lxml): the envelope, headers, records, oai_dc and the verb bodies.

lxml escapes text and attributes itself; it refuses the control characters XML 1.0 forbids,
so every string passes through `clean()` first (harvested or imported text may carry them).
"""

import re

from lxml import etree

from .protocol import GRANULARITY, format_datestamp

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
SCHEMA_LOCATION = f"{{{XSI_NS}}}schemaLocation"

# Everything outside XML 1.0's Char production (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | …).
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(value):
    return _NOT_XML_CHAR.sub("", str(value))


def _oai(name):
    return f"{{{OAI_NS}}}{name}"


def add(parent, name, text=None, namespace=OAI_NS, **attributes):
    element = etree.SubElement(parent, f"{{{namespace}}}{name}", {k: clean(v) for k, v in attributes.items()})
    if text is not None:
        element.text = clean(text)
    return element


def envelope(response_date, base_url, request_attributes):
    """The OAI-PMH root with responseDate and request; the caller appends the verb's body."""
    root = etree.Element(_oai("OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(SCHEMA_LOCATION, f"{OAI_NS} {OAI_SCHEMA}")
    add(root, "responseDate", format_datestamp(response_date))
    add(root, "request", base_url, **(request_attributes or {}))
    return root


def to_bytes(root):
    # Written by hand for the double-quoted form every harvester expects to see.
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8", xml_declaration=False)


def error(root, code, message):
    add(root, "error", message, code=code)


def identify(root, *, name, base_url, admin_emails, earliest, sample_identifier, namespace):
    body = add(root, "Identify")
    add(body, "repositoryName", name)
    add(body, "baseURL", base_url)
    add(body, "protocolVersion", "2.0")
    for email in admin_emails:
        add(body, "adminEmail", email)
    add(body, "earliestDatestamp", format_datestamp(earliest))
    add(body, "deletedRecord", "persistent")
    add(body, "granularity", GRANULARITY)
    description = add(body, "description")
    oai_identifier = etree.SubElement(
        description, f"{{{OAI_IDENTIFIER_NS}}}oai-identifier", nsmap={None: OAI_IDENTIFIER_NS, "xsi": XSI_NS}
    )
    oai_identifier.set(SCHEMA_LOCATION, f"{OAI_IDENTIFIER_NS} {OAI_IDENTIFIER_SCHEMA}")
    add(oai_identifier, "scheme", "oai", OAI_IDENTIFIER_NS)
    add(oai_identifier, "repositoryIdentifier", namespace, OAI_IDENTIFIER_NS)
    add(oai_identifier, "delimiter", ":", OAI_IDENTIFIER_NS)
    add(oai_identifier, "sampleIdentifier", sample_identifier, OAI_IDENTIFIER_NS)
    return body


def metadata_formats(root):
    body = add(root, "ListMetadataFormats")
    fmt = add(body, "metadataFormat")
    add(fmt, "metadataPrefix", "oai_dc")
    add(fmt, "schema", OAI_DC_SCHEMA)
    add(fmt, "metadataNamespace", OAI_DC_NS)
    return body


def sets(root, set_infos):
    body = add(root, "ListSets")
    for info in set_infos:
        element = add(body, "set")
        add(element, "setSpec", info.spec)
        add(element, "setName", info.name)
        if info.description:
            oai_dc(add(element, "setDescription"), [("description", info.description)])
    return body


def header(parent, item):
    element = add(parent, "header", status="deleted") if item.deleted else add(parent, "header")
    add(element, "identifier", item.oai_identifier)
    add(element, "datestamp", format_datestamp(item.datestamp))
    for spec in item.set_specs:
        add(element, "setSpec", spec)
    return element


def oai_dc(parent, elements):
    """An oai_dc:dc container holding (element name, value) pairs."""
    container = etree.SubElement(parent, f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS})
    container.set(SCHEMA_LOCATION, f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    for name, value in elements:
        text = clean(value).strip()
        if text:
            add(container, name, text, DC_NS)
    return container


def record(parent, item, dc_elements):
    element = add(parent, "record")
    header(element, item)
    if not item.deleted:
        oai_dc(add(element, "metadata"), dc_elements)
    return element


def resumption_token(parent, token, cursor, complete_list_size):
    """A resumptionToken; `token` "" marks the last page (the element stays, empty)."""
    add(parent, "resumptionToken", token, completeListSize=str(complete_list_size), cursor=str(cursor))

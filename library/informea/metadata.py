"""The `$metadata` document: EDMX 1.0 with an OData v2 CSDL schema, written from sets.py.

One EntityType per set (key `id`; a property InforMEA requires is `Nullable="false"`), the
complex types of multilingual values and files, and one EntityContainer holding the five sets.
Nothing here is written by hand, so the document always describes what the sets serve.
"""

from lxml import etree

from .sets import COMPLEX_TYPES, ENTITY_SETS, NAMESPACE

EDMX_NS = "http://schemas.microsoft.com/ado/2007/06/edmx"
METADATA_NS = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"
EDM_NS = "http://schemas.microsoft.com/ado/2008/09/edm"
CONTAINER = "InforMEA"


def _property(parent, name, type_name, required):
    attributes = {"Name": name, "Type": type_name}
    if required and not type_name.startswith("Collection("):
        attributes["Nullable"] = "false"
    return etree.SubElement(parent, f"{{{EDM_NS}}}Property", attributes)


def metadata_document():
    """The EDMX document as UTF-8 bytes, with its XML declaration."""
    root = etree.Element(f"{{{EDMX_NS}}}Edmx", {"Version": "1.0"}, nsmap={"edmx": EDMX_NS})
    services = etree.SubElement(
        root, f"{{{EDMX_NS}}}DataServices", {f"{{{METADATA_NS}}}DataServiceVersion": "2.0"}, nsmap={"m": METADATA_NS}
    )
    schema = etree.SubElement(services, f"{{{EDM_NS}}}Schema", {"Namespace": NAMESPACE}, nsmap={None: EDM_NS})
    for entity_set in ENTITY_SETS:
        entity = etree.SubElement(schema, f"{{{EDM_NS}}}EntityType", {"Name": entity_set.entity_type})
        key = etree.SubElement(entity, f"{{{EDM_NS}}}Key")
        etree.SubElement(key, f"{{{EDM_NS}}}PropertyRef", {"Name": "id"})
        for prop in entity_set.properties:
            # The key is never null, whatever else the declaration says.
            _property(entity, prop.name, prop.type, prop.required or prop.name == "id")
    for name, properties in COMPLEX_TYPES:
        complex_type = etree.SubElement(schema, f"{{{EDM_NS}}}ComplexType", {"Name": name})
        for prop_name, type_name, required in properties:
            _property(complex_type, prop_name, type_name, required)
    container = etree.SubElement(
        schema,
        f"{{{EDM_NS}}}EntityContainer",
        {"Name": CONTAINER, f"{{{METADATA_NS}}}IsDefaultEntityContainer": "true"},
    )
    for entity_set in ENTITY_SETS:
        etree.SubElement(
            container, f"{{{EDM_NS}}}EntitySet", {"Name": entity_set.name, "EntityType": entity_set.type_name}
        )
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)

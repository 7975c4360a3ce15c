"""The five entity sets InforMEA harvests, declared once (contracts §6).

Each `EntitySet` names its entity type, its properties (type, whether InforMEA requires it, how
it sorts and filters), the records it holds and the function that writes one record. The views
answer from these declarations and metadata.py writes the EDMX from them, so the document and
the JSON cannot disagree.

Records are source-locale (English) pages, not aliases, live and public (no view restriction on
them or above them): one record per translation group, `id` its `translation_key`. Multilingual
values list the source and its real translations (live, public, not aliases: an alias repeats
the English text and is no language of the record, hub/content_language.py). Files are the
source's (they are synchronised to its translations), public ones only (hub/privacy.py).

`updated` is the latest change among those versions: the resource's own `updated`, or a
meeting's last publication, so a translation published later brings the record back to an
incremental harvest. A record that cannot have a field InforMEA requires is left out of its set:
a meeting with no host city or country (held online only), a decision with no symbol or no date
(its own, or its meeting's last day), a report or plan with no country that has an ISO alpha-2
code, any record with no publication time at all. A report's or plan's `submission` is its
publication date, or else the day the platform first published it.
"""

from .batch import Batch
from .declarations import (
    BY_NAME,
    COUNTRY_REPORTS,
    DECISIONS,
    DOCUMENTS,
    ENTITY_SETS,
    MEETINGS,
    NATIONAL_PLANS,
    _countries_with_iso2,
    _country_code,
    _key_and_url,
    _report_properties,
    _updated,
    serialise_decision,
    serialise_document,
    serialise_meeting,
    serialise_report,
)
from .records import (
    _latest_version_stamp,
    _resources,
    _source_pages,
    _with_iso2_country,
    decision_records,
    document_records,
    meeting_records,
    report_records,
)
from .schema import (
    COMPLEX_TYPES,
    DATETIME,
    DECISION,
    FILES,
    LOCALIZED,
    NAMESPACE,
    PUBLISHED,
    STRING,
    STRINGS,
    TREATY,
    UPDATED,
    EntitySet,
    Property,
)
from .values import (
    body_text,
    language_of,
    odata_datetime,
)

__all__ = [
    "NAMESPACE",
    "TREATY",
    "DECISION",
    "STRING",
    "DATETIME",
    "STRINGS",
    "LOCALIZED",
    "FILES",
    "COMPLEX_TYPES",
    "UPDATED",
    "PUBLISHED",
    "Property",
    "EntitySet",
    "odata_datetime",
    "language_of",
    "body_text",
    "Batch",
    "_latest_version_stamp",
    "_source_pages",
    "_resources",
    "_with_iso2_country",
    "meeting_records",
    "decision_records",
    "document_records",
    "report_records",
    "_country_code",
    "serialise_meeting",
    "serialise_decision",
    "serialise_document",
    "serialise_report",
    "_key_and_url",
    "_updated",
    "_countries_with_iso2",
    "MEETINGS",
    "DECISIONS",
    "DOCUMENTS",
    "_report_properties",
    "COUNTRY_REPORTS",
    "NATIONAL_PLANS",
    "ENTITY_SETS",
    "BY_NAME",
]

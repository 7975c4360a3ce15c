"""Values in OData v2 JSON form: dates, languages and the plain text of a StreamField."""

import datetime


def odata_datetime(value):
    """`/Date(<ms since the epoch, UTC>)/`; a date counts from midnight UTC; None stays None."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(0), tzinfo=datetime.UTC)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    return f"/Date({(value - epoch) // datetime.timedelta(milliseconds=1)})/"


def language_of(locale_code):
    """A site locale's code as InforMEA writes languages (ISO 639-1): zh-hans → zh."""
    return locale_code.split("-")[0].lower()


def body_text(value):
    """The plain text of a StreamField value (as search indexes it), paragraphs apart."""
    if not value:
        return ""
    parts = value.stream_block.get_searchable_content(value)
    return "\n\n".join(part.strip() for part in parts if part and part.strip())

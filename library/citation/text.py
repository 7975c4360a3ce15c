"""The APA-like citation a visitor copies, with UN bodies as corporate authors."""

from django.utils import formats
from django.utils.translation import gettext as _

from .schema import VIDEO_TYPES

APA_MAX_AUTHORS = 20


def _sentence(text):
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _join_apa(names):
    if len(names) > APA_MAX_AUTHORS:
        # APA 7: the first nineteen, an ellipsis, then the last.
        return ", ".join(names[:19]) + ", … " + names[-1]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa_date(record):
    if not record.date:
        return _("n.d.")
    if record.precision == "year":
        return str(record.date.year)
    if record.precision == "month":
        return f"{record.date.year}, {formats.date_format(record.date, 'F')}"
    return f"{record.date.year}, {formats.date_format(record.date, 'F j')}"


def citation_text(record):
    """APA-like text: authors (UN bodies as corporate authors), date, title (symbol), publisher,
    DOI, "Retrieved from <canonical URL>". Without authors the publisher is the author."""
    authors = [author.apa for author in record.authors]
    publisher_is_author = False
    if not authors and record.publisher:
        authors, publisher_is_author = [record.publisher], True
    title = record.title.strip()
    details = []
    if record.symbol:
        details.append(record.symbol)
    title_part = f"{title} ({'; '.join(details)})" if details else title
    if record.type_slug in VIDEO_TYPES:
        title_part += f" [{_('Video')}]"
    parts = []
    if authors:
        parts.append(_sentence(_join_apa(authors)))
        parts.append(f"({_apa_date(record)}).")
        parts.append(_sentence(title_part))
    else:
        parts.append(_sentence(title_part))
        parts.append(f"({_apa_date(record)}).")
    if record.publisher and not publisher_is_author and record.publisher not in authors:
        parts.append(_sentence(record.publisher))
    if record.doi:
        parts.append(record.doi_url)
    if record.url:
        parts.append(_("Retrieved from %(url)s") % {"url": record.url})
    return " ".join(parts)

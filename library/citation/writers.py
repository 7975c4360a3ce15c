"""RIS and BibTeX writers for resource exports and citation downloads (library/exports.py).

Each takes chunks of (page, related) pairs and yields text; a resource's record comes from
`bibliographic_record`, the same one its page shows.
"""

import re

import bibtexparser
import rispy
from bibtexparser.middlewares import MonthAbbreviationMiddleware, default_unparse_stack
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import UnicodeToLatexEncoder

from ..importing.reading import NOTE_KEY  # the note closing a truncated export, skipped on import
from .record import bibliographic_record

# RIS reference types (RIS specification / rispy's TYPE_OF_REFERENCE_MAPPING) by resource type.
RIS_TYPES = {
    "report": "RPRT",
    "national-report": "RPRT",
    "policy-brief": "RPRT",
    "case-study": "RPRT",
    "guidance": "RPRT",
    "toolkit": "RPRT",
    "meeting-document": "GOVDOC",
    "national-action-plan": "GOVDOC",
    "decision": "LEGAL",
    "legislation": "STAT",
    "video": "VIDEO",
    "webinar-recording": "VIDEO",
    "dataset": "DATA",
    "scientific-article": "JOUR",
    "presentation": "SLIDE",
    "fact-sheet": "PAMP",
    "tool": "COMP",
}
# BibTeX entry types; @techreport carries the symbol as its number and the publisher as institution.
BIBTEX_TYPES = {
    "report": "techreport",
    "national-report": "techreport",
    "national-action-plan": "techreport",
    "policy-brief": "techreport",
    "case-study": "techreport",
    "meeting-document": "techreport",
    "guidance": "manual",
    "toolkit": "manual",
    "training-material": "manual",
    "fact-sheet": "manual",
    "scientific-article": "article",
}
PUBLISHER_FIELD = {"techreport": "institution", "manual": "organization"}

# Plain UTF-8 stays readable in BibTeX; only characters LaTeX treats specially are escaped.
_latex = UnicodeToLatexEncoder(
    non_ascii_only=True, unknown_char_policy="keep", unknown_char_warning=False, replacement_latex_protection="braces"
)
_LATEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
# Each chunk's Library is built for one write, so the middlewares may change it in place
# (the default deep-copies every entry, which dominated the time of a large export).
UNPARSE_STACK = [
    MonthAbbreviationMiddleware(allow_inplace_modification=True),
    *default_unparse_stack(allow_inplace_modification=True),
]
_LATEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


# --- RIS ---------------------------------------------------------------------------------


def ris_entry(record):
    entry = {"type_of_reference": RIS_TYPES.get(record.type_slug, "GEN"), "title": record.title}
    people = [author.inverted for author in record.persons]
    organisations = [author.name for author in record.organisations]
    # Corporate authors are the authors when no person is named (UN documents); beside named
    # people they go to A2, so citation managers do not split "United Nations …" into names.
    if people:
        entry["authors"] = people
        if organisations:
            entry["secondary_authors"] = organisations
    elif organisations:
        entry["authors"] = organisations
    if record.date:
        entry["year"] = str(record.date.year)
        entry["date"] = record.iso_date.replace("-", "/")
    optional = {
        "abstract": record.summary,
        "publisher": record.publisher,
        "issn": record.isbn,
        "doi": record.doi,
        "type_of_work": record.type_name,
    }
    entry.update({key: value for key, value in optional.items() if value})
    entry["urls"] = [record.url] + [file.url for file in record.files]
    if record.languages:
        entry["language"] = ", ".join(record.languages)
    if record.keywords:
        entry["keywords"] = record.keywords
    notes = [f"Symbol: {record.symbol}"] if record.symbol else []
    notes += [f"Handle: {record.handle_url}"] if record.handle else []
    notes += [f"Licence: {record.licence_url or record.licence_name}"] if record.licence else []
    if notes:
        entry["notes"] = notes
    return entry


class PlainRisWriter(rispy.RisWriter):
    """rispy numbers references ("1.") above each TY line; citation managers expect TY first."""

    def set_header(self, count):
        return ""


def ris_chunks(chunks, request, notice=""):
    for pages in chunks:
        entries = [ris_entry(bibliographic_record(page, request, related)) for page, related in pages]
        yield rispy.dumps(entries, implementation=PlainRisWriter)
    if notice:
        # RIS has no comment; readers skip a line outside any TY … ER record.
        yield f"\n{NOTE_KEY} {notice}\n"


# --- BibTeX ------------------------------------------------------------------------------


def latex(text):
    """Escape LaTeX's special characters and accent what classic BibTeX cannot read raw."""
    escaped = _LATEX_SPECIAL.sub(lambda match: _LATEX_REPLACEMENTS.get(match.group(1), "\\" + match.group(1)), text)
    # The encoder walks every character; most text is plain ASCII and needs nothing more.
    return escaped if escaped.isascii() else _latex.unicode_to_latex(escaped)


def bibtex_names(record):
    # Braces make a corporate author one "last name": {United Nations Environment Programme}.
    names = [
        latex(author.inverted) if author.is_person else "{" + latex(author.name) + "}" for author in record.authors
    ]
    return " and ".join(names)


def bibtex_key(record, used):
    """A key from the identifier (stable across exports), made unique within one file."""
    base = re.sub(r"[^A-Za-z0-9_:.-]+", "-", record.identifier).strip("-.") or "resource"
    key, suffix = base, 1
    while key in used:
        suffix += 1
        key = f"{base}-{suffix}"
    used.add(key)
    return key


def bibtex_entry(record, key):
    entry_type = BIBTEX_TYPES.get(record.type_slug, "misc")
    fields = [Field("author", bibtex_names(record))] if record.authors else []
    # Double braces keep the title's capitals (BibTeX styles lower-case titles otherwise).
    fields.append(Field("title", "{" + latex(record.title) + "}"))
    if record.date:
        fields.append(Field("year", str(record.date.year)))
        if record.precision in ("month", "day"):
            fields.append(Field("month", record.date.month))
        fields.append(Field("date", record.iso_date))
    optional = [
        (PUBLISHER_FIELD.get(entry_type, "publisher"), latex(record.publisher)),
        ("type", latex(record.type_name) if entry_type in ("techreport", "misc") else ""),
        ("number", latex(record.symbol)),
        ("isbn", record.isbn),
        ("doi", latex(record.doi)),
        ("url", record.url),
        ("language", ", ".join(record.languages)),
        ("abstract", latex(record.summary)),
        ("keywords", latex(", ".join(record.keywords))),
        ("copyright", latex(record.licence_name)),
    ]
    fields += [Field(name, value) for name, value in optional if value]
    return Entry(entry_type, key, fields)


def bibtex_chunks(chunks, request, notice=""):
    used = set()
    first = True
    for pages in chunks:
        library = bibtexparser.Library()
        for page, related in pages:
            record = bibliographic_record(page, request, related)
            library.add(bibtex_entry(record, bibtex_key(record, used)))
        text = bibtexparser.write_string(library, unparse_stack=UNPARSE_STACK)
        yield text if first else "\n" + text
        first = False
    if notice:
        yield ("" if first else "\n") + "@comment{" + notice + "}\n"

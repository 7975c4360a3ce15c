"""Search-result snippets for engines that do not make their own (the database engine).

The visitor's text and the document's are both escaped; only <mark> is added.
"""

import html
import re

SNIPPET_CHARS = 220


def snippet(summary, body, terms):
    """A snippet around the first query term found (summary first, then body), terms marked.

    The visitor's text and the document's are both escaped; only <mark> is added.
    """
    patterns = [_term_pattern(term) for term in dict.fromkeys(terms) if term]
    if not patterns:
        return ""
    matcher = re.compile("|".join(patterns), re.IGNORECASE)
    for text in (summary or "", body or ""):
        found = matcher.search(text)
        if not found:
            continue
        start = max(0, found.start() - SNIPPET_CHARS // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < found.start() else start
        end = min(len(text), start + SNIPPET_CHARS)
        window = text[start:end]
        marked, last = [], 0
        for match in matcher.finditer(window):
            marked.append(html.escape(window[last : match.start()]))
            marked.append(f"<mark>{html.escape(match.group(0))}</mark>")
            last = match.end()
        marked.append(html.escape(window[last:]))
        prefix = "… " if start else ""
        suffix = " …" if end < len(text) else ""
        return prefix + "".join(marked) + suffix
    return ""


def _term_pattern(term):
    # CJK bigrams have no word boundaries; other words are marked by their stem, so
    # "emissions" is marked for a search on "emission".
    if not term.isascii() and not any(ch.isascii() for ch in term) and len(term) <= 2:
        return re.escape(term)
    stem = term[:-2] if len(term) >= 6 and term.isalpha() else term
    return r"\b" + re.escape(stem) + r"\w*"

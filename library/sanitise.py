"""Cleaning text and HTML that arrive from outside: imports, harvests, partners' feeds.

Wagtail does not sanitise rich text when it renders it (`|richtext` trusts the database), so
anything not typed into the admin's editor is cleaned on the way in:

- `plain_text()` for fields that are plain text (summaries, titles, author names): markup is
  removed, entities decoded, whitespace collapsed. Templates escape the result as usual.
- `rich_text()` for HTML going into a RichTextField or a `paragraph` block: Wagtail's own
  whitelister for the editor's feature set, so only what the editor itself could produce
  survives (no `<script>`, no `on*=` attributes, no `javascript:` links).
"""

import re
import unicodedata

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from bs4 import BeautifulSoup, Comment

from hub.blocks.stream import RICH_TEXT_FEATURES

# Elements whose content is code or decoration, never text a reader should see.
INVISIBLE_ELEMENTS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head")
BLOCK_ELEMENTS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section")
_MARKUP = re.compile(r"<[a-zA-Z!/?]|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _drop_invisible(soup):
    for node in soup(INVISIBLE_ELEMENTS):
        node.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()


def plain_text(value, *, keep_paragraphs=False):
    """Text without markup: `<p>Mercury &amp; <b>gold</b></p>` → `Mercury & gold`.

    Paragraph breaks become blank lines when `keep_paragraphs` is set (summaries), otherwise
    all whitespace collapses to single spaces (titles, names).
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    if _MARKUP.search(text):
        soup = BeautifulSoup(text, "html.parser")
        _drop_invisible(soup)
        for node in soup.find_all(BLOCK_ELEMENTS):
            node.insert_before("\n\n")
        text = soup.get_text()
    text = _CONTROL.sub(" ", text)
    if not keep_paragraphs:
        return " ".join(text.split())
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text))
    return "\n\n".join(part for part in paragraphs if part)


def rich_text(html, features=None):
    """HTML reduced to what Wagtail's rich-text editor allows, in its database format.

    `features` defaults to the features of the shared `paragraph` block. Invisible elements
    are removed with their content first: the whitelister alone would unwrap a `<script>` and
    keep its code as visible text.
    """
    if not html:
        return ""
    soup = BeautifulSoup(str(html), "html.parser")
    _drop_invisible(soup)
    converter = EditorHTMLConverter(features=list(features or RICH_TEXT_FEATURES))
    return converter.to_database_format(str(soup)).strip()

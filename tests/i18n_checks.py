"""Checks that the interface can be, and is, translated (tests/test_catalogues.py calls them).

- Is every visible string of a template marked? `unmarked_strings()` reads one template: text
  nodes, visible attributes (alt, title, aria-label, placeholder, a button's value, a meta
  description) and `|default:"…"` literals outside `{% translate %}`/`{% blocktranslate %}`.
  `unmarked_in_templates()` runs it over all of ours.
- Is every label of our Python marked? `unmarked_python_labels()`: literal `verbose_name`,
  `help_text`, `heading`, `label` … arguments and attributes.
- Which messages does the code hold? `code_messages()` runs `makemessages` on a copy of the
  source tree (never touching `locale/`) and reads the POT files it leaves.
- Is a catalogue complete and sound? `missing_and_stale()`, `untranslated()` (empty or fuzzy),
  `plural_forms_problems()` and `msgfmt_problems()` (GNU msgfmt --check: format strings, plural
  forms, header); `catalogue_problems()` runs them all on one PO file.

The checks know nothing of pytest: `python -m tests.i18n_checks` prints what they find.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent

# The locales whose catalogues live in locale/ (directory names as gettext spells them);
# English is the source language and has no catalogue.
CATALOGUE_LOCALES = ("fr", "es", "ar", "zh_Hans", "ru")
DOMAINS = ("django", "djangojs")

# Where our templates live: the project's folder and each of our apps' folders.
TEMPLATE_DIRS = (
    BASE_DIR / "templates",
    BASE_DIR / "hub" / "templates",
    BASE_DIR / "partners" / "templates",
    BASE_DIR / "library" / "templates",
    BASE_DIR / "search" / "templates",
)

# What the copy for makemessages leaves out: the folders the Makefile's MAKEMESSAGES_OPTIONS
# ignore, uploads, the catalogues themselves, hidden folders and local state.
_NOT_COPIED = (".venv", "tests", "benchmarks", "staticfiles", "node_modules", "media", "locale", ".*")
_NOT_COPIED += ("__pycache__", "*.pyc", "*.sqlite3*", "test-results")

# Text that is the same in every language. Brand names and codes go here, never sentences.
ALLOWED_TEXT = frozenset()

# Templates that are deliberately not translated, and why.
UNTRANSLATED_TEMPLATES = {
    # Rendered with no context after a failure that may lie anywhere, so it depends on nothing:
    # English with the same message spelled out in the five other languages, side by side.
    "templates/500.html": "static multilingual error page",
}

# Attributes people see or hear (tooltips, alternative text, accessible names, hints).
VISIBLE_ATTRIBUTES = frozenset(
    {
        "alt",
        "title",
        "aria-label",
        "aria-description",
        "aria-roledescription",
        "aria-placeholder",
        "aria-valuetext",
        "placeholder",
        "label",
    }
)
BUTTON_INPUT_TYPES = frozenset({"submit", "button", "reset"})
VISIBLE_META = frozenset({"description", "og:title", "og:description", "twitter:title", "twitter:description"})
NOT_RENDERED = frozenset({"script", "style"})

# A template token stands in the HTML as this character, with spaces so it never glues to a
# tag name; it carries no letters, so "{{ n }} results" leaves "results" and "{{ n }}" nothing.
_HOLE = " \ue000 "
_BLOCK_NAME = re.compile(r"^\s*(\w+)")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_-]*$")  # a tag or class name: "h2", "card--wide"
_DEFAULT_LITERAL = re.compile(r"""\|\s*default(?:_if_none)?\s*:\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class Finding:
    """One unmarked string: where it is and what it says."""

    path: str
    line: int
    where: str  # "text", "attribute alt", "default filter" …
    text: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.where}: {self.text!r}"


def has_words(text):
    """Whether a text says something a translator would translate (any letter left)."""
    text = text.replace(_HOLE.strip(), " ").strip()
    if not text or " ".join(text.split()) in ALLOWED_TEXT:
        return False
    return any(character.isalpha() for character in text)


class _VisibleText(HTMLParser):
    """Collects text nodes and visible attribute values with letters in them."""

    def __init__(self, path, findings):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.findings = findings
        self.hidden_depth = 0

    def _add(self, where, text):
        if has_words(text):
            clean = re.sub(r"…(\s*…)+", "…", " ".join(text.replace(_HOLE.strip(), "…").split()))
            self.findings.append(Finding(self.path, self.getpos()[0], where, clean))

    def handle_starttag(self, tag, attrs):
        if tag in NOT_RENDERED:
            self.hidden_depth += 1
        values = {name: value or "" for name, value in attrs}
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES:
                self._add(f"attribute {name} of <{tag}>", value or "")
        if tag == "input" and values.get("type", "").strip().lower() in BUTTON_INPUT_TYPES:
            self._add("attribute value of a button", values.get("value", ""))
        if tag == "meta" and (values.get("name") or values.get("property", "")).strip().lower() in VISIBLE_META:
            self._add("attribute content of <meta>", values.get("content", ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in NOT_RENDERED:
            self.hidden_depth -= 1

    def handle_endtag(self, tag):
        if tag in NOT_RENDERED and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth:
            self._add("text", data)


def unmarked_strings(source, path="<template>"):
    """The visible strings of one template's source that are not marked for translation."""
    from django.template.base import Lexer, TokenType

    findings = []
    html = []
    # The closing tags of what is skipped: a {% blocktranslate %} (marked), a {% comment %} or
    # {% verbatim %}, and a {% block …class %} (class names for an attribute of the parent).
    skipping_until = ()
    for token in Lexer(source).tokenize():
        newlines = "\n" * token.contents.count("\n")
        if skipping_until:
            if token.token_type == TokenType.BLOCK and " ".join(token.contents.split()) in skipping_until:
                skipping_until = ()
            html.append(_HOLE + newlines if token.token_type != TokenType.TEXT else "\n" * token.contents.count("\n"))
            continue
        if token.token_type == TokenType.TEXT:
            html.append(token.contents)
            continue
        html.append(_HOLE + newlines)
        if token.token_type == TokenType.COMMENT:
            continue
        for match in _DEFAULT_LITERAL.finditer(token.contents):
            literal = match.group(1) if match.group(1) is not None else match.group(2)
            if has_words(literal) and not _IDENTIFIER.match(literal):
                findings.append(Finding(path, token.lineno, "default filter", literal))
        name = _BLOCK_NAME.match(token.contents)
        if token.token_type == TokenType.BLOCK and name:
            name = name.group(1)
            if name in ("blocktranslate", "blocktrans", "comment", "verbatim"):
                skipping_until = ("end" + name,)
            elif name == "block" and token.contents.split()[-1].endswith("class"):
                skipping_until = ("endblock", "endblock " + token.contents.split()[-1])
    parser = _VisibleText(path, findings)
    # A tag whose name is a variable (<{{ level }} …>) is still a tag, not text.
    parser.feed(re.sub("<(/?)" + re.escape(_HOLE), r"<\1x-variable ", "".join(html)))
    parser.close()
    return sorted(findings, key=lambda finding: (finding.path, finding.line))


def template_files():
    """Every template of ours (HTML, text and XML)."""
    files = []
    for folder in TEMPLATE_DIRS:
        if folder.is_dir():
            files += [p for p in folder.rglob("*") if p.suffix in (".html", ".txt", ".xml") and p.is_file()]
    return sorted(files)


def unmarked_in_templates(paths=None):
    """Unmarked strings of the given templates (default: all of ours but UNTRANSLATED_TEMPLATES)."""
    if paths is None:
        paths = [p for p in template_files() if str(p.relative_to(BASE_DIR)) not in UNTRANSLATED_TEMPLATES]
    findings = []
    for path in paths:
        findings += unmarked_strings(path.read_text(encoding="utf-8"), str(path.relative_to(BASE_DIR)))
    return findings


# --- Python labels --------------------------------------------------------------------------

PYTHON_APPS = ("exchange_platform", "hub", "partners", "library", "search")
# Not interface: database history, seed content (translated as content), commands' output.
PYTHON_NOT_INTERFACE = ("migrations", "seed", "management", "factories.py")
# Arguments and attributes that always reach people (editors or visitors) as they are.
LABEL_KEYWORDS = frozenset(
    {
        "verbose_name",
        "verbose_name_plural",
        "help_text",
        "heading",
        "label",
        "empty_label",
        "group",
        "description",
        "menu_label",
        "add_item_label",
        "button_label",
        "placeholder",
    }
)
LABEL_ATTRIBUTES = frozenset(
    {"verbose_name", "verbose_name_plural", "help_text", "description", "menu_label", "page_title", "header_title"}
)


def python_files():
    files = []
    for app in PYTHON_APPS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            parts = set(path.relative_to(BASE_DIR).parts)
            if not parts & set(PYTHON_NOT_INTERFACE):
                files.append(path)
    return files


def _is_text(node):
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and has_words(node.value)


def unmarked_python_labels(source, path="<module>"):
    """Literal labels, help texts, headings and verbose names in Python, not wrapped in gettext.

    Deliberately narrow (keyword arguments and class attributes with those names): free strings
    are too often identifiers, log lines or protocol text to judge by machine.
    """
    findings = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg in LABEL_KEYWORDS and _is_text(node.value):
            findings.append(Finding(path, node.value.lineno, f"argument {node.arg}", ast.unparse(node.value)))
        elif (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id in LABEL_ATTRIBUTES for t in node.targets)
            and _is_text(node.value)
        ):
            findings.append(Finding(path, node.lineno, "attribute", ast.unparse(node.value)))
    return sorted(findings, key=lambda finding: finding.line)


def unmarked_in_python(paths=None):
    findings = []
    for path in paths or python_files():
        findings += unmarked_python_labels(path.read_text(encoding="utf-8"), str(path.relative_to(BASE_DIR)))
    return findings


# --- Catalogues -----------------------------------------------------------------------------


def message_key(entry):
    """What identifies a message in a catalogue: its context, its text and its plural text."""
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def code_messages(domains=DOMAINS):
    """{domain: {message key, …}}: what `makemessages` finds in the code today.

    It runs on a copy of the source tree (without locale/, tests, the venv …), so the committed
    catalogues are never rewritten; the POT file it keeps is exactly what `make messages` merges.
    """
    with tempfile.TemporaryDirectory(prefix="i18n-check-") as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(BASE_DIR, copy, ignore=shutil.ignore_patterns(*_NOT_COPIED), symlinks=True)
        (copy / "locale").mkdir()
        settings_module = os.environ.get("DJANGO_SETTINGS_MODULE") or "exchange_platform.settings.test"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
        # One process for both domains: starting Django is most of the cost.
        script = (
            "import sys, django; from django.core.management import call_command; django.setup(); "
            "[call_command('makemessages', '--all', '--keep-pot', '-d', d, *sys.argv[2:], verbosity=0) "
            "for d in sys.argv[1].split(',')]"
        )
        subprocess.run(  # noqa: S603 - our own interpreter, in the copy of our tree
            [sys.executable, "-c", script, ",".join(domains), *makemessages_options()],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        found = {}
        for domain in domains:
            pot = copy / "locale" / f"{domain}.pot"
            found[domain] = {message_key(entry) for entry in polib.pofile(str(pot))} if pot.exists() else set()
        return found


def makemessages_options():
    """The options `make messages` passes (read from the Makefile, so the two never differ)."""
    makefile = (BASE_DIR / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^MAKEMESSAGES_OPTIONS\s*:?=\s*(.*)$", makefile, re.MULTILINE)
    return match.group(1).split() if match else []


def catalogue_path(locale, domain):
    return BASE_DIR / "locale" / locale / "LC_MESSAGES" / f"{domain}.po"


def django_plural_forms(locale):
    """Django's own Plural-Forms for a locale: ours must agree, so plurals merge cleanly."""
    import django

    path = Path(django.__file__).parent / "conf" / "locale" / locale / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(path)).metadata.get("Plural-Forms", "") if path.exists() else ""


def _normal(header):
    return re.sub(r"\s+", "", header).rstrip(";")


def read_catalogue(po_path):
    return polib.pofile(str(po_path))


def missing_and_stale(po_path, expected):
    """Messages of the code missing from a PO file, and its messages the code no longer has."""
    present = {message_key(entry) for entry in read_catalogue(po_path) if not entry.obsolete}
    return [
        f"{po_path}: missing from the catalogue (run `make messages`): {_show(key)}"
        for key in sorted(expected - present)
    ] + [f"{po_path}: no longer in the code (run `make messages`): {_show(key)}" for key in sorted(present - expected)]


def untranslated(po_path):
    """Messages of a PO file that are fuzzy or have an empty translation (any plural form)."""
    problems = []
    for entry in read_catalogue(po_path):
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{po_path}:{entry.linenum}: fuzzy: {_show(message_key(entry))}")
        elif not entry.translated():
            problems.append(f"{po_path}:{entry.linenum}: untranslated: {_show(message_key(entry))}")
    return problems


def plural_forms_problems(po_path, plural_forms):
    """The header's Plural-Forms must be Django's for the language, and every plural message
    must have that many forms."""
    catalogue = read_catalogue(po_path)
    ours = catalogue.metadata.get("Plural-Forms", "")
    if _normal(ours) != _normal(plural_forms):
        return [f"{po_path}: Plural-Forms is {ours!r}, Django's for this language is {plural_forms!r}"]
    count = int(re.search(r"nplurals\s*=\s*(\d+)", ours).group(1))
    return [
        f"{po_path}:{entry.linenum}: {len(entry.msgstr_plural)} plural forms, the language has {count}: "
        f"{_show(message_key(entry))}"
        for entry in catalogue
        if entry.msgid_plural and not entry.obsolete and len(entry.msgstr_plural) != count
    ]


def catalogue_problems(po_path, expected, plural_forms=None):
    """Everything wrong with one PO file, as lines a translator can act on ([] when nothing).

    expected: the message keys the code holds (code_messages()); plural_forms: the header the
    locale must carry (django_plural_forms()), or None not to check it.
    """
    po_path = Path(po_path)
    if not po_path.exists():
        return [f"{po_path}: missing (run `make messages`)"]
    problems = missing_and_stale(po_path, expected) + untranslated(po_path) + msgfmt_problems(po_path)
    if plural_forms is not None:
        problems += plural_forms_problems(po_path, plural_forms)
    return problems


def _show(key):
    context, msgid, plural = key
    text = msgid if not plural else f"{msgid} / {plural}"
    return f"[{context}] {text!r}" if context else repr(text)


def msgfmt_problems(po_path):
    """GNU msgfmt's own checks (format strings, plural forms, header): its messages, or []."""
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--output-file=/dev/null", str(po_path)],  # noqa: S607 - gettext's msgfmt
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        return []
    return [line for line in result.stderr.splitlines() if line.strip()] or [f"msgfmt exited {result.returncode}"]


def summary():
    """What is left per catalogue, for reports: {(locale, domain): {kind of problem: count}}."""
    expected = code_messages()
    counts = {}
    for locale in CATALOGUE_LOCALES:
        for domain in DOMAINS:
            path = catalogue_path(locale, domain)
            counts[locale, domain] = {
                "missing or stale": len(missing_and_stale(path, expected[domain])),
                "untranslated or fuzzy": len(untranslated(path)),
                "msgfmt and plural forms": len(
                    msgfmt_problems(path) + plural_forms_problems(path, django_plural_forms(locale))
                ),
            }
    return counts


if __name__ == "__main__":  # python -m tests.i18n_checks
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange_platform.settings.test")
    django.setup()
    for finding in unmarked_in_templates() + unmarked_in_python():
        print(f"unmarked: {finding}")  # noqa: T201
    for (locale, domain), problems in summary().items():
        print(f"{locale:8} {domain:9} " + ", ".join(f"{kind}: {n}" for kind, n in problems.items()))  # noqa: T201

"""The interface catalogues (issue #9, item 3; docs/translation.md).

For each of the five catalogues (fr, es, ar, zh_Hans, ru) and both domains (django, djangojs):
every message of the code is in the catalogue and nothing else is, every message is translated
and none is fuzzy, msgfmt --check accepts the file, and the plural forms are the language's.
Every visible string of our templates, and every label of our Python, is marked.

The checks live in tests/i18n_checks.py; the second half of this module makes sure they can fail.
Until the translators' work is merged, the "translated" tests fail, listing what is left.
"""

import textwrap

import pytest

from . import i18n_checks as checks

CATALOGUES = [(locale, domain) for locale in checks.CATALOGUE_LOCALES for domain in checks.DOMAINS]


def _report(problems, limit=40):
    shown = "\n".join(map(str, problems[:limit]))
    more = f"\n… and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problem(s):\n{shown}{more}"


@pytest.fixture(scope="module")
def code():
    """{domain: message keys}, extracted once per module by makemessages on a copy of the tree."""
    return checks.code_messages()


# --- The project as it is --------------------------------------------------------------------


def test_every_template_string_is_marked():
    findings = checks.unmarked_in_templates()
    assert not findings, _report(findings)


def test_every_python_label_is_marked():
    findings = checks.unmarked_in_python()
    assert not findings, _report(findings)


def test_extraction_finds_each_kind_of_source(code):
    """makemessages reads templates, Python and JavaScript (so an empty extraction cannot pass)."""
    django_ids = {msgid for _context, msgid, _plural in code["django"]}
    assert "Skip to main content" in django_ids  # templates/base.html
    assert "Conference of the Parties" in django_ids  # hub/models/meetings.py
    assert ("bibliographic field", "Author", "Authors") in code["django"]  # the plural, in its own context
    assert ("", "No suggestions.", "") in code["djangojs"]  # static/js/search.js
    assert len(code["django"]) > 700


@pytest.mark.parametrize(("locale", "domain"), CATALOGUES)
def test_catalogue_holds_exactly_the_messages_of_the_code(code, locale, domain):
    path = checks.catalogue_path(locale, domain)
    assert path.exists(), f"{path} is missing: run `make messages`"
    problems = checks.missing_and_stale(path, code[domain])
    assert not problems, _report(problems)


@pytest.mark.parametrize(("locale", "domain"), CATALOGUES)
def test_catalogue_passes_msgfmt_check_and_has_the_languages_plural_forms(locale, domain):
    path = checks.catalogue_path(locale, domain)
    problems = checks.msgfmt_problems(path) + checks.plural_forms_problems(path, checks.django_plural_forms(locale))
    assert not problems, _report(problems)


@pytest.mark.parametrize(("locale", "domain"), CATALOGUES)
def test_catalogue_is_fully_translated(locale, domain):
    problems = checks.untranslated(checks.catalogue_path(locale, domain))
    assert not problems, _report(problems, limit=10)


# --- The checks can fail ---------------------------------------------------------------------

BAD_TEMPLATES = {
    "text node": ("<p>Read more</p>", "Read more"),
    "text around a variable": ("<p>{{ count }} results found</p>", "… results found"),
    "alt": ('<img src="x.png" alt="Mercury cycle">', "Mercury cycle"),
    "title": ('<abbr title="Conference of the Parties">{{ short }}</abbr>', "Conference of the Parties"),
    "aria-label": ('<nav aria-label="Pages {{ n }}"></nav>', "Pages …"),
    "placeholder": ('<input name="q" placeholder="Search the library">', "Search the library"),
    "button value": ('<input type="submit" value="Go">', "Go"),
    "meta description": ('<meta name="description" content="A library">', "A library"),
    "default filter": ('<h2>{{ heading|default:"Resources" }}</h2>', "Resources"),
    "after a block translate": (
        "{% load i18n %}<p>{% blocktranslate %}One{% endblocktranslate %} and two</p>",
        "… and two",
    ),
    "svg title": ("<svg><title>Logo</title></svg>", "Logo"),
    "arabic": ("<p>المكتبة</p>", "المكتبة"),
    "chinese": ("<p>图书馆</p>", "图书馆"),
}

GOOD_TEMPLATES = {
    "translate": "{% load i18n %}<p>{% translate 'Read more' %}</p>",
    "blocktranslate with variables": (
        "{% load i18n %}<p>{% blocktranslate trimmed count n=items|length %}{{ n }} result{% plural %}"
        "{{ n }} results{% endblocktranslate %}</p>"
    ),
    "marked attribute": '{% load i18n %}<img alt="{% translate \'Mercury cycle\' %}" src="x.png">',
    "variables and punctuation": "<p>{{ a }} · {{ b }} – ({{ c }}) &times; 3/4</p>",
    "unseen attributes": '<a class="button primary" href="/en/search/" rel="nofollow" data-x="Hello">{{ x }}</a>',
    "script and style": "<script>var label = 'Hello';</script><style>p::after { content: 'Hi'; }</style>",
    "comments": "{# Hello #}<!-- Hello -->{% comment %}<p>Hello</p>{% endcomment %}",
    "a tag named by a variable": '<{{ level|default:"h2" }} class="block-heading">{{ text }}</{{ level }}>',
    "class names in a block": "{% block body_class %}home search-page{% endblock %}",
    "marked default": '{% load i18n %}<h2>{{ heading|default:_("Resources") }}</h2>',
}


@pytest.mark.parametrize("case", BAD_TEMPLATES)
def test_checker_finds_an_unmarked_string(case):
    source, text = BAD_TEMPLATES[case]
    findings = checks.unmarked_strings(source, "bad.html")
    assert [finding.text for finding in findings] == [text]
    assert findings[0].path == "bad.html"


@pytest.mark.parametrize("case", GOOD_TEMPLATES)
def test_checker_accepts_marked_and_invisible_text(case):
    assert checks.unmarked_strings(GOOD_TEMPLATES[case]) == []


def test_checker_reports_the_line():
    source = "{% load i18n %}\n<p>{% translate 'Fine' %}</p>\n\n<p>\n  Not fine\n</p>\n"
    [finding] = checks.unmarked_strings(source, "bad.html")
    assert (finding.line, finding.text) == (4, "Not fine")


def test_python_checker_finds_unmarked_labels():
    source = textwrap.dedent(
        """
        from django.db import models
        from django.utils.translation import gettext_lazy as _

        class Thing(models.Model):
            name = models.CharField(max_length=9, verbose_name="Name", help_text=_("Fine"))
            size = models.IntegerField(help_text=f"At most {9}")
            code = models.CharField(max_length=9, verbose_name=_("Code"), db_column="code_value")

            class Meta:
                verbose_name = "thing"
                verbose_name_plural = _("things")
        """
    )
    found = [(finding.line, finding.text) for finding in checks.unmarked_python_labels(source)]
    assert found == [(6, "'Name'"), (7, "f'At most {9}'"), (11, "'thing'")]


BAD_CATALOGUE = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: ru\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Translated"
msgstr "Переведено"

msgid "Empty"
msgstr ""

#, fuzzy
msgid "Guessed"
msgstr "Угадано"

#, python-format
msgid "%(count)s item"
msgid_plural "%(count)s items"
msgstr[0] "%(cont)s элемент"
msgstr[1] ""

msgid "Gone from the code"
msgstr "Удалено"

#~ msgid "Obsolete"
#~ msgstr ""
"""


def test_catalogue_checks_find_every_kind_of_problem(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(BAD_CATALOGUE, encoding="utf-8")
    expected = {
        ("", "Translated", ""),
        ("", "Empty", ""),
        ("", "Guessed", ""),
        ("", "%(count)s item", "%(count)s items"),
        ("", "New in the code", ""),
    }

    assert [line.split(": ", 1)[1] for line in checks.missing_and_stale(po, expected)] == [
        "missing from the catalogue (run `make messages`): 'New in the code'",
        "no longer in the code (run `make messages`): 'Gone from the code'",
    ]
    untranslated = checks.untranslated(po)
    assert [line.rsplit(": ", 2)[1:] for line in untranslated] == [
        ["untranslated", "'Empty'"],
        ["fuzzy", "'Guessed'"],
        ["untranslated", "'%(count)s item / %(count)s items'"],
    ]
    assert any("cont" in line for line in checks.msgfmt_problems(po)), "msgfmt must reject a renamed placeholder"
    [plural] = checks.plural_forms_problems(po, checks.django_plural_forms("ru"))
    assert "Plural-Forms is 'nplurals=2; plural=(n != 1);'" in plural
    missing = tmp_path / "none.po"
    assert checks.catalogue_problems(missing, expected) == [f"{missing}: missing (run `make messages`)"]


def test_plural_forms_check_counts_the_forms(tmp_path):
    po = tmp_path / "django.po"
    header = checks.django_plural_forms("ru")
    po.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: {header}\\n"\n\n'
        'msgid "%(n)s file"\nmsgid_plural "%(n)s files"\nmsgstr[0] "a"\nmsgstr[1] "b"\n',
        encoding="utf-8",
    )
    [problem] = checks.plural_forms_problems(po, header)
    assert "2 plural forms, the language has 4" in problem


# --- The JavaScript catalogue ----------------------------------------------------------------


def test_javascript_catalogue_is_served_per_language_with_our_messages_only(client):
    response = client.get("/fr/jsi18n/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "django.gettext" in body and "django.ngettext" in body
    assert "Last-Modified" in response
    # Wagtail's and Django admin's JavaScript catalogues (hundreds of messages) are left out.
    assert len(body) < 8_000  # ours: about 3 KB; with theirs, 15 KB in French
    again = client.get("/fr/jsi18n/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_search_script_is_preceded_by_the_catalogue_of_the_page_language():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ar"):
        html = render_to_string("search/includes/script.html")
    catalogue = html.index('<script src="/ar/jsi18n/" defer></script>')
    assert catalogue < html.index("js/search.js")
    assert "data-msg-" not in html  # the messages come from the catalogue now

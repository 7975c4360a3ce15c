"""Domain terms are translated the same way everywhere (issue #9, item 3).

Every interface message and every seeded page string whose English names a term of the
Convention carries that term's official rendering in each language (docs/translation.md has the
glossary): a translator's synonym for "Party" or "mercury" fails here, not in front of a delegate.
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["fr", "es", "ar", "zh_Hans", "ru"]

# English term (a regular expression) -> accepted renderings per language (any one, case-insensitive).
GLOSSARY = {
    r"\bmercury\b": {"fr": ["mercure"], "es": ["mercurio"], "ar": ["زئبق"], "zh_Hans": ["汞"], "ru": ["ртут"]},
    r"\bConference of the Parties\b": {
        "fr": ["Conférence des Parties"],
        "es": ["Conferencia de las Partes"],
        "ar": ["مؤتمر الأطراف"],
        "zh_Hans": ["缔约方大会"],
        "ru": ["Конференци"],
    },
    r"\bartisanal and small-scale gold mining\b": {
        "fr": ["extraction minière artisanale et à petite échelle d'or"],
        "es": ["extracción de oro artesanal y en pequeña escala"],
        "ar": ["تعدين الذهب الحرفي والضيق النطاق"],
        "zh_Hans": ["手工和小规模采金"],
        "ru": ["кустарн"],
    },
    r"\bintersessional\b": {
        "fr": ["intersession"],
        "es": ["entre períodos de sesiones"],
        "ar": ["بين الدورات"],
        "zh_Hans": ["闭会期间"],
        "ru": ["межсессионн"],
    },
    r"\bPart(?:y|ies)\b": {
        "fr": ["Partie"],
        "es": ["Parte"],
        "ar": ["طرف", "أطراف"],
        "zh_Hans": ["缔约方"],
        "ru": ["Сторон"],
    },
}


def _catalogues(language):
    yield ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    yield ROOT / "hub" / "seed" / "content" / "translations" / "pages" / f"{language}.po"


def _messages(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield " ".join(ids), " ".join(string or "" for string in strings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_domain_terms_keep_their_official_rendering(language):
    checked, wrong = 0, []
    for path in _catalogues(language):
        for english, translated in _messages(path):
            for pattern, renderings in GLOSSARY.items():
                if not re.search(pattern, english, re.IGNORECASE if pattern.islower() else 0):
                    continue
                checked += 1
                if not any(rendering.casefold() in translated.casefold() for rendering in renderings[language]):
                    wrong.append(f"{path.name}: {english[:60]!r} -> {translated[:60]!r} lacks {renderings[language]}")
    assert checked > 20, f"only {checked} messages name a glossary term: is the catalogue there?"
    assert not wrong, "\n".join(wrong)


def test_the_check_can_fail(tmp_path):
    bad = tmp_path / "django.po"
    bad.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Mercury wastes"\nmsgstr "Déchets de vif-argent"\n')
    english, translated = next(iter(_messages(bad)))
    renderings = GLOSSARY[r"\bmercury\b"]["fr"]
    assert re.search(r"\bmercury\b", english, re.IGNORECASE)
    assert not any(rendering in translated.casefold() for rendering in renderings)

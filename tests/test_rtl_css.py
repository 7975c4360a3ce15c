"""The stylesheets stay direction-neutral, so `dir="rtl"` mirrors every page (issue #9).

Arabic pages are the same templates with `<html dir="rtl">`: the layout only mirrors if the CSS says
"start"/"end" (margin-inline-start, inset-inline-end, text-align: start …) rather than
"left"/"right". These tests parse static/css/*.css and fail on a physical left/right property
outside a rule whose selector names a direction (`[dir="rtl"] …`, `:dir(rtl)`), where a
left/right value is the point. Anything else physical must be listed in ALLOWED with the reason.
"""

import re
from pathlib import Path

import pytest
import tinycss2

CSS_DIR = Path(__file__).resolve().parents[1] / "static" / "css"
STYLESHEETS = sorted(CSS_DIR.glob("*.css"))

# (file name, selector, property) -> why a physical side is right there. Keep it short and explained.
ALLOWED = {}

PHYSICAL_PROPERTIES = re.compile(
    r"^(?:margin|padding|border|scroll-margin|scroll-padding)-(?:left|right)(?:-(?:width|style|color))?$"
    r"|^border-(?:top|bottom)-(?:left|right)-radius$"
    r"|^(?:left|right)$"
)
# Properties whose *value* may name a side.
SIDE_VALUES = {
    "text-align": re.compile(r"\b(?:left|right)\b"),
    "text-align-last": re.compile(r"\b(?:left|right)\b"),
    "float": re.compile(r"\b(?:left|right)\b"),
    "clear": re.compile(r"\b(?:left|right)\b"),
    "background-position": re.compile(r"\b(?:left|right)\b"),
    "background": re.compile(r"\b(?:left|right)\b"),
    "transform-origin": re.compile(r"\b(?:left|right)\b"),
    "caption-side": re.compile(r"\b(?:left|right)\b"),
    "transform": re.compile(r"translateX\(\s*-?(?!0(?:\D|$))[\d.]"),
    "translate": re.compile(r"^\s*-?(?!0(?:\s|$))[\d.]"),
}
# Four-value shorthands (top right bottom left) are physical when right and left differ.
FOUR_SIDED = {"margin", "padding", "inset", "border-width", "border-style", "border-color", "scroll-margin"}
# At-rules that hold style rules (a conditional group): their rules apply as much as top-level ones.
GROUP_RULES = {"media", "supports", "layer", "container"}
DIRECTIONAL_SELECTOR = re.compile(r"\[dir\b|:dir\(", re.IGNORECASE)


def strip_comments(css):
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


def split_top_level(text, separator):
    """Split on a separator that is not inside brackets or quotes."""
    parts, depth, quote, start = [], 0, None, 0
    for index, char in enumerate(text):
        if quote:
            if char == quote and text[index - 1] != "\\":
                quote = None
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def rules(css):
    """Yield (selector, [(property, value)]) for every style rule, descending into @media/@supports."""
    yield from _rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _rules(parsed):
    for rule in parsed:
        if rule.type == "qualified-rule":
            yield tinycss2.serialize(rule.prelude).strip(), _declarations(rule.content)
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in GROUP_RULES:
            yield from _rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))


def _declarations(content):
    return [
        (item.lower_name, tinycss2.serialize(item.value).strip())
        for item in tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True)
        if item.type == "declaration"
    ]


def _physical(name, value):
    if name.startswith("--"):
        return False
    if PHYSICAL_PROPERTIES.match(name):
        return True
    pattern = SIDE_VALUES.get(name)
    if pattern and pattern.search(value):
        return True
    if name in FOUR_SIDED:
        values = split_top_level(" ".join(value.split()), " ")
        return len(values) == 4 and values[1] != values[3]
    if name == "box-shadow":
        # A shadow that leans sideways implies a light source on one side.
        for shadow in split_top_level(value, ","):
            lengths = re.findall(r"(?<![\w.#(-])-?[\d.]+[a-z%]*", shadow)
            if lengths and float(re.match(r"-?[\d.]+", lengths[0]).group()) != 0:
                return True
    return False


def physical_declarations(css, file_name="site.css"):
    """Every left/right declaration outside a direction-specific rule and not in ALLOWED."""
    found = []
    for selector_list, declarations in rules(css):
        for selector in split_top_level(selector_list, ","):
            selector = " ".join(selector.split())
            if DIRECTIONAL_SELECTOR.search(selector):
                continue
            for name, value in declarations:
                if _physical(name, value) and (file_name, selector, name) not in ALLOWED:
                    found.append(f"{file_name}: {selector} {{ {name}: {value} }}")
    return found


def test_there_are_stylesheets_to_check():
    names = {path.name for path in STYLESHEETS}
    assert {"site.css", "print.css"} <= names
    assert sum(1 for _ in rules((CSS_DIR / "site.css").read_text(encoding="utf-8"))) > 200


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_stylesheet_has_no_physical_left_right(path):
    found = physical_declarations(path.read_text(encoding="utf-8"), path.name)
    assert not found, (
        "Use logical properties (margin-inline-start, padding-inline-end, border-inline-start, "
        "inset-inline-start, text-align: start, float: inline-start) so Arabic pages mirror, or put "
        'the rule under [dir="rtl"]/[dir="ltr"], or add it to ALLOWED with a reason:\n' + "\n".join(found)
    )


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-left: 1rem; }",
        ".a { padding-right: 0; }",
        ".a { border-left: 4px solid red; }",
        ".a { border-right-color: red; }",
        ".a { position: absolute; left: 0; }",
        ".a { right: 1rem !important; }",
        ".a { text-align: left; }",
        ".a { text-align: RIGHT; }".lower(),
        ".a { float: right; }",
        ".a { clear: left; }",
        ".a { background: url(x.svg) no-repeat right .5rem center; }",
        ".a { transform: translateX(-.5rem); }",
        ".a { margin: 0 1rem 0 0; }",
        ".a { padding: .5rem 0 .5rem 2rem; }",
        ".a { box-shadow: 4px 0 8px rgba(0, 0, 0, .2); }",
        ".a { border-top-left-radius: 4px; }",
        "@media (min-width: 40em) { @supports (display: grid) { .a { margin-right: 1rem; } } }",
        ".b, .a { left: 0; }",
        '[dir="rtl"] .b, .a { left: 0; }',
    ],
)
def test_checker_catches_physical_properties(css):
    assert physical_declarations(css), css


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-inline-start: 1rem; padding-inline: 1rem 0; border-inline-end: 1px solid; }",
        ".a { inset-inline-start: 0; inset-inline: 0; top: 0; bottom: 0; }",
        ".a { text-align: start; text-align: center; float: inline-end; }",
        ".a { margin: 0 1rem; padding: 1rem 2rem 0; margin: 0 1rem 0 1rem; }",
        '.a::after { content: " left: right; float: left"; }',
        ".a { box-shadow: 0 6px 18px rgba(11, 85, 99, .18); transform: rotate(45deg) translateX(0); }",
        '[dir="rtl"] .a { left: 0; margin-right: 1rem; }',
        ".a:dir(rtl) { transform: translateX(1rem); }",
        "/* .a { margin-left: 1rem; } */ .b { color: red; }",
        ".a { --side: left; }",
    ],
)
def test_checker_accepts_logical_properties(css):
    assert physical_declarations(css) == [], css


def _rules_matching(selector_part):
    css = (CSS_DIR / "site.css").read_text(encoding="utf-8")
    return [(selector, dict(declarations)) for selector, declarations in rules(css) if selector_part in selector]


def test_arabic_and_chinese_take_no_letter_spacing():
    """Letter-spacing pulls Arabic letters apart (they must join) and spaces out Chinese."""
    overrides = [
        declarations["letter-spacing"]
        for selector, declarations in _rules_matching(":lang(ar)")
        if ":lang(zh" in selector and "letter-spacing" in declarations
    ]
    assert overrides == ["0"], "one `:lang(ar), :lang(zh) { letter-spacing: 0 !important }` rule"
    css = strip_comments((CSS_DIR / "site.css").read_text(encoding="utf-8"))
    assert re.search(r":lang\(ar\),\s*:lang\(zh\)\s*\{\s*letter-spacing:\s*0\s*!important", css)


def test_arabic_and_chinese_have_their_own_font_stacks():
    """Installed fonts only; each script's stack first in its own language (fallback would pick
    DejaVu's Arabic, or a Japanese form of a Han character)."""
    by_selector = {}
    for selector, declarations in _rules_matching(""):
        by_selector.setdefault(selector, {}).update(declarations)
    assert by_selector[":root"]["--font-ar"].startswith('"Noto Naskh Arabic", "Noto Sans Arabic"')
    assert by_selector[":root"]["--font-zh"].startswith('"Noto Sans CJK SC"')
    assert by_selector[":lang(ar)"]["--font"] == "var(--font-ar)"
    assert by_selector[":lang(zh)"]["--font"] == "var(--font-zh)"
    assert by_selector["[lang]"]["font-family"] == "var(--font)"
    for path in STYLESHEETS:
        css = strip_comments(path.read_text(encoding="utf-8"))
        assert "@font-face" not in css, f"{path.name}: no web fonts, the installed ones only"
        assert "@import" not in css, f"{path.name}: nothing fetched from elsewhere"

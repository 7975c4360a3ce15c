"""Tag seed records with thematic areas and Convention articles when their title makes it obvious.

Only titles and agenda topics are read, and only explicit wording counts ("waste", "Annex A",
"Art. 21"); anything less clear stays untagged for editors to decide.
"""

import re

# (pattern, thematic area slugs, article slugs), matched case-insensitively on the title.
RULES = [
    (r"\bwastes?\b", ["mercury-wastes"], ["article-11"]),
    (r"\binterim storage\b", ["interim-storage"], ["article-10"]),
    (r"\bcontaminated sites?\b", ["contaminated-sites"], ["article-12"]),
    (r"\bemissions?\b", ["emissions"], ["article-8"]),
    (r"\breleases?\b", ["releases"], ["article-9"]),
    (r"\bsupply\b|\bsupply sources\b|\btrade\b", ["supply-and-trade"], ["article-3"]),
    (r"\bproducts?\b|\bdental amalgam\b", ["mercury-added-products"], ["article-4"]),
    (r"\bchlor-alkali\b", ["manufacturing-processes"], ["article-5"]),
    (r"\bannex(?:es)? a\b", ["mercury-added-products"], ["article-4", "annex-a"]),
    (r"\bannex(?:es)? (?:a and )?b\b", ["manufacturing-processes"], ["article-5", "annex-b"]),
    (r"\bgold mining\b|\basgm\b", ["asgm"], ["article-7"]),
    (
        r"\bfinancial (?:resources|mechanism)\b|\bglobal environment facility\b|\bspecific international programme\b"
        r"|\bSIP\b",
        ["financial-resources"],
        ["article-13"],
    ),
    (r"\bcapacity\b|\btechnical assistance\b", ["capacity-building"], ["article-14"]),
    (r"\bhealth\b", ["health"], ["article-16"]),
    (r"\breporting\b", [], ["article-21"]),
    (r"\beffectiveness\b", [], ["article-22"]),
    (r"\bimplementation and compliance committee\b", [], ["article-15"]),
]
_COMPILED = [(re.compile(pattern, re.IGNORECASE), areas, articles) for pattern, areas, articles in RULES]
_ARTICLE_REFERENCE = re.compile(r"\bart(?:icle|\.)\s*(\d{1,2})\b", re.IGNORECASE)


def classify(*texts):
    """(thematic area slugs, article slugs) a title obviously concerns, each sorted."""
    text = " ".join(t for t in texts if t)
    areas, articles = set(), set()
    for pattern, rule_areas, rule_articles in _COMPILED:
        if pattern.search(text):
            areas.update(rule_areas)
            articles.update(rule_articles)
    for number in _ARTICLE_REFERENCE.findall(text):
        if 1 <= int(number) <= 35:
            articles.add(f"article-{int(number)}")
    return sorted(areas), sorted(articles)

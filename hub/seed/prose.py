"""The hub's seed prose, read from the content files in hub/seed/content/ (README.md there).

Every description, introduction and page body lives in those JSON files, where a knowledge
manager can read and correct it; this module only loads them once and gives the loaders the
names they use. Rules for the text: short, neutral, true (content/README.md).
"""

import json
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"


def _read(name):
    return json.loads((CONTENT_DIR / name).read_text(encoding="utf-8"))


_site = _read("site.json")
SITE_NAME = _site["site_name"]
ORGANISATION_NAME = _site["organisation_name"]
TAGLINE = _site["tagline"]
HOME = _site["home"]

PILLARS = _read("pillars.json")
TOPICS = _read("topics.json")
THEMATIC_AREAS = _read("thematic_areas.json")
# (slug, name in gmp_partnership_areas.json, description)
GMP_AREAS = [(area["slug"], area["name_in_data"], area["description"]) for area in _read("gmp_areas.json")]
# (slug, name, the region name used in parties.json)
REGIONS = [(region["slug"], region["name"], region["name_in_data"]) for region in _read("regions.json")]
# (slug, name), in contract order
RESOURCE_TYPES = [(kind["slug"], kind["name"]) for kind in _read("resource_types.json")]

_index_pages = _read("index_pages.json")
THEMATIC_INDEX = _index_pages["thematic_areas"]
PARTIES_INDEX = _index_pages["parties"]
MEETINGS_INDEX = _index_pages["meetings"]
EVENTS_INDEX = _index_pages["events"]
NEWS_INDEX = _index_pages["news"]
PARTICIPANTS_PAGE = _index_pages["participants"]

STANDARD_PAGES = _read("standard_pages.json")

# Grammar, not content: "the sixth meeting of the Conference of the Parties".
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}

"""A small InforMEA harvester of our own: it reads /api/informea/ over HTTP the way InforMEA's does.

InforMEA pulls each secretariat's OData service set by set: `$top`/`$skip` pages ordered
`updated desc,id` with `$inlinecount=allpages` until `__count` records are read, then, on later
runs, only what changed: `$filter=updated gt datetime'…'` from the newest `updated` it holds.
This client does the same with `requests`, and checks what a harvester relies on and would
otherwise only find out in production: every required field of every record (contracts §6,
/tmp/brief/informea-contract.md), the date, multilingual and file formats, that `__next` agrees
with `$skip` paging, that each file can be fetched, and that `$metadata` is EDMX naming each set.

It knows nothing of Django: `Harvester(base_url).harvest()` works against any running site.
"""

import datetime
import re
import time
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own test server's answer
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import requests

TREATY = "minamata"
LANGUAGES = {"en", "fr", "es", "ar", "zh", "ru"}  # the six UN languages, as InforMEA writes them
ORDER = "updated desc,id"
DATE = re.compile(r"^/Date\((-?\d+)\)/$")
ALPHA2 = re.compile(r"^[A-Z]{2}$")

# Entity set → (entity type, required properties), as InforMEA's specification names them.
SETS = {
    "Meetings": ("Meeting", ["id", "treaty", "title", "start", "end", "city", "country", "url", "updated"]),
    "Decisions": (
        "Decision",
        ["id", "title", "type", "status", "number", "treaty", "published", "meetingId", "files", "updated"],
    ),
    "Documents": ("Document", ["id", "titles", "types", "files", "updated"]),
    "CountryReports": ("CountryReport", ["id", "treaty", "country", "title", "files", "submission", "updated"]),
    "NationalPlans": ("NationalPlan", ["id", "treaty", "country", "type", "title", "files", "submission", "updated"]),
}
MULTILINGUAL = {"title", "titles", "description", "summary", "content"}
DATES = {"start", "end", "published", "submission", "updated"}
FIXED = {("Decisions", "type"): "decision", ("Decisions", "status"): "adopted", ("NationalPlans", "type"): "nap"}
# Required, yet the contract lets them be null (a decision adopted outside any meeting we hold)
# or an empty list (a record with no public file): present is what counts; the report counts them.
NULLABLE = {"meetingId"}
MAY_BE_EMPTY = {"files", "types"}

EDMX = "http://schemas.microsoft.com/ado/2007/06/edmx"
EDM_NAMESPACES = {
    "http://schemas.microsoft.com/ado/2006/04/edm",
    "http://schemas.microsoft.com/ado/2007/05/edm",
    "http://schemas.microsoft.com/ado/2008/09/edm",
    "http://schemas.microsoft.com/ado/2009/11/edm",
}


class HarvestError(AssertionError):
    """The service broke the protocol badly enough that harvesting cannot go on."""


@dataclass
class SetHarvest:
    name: str
    count: int = 0  # `__count` as the service announced it
    ids: list = field(default_factory=list)  # in the order read
    records: dict = field(default_factory=dict)  # id → record
    pages: int = 0
    latest: datetime.datetime | None = None  # newest `updated` seen


@dataclass
class HarvestReport:
    sets: dict = field(default_factory=dict)  # name → SetHarvest
    missing: list = field(default_factory=list)  # (set, id, property): required and absent or empty
    problems: list = field(default_factory=list)  # readable sentences: wrong values, paging disagreements
    notes: list = field(default_factory=list)  # allowed but worth knowing (no files, no meeting)
    files_checked: int = 0
    requests: int = 0
    retries: int = 0  # 429 answers waited out
    seconds: float = 0.0

    @property
    def counts(self):
        return {name: len(harvest.ids) for name, harvest in self.sets.items()}

    def summary(self):
        lines = [f"InforMEA harvest: {self.seconds:.2f} s, {self.requests} requests, {self.files_checked} files"]
        lines += [f"  {name:<15} {count:>5} records" for name, count in self.counts.items()]
        lines.append(f"  missing required fields: {len(self.missing)}; problems: {len(self.problems)}")
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def parse_date(value):
    """`/Date(ms)/` → an aware UTC datetime, or None when the value is not one."""
    match = DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(milliseconds=int(match[1]))


def odata_datetime(moment):
    """A datetime literal for `$filter`, to the millisecond the JSON dates carry, in UTC."""
    return "datetime'" + moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "'"


def is_absolute(url):
    parts = urlsplit(url) if isinstance(url, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


class Harvester:
    def __init__(self, base_url, *, page_size=50, known_countries=None, session=None, max_wait=30):
        self.base = base_url.rstrip("/") + "/"
        self.page_size = page_size
        self.known_countries = set(known_countries) if known_countries is not None else None
        self.session = session or requests.Session()
        self.max_wait = max_wait
        self.report = HarvestReport()
        self.declared = {}  # entity type → declared property names, from $metadata

    # --- HTTP --------------------------------------------------------------------------------

    def get(self, url, params=None, *, method="GET", expect_json=True):
        """One request; a 429 is waited out (Retry-After) and asked again, as a polite harvester does."""
        for _attempt in range(5):
            self.report.requests += 1
            response = self.session.request(method, url, params=params, timeout=60, allow_redirects=True)
            if response.status_code != 429:
                break
            self.report.retries += 1
            time.sleep(min(float(response.headers.get("Retry-After") or 1), self.max_wait))
        if expect_json:
            if response.status_code != 200:
                raise HarvestError(f"GET {response.url} answered {response.status_code}: {response.text[:300]}")
            if not response.headers.get("Content-Type", "").startswith("application/json"):
                raise HarvestError(f"GET {response.url} is not JSON: {response.headers.get('Content-Type')}")
            return response.json()
        return response

    def page(self, url, params=None):
        body = self.get(url, params)
        if not isinstance(body, dict) or not isinstance(body.get("d"), dict):
            raise HarvestError(f"{url}: no OData envelope {{'d': …}}")
        return body["d"]

    # --- Service document and $metadata ------------------------------------------------------

    def service_sets(self):
        names = self.page(self.base).get("EntitySets")
        if sorted(names or []) != sorted(SETS):
            self.report.problems.append(f"service document lists {names}, expected {sorted(SETS)}")
        return names or []

    def check_metadata(self):
        """`$metadata` must be EDMX 1.0 declaring each set with key `id` and every required property."""
        response = self.get(self.base + "$metadata", expect_json=False)
        problems = self.report.problems
        if response.status_code != 200:
            raise HarvestError(f"$metadata answered {response.status_code}")
        if not response.headers.get("Content-Type", "").startswith("application/xml"):
            problems.append(f"$metadata Content-Type is {response.headers.get('Content-Type')}")
        try:
            root = ET.fromstring(response.content)  # noqa: S314 - our own test server
        except ET.ParseError as error:
            raise HarvestError(f"$metadata is not well-formed XML: {error}") from error
        if root.tag != f"{{{EDMX}}}Edmx" or root.get("Version") != "1.0":
            problems.append(f"$metadata root is {root.tag} version {root.get('Version')}, not edmx:Edmx 1.0")
        services = root.findall(f"{{{EDMX}}}DataServices")
        schemas = [child for service in services for child in service if child.tag.endswith("}Schema")]
        edm = {schema.tag[1:].split("}")[0] for schema in schemas}
        if not schemas or not edm <= EDM_NAMESPACES:
            problems.append(f"$metadata has no CSDL Schema in a known EDM namespace ({edm or 'none'})")
            return
        ns = "{" + edm.pop() + "}"
        informea = [schema for schema in schemas if schema.get("Namespace") == "informea"]
        if not informea:
            problems.append("$metadata declares no Schema with Namespace 'informea'")
        types = {}
        for schema in schemas:
            for entity in schema.findall(f"{ns}EntityType"):
                keys = [ref.get("Name") for ref in entity.findall(f"{ns}Key/{ns}PropertyRef")]
                props = {prop.get("Name"): prop.get("Type") for prop in entity.findall(f"{ns}Property")}
                types[f"{schema.get('Namespace')}.{entity.get('Name')}"] = (keys, props)
        complex_types = {
            f"{schema.get('Namespace')}.{ct.get('Name')}": {p.get("Name") for p in ct.findall(f"{ns}Property")}
            for schema in schemas
            for ct in schema.findall(f"{ns}ComplexType")
        }
        expected_complex = {
            "informea.LocalizedString": {"language", "value"},
            "informea.File": {"url", "mimeType", "language", "filename"},
        }
        for name, fields in expected_complex.items():
            lacking = sorted(fields - complex_types.get(name, set()))
            if lacking:
                problems.append(f"$metadata: ComplexType {name} lacks {lacking}")
        entity_sets = {
            entity_set.get("Name"): entity_set.get("EntityType")
            for schema in schemas
            for container in schema.findall(f"{ns}EntityContainer")
            for entity_set in container.findall(f"{ns}EntitySet")
        }
        for set_name, (entity_type, required) in SETS.items():
            qualified = f"informea.{entity_type}"
            if entity_sets.get(set_name) != qualified:
                problems.append(f"$metadata: EntitySet {set_name} is {entity_sets.get(set_name)}, not {qualified}")
            keys, props = types.get(qualified, ([], {}))
            if keys != ["id"]:
                problems.append(f"$metadata: {qualified} has key {keys}, not ['id']")
            absent = [name for name in required if name not in props]
            if absent:
                problems.append(f"$metadata: {qualified} does not declare {absent}")
            for name, type_name in props.items():
                if name in MULTILINGUAL and type_name != "Collection(informea.LocalizedString)":
                    problems.append(f"$metadata: {qualified}.{name} is {type_name}, not localized strings")
                if name in DATES and type_name != "Edm.DateTime":
                    problems.append(f"$metadata: {qualified}.{name} is {type_name}, not Edm.DateTime")
                if name == "files" and type_name != "Collection(informea.File)":
                    problems.append(f"$metadata: {qualified}.files is {type_name}, not Collection(informea.File)")
            self.declared[entity_type] = set(props)

    # --- Paging ------------------------------------------------------------------------------

    def harvest_set(self, name, extra=None):
        """Every record of a set by `$skip` paging; then the same by following `__next`, compared."""
        harvest = SetHarvest(name)
        url = self.base + name
        base_params = {"$inlinecount": "allpages", "$orderby": ORDER, **(extra or {})}
        announced = None
        skip = 0
        next_links = []
        while True:
            params = {**base_params, "$top": str(self.page_size), "$skip": str(skip)}
            page = self.page(url, params)
            harvest.pages += 1
            count = page.get("__count")
            if not isinstance(count, str) or not count.isdigit():
                raise HarvestError(f"{name}: __count is {count!r}, not a string of digits")
            if announced is not None and int(count) != announced:
                self.report.problems.append(f"{name}: __count changed from {announced} to {count} while paging")
            announced = int(count)
            results = page.get("results")
            if not isinstance(results, list):
                raise HarvestError(f"{name}: d.results is not a list")
            for record in results:
                record_id = record.get("id")
                if record_id in harvest.records:
                    self.report.problems.append(f"{name}: record {record_id} read twice while paging")
                harvest.ids.append(record_id)
                harvest.records[record_id] = record
            skip += len(results)
            next_links.append(page.get("__next"))
            if not results or skip >= announced:
                break
            if len(results) > self.page_size:
                self.report.problems.append(f"{name}: {len(results)} records on a page of $top={self.page_size}")
        harvest.count = announced
        if len(harvest.ids) != announced:
            self.report.problems.append(f"{name}: read {len(harvest.ids)} records, __count said {announced}")
        self._check_next_links(name, next_links, base_params)
        following = self.follow_next(url, {**base_params, "$top": str(self.page_size)})
        if following != harvest.ids:
            self.report.problems.append(f"{name}: following __next read {len(following)} records in another order")
        self._check_order(name, [harvest.records[i] for i in harvest.ids])
        harvest.latest = max(
            (d for d in (parse_date(r.get("updated")) for r in harvest.records.values()) if d), default=None
        )
        self.report.sets[name] = harvest
        return harvest

    def _check_order(self, name, records):
        # `updated desc, id`: the order paging by $skip and incremental runs both rely on.
        keys = [(parse_date(r.get("updated")), str(r.get("id"))) for r in records]
        for before, after in zip(keys, keys[1:], strict=False):
            if None in (before[0], after[0]):
                continue
            if before[0] < after[0] or (before[0] == after[0] and before[1] > after[1]):
                self.report.problems.append(f"{name}: {after[1]} is out of `updated desc,id` order")

    def _check_next_links(self, name, links, base_params):
        # Each page but the last points at the next: same options, $skip moved on by a page.
        for index, link in enumerate(links):
            last = index == len(links) - 1
            if last:
                if link:
                    self.report.problems.append(f"{name}: the last page still has __next {link}")
                continue
            if not link or not is_absolute(link):
                self.report.problems.append(f"{name}: page {index + 1} of {len(links)} has __next {link!r}")
                continue
            query = {key: values[-1] for key, values in parse_qs(urlsplit(link).query).items()}
            if query.get("$skip") != str((index + 1) * self.page_size):
                self.report.problems.append(f"{name}: __next {link} does not skip to {(index + 1) * self.page_size}")
            for key, value in base_params.items():
                if query.get(key) != value:
                    self.report.problems.append(f"{name}: __next {link} drops {key}={value}")

    def follow_next(self, url, params):
        ids, seen = [], set()
        page = self.page(url, params)
        while True:
            ids += [record.get("id") for record in page.get("results", [])]
            link = page.get("__next")
            if not link or link in seen or len(seen) > 10_000:
                return ids
            seen.add(link)
            page = self.page(link)

    def incremental(self, name, since):
        """The records of a set changed after `since`, as the next harvest run would ask for them."""
        url = self.base + name
        params = {"$filter": f"updated gt {odata_datetime(since)}", "$orderby": ORDER, "$top": str(self.page_size)}
        ids = self.follow_next(url, params)
        return ids

    # --- Records -----------------------------------------------------------------------------

    def check_record(self, set_name, record):
        entity_type, required = SETS[set_name]
        record_id = record.get("id")
        problem = self.report.problems.append

        def missing(prop):
            self.report.missing.append((set_name, record_id, prop))

        meta = record.get("__metadata") or {}
        if not is_absolute(meta.get("uri")) or meta.get("type") != f"informea.{entity_type}":
            problem(f"{set_name} {record_id}: __metadata is {meta!r}")
        for prop in required:
            if prop not in record:
                missing(prop)
                continue
            value = record[prop]
            if value is None and prop in NULLABLE:
                continue
            if value is None or value == "" or (value == [] and prop not in MAY_BE_EMPTY):
                missing(prop)
        declared = self.declared.get(entity_type)
        if declared is not None:
            undeclared = sorted(set(record) - declared - {"__metadata"})
            if undeclared:
                problem(f"{set_name} {record_id}: properties {undeclared} are not in $metadata")
        try:
            uuid.UUID(str(record_id))
        except ValueError:
            problem(f"{set_name}: id {record_id!r} is not a UUID")
        for prop, value in record.items():
            if value in (None, "", []):
                continue
            where = f"{set_name} {record_id}.{prop}"
            if prop in DATES and parse_date(value) is None:
                problem(f"{where} = {value!r} is not /Date(ms)/")
            elif prop in MULTILINGUAL:
                self._check_localized(where, value)
            elif prop == "files":
                self._check_files(where, value)
            elif prop == "country" and not self._known_country(value):
                problem(f"{where} = {value!r} is not a known ISO 3166-1 alpha-2 code")
            elif prop == "treaty" and value != TREATY:
                problem(f"{where} = {value!r}, not {TREATY!r}")
            elif prop in ("url",) and not is_absolute(value):
                problem(f"{where} = {value!r} is not an absolute URL")
            elif prop == "types" and not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
                problem(f"{where} = {value!r} is not a list of type names")
            elif (set_name, prop) in FIXED and value != FIXED[set_name, prop]:
                problem(f"{where} = {value!r}, not {FIXED[set_name, prop]!r}")

    def _known_country(self, value):
        if not isinstance(value, str) or not ALPHA2.match(value):
            return False
        return self.known_countries is None or value in self.known_countries

    def _check_localized(self, where, value):
        if not isinstance(value, list):
            self.report.problems.append(f"{where} is {type(value).__name__}, not a list of {{language, value}}")
            return
        languages = []
        for item in value:
            if not isinstance(item, dict) or set(item) != {"language", "value"}:
                self.report.problems.append(f"{where}: {item!r} is not {{language, value}}")
                continue
            languages.append(item["language"])
            if item["language"] not in LANGUAGES:
                self.report.problems.append(f"{where}: language {item['language']!r} is not one of the six")
            if not isinstance(item["value"], str) or not item["value"].strip():
                self.report.problems.append(f"{where}: empty value in {item['language']!r}")
        if len(languages) != len(set(languages)):
            self.report.problems.append(f"{where}: a language appears twice in {languages}")

    def _check_files(self, where, value):
        if not isinstance(value, list):
            self.report.problems.append(f"{where} is not a list")
            return
        for item in value:
            if not isinstance(item, dict):
                self.report.problems.append(f"{where}: {item!r} is not a file")
                continue
            absent = [key for key in ("url", "mimeType", "language", "filename") if not item.get(key)]
            if absent:
                self.report.problems.append(f"{where}: a file lacks {absent}")
            if item.get("url") and not is_absolute(item["url"]):
                self.report.problems.append(f"{where}: file url {item['url']!r} is not absolute")
            if item.get("language") and item["language"] not in LANGUAGES:
                self.report.problems.append(f"{where}: file language {item['language']!r} is not one of the six")
            if item.get("mimeType") and "/" not in item["mimeType"]:
                self.report.problems.append(f"{where}: mimeType {item['mimeType']!r}")

    def fetch_files(self):
        """Each distinct file URL once: HEAD, or GET where HEAD is refused; it must answer 200."""
        urls = {
            item["url"]
            for harvest in self.report.sets.values()
            for record in harvest.records.values()
            for item in record.get("files") or []
            if isinstance(item, dict) and is_absolute(item.get("url"))
        }
        for url in sorted(urls):
            self.report.files_checked += 1
            try:
                response = self.get(url, method="HEAD", expect_json=False)
                if response.status_code == 405:
                    response = self.get(url, expect_json=False)
            except requests.RequestException as error:
                self.report.problems.append(f"file {url} cannot be fetched: {error}")
                continue
            if response.status_code != 200:
                self.report.problems.append(f"file {url} answered {response.status_code}")

    def check_references(self):
        meetings = self.report.sets.get("Meetings")
        meeting_ids = set(meetings.records) if meetings else set()
        for set_name in ("Decisions", "Documents"):
            harvest = self.report.sets.get(set_name)
            for record_id, record in harvest.records.items() if harvest else ():
                meeting_id = record.get("meetingId")
                if meeting_id is not None and meeting_id not in meeting_ids:
                    self.report.problems.append(f"{set_name} {record_id}: meetingId {meeting_id} is no Meeting")
        decisions = self.report.sets.get("Decisions")
        if decisions:
            without = sum(1 for record in decisions.records.values() if record.get("meetingId") is None)
            if without:
                self.report.notes.append(f"{without} decisions have no meeting (meetingId null)")
        for harvest in self.report.sets.values():
            without = sum(1 for record in harvest.records.values() if record.get("files") == [])
            if without and "files" in SETS[harvest.name][1]:
                self.report.notes.append(f"{harvest.name}: {without} of {len(harvest.ids)} records have no public file")

    # --- The whole run -----------------------------------------------------------------------

    def harvest(self, *, fetch_files=True):
        """Service document, $metadata, then every set completely; the report says what was found."""
        started = time.monotonic()
        self.service_sets()
        self.check_metadata()
        for name in SETS:
            harvest = self.harvest_set(name)
            for record in harvest.records.values():
                self.check_record(name, record)
            if harvest.ids:
                # The record's own address answers the same record.
                first = harvest.records[harvest.ids[0]]
                uri = (first.get("__metadata") or {}).get("uri")
                single = self.page(uri) if is_absolute(uri) else None
                if single != first:
                    self.report.problems.append(f"{name}: {first.get('__metadata')} does not answer the listed record")
        self.check_references()
        if fetch_files:
            self.fetch_files()
        self.report.seconds = time.monotonic() - started
        return self.report

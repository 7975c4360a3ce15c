"""OAI-PMH 2.0 request rules: which arguments each verb takes, their syntax, and the errors.

Everything here follows section 3.6 ("Error and Exception Conditions") and section 4 (the verbs)
of the protocol; it knows nothing about the library, so the rules can be read and tested alone.
"""

import datetime
import re
from dataclasses import dataclass, field

METADATA_PREFIX = "oai_dc"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"

# The patterns of OAI-PMH.xsd: a value we echo in <request> must be valid there too.
METADATA_PREFIX_RE = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
SET_SPEC_RE = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
SECONDS_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


@dataclass(frozen=True)
class Verb:
    required: tuple = ()
    optional: tuple = ()
    exclusive: str | None = None  # an argument that must come alone (resumptionToken)

    @property
    def allowed(self):
        return {*self.required, *self.optional, *([self.exclusive] if self.exclusive else [])}


_LIST = Verb(required=("metadataPrefix",), optional=("from", "until", "set"), exclusive="resumptionToken")
VERBS = {
    "Identify": Verb(),
    "ListMetadataFormats": Verb(optional=("identifier",)),
    "ListSets": Verb(exclusive="resumptionToken"),
    "GetRecord": Verb(required=("identifier", "metadataPrefix")),
    "ListIdentifiers": _LIST,
    "ListRecords": _LIST,
}


class OAIError(Exception):
    """One OAI-PMH error condition: `code` is the protocol's error code, the message says why."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def hides_arguments(self):
        # Section 3.2: after badVerb or badArgument, <request> carries the base URL only.
        return self.code in ("badVerb", "badArgument")


def bad_argument(message):
    return OAIError("badArgument", message)


@dataclass(frozen=True)
class DateBound:
    """A `from` or `until` value: what was sent, and the instant range it covers."""

    text: str
    start: datetime.datetime  # the first instant it names
    end: datetime.datetime  # the first instant after it (a day, or a second)
    granularity: str


@dataclass
class OAIRequest:
    verb: str
    arguments: dict = field(default_factory=dict)  # the validated arguments except verb

    def get(self, name):
        return self.arguments.get(name)

    @property
    def echo(self):
        """The attributes of the response's <request> element."""
        return {"verb": self.verb, **self.arguments}


def parse_date(name, text):
    """A datestamp argument at day or seconds granularity, in UTC."""
    for pattern, fmt, granularity, step in (
        (DAY_RE, "%Y-%m-%d", "YYYY-MM-DD", datetime.timedelta(days=1)),
        (SECONDS_RE, "%Y-%m-%dT%H:%M:%SZ", GRANULARITY, datetime.timedelta(seconds=1)),
    ):
        if pattern.fullmatch(text):
            try:
                start = datetime.datetime.strptime(text, fmt).replace(tzinfo=datetime.UTC)
            except ValueError:
                break
            return DateBound(text, start, start + step, granularity)
    raise bad_argument(f"'{name}' must be a UTC date YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not '{text}'.")


def parse_request(params):
    """Validate a request's arguments (a QueryDict) for its verb; raises OAIError."""
    verbs = params.getlist("verb")
    if not verbs:
        raise OAIError("badVerb", "The verb argument is missing.")
    if len(verbs) > 1:
        raise OAIError("badVerb", "The verb argument is repeated.")
    verb_name = verbs[0]
    if verb_name not in VERBS:
        raise OAIError("badVerb", f"'{verb_name}' is not an OAI-PMH verb.")
    verb = VERBS[verb_name]

    names = [name for name in params if name != "verb"]
    for name in names:
        if len(params.getlist(name)) > 1:
            raise bad_argument(f"The argument '{name}' is repeated.")
    unknown = sorted(set(names) - verb.allowed)
    if unknown:
        raise bad_argument(f"{verb_name} does not take the argument(s): {', '.join(unknown)}.")
    arguments = {name: params[name] for name in names}

    if verb.exclusive and verb.exclusive in arguments:
        others = sorted(set(arguments) - {verb.exclusive})
        if others:
            raise bad_argument(f"'{verb.exclusive}' is an exclusive argument; remove {', '.join(others)}.")
        return OAIRequest(verb_name, arguments)  # the token itself is checked by its verb

    missing = [name for name in verb.required if name not in arguments]
    if missing:
        raise bad_argument(f"{verb_name} needs the argument(s): {', '.join(missing)}.")
    validate_arguments(arguments)
    return OAIRequest(verb_name, arguments)


def validate_arguments(arguments):
    """Syntax of each argument value; the list arguments' date range."""
    for name, value in arguments.items():
        if not value:
            raise bad_argument(f"The argument '{name}' is empty.")
    prefix = arguments.get("metadataPrefix")
    if prefix is not None and not METADATA_PREFIX_RE.fullmatch(prefix):
        raise bad_argument(f"'{prefix}' is not a valid metadataPrefix.")
    set_spec = arguments.get("set")
    if set_spec is not None and not SET_SPEC_RE.fullmatch(set_spec):
        raise bad_argument(f"'{set_spec}' is not a valid setSpec.")
    identifier = arguments.get("identifier")
    if identifier is not None and re.search(r"\s", identifier):
        raise bad_argument("An identifier cannot contain white space.")
    date_range(arguments)


def date_range(arguments):
    """(from, until) DateBounds or None; mixing granularities or from > until is a badArgument."""
    start = parse_date("from", arguments["from"]) if arguments.get("from") else None
    end = parse_date("until", arguments["until"]) if arguments.get("until") else None
    if start and end:
        if start.granularity != end.granularity:
            raise bad_argument("'from' and 'until' must have the same granularity.")
        if start.start > end.start:
            raise bad_argument("'from' is later than 'until'.")
    return start, end


def check_metadata_prefix(prefix):
    if prefix != METADATA_PREFIX:
        raise OAIError("cannotDisseminateFormat", f"The only metadata format is '{METADATA_PREFIX}', not '{prefix}'.")


def format_datestamp(value):
    """A datetime as the UTC seconds-granularity datestamp the repository declares."""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

"""Stateless resumption tokens, signed so they survive restarts and cannot be forged.

A token carries the whole request (verb, metadataPrefix, set, from, until) plus the keyset
position of the last item sent, the cursor and the list size counted on the first page. Nothing
is stored on the server, so a token stays valid across processes and restarts for as long as
SECRET_KEY does; any change to it breaks the signature and answers badResumptionToken.
"""

import datetime
from dataclasses import dataclass

from django.core import signing

from .protocol import OAIError, validate_arguments

SALT = "library.oai.resumption-token"
LIST_ARGUMENTS = ("metadataPrefix", "set", "from", "until")


@dataclass(frozen=True)
class Position:
    """The sort key of the last item sent: (datestamp, kind, pk); kind 0 = record, 1 = tombstone, 2 = set departure."""

    datestamp: datetime.datetime
    kind: int
    pk: int

    @property
    def key(self):
        return (self.datestamp, self.kind, self.pk)


@dataclass(frozen=True)
class ResumptionState:
    verb: str
    arguments: dict  # metadataPrefix and the optional set, from, until
    position: Position
    cursor: int  # how many items earlier pages sent: the next page's `cursor`
    complete_list_size: int


def encode(state):
    payload = {
        "verb": state.verb,
        "args": {name: value for name, value in state.arguments.items() if name in LIST_ARGUMENTS},
        "pos": [state.position.datestamp.isoformat(), state.position.kind, state.position.pk],
        "cursor": state.cursor,
        "size": state.complete_list_size,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def decode(token, verb):
    """The state a token carries; badResumptionToken when it is forged, damaged or for another verb."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise _bad("The resumption token is not one this repository issued, or it was altered.") from error
    try:
        arguments = {str(name): str(value) for name, value in payload["args"].items() if name in LIST_ARGUMENTS}
        stamp, kind, pk = payload["pos"]
        position = Position(datetime.datetime.fromisoformat(stamp), int(kind), int(pk))
        state = ResumptionState(payload["verb"], arguments, position, int(payload["cursor"]), int(payload["size"]))
        validate_arguments(arguments)
    except (KeyError, TypeError, ValueError, AttributeError, OAIError) as error:
        raise _bad("The resumption token is damaged.") from error
    if state.verb != verb:
        raise _bad(f"This resumption token belongs to {state.verb}, not {verb}.")
    if "metadataPrefix" not in arguments or position.datestamp.tzinfo is None:
        raise _bad("The resumption token is damaged.")
    return state


def _bad(message):
    return OAIError("badResumptionToken", message)

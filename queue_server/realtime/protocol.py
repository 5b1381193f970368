"""The client's messages, checked by the device protocol's own types before anything is done with them.

The types and their limits live in the neutral `protocol` package, which the
print agent and the pages' schema use too; here a refusal becomes the
server's one error shape (`InvalidRequest`, naming the field).
"""

from __future__ import annotations

from typing import Any, TypeVar

from protocol.errors import ProtocolError
from protocol.fields import Message
from protocol.messages import Subscribe, Unsubscribe

from ..domain.errors import InvalidRequest

M = TypeVar("M", bound=Message)


def parse(message: type[M], payload: Any) -> M:
    """`payload` read as `message`; a malformed one is the client's mistake (a 4xx-like `error`), never a crash."""
    try:
        return message.from_json(payload)
    except ProtocolError as error:
        raise InvalidRequest(error.message, **({"field": error.field} if error.field else {})) from None


def parse_subscribe(payload: Any) -> Subscribe:
    """`{"office": CODE, "since": SEQ (optional), "stream": "public"|"staff" (optional)}`."""
    if not isinstance(payload, dict):
        raise InvalidRequest("subscribe expects an object such as {\"office\": \"main\"}")
    return parse(Subscribe, payload)


def parse_unsubscribe(payload: Any) -> str:
    if not isinstance(payload, dict):
        raise InvalidRequest("unsubscribe expects {\"office\": CODE}")
    return parse(Unsubscribe, payload).office

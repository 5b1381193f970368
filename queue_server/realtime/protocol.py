"""The client's messages, checked before anything is done with them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain.errors import InvalidRequest
from .rooms import Stream

MAX_CODE = 60


@dataclass(frozen=True)
class Subscribe:
    office: str
    since: int | None
    stream: Stream | None


def parse_subscribe(payload: Any) -> Subscribe:
    """`{"office": CODE, "since": SEQ (optional), "stream": "public"|"staff" (optional)}`."""
    if not isinstance(payload, dict):
        raise InvalidRequest("subscribe expects an object such as {\"office\": \"main\"}")
    unknown = set(payload) - {"office", "since", "stream"}
    if unknown:
        raise InvalidRequest(f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    office = payload.get("office")
    if not isinstance(office, str) or not office or len(office) > MAX_CODE:
        raise InvalidRequest("office must be an office code (a string)", field="office")
    since = payload.get("since")
    if since is not None and (isinstance(since, bool) or not isinstance(since, int) or since < 0):
        raise InvalidRequest("since must be a whole number ≥ 0 (the last seq you saw)", field="since")
    stream = payload.get("stream")
    if stream is not None:
        try:
            stream = Stream(stream)
        except ValueError:
            raise InvalidRequest("stream must be \"public\" or \"staff\"", field="stream") from None
    return Subscribe(office=office, since=since, stream=stream)


def parse_unsubscribe(payload: Any) -> str:
    if not isinstance(payload, dict) or not isinstance(payload.get("office"), str):
        raise InvalidRequest("unsubscribe expects {\"office\": CODE}")
    return str(payload["office"])

"""The audit log, for reading only: there is no operation that changes or deletes an entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, jsonify, request

from ..commands.access import AUDIT_READER, OfficeFrom
from ..reads.audit import DEFAULT_ENTRIES, MAX_ENTRIES, AuditFilter, read_audit
from ..commands.context import Actor
from ..domain.errors import InvalidRequest
from .actors import command_context
from . import parameters
from .registry import operation

blueprint = Blueprint("audit_api", __name__)
TAG = "audit"
PARAMETERS = (
    parameters.moment("since", "entries at or after this time (ISO 8601, e.g. 2026-11-24T08:00:00Z; UTC if no offset)"),
    parameters.moment("until", "entries before this time (ISO 8601; later than `since`)"),
    parameters.text("actor", "only this actor, e.g. user:olena or device:3", 80, blank=True),
    parameters.text("action", "only this action, e.g. call_next or login_failed", 40, blank=True),
    parameters.whole("before", "entries older than this id: the next page after the last entry seen", 1, 2**62),
    parameters.whole("limit", f"at most this many entries (default {DEFAULT_ENTRIES})", 1, MAX_ENTRIES),
)
RESPONSES = {
    200: "Entries, newest first",
    400: "A malformed filter",
    401: "No token",
    403: "Not a supervisor of the office, a manager or an admin",
    404: "Unknown office",
}


def _time(name: str) -> dt.datetime | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        if not parameters.MOMENT.fullmatch(raw):
            raise ValueError(raw)
        moment = dt.datetime.fromisoformat(raw)
        return moment.astimezone(dt.timezone.utc) if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)
    except (ValueError, OverflowError):  # not a time, or one that leaves the calendar in UTC (0001-01-01T00:00+01:00)
        raise InvalidRequest(f"{name}: expected an ISO 8601 time such as 2026-11-24T08:00:00Z, not {raw[:40]!r}", field=name) from None


def _whole(name: str, default: int | None, minimum: int, maximum: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise InvalidRequest(f"{name}: expected a whole number from {minimum} to {maximum}, not {raw[:40]!r}", field=name)
    return int(raw)


def _text(name: str, max_length: int) -> str | None:
    raw = request.args.get(name)
    if raw is not None and not 1 <= len(raw) <= max_length:
        raise InvalidRequest(f"{name}: expected 1 to {max_length} characters", field=name)
    return raw


def audit_filter() -> AuditFilter:
    unknown = sorted(set(request.args) - {name for name, _, _ in PARAMETERS})
    if unknown:
        raise InvalidRequest(f"unknown parameter(s): {', '.join(unknown)}", parameters=unknown)
    limit = _whole("limit", DEFAULT_ENTRIES, 1, MAX_ENTRIES)
    assert limit is not None
    return AuditFilter(
        since=_time("since"),
        until=_time("until"),
        actor=_text("actor", 80),
        action=_text("action", 40),
        before=_whole("before", None, 1, 2**62),
        limit=limit,
    )


@operation(
    blueprint,
    "/offices/<office>/audit",
    "GET",
    summary="The office's audit log: every staff action with who, what, where, when and from which address",
    tag=TAG,
    auth=AUDIT_READER,  # who has no token learns nothing, not even whether the office exists
    responses=RESPONSES,
    parameters=PARAMETERS,
)
def office_audit(office: str, actor: Actor) -> Any:
    return jsonify(read_audit(command_context(), office, audit_filter(), actor=actor))


@operation(
    blueprint,
    "/audit",
    "GET",
    summary="The whole network's audit log, entries of no office included (failed logins of unknown names, managers' logins)",
    tag=TAG,
    auth=AUDIT_READER.at(OfficeFrom.NONE),
    responses={**RESPONSES, 403: "Not a manager or an admin"},
    parameters=PARAMETERS,
)
def network_audit(actor: Actor) -> Any:
    return jsonify(read_audit(command_context(), None, audit_filter(), actor=actor))

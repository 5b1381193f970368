"""The working state of a desk during the day: closed, open, or on a break.

A desk holds at most one ticket (called or serving). It may only pause or
close when it holds none, so that no visitor is left standing at a desk
nobody works at.

An open (or paused) desk belongs to the member of staff who opened it: only
they work it. Anyone else must take it over first (`take_over`), so two
people never work one desk unknowingly and the day's figures credit the one
who really served.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from .errors import InvalidRequest, InvalidTransition, NotFound
from .model import Desk, DeskId, DeskProfile, OfficeCode, ServiceCode, TicketId


class DeskStatus(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


@dataclass(frozen=True)
class DeskState:
    """What a desk is doing now; `ticket` is the ticket at it, if any."""

    desk: DeskId
    office: OfficeCode
    status: DeskStatus = DeskStatus.CLOSED
    operator: str | None = None
    ticket: TicketId | None = None
    reason: str | None = None
    since: dt.datetime | None = None


class DeskTaken(InvalidTransition):
    """The desk is open by another member of staff; take it over first (HTTP 409)."""

    code = "desk_taken"


def holder(state: DeskState) -> str | None:
    """Who works the desk now: the one who opened (or took over) a desk that is not closed."""
    return state.operator if state.status is not DeskStatus.CLOSED else None


def require_holder(state: DeskState, by: str, action: str) -> None:
    """Only the desk's holder works it; a desk nobody holds is free to open."""
    working = holder(state)
    if working is not None and working != by:
        raise DeskTaken(
            f"desk {state.desk} is open by {working}; take it over before you {action}",
            desk=state.desk,
            operator=working,
        )


def take_over(state: DeskState, *, by: str) -> DeskState:
    """`by` takes over a desk someone else has open, with its visitor and its break.

    The desk stays as it is (status, visitor, reason, since): only who works
    it changes, so the visitor at it is not lost.
    """
    if state.status is DeskStatus.CLOSED:
        raise _refuse(state, "take it over (open it instead)")
    if state.operator == by:
        raise InvalidTransition(f"desk {state.desk} is already yours", desk=state.desk)
    return replace(state, operator=by)


def _refuse(state: DeskState, action: str) -> InvalidTransition:
    return InvalidTransition(
        f"desk {state.desk} is {state.status.value}; cannot {action}",
        desk=state.desk,
        status=state.status.value,
    )


def open_desk(state: DeskState, now: dt.datetime, *, by: str | None) -> DeskState:
    if by is not None:
        require_holder(state, by, "open it")
    if state.status is not DeskStatus.CLOSED:
        raise _refuse(state, "open it")
    return replace(state, status=DeskStatus.OPEN, operator=by, reason=None, since=now)


def pause(state: DeskState, now: dt.datetime, *, reason: str) -> DeskState:
    if state.status is not DeskStatus.OPEN:
        raise _refuse(state, "take a break")
    require_free(state, "take a break")
    return replace(state, status=DeskStatus.PAUSED, reason=reason, since=now)


def resume(state: DeskState, now: dt.datetime) -> DeskState:
    if state.status is not DeskStatus.PAUSED:
        raise _refuse(state, "resume")
    return replace(state, status=DeskStatus.OPEN, reason=None, since=now)


def close_desk(state: DeskState, now: dt.datetime) -> DeskState:
    if state.status is DeskStatus.CLOSED:
        raise _refuse(state, "close it")
    require_free(state, "close")
    return replace(state, status=DeskStatus.CLOSED, operator=None, reason=None, since=now)


def require_open(state: DeskState, action: str) -> None:
    """Desk actions on visitors need an open desk (not closed, not on a break)."""
    if state.status is not DeskStatus.OPEN:
        raise _refuse(state, action)


def require_free(state: DeskState, action: str) -> None:
    if state.ticket is not None:
        raise InvalidTransition(
            f"desk {state.desk} still has a visitor; finish, transfer or mark a no-show "
            f"before you {action}",
            desk=state.desk,
        )


def take(state: DeskState, ticket: TicketId) -> DeskState:
    """The desk now has `ticket` at it (called or returned from hold)."""
    return replace(state, ticket=ticket)


def release(state: DeskState) -> DeskState:
    """The ticket left the desk (done, no-show, transfer, hold)."""
    return replace(state, ticket=None)


def force_close(state: DeskState, now: dt.datetime) -> DeskState:
    """A supervisor closes a desk left open or on a break, visitor or not.

    The caller first puts the desk's visitor back in the queue (see
    `tickets.requeue`): this only says the desk is closed and free.
    """
    if state.status is DeskStatus.CLOSED:
        raise _refuse(state, "close it")
    return replace(state, status=DeskStatus.CLOSED, operator=None, ticket=None, reason=None, since=now)


MAX_WEIGHT = 10.0
TODAY_PROFILE = "today"


def profile_of_the_day(desk: Desk, weights: Mapping[str, object], offered: Sequence[ServiceCode]) -> DeskProfile:
    """The profile a supervisor gives a desk for today, checked whole.

    Every service must be one its office offers (a desk cannot take tickets
    nobody there can issue) and every weight a number above 0 and at most
    `MAX_WEIGHT`; at least one service, or the desk could call nobody.
    """
    if not weights:
        raise InvalidRequest("weights must name at least one service", field="weights")
    unknown = sorted(code for code in weights if code not in offered)
    if unknown:
        raise NotFound(
            f"office {desk.office} does not offer service(s) {', '.join(unknown)}", services=unknown
        )
    checked: dict[ServiceCode, float] = {}
    for code in offered:  # the office's order, so two equal changes compare equal
        if code not in weights:
            continue
        weight = weights[code]
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight):
            raise InvalidRequest(f"the weight of {code} must be a number", field="weights", service=code)
        if not 0 < weight <= MAX_WEIGHT:
            raise InvalidRequest(
                f"the weight of {code} must be above 0 and at most {MAX_WEIGHT:g}", field="weights", service=code
            )
        checked[code] = float(weight)
    return DeskProfile(code=TODAY_PROFILE, weights=checked)

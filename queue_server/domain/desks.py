"""The working state of a desk during the day: closed, open, or on a break.

A desk holds at most one ticket (called or serving). It may only pause or
close when it holds none, so that no visitor is left standing at a desk
nobody works at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from .errors import InvalidTransition
from .model import DeskId, OfficeCode, TicketId


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


def _refuse(state: DeskState, action: str) -> InvalidTransition:
    return InvalidTransition(
        f"desk {state.desk} is {state.status.value}; cannot {action}",
        desk=state.desk,
        status=state.status.value,
    )


def open_desk(state: DeskState, now: dt.datetime, *, by: str | None) -> DeskState:
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

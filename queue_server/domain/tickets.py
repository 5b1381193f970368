"""The ticket life cycle: waiting → called → serving → done, and its side roads.

Every transition is a pure function that returns a new `Ticket` or raises
`InvalidTransition`; the commands layer saves the result and turns it into
events. A held ticket stays `waiting` (the visitor still waits) but only the
desk that holds it may bring it back, so the call-next policy passes it by.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from .errors import InvalidTransition
from .model import DeskId, OfficeCode, ServiceCode, TicketId


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


FINAL_STATUSES = frozenset({TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED})
AT_DESK_STATUSES = frozenset({TicketStatus.CALLED, TicketStatus.SERVING})


@dataclass(frozen=True)
class Ticket:
    """A visitor's place in an office's queue; it names nobody.

    `issued_at` never changes, not even on a transfer: that is how a
    transferred visitor keeps their place. `desk` is the desk the ticket is
    at (called or serving) or was last at; `target_desk` restricts who may
    call it after a transfer to a desk; `held_by` is the desk that put it on
    hold.
    """

    id: TicketId
    office: OfficeCode
    token: str
    number: str
    service: ServiceCode
    status: TicketStatus
    issued_at: dt.datetime
    priority: str | None = None
    lang: str = "uk"
    called_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    desk: DeskId | None = None
    target_desk: DeskId | None = None
    held_by: DeskId | None = None
    recalls: int = 0
    transfers: int = 0
    note: str | None = None
    appointment_at: dt.datetime | None = None
    served_by: str | None = None
    remote: bool = False  # taken from a phone, not at the office
    arrived_at: dt.datetime | None = None  # a remote ticket's arrival, confirmed at the kiosk or the door

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def awaits_arrival(self) -> bool:
        """A remote ticket whose visitor has not yet confirmed being at the office.

        The call-next policy passes it by and it keeps its place: once the
        arrival is confirmed it is called in turn.
        """
        return self.remote and self.arrived_at is None

    @property
    def is_callable(self) -> bool:
        """True for a ticket the call-next policy may choose."""
        return self.status is TicketStatus.WAITING and self.held_by is None


def confirm_arrival(ticket: Ticket, now: dt.datetime) -> Ticket:
    """The visitor of a remote ticket is at the office: from now on desks may call it."""
    if not ticket.remote:
        raise InvalidTransition(
            f"ticket {ticket.number} was taken at the office; it needs no arrival", ticket=ticket.number
        )
    if ticket.arrived_at is not None:
        raise InvalidTransition(f"ticket {ticket.number}: arrival is already confirmed", ticket=ticket.number)
    if ticket.status is not TicketStatus.WAITING:
        raise _refuse(ticket, "confirm the arrival of")
    return replace(ticket, arrived_at=now)


def lapse(ticket: Ticket, now: dt.datetime) -> Ticket:
    """A remote ticket never confirmed within its grace leaves the queue as a no-show."""
    if not ticket.awaits_arrival or ticket.status is not TicketStatus.WAITING:
        raise _refuse(ticket, "let lapse")
    return replace(ticket, status=TicketStatus.NO_SHOW, finished_at=now, held_by=None)


def _refuse(ticket: Ticket, action: str) -> InvalidTransition:
    return InvalidTransition(
        f"ticket {ticket.number} is {ticket.status.value}; cannot {action} it",
        ticket=ticket.number,
        status=ticket.status.value,
    )


def _require_at_desk(ticket: Ticket, desk: DeskId, action: str, *allowed: TicketStatus) -> None:
    if ticket.status not in allowed:
        raise _refuse(ticket, action)
    if ticket.desk != desk:
        raise InvalidTransition(
            f"ticket {ticket.number} is at another desk; cannot {action} it here",
            ticket=ticket.number,
        )


def call(ticket: Ticket, desk: DeskId, now: dt.datetime, *, by: str | None = None) -> Ticket:
    """Call a waiting ticket to `desk`; a held ticket only comes back by `return_held`."""
    if not ticket.is_callable:
        raise _refuse(ticket, "call")
    if ticket.target_desk is not None and ticket.target_desk != desk:
        raise InvalidTransition(
            f"ticket {ticket.number} was sent to another desk", ticket=ticket.number
        )
    return replace(
        ticket,
        status=TicketStatus.CALLED,
        desk=desk,
        called_at=now,
        started_at=None,
        target_desk=None,
        recalls=0,
        served_by=by,
    )


def recall(ticket: Ticket, desk: DeskId, now: dt.datetime, *, limit: int) -> Ticket:
    """Announce a called ticket again; past `limit` recalls it becomes a no-show."""
    _require_at_desk(ticket, desk, "recall", TicketStatus.CALLED)
    if ticket.recalls >= limit:
        return replace(ticket, status=TicketStatus.NO_SHOW, finished_at=now)
    return replace(ticket, recalls=ticket.recalls + 1, called_at=now)


def start(ticket: Ticket, desk: DeskId, now: dt.datetime) -> Ticket:
    """The visitor came to the desk: service begins."""
    _require_at_desk(ticket, desk, "start", TicketStatus.CALLED)
    return replace(ticket, status=TicketStatus.SERVING, started_at=now)


def finish(ticket: Ticket, desk: DeskId, now: dt.datetime) -> Ticket:
    """Service is over; a called ticket may be finished without a separate start."""
    _require_at_desk(ticket, desk, "finish", TicketStatus.CALLED, TicketStatus.SERVING)
    started = ticket.started_at or now
    return replace(ticket, status=TicketStatus.DONE, started_at=started, finished_at=now)


def mark_no_show(ticket: Ticket, desk: DeskId, now: dt.datetime) -> Ticket:
    """The called visitor did not come."""
    _require_at_desk(ticket, desk, "mark as a no-show", TicketStatus.CALLED)
    return replace(ticket, status=TicketStatus.NO_SHOW, finished_at=now)


def transfer(
    ticket: Ticket,
    desk: DeskId,
    *,
    to_service: ServiceCode | None = None,
    to_desk: DeskId | None = None,
    note: str | None = None,
) -> Ticket:
    """Send the visitor on to another service or desk, keeping the time of issue."""
    _require_at_desk(ticket, desk, "transfer", TicketStatus.CALLED, TicketStatus.SERVING)
    if to_service is None and to_desk is None:
        raise InvalidTransition("a transfer needs a service or a desk to go to")
    if to_desk == desk:
        raise InvalidTransition("cannot transfer a ticket to the desk it is at")
    return replace(
        ticket,
        status=TicketStatus.WAITING,
        service=to_service or ticket.service,
        target_desk=to_desk,
        called_at=None,
        started_at=None,
        recalls=0,
        transfers=ticket.transfers + 1,
        note=note,
    )


def hold(ticket: Ticket, desk: DeskId) -> Ticket:
    """Set the visitor aside (to fetch a document, to pay a fee); the desk is free."""
    _require_at_desk(ticket, desk, "put on hold", TicketStatus.CALLED, TicketStatus.SERVING)
    return replace(ticket, status=TicketStatus.WAITING, held_by=desk, called_at=None)


def return_held(ticket: Ticket, desk: DeskId, now: dt.datetime) -> Ticket:
    """Bring a held visitor back to the desk that held them: they are called again."""
    if ticket.status is not TicketStatus.WAITING or ticket.held_by is None:
        raise InvalidTransition(f"ticket {ticket.number} is not on hold", ticket=ticket.number)
    if ticket.held_by != desk:
        raise InvalidTransition(
            f"ticket {ticket.number} is held by another desk", ticket=ticket.number
        )
    return replace(
        ticket, status=TicketStatus.CALLED, desk=desk, held_by=None, called_at=now, recalls=0
    )


def cancel(ticket: Ticket, now: dt.datetime) -> Ticket:
    """Withdraw a ticket that is not at a desk (the visitor left, a supervisor's decision)."""
    if ticket.status is not TicketStatus.WAITING:
        raise _refuse(ticket, "cancel")
    return replace(ticket, status=TicketStatus.CANCELLED, finished_at=now, held_by=None)


def call_out_of_turn(ticket: Ticket, desk: DeskId, now: dt.datetime, *, by: str | None = None) -> Ticket:
    """Call a particular waiting ticket to `desk`, whatever its service and place.

    For the visitor a desk must see now (a supervisor's decision, a returning
    visitor with one signature missing). The policy is bypassed, its limits
    are not: a held ticket belongs to the desk holding it and comes back by
    `return_held`, and a ticket sent to another desk by name stays that desk's
    (a supervisor moves it first).
    """
    if ticket.status is not TicketStatus.WAITING:
        raise InvalidTransition(
            f"ticket {ticket.number} is {ticket.status.value}, not waiting; only a waiting ticket can be called",
            ticket=ticket.number,
            status=ticket.status.value,
        )
    if ticket.held_by is not None:
        where = "this desk: call it back with return" if ticket.held_by == desk else f"desk {ticket.held_by}"
        raise InvalidTransition(
            f"ticket {ticket.number} is on hold at {where}", ticket=ticket.number, held_by=ticket.held_by
        )
    if ticket.target_desk is not None and ticket.target_desk != desk:
        raise InvalidTransition(
            f"ticket {ticket.number} was sent to desk {ticket.target_desk}; a supervisor can move it first",
            ticket=ticket.number,
            target_desk=ticket.target_desk,
        )
    return call(ticket, desk, now, by=by)


def move(ticket: Ticket, *, service: ServiceCode, target_desk: DeskId | None) -> Ticket:
    """A supervisor sends a waiting ticket to another service or desk; it keeps its place.

    `issued_at` stays, so the visitor is not sent to the back of the queue;
    `transfers` stays too: nobody served the visitor, the queue was rearranged.
    A held ticket is the holding desk's, so it is not moved.
    """
    if ticket.status is not TicketStatus.WAITING:
        raise InvalidTransition(
            f"ticket {ticket.number} is {ticket.status.value}; only a waiting ticket can be moved",
            ticket=ticket.number,
            status=ticket.status.value,
        )
    if ticket.held_by is not None:
        raise InvalidTransition(
            f"ticket {ticket.number} is on hold at desk {ticket.held_by}; that desk calls it back first",
            ticket=ticket.number,
            held_by=ticket.held_by,
        )
    if service == ticket.service and target_desk == ticket.target_desk:
        raise InvalidTransition(
            f"ticket {ticket.number} already waits for that service and desk", ticket=ticket.number
        )
    return replace(ticket, service=service, target_desk=target_desk)


def requeue(ticket: Ticket, desk: DeskId) -> Ticket:
    """Put a visitor of a desk that is being closed back in the queue, in their place.

    The visitor called to (or served at, or held by) a desk that a supervisor
    closes did nothing wrong: the ticket waits again with its time of issue,
    for any desk that serves its service.
    """
    if ticket.status in AT_DESK_STATUSES:
        if ticket.desk != desk:
            raise InvalidTransition(f"ticket {ticket.number} is at another desk", ticket=ticket.number)
    elif not (ticket.status is TicketStatus.WAITING and ticket.held_by == desk):
        raise _refuse(ticket, "put back in the queue")
    return replace(
        ticket,
        status=TicketStatus.WAITING,
        held_by=None,
        target_desk=None,
        called_at=None,
        started_at=None,
        recalls=0,
    )

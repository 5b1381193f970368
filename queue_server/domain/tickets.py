"""The ticket life cycle: waiting → called → serving → done, and its side roads.

Every transition is a pure function that returns a new `Ticket` or raises
`InvalidTransition`; the commands layer saves the result and turns it into
events. A held ticket stays `waiting` (the visitor still waits) but only the
desk that holds it may bring it back, so the call-next policy passes it by.

A ticket is a visit: an ordered list of steps (services), one number for
all of them. The ticket's `service` is always the current step's, so the
policy, the boards and the estimates see the step a visitor waits for now.
Finishing a step that is not the last sends the ticket on (`finish`): it
waits again for the next step's service, or the same desk goes on with it.
The steps themselves are `steps.py`; what a desk does to the rest of a
visit (skip, add, end) and how a visit is shown are `visit_steps.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .errors import InvalidTransition
from .model import DeskId, OfficeCode, ServiceCode, TicketId
from .steps import Step as Step
from .steps import StepStatus as StepStatus


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


FINAL_STATUSES = frozenset({TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED})
AT_DESK_STATUSES = frozenset({TicketStatus.CALLED, TicketStatus.SERVING})

LIVE_STEP = {
    TicketStatus.WAITING: StepStatus.WAITING,
    TicketStatus.CALLED: StepStatus.CALLED,
    TicketStatus.SERVING: StepStatus.SERVING,
}


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
    steps: tuple[Step, ...] = field(default=())  # the visit's services in order; one step when left out
    step: int = 0  # the index of the current step
    package: ServiceCode | None = None  # the life-situation package the visit was issued for
    paper: bool = False  # a number of the office's paper roll, typed at a desk (paper_roll.py)
    issued_at_estimated: bool = False  # `issued_at` is an estimate (a paper number's), not a kiosk's clock

    def __post_init__(self) -> None:
        if not self.steps:
            first = Step(self.service, LIVE_STEP.get(self.status, StepStatus.WAITING))
            object.__setattr__(self, "steps", (first,))
        if not 0 <= self.step < len(self.steps):
            raise ValueError(f"ticket {self.number}: step {self.step} of {len(self.steps)}")
        if self.steps[self.step].service != self.service:
            raise ValueError(f"ticket {self.number}: its service is not its current step's")

    @property
    def current_step(self) -> Step:
        return self.steps[self.step]

    @property
    def next_step(self) -> int | None:
        """The index of the step the visit goes on with after the current one; None after the last."""
        for index in range(self.step + 1, len(self.steps)):
            if self.steps[index].is_open:
                return index
        return None

    @property
    def waiting_since(self) -> dt.datetime:
        """When the visitor began to wait for the current step: its issue, or the end of the step before."""
        return self.current_step.ready_at or self.issued_at

    @property
    def in_progress(self) -> bool:
        """A visit with a step done or skipped behind it: the visitor has been served here today already."""
        return any(not step.is_open for step in self.steps[: self.step])

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


def with_step(ticket: Ticket, index: int, **changes: object) -> tuple[Step, ...]:
    steps = list(ticket.steps)
    steps[index] = replace(steps[index], **changes)  # type: ignore[arg-type]
    return tuple(steps)


def moved(ticket: Ticket, **changes: object) -> Ticket:
    """`replace` for a transition: the current step follows the ticket's new state.

    While the ticket waits, is called or served, the current step has the
    same status, desk and times; when the visit is finished the step is done
    with it. A no-show or a cancellation leaves the step as it was: it was
    not served.
    """
    service = changes.get("service")
    if service is not None and service != ticket.service:  # a transfer or a move: the step is now that service's
        changes["steps"] = with_step(ticket, ticket.step, service=service, profiles=())
    moved = replace(ticket, **changes)  # type: ignore[arg-type]
    index = moved.step
    live = LIVE_STEP.get(moved.status)
    if live is not None:
        steps = with_step(
            moved, index, status=live, desk=moved.desk if live is not StepStatus.WAITING else moved.current_step.desk,
            called_at=moved.called_at, started_at=moved.started_at, served_by=moved.served_by,
        )
    elif moved.status is TicketStatus.DONE:
        steps = with_step(
            moved, index, status=StepStatus.DONE, desk=moved.desk, served_by=moved.served_by,
            called_at=moved.called_at, started_at=moved.started_at, finished_at=moved.finished_at,
        )
    else:
        return moved
    return replace(moved, steps=steps)


def refused_in_state(ticket: Ticket, action: str) -> InvalidTransition:
    return InvalidTransition(
        f"ticket {ticket.number} is {ticket.status.value}; cannot {action} it",
        ticket=ticket.number,
        status=ticket.status.value,
    )


def require_at_desk(ticket: Ticket, desk: DeskId, action: str, *allowed: TicketStatus) -> None:
    if ticket.status not in allowed:
        raise refused_in_state(ticket, action)
    if ticket.desk != desk:
        raise InvalidTransition(
            f"ticket {ticket.number} is at another desk; cannot {action} it here",
            ticket=ticket.number,
        )


def call(ticket: Ticket, desk: DeskId, now: dt.datetime, *, by: str | None = None) -> Ticket:
    """Call a waiting ticket to `desk`; a held ticket only comes back by `return_held`."""
    if not ticket.is_callable:
        raise refused_in_state(ticket, "call")
    if ticket.target_desk is not None and ticket.target_desk != desk:
        raise InvalidTransition(
            f"ticket {ticket.number} was sent to another desk", ticket=ticket.number
        )
    return moved(
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
    require_at_desk(ticket, desk, "recall", TicketStatus.CALLED)
    if ticket.recalls >= limit:
        return moved(ticket, status=TicketStatus.NO_SHOW, finished_at=now)
    return moved(ticket, recalls=ticket.recalls + 1, called_at=now)


def start(ticket: Ticket, desk: DeskId, now: dt.datetime) -> Ticket:
    """The visitor came to the desk: service begins."""
    require_at_desk(ticket, desk, "start", TicketStatus.CALLED)
    return moved(ticket, status=TicketStatus.SERVING, started_at=now)


def finish(ticket: Ticket, desk: DeskId, now: dt.datetime, *, continue_here: bool = False) -> Ticket:
    """The current step is over; a called ticket may be finished without a separate start.

    After the last step the visit is done. Otherwise the ticket goes on under
    the same number: with `continue_here` the same desk serves the next step
    in the same sitting (the caller checks that the desk may); without, it
    waits again for the next step's service, keeping its time of issue.
    """
    require_at_desk(ticket, desk, "finish", TicketStatus.CALLED, TicketStatus.SERVING)
    started = ticket.started_at or now
    following = ticket.next_step
    done = moved(ticket, status=TicketStatus.DONE, started_at=started, finished_at=now)
    if following is None:
        return done
    return go_on_to(done, following, now, at=desk if continue_here else None)


def go_on_to(ticket: Ticket, index: int, now: dt.datetime, *, at: DeskId | None) -> Ticket:
    """Make step `index` the current one: served at once at desk `at`, or waited for."""
    step = ticket.steps[index]
    steps = with_step(ticket, index, ready_at=now)
    common = dict(
        steps=steps, step=index, service=step.service, finished_at=None, target_desk=None, held_by=None, recalls=0,
    )
    if at is not None:
        return moved(
            replace(ticket, **common),  # type: ignore[arg-type]
            status=TicketStatus.SERVING, desk=at, called_at=now, started_at=now,
        )
    return moved(
        replace(ticket, **common),  # type: ignore[arg-type]
        status=TicketStatus.WAITING, called_at=None, started_at=None, served_by=None,
    )


def mark_no_show(ticket: Ticket, desk: DeskId, now: dt.datetime) -> Ticket:
    """The called visitor did not come."""
    require_at_desk(ticket, desk, "mark as a no-show", TicketStatus.CALLED)
    return moved(ticket, status=TicketStatus.NO_SHOW, finished_at=now)


def transfer(
    ticket: Ticket,
    desk: DeskId,
    *,
    to_service: ServiceCode | None = None,
    to_desk: DeskId | None = None,
    note: str | None = None,
) -> Ticket:
    """Send the visitor on to another service or desk, keeping the time of issue."""
    require_at_desk(ticket, desk, "transfer", TicketStatus.CALLED, TicketStatus.SERVING)
    if to_service is None and to_desk is None:
        raise InvalidTransition("a transfer needs a service or a desk to go to")
    if to_desk == desk:
        raise InvalidTransition("cannot transfer a ticket to the desk it is at")
    return moved(
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
    require_at_desk(ticket, desk, "put on hold", TicketStatus.CALLED, TicketStatus.SERVING)
    return moved(ticket, status=TicketStatus.WAITING, held_by=desk, called_at=None)


def return_held(ticket: Ticket, desk: DeskId, now: dt.datetime) -> Ticket:
    """Bring a held visitor back to the desk that held them: they are called again."""
    if ticket.status is not TicketStatus.WAITING or ticket.held_by is None:
        raise InvalidTransition(f"ticket {ticket.number} is not on hold", ticket=ticket.number)
    if ticket.held_by != desk:
        raise InvalidTransition(
            f"ticket {ticket.number} is held by another desk", ticket=ticket.number
        )
    return moved(
        ticket, status=TicketStatus.CALLED, desk=desk, held_by=None, called_at=now, recalls=0
    )


def cancel(ticket: Ticket, now: dt.datetime) -> Ticket:
    """Withdraw a ticket that is not at a desk (the visitor left, a supervisor's decision)."""
    if ticket.status is not TicketStatus.WAITING:
        raise refused_in_state(ticket, "cancel")
    return moved(ticket, status=TicketStatus.CANCELLED, finished_at=now, held_by=None)


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
    return moved(ticket, service=service, target_desk=target_desk)


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
        raise refused_in_state(ticket, "put back in the queue")
    return moved(
        ticket,
        status=TicketStatus.WAITING,
        held_by=None,
        target_desk=None,
        called_at=None,
        started_at=None,
        recalls=0,
    )

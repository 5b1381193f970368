"""The rest of a visit at a desk: which desk may do a step, skipping, adding and ending early, and how the steps show.

The life cycle itself (`tickets.py`) finishes a step and sends the visit on;
what is here changes the visit's list of steps, and says what a stream
shows of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .errors import InvalidTransition
from .model import DeskId, DeskProfile, ServiceCode
from .steps import Step, StepStatus
from .tickets import LIVE_STEP, Ticket, TicketStatus, go_on_to, moved, require_at_desk, with_step


def shown_steps(ticket: Ticket) -> tuple[Step, ...]:
    """The steps as every stream shows them: the current one as the ticket's own state makes it.

    The current step's status and desk follow from the ticket's status and
    desk alone, so a visit of one step (stored as the ticket row only) and
    the event a transition emits show exactly the same thing.
    """
    current = ticket.current_step
    if ticket.status in LIVE_STEP:
        status = LIVE_STEP[ticket.status]
    elif ticket.status is TicketStatus.DONE:
        status = StepStatus.SKIPPED if current.status is StepStatus.SKIPPED else StepStatus.DONE
    elif ticket.status is TicketStatus.NO_SHOW and ticket.called_at is not None:
        status = StepStatus.CALLED  # called, and did not come
    else:
        status = StepStatus.WAITING  # cancelled, or lapsed before a call: never served
    desk = ticket.desk if status is not StepStatus.WAITING else None
    shown = replace(current, status=status, desk=desk)
    return (*ticket.steps[: ticket.step], shown, *ticket.steps[ticket.step + 1 :])


def can_continue_at(ticket: Ticket, profile: DeskProfile, configured: str | None = None) -> bool:
    """Whether a desk working by `profile` may serve the visit's next step in the same sitting (see `step_fits`)."""
    following = ticket.next_step
    return following is not None and step_fits(ticket.steps[following], profile, configured)


def step_fits(step: Step, profile: DeskProfile, configured: str | None = None) -> bool:
    """A desk may do `step`: it serves the step's service, and is one of the step's profiles if it names any.

    `configured` is the desk's configured profile code when `profile` is a
    change of the day (whose code is not the desk's own).
    """
    if not profile.serves(step.service):
        return False
    return not step.profiles or (configured or profile.code) in step.profiles


def skip_step(ticket: Ticket, desk: DeskId, index: int, now: dt.datetime) -> Ticket:
    """The visitor does not need step `index` («вже має довідку»).

    A later step is marked skipped and the visit goes on as it is; the
    current step (the visitor at this desk) is skipped like a finish that
    did nothing: the ticket goes on to the next step, or the visit is done.
    """
    require_at_desk(ticket, desk, "skip a step of", TicketStatus.CALLED, TicketStatus.SERVING)
    if not 0 <= index < len(ticket.steps):
        raise InvalidTransition(f"ticket {ticket.number} has no step {index + 1}", ticket=ticket.number)
    if index < ticket.step or not ticket.steps[index].is_open:
        raise InvalidTransition(
            f"step {index + 1} of ticket {ticket.number} is already {ticket.steps[index].status.value}",
            ticket=ticket.number,
        )
    if index > ticket.step:
        return replace(ticket, steps=with_step(ticket, index, status=StepStatus.SKIPPED))
    skipped = replace(
        ticket, steps=with_step(ticket, index, status=StepStatus.SKIPPED, desk=desk, finished_at=now)
    )
    following = skipped.next_step
    if following is None:
        return replace(skipped, status=TicketStatus.DONE, started_at=ticket.started_at or now, finished_at=now)
    return go_on_to(skipped, following, now, at=None)


def add_step(ticket: Ticket, desk: DeskId, service: ServiceCode, *, limit: int) -> Ticket:
    """The visitor needs one more service: it joins the visit as its last step."""
    require_at_desk(ticket, desk, "add a step to", TicketStatus.CALLED, TicketStatus.SERVING)
    if any(step.service == service and step.is_open for step in ticket.steps[ticket.step :]):
        raise InvalidTransition(f"ticket {ticket.number} already has that service ahead", ticket=ticket.number)
    if len(ticket.steps) >= limit:
        raise InvalidTransition(
            f"ticket {ticket.number} has {len(ticket.steps)} steps, the most one visit may have", ticket=ticket.number
        )
    return replace(ticket, steps=(*ticket.steps, Step(service)))


def end_visit(ticket: Ticket, desk: DeskId, now: dt.datetime) -> Ticket:
    """The administrator ends the visit with the current step: the steps after it are skipped."""
    require_at_desk(ticket, desk, "end the visit of", TicketStatus.CALLED, TicketStatus.SERVING)
    steps = tuple(
        replace(step, status=StepStatus.SKIPPED) if index > ticket.step and step.is_open else step
        for index, step in enumerate(ticket.steps)
    )
    return moved(replace(ticket, steps=steps), status=TicketStatus.DONE, started_at=ticket.started_at or now, finished_at=now)

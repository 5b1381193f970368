"""The desk's work with visitors: call next, recall, start, finish, no-show,
transfer, hold and return; and the steps of a visit (go on, skip, add, end).

Each command takes the desk's office lock first, so two desks never act on
the same ticket at once; the policy then chooses among what is really
waiting at that moment. Only the member of staff who holds the desk (opened
it, or took it over) works it: anyone else is refused with `desk_taken`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..domain import air_raid
from ..domain import desks as desk_rules
from ..domain import tickets as ticket_rules
from ..domain import visit_steps as visit_rules
from ..domain.desks import DeskState
from ..domain.errors import InvalidRequest, InvalidTransition, NotFound
from ..domain.events import (
    TicketCalled,
    TicketContinued,
    TicketEvent,
    TicketFinished,
    TicketHeld,
    TicketNoShow,
    TicketRecalled,
    TicketReturned,
    TicketRouted,
    TicketStarted,
    TicketStepsChanged,
    TicketTransferred,
)
from ..domain.model import Desk, DeskId, ServiceCode
from ..domain.policy import choose_next
from ..domain.tickets import Ticket, TicketStatus
from ..domain.views import TicketView
from ..domain.visits import MAX_STEPS
from ..store import air_raids as air_raid_store
from ..store import desk_services
from ..store import desks as desk_store
from ..store import tickets as ticket_store
from .context import Actor, CommandContext, Transaction
from .remote_tickets import follow_remote_tickets


@dataclass(frozen=True)
class AtDesk:
    """A desk loaded under its office lock, ready for a decision."""

    desk: Desk
    state: DeskState


@contextmanager
def _at_desk(ctx: CommandContext, desk_id: str, actor: Actor, action: str) -> Iterator[tuple[Transaction, AtDesk]]:
    """A transaction holding the desk's office lock, and the desk, if `actor` holds it (see `desks.require_holder`)."""
    desk = ctx.desk(desk_id)
    with ctx.transaction(office=desk.office) as tx:
        state = desk_store.get(tx.connection, desk.id, desk.office)
        desk_rules.require_holder(state, actor.name, action)
        yield tx, AtDesk(desk, state)


def _current(conn: sa.Connection, at: AtDesk, expected: int | None, action: str) -> Ticket:
    """The ticket at the desk; `expected` guards against a console that shows an old one."""
    if at.state.ticket is None:
        raise InvalidTransition(f"desk {at.desk.id} has no visitor to {action}", desk=at.desk.id)
    ticket = ticket_store.by_id(conn, at.state.ticket)
    if ticket is None:  # the foreign key makes this impossible; say so plainly if it happens
        raise NotFound(f"ticket {at.state.ticket} of desk {at.desk.id} is missing")
    if expected is not None and expected != ticket.id:
        raise InvalidTransition(
            f"ticket {expected} is no longer at desk {at.desk.id} (it has {ticket.number})",
            desk=at.desk.id,
        )
    return ticket


def _save(
    tx: Transaction,
    at: AtDesk,
    ticket: Ticket,
    state: DeskState,
    event: type[TicketEvent],
    *,
    actor: Actor,
    action: str,
    details: dict[str, Any] | None = None,
) -> Ticket:
    """Save the ticket and the desk, emit the event, and log a staff member's action with them."""
    ticket_store.save(tx.connection, ticket)
    if state != at.state:
        desk_store.save(tx.connection, state)
    tx.emit(at.desk.office, event(TicketView.of(ticket)))
    tx.audit(
        actor,
        action,
        office=at.desk.office,
        desk=at.desk.id,
        ticket=ticket.id,
        ticket_number=ticket.number,
        details=details,
    )
    return ticket


def call_next(ctx: CommandContext, desk_id: str, *, actor: Actor) -> Ticket | None:
    """Call the visitor the policy chooses for this desk; None when nobody waits for it."""
    with _at_desk(ctx, desk_id, actor, "call the next visitor") as (tx, at):
        desk_rules.require_open(at.state, "call a visitor")
        desk_rules.require_free(at.state, "call the next visitor")
        conn = tx.connection
        air_raid.refuse_during(air_raid_store.current(conn, at.desk.office), "call the next visitor")
        rules = ctx.network.rules
        chosen = choose_next(
            desk_services.effective_profile(conn, at.desk),
            ticket_store.call_candidates(conn, at.desk.office),  # the few the choice can fall on
            tx.now,
            desk=at.desk.id,
            services=ctx.network.services,
            rules=rules,
            recent_calls=ticket_store.recent_priority_calls(conn, at.desk.id, rules.priority_window),
            configured=at.desk.profile.code,
        )
        if chosen is None:
            follow_remote_tickets(ctx, tx, at.desk.office)
            return None
        called = ticket_rules.call(chosen, at.desk.id, tx.now, by=actor.name)
        saved = _save(tx, at, called, desk_rules.take(at.state, called.id), TicketCalled, actor=actor, action="call_next")
        follow_remote_tickets(ctx, tx, at.desk.office)  # a place moved up: "come now", or a grace run out
        return saved


def recall(ctx: CommandContext, desk_id: str, *, actor: Actor, ticket: int | None = None) -> Ticket:
    """Call the same visitor again; past the recall limit the ticket becomes a no-show."""
    with _at_desk(ctx, desk_id, actor, "recall") as (tx, at):
        desk_rules.require_open(at.state, "recall")
        current = _current(tx.connection, at, ticket, "recall")
        recalled = ticket_rules.recall(current, at.desk.id, tx.now, limit=ctx.network.rules.recall_limit)
        if recalled.status is TicketStatus.NO_SHOW:
            return _save(
                tx, at, recalled, desk_rules.release(at.state), TicketNoShow,
                actor=actor, action="recall", details={"no_show": True},
            )
        return _save(tx, at, recalled, at.state, TicketRecalled, actor=actor, action="recall")


def start(ctx: CommandContext, desk_id: str, *, actor: Actor, ticket: int | None = None) -> Ticket:
    with _at_desk(ctx, desk_id, actor, "start serving") as (tx, at):
        current = _current(tx.connection, at, ticket, "start serving")
        started = ticket_rules.start(current, at.desk.id, tx.now)
        return _save(tx, at, started, at.state, TicketStarted, actor=actor, action="start")


def finish(
    ctx: CommandContext,
    desk_id: str,
    *,
    actor: Actor,
    ticket: int | None = None,
    go_on: bool | None = None,
    step: int | None = None,
) -> Ticket:
    """Finish the current step: the visit is done, or goes on to its next step.

    `go_on` says whether this desk serves the next step in the same sitting
    (True), or sends the visitor on to wait for it (False); left out, the
    desk goes on when it may do the next step. Asking to go on where the
    desk may not is refused, and nothing changes. `step` (from 1) is the
    step the console shows: after going on here the same ticket is still at
    the desk, so only the step tells a second tap from a new finish.
    """
    with _at_desk(ctx, desk_id, actor, "finish") as (tx, at):
        current = _current(tx.connection, at, ticket, "finish")
        if step is not None and step != current.step + 1:
            raise InvalidTransition(
                f"step {step} of ticket {current.number} is already over (the visit is at step {current.step + 1})",
                ticket=current.number,
            )
        may = visit_rules.can_continue_at(
            current, desk_services.effective_profile(tx.connection, at.desk), at.desk.profile.code
        )
        if go_on and not may:
            following = current.next_step
            if following is None:
                raise InvalidTransition(f"ticket {current.number} has no step after this one", ticket=current.number)
            raise InvalidTransition(
                f"this desk does not do the next step ({current.steps[following].service}); send the visitor on",
                ticket=current.number,
            )
        here = may if go_on is None else go_on
        done = ticket_rules.finish(current, at.desk.id, tx.now, continue_here=here)
        step_done = {"step": current.step + 1, "service": current.service}
        if done.status is TicketStatus.DONE:
            details = step_done if len(current.steps) > 1 else None
            return _save(tx, at, done, desk_rules.release(at.state), TicketFinished, actor=actor, action="finish", details=details)
        if done.status is TicketStatus.SERVING:
            return _save(tx, at, done, at.state, TicketContinued, actor=actor, action="finish", details={**step_done, "then": "here"})
        return _save(
            tx, at, done, desk_rules.release(at.state), TicketRouted,
            actor=actor, action="finish", details={**step_done, "then": done.service},
        )


def skip_step(
    ctx: CommandContext, desk_id: str, *, actor: Actor, step: int, reason: str, ticket: int | None = None
) -> Ticket:
    """Skip a step of the visit at this desk (`step` counts from 1, as the console shows it); audited with the reason."""
    with _at_desk(ctx, desk_id, actor, "skip a step") as (tx, at):
        current = _current(tx.connection, at, ticket, "skip a step of")
        skipped = visit_rules.skip_step(current, at.desk.id, step - 1, tx.now)
        details = {"step": step, "service": current.steps[step - 1].service, "reason": reason}
        if skipped.status is TicketStatus.DONE:
            return _save(tx, at, skipped, desk_rules.release(at.state), TicketFinished, actor=actor, action="skip_step", details=details)
        if skipped.step != current.step:  # the visitor's current step: they go on to the next
            return _save(tx, at, skipped, desk_rules.release(at.state), TicketRouted, actor=actor, action="skip_step", details=details)
        return _save(tx, at, skipped, at.state, TicketStepsChanged, actor=actor, action="skip_step", details=details)


def add_step(ctx: CommandContext, desk_id: str, *, actor: Actor, service: str, ticket: int | None = None) -> Ticket:
    """The visitor at this desk needs one more service of this office: it becomes the visit's last step."""
    with _at_desk(ctx, desk_id, actor, "add a step") as (tx, at):
        office = ctx.office(at.desk.office)
        entry = ctx.network.services.get(ServiceCode(service))
        if entry is None or entry.code not in office.services:
            raise NotFound(f"office {office.code} does not offer service {service!r}", service=service)
        if entry.package:
            raise InvalidRequest("a package is chosen at the kiosk; add its services one by one", field="service")
        current = _current(tx.connection, at, ticket, "add a step to")
        added = visit_rules.add_step(current, at.desk.id, entry.code, limit=MAX_STEPS)
        return _save(
            tx, at, added, at.state, TicketStepsChanged,
            actor=actor, action="add_step", details={"step": len(added.steps), "service": entry.code},
        )


def end_visit(ctx: CommandContext, desk_id: str, *, actor: Actor, reason: str, ticket: int | None = None) -> Ticket:
    """End the visit with the current step, the steps left skipped; audited with the reason."""
    with _at_desk(ctx, desk_id, actor, "end a visit") as (tx, at):
        current = _current(tx.connection, at, ticket, "end the visit of")
        ended = visit_rules.end_visit(current, at.desk.id, tx.now)
        left = [step.service for step in current.steps[current.step + 1 :] if step.is_open]
        return _save(
            tx, at, ended, desk_rules.release(at.state), TicketFinished,
            actor=actor, action="end_visit", details={"step": current.step + 1, "skipped": left, "reason": reason},
        )


def mark_no_show(ctx: CommandContext, desk_id: str, *, actor: Actor, ticket: int | None = None) -> Ticket:
    with _at_desk(ctx, desk_id, actor, "mark a no-show") as (tx, at):
        current = _current(tx.connection, at, ticket, "mark as a no-show")
        missed = ticket_rules.mark_no_show(current, at.desk.id, tx.now)
        return _save(tx, at, missed, desk_rules.release(at.state), TicketNoShow, actor=actor, action="no_show")


def transfer(
    ctx: CommandContext,
    desk_id: str,
    *,
    actor: Actor,
    to_service: str | None = None,
    to_desk: str | None = None,
    note: str | None = None,
    ticket: int | None = None,
) -> Ticket:
    """Send the visitor to another service or desk of the same office, keeping their place."""
    with _at_desk(ctx, desk_id, actor, "transfer") as (tx, at):
        office = ctx.office(at.desk.office)
        if to_service is not None and ServiceCode(to_service) not in office.services:
            raise NotFound(f"office {office.code} does not offer service {to_service!r}", service=to_service)
        if to_desk is not None:
            target = office.desk(DeskId(to_desk))
            if target is None:
                raise NotFound(f"office {office.code} has no desk {to_desk!r}", desk=to_desk)
        current = _current(tx.connection, at, ticket, "transfer")
        moved = ticket_rules.transfer(
            current,
            at.desk.id,
            to_service=ServiceCode(to_service) if to_service else None,
            to_desk=DeskId(to_desk) if to_desk else None,
            note=note,
        )
        return _save(
            tx, at, moved, desk_rules.release(at.state), TicketTransferred,
            actor=actor, action="transfer", details={"to_service": to_service, "to_desk": to_desk, "note": note},
        )


def hold(ctx: CommandContext, desk_id: str, *, actor: Actor, ticket: int | None = None) -> Ticket:
    with _at_desk(ctx, desk_id, actor, "put a visitor on hold") as (tx, at):
        current = _current(tx.connection, at, ticket, "put on hold")
        held = ticket_rules.hold(current, at.desk.id)
        return _save(tx, at, held, desk_rules.release(at.state), TicketHeld, actor=actor, action="hold")


def return_held(ctx: CommandContext, desk_id: str, *, actor: Actor, ticket: int) -> Ticket:
    """Call back a visitor this desk put on hold."""
    with _at_desk(ctx, desk_id, actor, "call a visitor back") as (tx, at):
        desk_rules.require_open(at.state, "call a visitor back")
        desk_rules.require_free(at.state, "call a visitor back")
        held = ticket_store.by_id(tx.connection, ticket)
        if held is None or held.office != at.desk.office:
            raise NotFound(f"no ticket {ticket} in office {at.desk.office}", ticket=ticket)
        returned = ticket_rules.return_held(held, at.desk.id, tx.now)
        return _save(tx, at, returned, desk_rules.take(at.state, returned.id), TicketReturned, actor=actor, action="return")

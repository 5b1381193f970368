"""What a supervisor does to an office's queue and desks, and a desk's out-of-turn call.

Each command takes the office lock first, as the desk's own commands do, so
a supervisor and the desks never act on one ticket at once; each writes its
audit entry in its own transaction, with the reason given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from ..domain import air_raid
from ..domain import desks as desk_rules
from ..domain import tickets as ticket_rules
from ..domain.desks import DeskState
from ..domain.errors import InvalidRequest, InvalidTransition, NotFound
from ..domain.events import (
    DeskClosed,
    DeskServicesChanged,
    TicketCalled,
    TicketCancelled,
    TicketMoved,
    TicketRequeued,
)
from ..domain.model import Desk, DeskId, DeskProfile, Office, ServiceCode
from ..domain.tickets import AT_DESK_STATUSES, Ticket, TicketStatus
from ..domain.views import DeskServicesView, DeskView, DeskWithServicesView, TicketView
from ..store import air_raids as air_raid_store
from ..store import desk_services as services_store
from ..store import desks as desk_store
from ..store import tickets as ticket_store
from ..views.desk import ForceClosed
from .context import Actor, CommandContext

MAX_REASON = 200


def _reason(reason: str | None) -> str:
    """A reason is required for the audit log: 1 to 200 characters, not only spaces."""
    text = (reason or "").strip()
    if not text or len(text) > MAX_REASON:
        raise InvalidRequest(f"reason must have 1 to {MAX_REASON} characters", field="reason")
    return text


def _ticket_of(conn: sa.Connection, office: Office, ticket_id: int) -> Ticket:
    found = ticket_store.by_id(conn, ticket_id)
    if found is None or found.office != office.code:
        raise NotFound(f"no ticket {ticket_id} in office {office.code}", ticket=ticket_id)
    return found


def _number_at(conn: sa.Connection, state: DeskState) -> str | None:
    if state.ticket is None:
        return None
    current = ticket_store.by_id(conn, state.ticket)
    return current.number if current else None


def desk_with_services(
    conn: sa.Connection, office: Office, desk: Desk, state: DeskState, profile: DeskProfile, changed: bool
) -> DeskWithServicesView:
    """The desk as `desk.services_changed` and snapshots show it: its state and its services."""
    today = DeskServicesView.of(office.services, profile, changed)
    return DeskWithServicesView.joined(DeskView.of(desk, state, _number_at(conn, state)), today)


def call_ticket(ctx: CommandContext, desk_id: str, *, actor: Actor, ticket: int, reason: str) -> Ticket:
    """Call this waiting ticket to the desk now, out of turn (any service of the office)."""
    why = _reason(reason)
    desk = ctx.desk(desk_id)
    office = ctx.office(desk.office)
    with ctx.transaction(office=office.code) as tx:
        conn = tx.connection
        state = desk_store.get(conn, desk.id, office.code)
        desk_rules.require_holder(state, actor.name, "call a visitor out of turn")
        desk_rules.require_open(state, "call a visitor")
        desk_rules.require_free(state, "call another visitor")
        air_raid.refuse_during(air_raid_store.current(conn, office.code), "call a visitor")
        waiting = _ticket_of(conn, office, ticket)
        called = ticket_rules.call_out_of_turn(waiting, desk.id, tx.now, by=actor.name)
        ticket_store.save(conn, called)
        desk_store.save(conn, desk_rules.take(state, called.id))
        tx.emit(office.code, TicketCalled(TicketView.of(called)))
        tx.audit(
            actor, "call_out_of_turn", office=office.code, desk=desk.id, ticket=called.id,
            ticket_number=called.number, details={"reason": why, "service": called.service},
        )  # fmt: skip
        return called


def cancel_ticket(ctx: CommandContext, office_code: str, ticket_id: int, *, actor: Actor, reason: str) -> Ticket:
    """Withdraw a waiting (or held) ticket: the visitor left, or will not be served today."""
    why = _reason(reason)
    office = ctx.office(office_code)
    with ctx.transaction(office=office.code) as tx:
        conn = tx.connection
        found = _ticket_of(conn, office, ticket_id)
        if found.status in AT_DESK_STATUSES:
            raise InvalidTransition(
                f"ticket {found.number} is at desk {found.desk}; the desk finishes it or marks a no-show",
                ticket=found.number,
                desk=found.desk,
            )
        if found.is_final:
            raise InvalidTransition(
                f"ticket {found.number} is already {found.status.value}", ticket=found.number, status=found.status.value
            )
        cancelled = ticket_rules.cancel(found, tx.now)
        ticket_store.save(conn, cancelled)
        tx.emit(office.code, TicketCancelled(TicketView.of(cancelled)))
        details: dict[str, Any] = {"reason": why, "service": found.service}
        if found.held_by is not None:
            details["held_by"] = found.held_by
        tx.audit(
            actor, "cancel", office=office.code, desk=found.held_by, ticket=found.id,
            ticket_number=found.number, details=details,
        )  # fmt: skip
        return cancelled


def move_ticket(
    ctx: CommandContext,
    office_code: str,
    ticket_id: int,
    *,
    actor: Actor,
    service: str | None,
    desk: str | None,
    reason: str,
) -> Ticket:
    """Send a waiting ticket to another service and/or a named desk, keeping its place.

    `service` None keeps the ticket's service; `desk` None means any desk
    serving the service (it undoes an earlier sending to a desk).
    """
    why = _reason(reason)
    office = ctx.office(office_code)
    if service is not None and ServiceCode(service) not in office.services:
        raise NotFound(f"office {office.code} does not offer service {service!r}", service=service)
    if desk is not None and office.desk(DeskId(desk)) is None:
        raise NotFound(f"office {office.code} has no desk {desk!r}", desk=desk)
    with ctx.transaction(office=office.code) as tx:
        conn = tx.connection
        found = _ticket_of(conn, office, ticket_id)
        moved = ticket_rules.move(
            found,
            service=ServiceCode(service) if service is not None else found.service,
            target_desk=DeskId(desk) if desk is not None else None,
        )
        ticket_store.save(conn, moved)
        tx.emit(office.code, TicketMoved(TicketView.of(moved)))
        tx.audit(
            actor, "move", office=office.code, desk=moved.target_desk, ticket=moved.id, ticket_number=moved.number,
            details={
                "reason": why,
                "from_service": found.service, "to_service": moved.service,
                "from_desk": found.target_desk, "to_desk": moved.target_desk,
            },
        )  # fmt: skip
        return moved


def force_close_desk(ctx: CommandContext, desk_id: str, *, actor: Actor, reason: str) -> ForceClosed:
    """Close a desk left open or on a break; its visitors go back to the queue in their place.

    The visitor at the desk (called or being served) and those it held wait
    again with their time of issue, for any desk: each gets `ticket.requeued`
    before the desk's `desk.closed`. Returns the closed desk and the tickets requeued.
    """
    why = _reason(reason)
    desk = ctx.desk(desk_id)
    office = ctx.office(desk.office)
    with ctx.transaction(office=office.code) as tx:
        conn = tx.connection
        state = desk_store.get(conn, desk.id, office.code)
        closed = desk_rules.force_close(state, tx.now)  # refuses a desk already closed, before any change
        theirs = [
            ticket
            for ticket in ticket_store.live(conn, office.code)
            if ticket.id == state.ticket or (ticket.status is TicketStatus.WAITING and ticket.held_by == desk.id)
        ]
        requeued = [ticket_rules.requeue(ticket, desk.id) for ticket in theirs]
        for ticket in requeued:
            ticket_store.save(conn, ticket)
            tx.emit(office.code, TicketRequeued(TicketView.of(ticket)))
        desk_store.save(conn, closed)
        view = DeskView.of(desk, closed, None)
        tx.emit(office.code, DeskClosed(view))
        at_desk = next((t for t in theirs if t.id == state.ticket), None)
        tx.audit(
            actor, "force_close", office=office.code, desk=desk.id,
            ticket=at_desk.id if at_desk else None, ticket_number=at_desk.number if at_desk else None,
            details={
                "reason": why, "status": state.status.value, "operator": state.operator,
                "requeued": [ticket.number for ticket in requeued],
            },
        )  # fmt: skip
        return ForceClosed(view, tuple(TicketView.of(ticket) for ticket in requeued))


def change_desk_services(
    ctx: CommandContext, desk_id: str, *, actor: Actor, weights: Mapping[str, object]
) -> DeskWithServicesView:
    """The desk serves these services (with these weights) today instead of its profile.

    Checked whole before anything is written; the same change twice is one
    change (no second event). The change ends when the office's day closes.
    """
    desk = ctx.desk(desk_id)
    office = ctx.office(desk.office)
    profile = desk_rules.profile_of_the_day(desk, weights, office.services)
    with ctx.transaction(office=office.code) as tx:
        conn = tx.connection
        before = services_store.get(conn, desk.id)
        state = desk_store.get(conn, desk.id, office.code)
        view = desk_with_services(conn, office, desk, state, profile, True)
        if before is not None and before.profile.weights == profile.weights:
            return view
        services_store.put(conn, desk, profile.weights, changed_by=actor.ref, changed_at=tx.now)
        tx.emit(office.code, DeskServicesChanged(view))
        tx.audit(
            actor, "services_changed", office=office.code, desk=desk.id,
            details={
                "weights": dict(profile.weights),
                "before": dict((before.profile if before else desk.profile).weights),
            },
        )  # fmt: skip
        return view


def restore_desk_services(ctx: CommandContext, desk_id: str, *, actor: Actor) -> DeskWithServicesView:
    """Back to the desk's configured profile; nothing happens when it already works by it."""
    desk = ctx.desk(desk_id)
    office = ctx.office(desk.office)
    with ctx.transaction(office=office.code) as tx:
        conn = tx.connection
        before = services_store.get(conn, desk.id)
        state = desk_store.get(conn, desk.id, office.code)
        view = desk_with_services(conn, office, desk, state, desk.profile, False)
        if before is None:
            return view
        services_store.remove(conn, desk.id)
        tx.emit(office.code, DeskServicesChanged(view))
        tx.audit(
            actor, "services_restored", office=office.code, desk=desk.id,
            details={"before": dict(before.profile.weights), "weights": dict(desk.profile.weights)},
        )  # fmt: skip
        return view

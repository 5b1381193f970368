"""Closing an office's day: a queue never carries over past the office's midnight.

Tickets still waiting are cancelled, a visitor still called becomes a
no-show, one still being served is finished, and desks left open or on a
break are closed, each with its event, so that the morning starts with an
empty queue and boards show no calls from yesterday; a desk whose services a
supervisor changed goes back to its configured profile. The server runs this
for every office with its heartbeat; it does nothing on a day already closed.

An office in an air-raid alert is left alone: its visitors are in the
shelter, and their tickets keep waiting (the ticket page and the public
snapshot say the office is paused). Within a minute of the alert's end the
heartbeat closes the past day as usual; before that, the office's supervisor (a
manager, an admin) may close it at once (`close_day`, audited).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..domain import desks as desk_rules
from ..domain import numbering
from ..domain import tickets as ticket_rules
from ..domain.desks import DeskState, DeskStatus
from ..domain.events import (
    DeskClosed,
    DeskServicesChanged,
    TicketCancelled,
    TicketEvent,
    TicketFinished,
    TicketNoShow,
)
from ..domain.model import DeskId, Office
from ..domain.tickets import Ticket, TicketStatus
from ..domain.views import DeskView, TicketView
from ..store import air_raids as air_raid_store
from ..store import desk_services as services_store
from ..store import desks as desk_store
from ..store import outbox
from ..store import tickets as ticket_store
from .context import Actor, CommandContext
from .supervision import desk_with_services

Leftovers = tuple[list[Ticket], list[DeskState], list[DeskId]]


def _leftovers(conn: sa.Connection, office: Office, now: dt.datetime) -> Leftovers | None:
    """Live tickets, working desks and desks' services of the day from before the office's today, or None."""
    today = numbering.office_day(now, office.timezone)
    tickets = ticket_store.live_before(conn, office.code, today)
    services = services_store.changed_before(conn, office.code, numbering.day_bounds(today, office.timezone)[0])
    desks = [
        state
        for state in desk_store.for_office(conn, office.code).values()
        if state.status is not DeskStatus.CLOSED
        and state.since is not None
        and numbering.office_day(state.since, office.timezone) < today
        and (state.ticket is None or any(t.id == state.ticket for t in tickets))
    ]
    return (tickets, desks, services) if tickets or desks or services else None


def close_past_days(ctx: CommandContext, office_code: str) -> int:
    """Close what an earlier day left open; returns how many tickets, desks and desks'
    services of the day it closed (a desk's changed services go back to its profile).

    Nothing while the office is in an air-raid alert: the supervisor decides then.
    """
    office = ctx.office(office_code)
    with ctx.reading() as conn:  # the usual answer is "nothing to do": no write lock for it
        if outbox.writer_of(conn, office.code) is not None:
            return 0  # its office node closes its day
        if not _leftovers(conn, office, ctx.clock()) or air_raid_store.current(conn, office.code) is not None:
            return 0
    return _close(ctx, office, during_alert=False)


def close_day(ctx: CommandContext, office_code: str, *, actor: Actor) -> int:
    """The overseer closes what an earlier day left open now, an air-raid alert on or not (audited `day_close`).

    What the heartbeat would do within a minute of the alert's end; today's
    queue is never touched. Returns how many it closed (0: nothing was left).
    """
    office = ctx.office(office_code)
    return _close(ctx, office, during_alert=True, actor=actor)


def _close(ctx: CommandContext, office: Office, *, during_alert: bool, actor: Actor | None = None) -> int:
    closed = 0
    with ctx.transaction(office=office.code) as tx:
        conn = tx.connection
        alert = air_raid_store.current(conn, office.code)
        if alert is not None and not during_alert:  # an alert began in between
            return 0
        found = _leftovers(conn, office, tx.now)
        if found is None:  # another process closed it in between
            return 0
        leftovers, stale_desks, stale_services = found
        for ticket in leftovers:
            event: type[TicketEvent]
            if ticket.status is TicketStatus.WAITING:
                after, event = ticket_rules.cancel(ticket, tx.now), TicketCancelled
            elif ticket.status is TicketStatus.CALLED and ticket.desk is not None:
                after, event = ticket_rules.mark_no_show(ticket, ticket.desk, tx.now), TicketNoShow
            else:
                assert ticket.desk is not None
                after, event = ticket_rules.finish(ticket, ticket.desk, tx.now), TicketFinished
            ticket_store.save(conn, after)
            tx.emit(office.code, event(TicketView.of(after)))
            closed += 1
        for state in stale_desks:
            desk = office.desk(state.desk)
            if desk is None:  # a desk removed from the configuration overnight
                continue
            after_state = desk_rules.close_desk(desk_rules.release(state), tx.now)
            desk_store.save(conn, after_state)
            tx.emit(office.code, DeskClosed(DeskView.of(desk, after_state, None)))
            closed += 1
        for desk_id in stale_services:
            services_store.remove(conn, desk_id)
            desk = office.desk(desk_id)
            if desk is None:
                continue
            state = desk_store.get(conn, desk.id, office.code)
            tx.emit(office.code, DeskServicesChanged(desk_with_services(conn, office, desk, state, desk.profile, False)))
            closed += 1
        if actor is not None:
            tx.audit(actor, "day_close", office=office.code, details={"closed": closed, "during_alert": alert is not None})
    return closed

"""People ahead and the estimated wait, the same for kiosk, ticket and page.

The estimate divides the work ahead among the desks open now for the
service, at the pace of the office's recent real service times (the
configured typical duration until there are enough of them). With no desk
open for the service `estimated_wait` is None and `estimate` says
`no_desk_open`: a desk that is not open is never assumed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain import estimates
from ..domain.desks import DeskStatus
from ..domain.model import DeskId, DeskProfile, Office, ServiceCode
from ..domain.tickets import Ticket, TicketStatus
from ..store import desk_services
from ..store import desks as desk_store
from ..store import tickets as ticket_store

RECENT_SERVICE_WINDOW = dt.timedelta(hours=3)
RECENT_SERVICE_SAMPLES = 20


def open_desks_serving(office: Office, profiles: Mapping[DeskId, DeskProfile], open_desks: Collection[DeskId], service: ServiceCode) -> int:
    """How many of the office's desks are open now and serve `service` by their profile of today."""
    return sum(1 for desk in office.desks if desk.id in open_desks and profiles[desk.id].serves(service))


def estimate_figures(ahead: int, open_desks: int, recent: Sequence[dt.timedelta], typical: dt.timedelta) -> dict[str, Any]:
    """The figures of a wait, from what was loaded: one rule for one ticket and for every office at once (`network_waits.py`)."""
    duration = estimates.service_duration(recent, typical)
    wait = estimates.estimate_wait(ahead, open_desks, duration)
    return {
        "position": ahead + 1,
        "people_ahead": ahead,
        "estimated_wait": wait,
        "estimate": estimates.basis(wait),
        "open_desks": open_desks,
        "duration": duration,  # the service's time at the office's pace: a visit's estimate goes on from it
    }


def _estimate(ctx: CommandContext, conn: sa.Connection, office: Office, service: ServiceCode, ahead: int) -> dict[str, Any]:
    states = desk_store.for_office(conn, office.code)
    profiles = desk_services.effective_profiles(conn, office)  # a supervisor's change of today counts
    open_desks = {desk for desk, state in states.items() if state.status is DeskStatus.OPEN}
    recent = ticket_store.recent_service_times(
        conn, office.code, service, ctx.clock() - RECENT_SERVICE_WINDOW, RECENT_SERVICE_SAMPLES
    )
    typical = ctx.network.services[service].typical_duration
    return estimate_figures(ahead, open_desks_serving(office, profiles, open_desks, service), recent, typical)


def wait_figures(ctx: CommandContext, conn: sa.Connection, ticket: Ticket) -> dict[str, Any]:
    """`position` (1 = next for its service), `people_ahead`, `estimated_wait` (or None), `estimate`, `open_desks`.

    People ahead are the callable tickets of the same service issued earlier:
    the ones desks serving this service will take first.
    """
    if ticket.status is not TicketStatus.WAITING:
        return {"position": None, "people_ahead": 0, "estimated_wait": dt.timedelta(0), "estimate": estimates.ESTIMATED, "open_desks": 0}
    return _estimate(ctx, conn, ctx.office(ticket.office), ticket.service, ticket_store.count_ahead(conn, ticket))


def wait_for_new_ticket(ctx: CommandContext, conn: sa.Connection, office: Office, service: ServiceCode) -> dict[str, Any]:
    """What a ticket taken now would face: the kiosk shows it before the visitor commits."""
    return _estimate(ctx, conn, office, service, ticket_store.count_waiting(conn, office.code, service))


def steps_time(ctx: CommandContext, conn: sa.Connection, office: Office, services: Sequence[ServiceCode]) -> dt.timedelta:
    """The service time of `services` one after another, each at its recent pace (its typical duration until measured)."""
    since = ctx.clock() - RECENT_SERVICE_WINDOW
    total = dt.timedelta(0)
    for service in services:
        recent = ticket_store.recent_service_times(conn, office.code, service, since, RECENT_SERVICE_SAMPLES)
        total += estimates.service_duration(recent, ctx.network.services[service].typical_duration)
    return total


def visit_left(ctx: CommandContext, conn: sa.Connection, ticket: Ticket, figures: dict[str, Any]) -> dt.timedelta | None:
    """How long until the visit is over: the wait for the current step, then every step still to go.

    `figures` are the ticket's `wait_figures`; their `duration` (when the
    ticket waits) is the current step's, so it is not read again. The waits
    before later steps are not known ahead (they depend on who is in the
    queue then), so this is the least the visit will take; None when no desk
    is open for the current step. A visit already over has nothing left.
    """
    wait = figures["estimated_wait"]
    if ticket.is_final or wait is None:
        return None if wait is None and not ticket.is_final else dt.timedelta(0)
    left = [step.service for index, step in enumerate(ticket.steps) if index >= ticket.step and step.is_open]
    current = figures.get("duration")
    if current is not None and left and left[0] == ticket.service:
        return wait + current + steps_time(ctx, conn, ctx.office(ticket.office), left[1:])
    return wait + steps_time(ctx, conn, ctx.office(ticket.office), left)

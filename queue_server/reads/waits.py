"""People ahead and the estimated wait, the same for kiosk, ticket and page.

The wait is the moment a desk will call the ticket when the office's open
desks are played forward by the call-next policy (`domain/wait_replay.py`):
each desk calls whom the policy chooses among the tickets waiting — of
every service it serves, with its weights, priorities and escalation —
and is busy for that service's time at the office's recent pace (the
configured typical duration until there are enough of them). `position`
and `people_ahead` stay what a visitor can check in the hall: the tickets
of the same service issued earlier. With no desk open for the service
`estimated_wait` is None and `estimate` says `no_desk_open`: a desk that is
not open is never assumed.

The store reads of an office's queue are the same for one office and for
every office at once (`store/queue_now.py`), so a ticket, the kiosk and the
network's live waits (`network_waits.py`) give one figure by one rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain import estimates, wait_replay
from ..domain.model import DeskId, DeskProfile, Network, Office, OfficeCode, ServiceCode
from ..domain.tickets import Ticket, TicketStatus
from ..store import network_waits as network_store
from ..store import queue_now
from ..store import tickets as ticket_store

RECENT_SERVICE_WINDOW = dt.timedelta(hours=3)
RECENT_SERVICE_SAMPLES = 20


def open_desks_serving(office: Office, profiles: Mapping[DeskId, DeskProfile], open_desks: Collection[DeskId], service: ServiceCode) -> int:
    """How many of the office's desks are open now and serve `service` by their profile of today."""
    return sum(1 for desk in office.desks if desk.id in open_desks and profiles[desk.id].serves(service))


@dataclass(frozen=True)
class OfficeQueue:
    """What an office's wait estimates are made of, as read now: one office's share of `office_queues`."""

    office: Office
    now: dt.datetime
    open_desks: frozenset[DeskId]
    profiles: Mapping[DeskId, DeskProfile]
    queue: wait_replay.Queue
    at_desks: Mapping[DeskId, tuple[ServiceCode, dt.datetime]]
    durations: Mapping[ServiceCode, dt.timedelta]  # every service's time at a desk at the office's pace

    def forecast(self, network: Network, *, wanted: Sequence[Ticket] = (), probes: Collection[ServiceCode] = ()) -> wait_replay.Forecast:
        """When the `wanted` tickets, and a ticket of each of `probes` taken now, will be called."""
        desks = wait_replay.desks_ahead(self.office, self.profiles, self.open_desks, self.at_desks, self.durations, self.now)
        return wait_replay.call_times(
            desks, self.queue, self.now, self.durations, services=network.services, rules=network.rules,
            wanted=wanted, probes=probes,
        )  # fmt: skip


@dataclass(frozen=True)
class DesksNow:
    """The desks open now and the profile each works by today, of the offices read: the first read of a wait."""

    open_desks: frozenset[DeskId]
    changed: Mapping[DeskId, DeskProfile]  # a supervisor's change of today; a desk without one works by its configured profile

    def of(self, office: Office) -> tuple[frozenset[DeskId], dict[DeskId, DeskProfile]]:
        mine = frozenset(desk.id for desk in office.desks if desk.id in self.open_desks)
        return mine, {desk.id: self.changed.get(desk.id, desk.profile) for desk in office.desks}


def desks_now(conn: sa.Connection, offices: Sequence[Office]) -> DesksNow:
    codes = [office.code for office in offices]
    return DesksNow(frozenset(network_store.open_desks(conn, codes)), network_store.profiles_of_today(conn, codes))


def office_queues(conn: sa.Connection, network: Network, offices: Sequence[Office], now: dt.datetime, desks: DesksNow) -> dict[OfficeCode, OfficeQueue]:
    """Each office's queue as read now on `conn`: a fixed number of queries, however many offices."""
    codes = [office.code for office in offices]
    queues = queue_now.queues(conn, codes)
    at_desks = queue_now.at_desks(conn, codes)
    recent: dict[OfficeCode, dict[ServiceCode, list[dt.timedelta]]] = {}
    for (code, service), times in network_store.recent_service_times(conn, codes, now - RECENT_SERVICE_WINDOW, RECENT_SERVICE_SAMPLES).items():
        recent.setdefault(code, {})[service] = times
    found: dict[OfficeCode, OfficeQueue] = {}
    for office in offices:
        mine, profiles = desks.of(office)
        queue, seen = queues[office.code], recent.get(office.code, {})
        visitors = {desk.id: at_desks[desk.id] for desk in office.desks if desk.id in at_desks}
        codes = set(office.services) | {service for service, _ in visitors.values()}
        codes |= {ticket.service for ticket in queue.candidates} | {service for service, _ in queue.behind}
        found[office.code] = OfficeQueue(
            office=office,
            now=now,
            open_desks=mine,
            profiles=profiles,
            queue=queue,
            at_desks=visitors,
            durations={
                code: estimates.service_duration(seen.get(code, ()), network.services[code].typical_duration)
                for code in codes
                if code in network.services
            },
        )
    return found


def estimate_figures(ahead: int, open_desks: int, called_at: dt.datetime | None, now: dt.datetime, duration: dt.timedelta) -> dict[str, Any]:
    """The figures of a wait, from the replay's moment of the call: one rule for one ticket and for every office at once (`network_waits.py`)."""
    wait = None if open_desks <= 0 or called_at is None else max(called_at - now, dt.timedelta(0))
    return {
        "position": ahead + 1,
        "people_ahead": ahead,
        "estimated_wait": wait,
        "estimate": estimates.basis(wait),
        "open_desks": open_desks,
        "duration": duration,  # the service's time at the office's pace: a visit's estimate goes on from it
    }


def _figures(ctx: CommandContext, conn: sa.Connection, office: Office, service: ServiceCode, ahead: int, ticket: Ticket | None) -> dict[str, Any]:
    """The figures of `ticket` (or of a ticket of `service` taken now); the queue is read only when a desk is open for the service."""
    now = ctx.clock()
    desks = desks_now(conn, [office])
    mine, profiles = desks.of(office)
    open_desks = open_desks_serving(office, profiles, mine, service)
    if not open_desks:
        typical = ctx.network.services[service].typical_duration
        recent = ticket_store.recent_service_times(conn, office.code, service, now - RECENT_SERVICE_WINDOW, RECENT_SERVICE_SAMPLES)
        return estimate_figures(ahead, 0, None, now, estimates.service_duration(recent, typical))
    found = office_queues(conn, ctx.network, [office], now, desks)[office.code]
    if ticket is None:
        called_at = found.forecast(ctx.network, probes=[service]).probes[service]
    else:
        called_at = found.forecast(ctx.network, wanted=[ticket]).tickets[ticket.id]
    duration = found.durations.get(service, ctx.network.services[service].typical_duration)
    return estimate_figures(ahead, open_desks, called_at, now, duration)


def wait_figures(ctx: CommandContext, conn: sa.Connection, ticket: Ticket) -> dict[str, Any]:
    """`position` (1 = next for its service), `people_ahead`, `estimated_wait` (or None), `estimate`, `open_desks`.

    People ahead are the callable tickets of the same service issued earlier:
    the ones a visitor sees called before them. The wait is the replay's.
    """
    if ticket.status is not TicketStatus.WAITING:
        return {"position": None, "people_ahead": 0, "estimated_wait": dt.timedelta(0), "estimate": estimates.ESTIMATED, "open_desks": 0}
    return _figures(ctx, conn, ctx.office(ticket.office), ticket.service, ticket_store.count_ahead(conn, ticket), ticket)


def wait_for_new_ticket(ctx: CommandContext, conn: sa.Connection, office: Office, service: ServiceCode) -> dict[str, Any]:
    """What a ticket taken now would face: the kiosk shows it before the visitor commits."""
    return _figures(ctx, conn, office, service, ticket_store.count_waiting(conn, office.code, service), None)


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

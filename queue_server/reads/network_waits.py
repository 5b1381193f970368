"""The live waits of every office at once: `GET /api/v1/waits` and the `/waits` page.

Everything is read in one read-only transaction with a fixed number of
queries for the whole network (`store/network_waits.py`,
`store/queue_now.py`), then each office's figures are made by the same rule
as a ticket's (`waits.py`: the office's open desks played forward by the
call-next policy, at the office's recent pace, one replay per office with a
probe for each service): the wait a ticket taken now would face, the figure
the kiosk shows before it prints. With no desk open for a service there is no figure
(`no_desk_open`), as on the ticket.

A group is a top-level category of the kiosk's menu (its first screen):
its people waiting are those of its services, and its wait is the longest
wait among its services that have a desk open, so the figure is a promise
no visitor of the group finds broken. For each service that two offices or
more give, the quietest office is the one open now (by its hours, in its
time zone) with the shortest such wait for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain import estimates, opening_hours
from ..domain.hours import OpeningHours
from ..domain.model import CategoryCode, DeskId, DeskProfile, Network, Office, OfficeCode, Service, ServiceCode
from ..store import dashboard as dashboard_store
from ..store import network_waits as store
from ..views.fields import Clock
from ..views.waits import GroupWaitView, NetworkWaitsView, OfficeWaitsView, QuietestOfficeView
from .waits import desks_now, estimate_figures, office_queues, open_desks_serving


@dataclass(frozen=True)
class ServiceWait:
    """The wait a ticket taken now for one service at one office would face."""

    waiting: int
    wait: dt.timedelta | None
    open_desks: int


@dataclass(frozen=True)
class OfficeNow:
    """One office as read now: open or not by its hours, its desks open, the profile each desk works by today."""

    office: Office
    local: dt.datetime
    is_open: bool
    open_desks: frozenset[DeskId]
    profiles: Mapping[DeskId, DeskProfile]
    waits: Mapping[ServiceCode, ServiceWait]

    def desks_serving(self, services: Iterable[ServiceCode]) -> int:
        """Desks open now that serve at least one of `services`: each desk counted once."""
        wanted = list(services)
        return sum(
            1
            for desk in self.office.desks
            if desk.id in self.open_desks and any(self.profiles[desk.id].serves(service) for service in wanted)
        )


def network_waits(ctx: CommandContext, lang: str) -> NetworkWaitsView:
    """Every office of the network, in the configuration's order, and the quietest office of each shared service."""
    network = ctx.network
    with ctx.reading() as conn:
        offices = offices_now(ctx, conn, ctx.clock())
    return NetworkWaitsView(
        lang=lang,
        offices=tuple(_office_view(network, found, lang) for found in offices.values()),
        quietest=tuple(_quietest(network, offices, lang)),
    )


def offices_now(ctx: CommandContext, conn: sa.Connection, now: dt.datetime) -> dict[OfficeCode, OfficeNow]:
    """Every office as read now on `conn`, in a fixed number of queries for the whole network (a refusal's offers read it in its own transaction)."""
    network = ctx.network
    waiting = store.waiting_counts(conn, list(network.offices))
    everyone = list(network.offices.values())
    queues = office_queues(conn, network, everyone, now, desks_now(conn, everyone))
    offices: dict[OfficeCode, OfficeNow] = {}
    for office in network.offices.values():
        found = queues[office.code]
        profiles, mine = found.profiles, found.open_desks
        # a package's visit waits first for its first step: that queue is its wait, and its people are
        # counted there once (no ticket waits for the package's own code)
        queue_of: dict[ServiceCode, ServiceCode] = {}
        for service in office.services:
            entry = network.services[service]
            queue_of[service] = entry.includes[0] if entry.package and entry.includes else service
        desks = {queue: open_desks_serving(office, profiles, mine, queue) for queue in set(queue_of.values())}
        forecast = found.forecast(network, probes=[queue for queue, count in desks.items() if count > 0])
        durations = found.durations
        waits: dict[ServiceCode, ServiceWait] = {}
        for service, queue in queue_of.items():
            ahead = waiting.get((office.code, queue), 0)
            figures = estimate_figures(ahead, desks[queue], forecast.probes.get(queue), now, durations[queue])
            waits[service] = ServiceWait(0 if queue != service else ahead, figures["estimated_wait"], desks[queue])
        local = now.astimezone(ZoneInfo(office.timezone))
        offices[office.code] = OfficeNow(office, local, office.hours.is_open(local), mine, profiles, waits)
    return offices


# ---- an office


def _office_view(network: Network, found: OfficeNow, lang: str) -> OfficeWaitsView:
    office, local = found.office, found.local
    is_open = found.is_open
    today = office.hours.span_on(local.date())  # a holiday has none, a shortened day its own
    return OfficeWaitsView(
        code=office.code,
        name=office.name.get(lang),
        kind=office.kind,
        address=office.address.get(lang),
        timezone=office.timezone,
        open_now=is_open,
        hours_today=(Clock(today[0].strftime("%H:%M")), Clock(today[1].strftime("%H:%M"))) if today else None,
        opens_next=None if is_open else next_opening(office.hours, local),
        waiting=sum(wait.waiting for wait in found.waits.values()),
        open_desks=len(found.open_desks),
        groups=tuple(_group_view(network, category, services, found, lang) for category, services in groups_of(network, office.services)),
    )


def _group_view(network: Network, category: CategoryCode, services: Sequence[ServiceCode], found: OfficeNow, lang: str) -> GroupWaitView:
    waits = [found.waits[service] for service in services]
    known = [wait.wait for wait in waits if wait.wait is not None]
    longest = max(known) if known else None
    return GroupWaitView(
        category=category,
        name=network.categories[category].name.get(lang),
        waiting=sum(wait.waiting for wait in waits),
        estimated_wait_minutes=estimates.minutes(longest),
        estimate=estimates.basis(longest),
        open_desks=found.desks_serving(services),
    )


def top_category(network: Network, service: Service) -> CategoryCode:
    """The top-level category a service is listed under, however deep (the kiosk's first screen)."""
    category = network.categories[service.category]
    seen = {category.code}
    while category.parent is not None and category.parent not in seen:
        category = network.categories[category.parent]
        seen.add(category.code)
    return category.code


def groups_of(network: Network, services: Iterable[ServiceCode]) -> list[tuple[CategoryCode, list[ServiceCode]]]:
    """The services grouped by their top-level category, in the kiosk's order (order, then code)."""
    grouped: dict[CategoryCode, list[ServiceCode]] = {}
    for code in services:
        grouped.setdefault(top_category(network, network.services[code]), []).append(code)
    ordered = sorted(grouped, key=lambda category: (network.categories[category].order, category))
    return [(category, grouped[category]) for category in ordered]


def next_opening(hours: OpeningHours, local: dt.datetime) -> dt.datetime | None:
    """The next moment the office opens after `local` (a moment in its zone), holidays included; None when it opens on no day ahead.

    One rule with issuing's: `domain/opening_hours.next_opening`.
    """
    return opening_hours.next_opening(hours, local)


# ---- the quietest office of a service


def _quietest(network: Network, offices: Mapping[OfficeCode, OfficeNow], lang: str) -> Iterable[QuietestOfficeView]:
    """A suggestion for each service two offices or more give, in the kiosk's order of groups, then the catalogue's.

    The shortest wait counts in the whole minutes the visitor is shown; a tie
    goes to fewer people waiting for the service, then to more desks open
    for it, then to the office listed first in the configuration.
    """
    givers: dict[ServiceCode, list[OfficeCode]] = {}
    for office in network.offices.values():
        for given in office.services:
            givers.setdefault(given, []).append(office.code)
    shared = [code for code in network.services if len(givers.get(code, ())) >= 2]
    for category, services in groups_of(network, shared):
        for code in services:
            service = network.services[code]
            best = quietest_office([offices[office] for office in givers[code]], code)
            wait = offices[best].waits[code] if best else None
            yield QuietestOfficeView(
                service=code,
                name=service.name.get(lang),
                category=category,
                offices=len(givers[code]),
                office=best,
                office_name=network.offices[best].name.get(lang) if best else None,
                estimated_wait_minutes=estimates.minutes(wait.wait) if wait else None,
                waiting=wait.waiting if wait else None,
            )


def quietest_office(candidates: Sequence[OfficeNow], service: ServiceCode) -> OfficeCode | None:
    """The office (of `candidates`, in the configuration's order) open now where a ticket for `service` waits least."""
    ranked: list[tuple[int, int, int, int, OfficeCode]] = []
    for place, found in enumerate(candidates):
        wait = found.waits[service]
        if found.is_open and wait.wait is not None:
            ranked.append((estimates.minutes(wait.wait), wait.waiting, -wait.open_desks, place, found.office.code))
    return min(ranked)[-1] if ranked else None


def network_seqs(ctx: CommandContext) -> dict[str, int]:
    """Every office's last event seq, in one query: any change of a queue, a desk or a desk's services moves one."""
    with ctx.reading() as conn:
        return dashboard_store.last_seqs(conn, list(ctx.network.offices))

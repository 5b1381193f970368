"""The caps that hold today at an office, and how much of each is used: the supervisor's table, the issuing check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain import caps as rules
from ..domain import numbering
from ..domain.caps import Issued
from ..domain.model import OfficeCode, ServiceCaps, ServiceCode
from ..store import caps as store


def caps_now(ctx: CommandContext, conn: sa.Connection, office: OfficeCode, day: dt.date) -> dict[ServiceCode, ServiceCaps]:
    """The caps of `day` at the office for every service that has one: the configured ones, a supervisor's change over them."""
    live = store.live_caps(conn, office, day)
    result: dict[ServiceCode, ServiceCaps] = {}
    for service in ctx.office(office).services:
        caps = rules.effective(ctx.network.caps.of(office, service), live.get(service))
        if caps.any or service in live:
            result[service] = caps
    return result


@dataclass(frozen=True)
class CapToday:
    """One service's caps at the office today and how much of them is used."""

    service: ServiceCode
    configured: ServiceCaps
    caps: ServiceCaps  # what holds today: the configured caps, or a supervisor's change over them
    changed: bool  # a supervisor changed the caps for today
    issued: Issued
    left: int | None  # None: no daily or hourly cap
    stops_at: dt.datetime | None  # no ticket from then on (the cut-off), UTC


@dataclass(frozen=True)
class CapsToday:
    office: OfficeCode
    day: dt.date
    services: tuple[CapToday, ...]


def caps_today(ctx: CommandContext, office_code: str) -> CapsToday:
    """Every service of the office with a cap today (configured or changed), with its counts; in the office's order."""
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        now = ctx.clock()
        day = numbering.office_day(now, office.timezone)
        live = store.live_caps(conn, office.code, day)
        capped = caps_now(ctx, conn, office.code, day)
        counts = store.issued_counts(conn, office.code, day, rules.hour_of(now, office.timezone)) if capped else {}
    services = []
    for service, caps in capped.items():
        issued = counts.get(service, Issued())
        services.append(
            CapToday(
                service=service,
                configured=ctx.network.caps.of(office.code, service),
                caps=caps,
                changed=service in live,
                issued=issued,
                left=rules.left(caps, issued),
                stops_at=rules.stop_time(caps, office, now),
            )
        )
    return CapsToday(office.code, day, tuple(services))

"""Daily caps in the database: the tickets counted against them, a supervisor's caps of the day, the turned away."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa

from ..domain.caps import Issued, LiveCap
from ..domain.model import OfficeCode, ServiceCode
from . import ticket_steps
from .schema import service_caps_today, tickets, turned_away


def issued_counts(
    conn: sa.Connection, office: OfficeCode, day: dt.date, hour: tuple[dt.datetime, dt.datetime]
) -> dict[ServiceCode, Issued]:
    """Tickets of the office's day by service, and in the clock hour `hour`; a visit counts once for each of its steps.

    Every ticket issued counts, whatever became of it: a cap is of tickets
    given, and a cancelled one still took its number and its visitor's trip.
    """
    rows = conn.execute(
        sa.select(tickets.c.service, tickets.c.steps, tickets.c.issued_at).where(
            (tickets.c.office == office) & (tickets.c.day == day)
        )
    )
    today: Counter[ServiceCode] = Counter()
    this_hour: Counter[ServiceCode] = Counter()
    start, end = hour
    for row in rows:
        services = _services(row.service, row.steps)
        today.update(services)
        if start <= row.issued_at < end:
            this_hour.update(services)
    return {service: Issued(today[service], this_hour[service]) for service in today}


def _services(service: str, steps: object) -> Iterable[ServiceCode]:
    stored = ticket_steps.from_column(steps)
    return list(dict.fromkeys(step.service for step in stored)) if stored else [ServiceCode(service)]


# Built once (see store/tickets.py): every issue asks it.
_LIVE_CAPS = sa.select(service_caps_today).where(
    (service_caps_today.c.office == sa.bindparam("office")) & (service_caps_today.c.day == sa.bindparam("day"))
)


def live_caps(conn: sa.Connection, office: OfficeCode, day: dt.date) -> dict[ServiceCode, LiveCap]:
    """A supervisor's caps of `day` at the office, by service."""
    rows = conn.execute(_LIVE_CAPS, {"office": office, "day": day})
    return {ServiceCode(row.service): LiveCap(row.daily_cap, row.hourly_cap) for row in rows}


def set_live_cap(
    conn: sa.Connection, office: OfficeCode, service: ServiceCode, day: dt.date, cap: LiveCap, *, by: str, at: dt.datetime
) -> None:
    where = (service_caps_today.c.office == office) & (service_caps_today.c.service == service) & (service_caps_today.c.day == day)
    conn.execute(service_caps_today.delete().where(where))
    conn.execute(
        service_caps_today.insert().values(
            office=office, service=service, day=day, daily_cap=cap.daily, hourly_cap=cap.hourly, changed_by=by, changed_at=at
        )
    )


def drop_live_cap(conn: sa.Connection, office: OfficeCode, service: ServiceCode, day: dt.date) -> bool:
    """The configured caps hold again; False when there was no change of the day."""
    where = (service_caps_today.c.office == office) & (service_caps_today.c.service == service) & (service_caps_today.c.day == day)
    return conn.execute(service_caps_today.delete().where(where)).rowcount > 0


def add_turned_away(conn: sa.Connection, office: str, service: str, day: dt.date, reason: str, at: dt.datetime) -> None:
    conn.execute(turned_away.insert().values(office=office, service=service, day=day, reason=reason, at=at))


def turned_away_counts(
    conn: sa.Connection, offices: Iterable[str], first: dt.date, last: dt.date
) -> dict[tuple[str, str, str], int]:
    """Visitors turned away in the days [first, last], by (office, service, reason)."""
    rows = conn.execute(
        sa.select(turned_away.c.office, turned_away.c.service, turned_away.c.reason, sa.func.count().label("n"))
        .where(turned_away.c.office.in_(list(offices)) & (turned_away.c.day >= first) & (turned_away.c.day <= last))
        .group_by(turned_away.c.office, turned_away.c.service, turned_away.c.reason)
    )
    return {(row.office, row.service, row.reason): int(row.n) for row in rows}

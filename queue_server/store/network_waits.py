"""Read-only: what the live waits of every office need, for all of them at once.

Each function answers for every office given with one query, never one
query per office, so the public `GET /api/v1/waits` costs four queries
whether the network has one office or 39. They read the same rows, by the
same conditions, as the one-office reads of a ticket's wait
(`tickets.count_waiting`, `tickets.recent_service_times`, `desks.for_office`,
`desk_services.effective_profiles`), so both give the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

import sqlalchemy as sa

from ..domain.desks import TODAY_PROFILE, DeskStatus
from ..domain.model import DeskId, DeskProfile, OfficeCode, ServiceCode
from ..domain.tickets import TicketStatus
from .schema import desk_services, desk_states, tickets

OfficeService = tuple[OfficeCode, ServiceCode]


def waiting_counts(conn: sa.Connection, offices: Collection[str]) -> dict[OfficeService, int]:
    """Callable tickets waiting now, by office and service (a ticket on hold is not callable, as `count_waiting` says)."""
    rows = conn.execute(
        sa.select(tickets.c.office, tickets.c.service, sa.func.count().label("waiting"))
        .where(
            tickets.c.office.in_(sorted(offices))
            & (tickets.c.status == TicketStatus.WAITING.value)
            & tickets.c.held_by.is_(None)
        )
        .group_by(tickets.c.office, tickets.c.service)
    )
    return {(OfficeCode(row.office), ServiceCode(row.service)): int(row.waiting) for row in rows}


def open_desks(conn: sa.Connection, offices: Collection[str]) -> set[DeskId]:
    """The desks open now (a desk never opened has no row: it is closed)."""
    rows = conn.execute(
        sa.select(desk_states.c.desk).where(
            desk_states.c.office.in_(sorted(offices)) & (desk_states.c.status == DeskStatus.OPEN.value)
        )
    )
    return {DeskId(desk) for desk in rows.scalars()}


def profiles_of_today(conn: sa.Connection, offices: Collection[str]) -> dict[DeskId, DeskProfile]:
    """A supervisor's change of a desk's services for today, by desk; a desk without one works by its configured profile."""
    rows = conn.execute(
        sa.select(desk_services.c.desk, desk_services.c.weights).where(desk_services.c.office.in_(sorted(offices)))
    )
    return {
        DeskId(row.desk): DeskProfile(
            code=TODAY_PROFILE, weights={ServiceCode(code): float(weight) for code, weight in dict(row.weights).items()}
        )
        for row in rows
    }


def recent_service_times(
    conn: sa.Connection, offices: Collection[str], since: dt.datetime, limit: int
) -> dict[OfficeService, list[dt.timedelta]]:
    """The last `limit` service times finished since `since`, newest first, by office and service.

    One query with a window (`ROW_NUMBER() OVER (PARTITION BY office,
    service)`), which SQLite (3.25+) and PostgreSQL both run; the rows kept
    are the ones `tickets.recent_service_times` would give each pair.
    """
    newest_first = (
        sa.func.row_number()
        .over(partition_by=(tickets.c.office, tickets.c.service), order_by=tickets.c.finished_at.desc())
        .label("newest")
    )
    finished = (
        sa.select(tickets.c.office, tickets.c.service, tickets.c.started_at, tickets.c.finished_at, newest_first)
        .where(
            tickets.c.office.in_(sorted(offices))
            & (tickets.c.status == TicketStatus.DONE.value)
            & (tickets.c.finished_at >= since)
        )
        .subquery()
    )
    rows = conn.execute(
        sa.select(finished.c.office, finished.c.service, finished.c.started_at, finished.c.finished_at)
        .where(finished.c.newest <= limit)
        .order_by(finished.c.office, finished.c.service, finished.c.newest)
    )
    found: dict[OfficeService, list[dt.timedelta]] = defaultdict(list)
    for row in rows:
        if row.started_at:
            found[(OfficeCode(row.office), ServiceCode(row.service))].append(row.finished_at - row.started_at)
    return dict(found)

"""Read-only: what the live waits of every office need, for all of them at once.

Each function answers for every office given with one query, never one
query per office, so the public `GET /api/v1/waits` costs a fixed number of
queries (with `queue_now.py`'s) whether the network has one office or 39.
A ticket's wait reads its one office by the same functions
(`reads/waits.py`), and the counts agree with the one-office reads
(`tickets.count_waiting`, `tickets.recent_service_times`), so both give
the same figures.
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

# Built once with an expanding list of offices, as the hot paths' statements are: a ticket's wait reads
# its one office by them at every issue.
_OFFICES: sa.BindParameter[list[str]] = sa.bindparam("offices", expanding=True)
_WAITING_COUNTS = (
    sa.select(tickets.c.office, tickets.c.service, sa.func.count().label("waiting"))
    .where(tickets.c.office.in_(_OFFICES) & (tickets.c.status == TicketStatus.WAITING.value) & tickets.c.held_by.is_(None))
    .group_by(tickets.c.office, tickets.c.service)
)
_OPEN_DESKS = sa.select(desk_states.c.desk).where(desk_states.c.office.in_(_OFFICES) & (desk_states.c.status == DeskStatus.OPEN.value))
_PROFILES_OF_TODAY = sa.select(desk_services.c.desk, desk_services.c.weights).where(desk_services.c.office.in_(_OFFICES))
_NEWEST_FIRST = (
    sa.func.row_number()
    .over(partition_by=(tickets.c.office, tickets.c.service), order_by=tickets.c.finished_at.desc())
    .label("newest")
)
_FINISHED = (
    sa.select(tickets.c.office, tickets.c.service, tickets.c.started_at, tickets.c.finished_at, _NEWEST_FIRST)
    .where(
        tickets.c.office.in_(_OFFICES)
        & (tickets.c.status == TicketStatus.DONE.value)
        & (tickets.c.finished_at >= sa.bindparam("since", type_=tickets.c.finished_at.type))
    )
    .subquery()
)
_RECENT_SERVICE_TIMES = (
    sa.select(_FINISHED.c.office, _FINISHED.c.service, _FINISHED.c.started_at, _FINISHED.c.finished_at)
    .where(_FINISHED.c.newest <= sa.bindparam("limit", type_=sa.Integer))
    .order_by(_FINISHED.c.office, _FINISHED.c.service, _FINISHED.c.newest)
)


def waiting_counts(conn: sa.Connection, offices: Collection[str]) -> dict[OfficeService, int]:
    """Callable tickets waiting now, by office and service (a ticket on hold is not callable, as `count_waiting` says)."""
    rows = conn.execute(_WAITING_COUNTS, {"offices": sorted(offices)})
    return {(OfficeCode(row.office), ServiceCode(row.service)): int(row.waiting) for row in rows}


def open_desks(conn: sa.Connection, offices: Collection[str]) -> set[DeskId]:
    """The desks open now (a desk never opened has no row: it is closed)."""
    return {DeskId(desk) for desk in conn.execute(_OPEN_DESKS, {"offices": sorted(offices)}).scalars()}


def profiles_of_today(conn: sa.Connection, offices: Collection[str]) -> dict[DeskId, DeskProfile]:
    """A supervisor's change of a desk's services for today, by desk; a desk without one works by its configured profile."""
    rows = conn.execute(_PROFILES_OF_TODAY, {"offices": sorted(offices)})
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
    rows = conn.execute(_RECENT_SERVICE_TIMES, {"offices": sorted(offices), "since": since, "limit": limit})
    found: dict[OfficeService, list[dt.timedelta]] = defaultdict(list)
    for row in rows:
        if row.started_at:
            found[(OfficeCode(row.office), ServiceCode(row.service))].append(row.finished_at - row.started_at)
    return dict(found)

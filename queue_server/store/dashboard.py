"""Read-only: what the managers' dashboard needs of many offices at once.

Each function answers for every office in view with one query (an office
per row or per group), never one query per office: the whole network of 39
offices costs the same handful of queries as one office. "Today" comes in
as scopes, the offices that share a time zone with that zone's day in UTC,
so every office counts its own calendar day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..domain.nodes import NodeSeen
from ..domain.tickets import TicketStatus
from .schema import desk_states, devices, events, office_nodes, office_sequences, ratings, tickets

# offices sharing a time zone, with their day's [start, end) in UTC
Scope = tuple[Sequence[str], dt.datetime, dt.datetime]
PRINTER_STATUS = "printer.status"
REACHED_A_DESK = (TicketStatus.CALLED.value, TicketStatus.SERVING.value, TicketStatus.DONE.value, TicketStatus.NO_SHOW.value)


@dataclass(frozen=True)
class WaitingRow:
    office: str
    service: str
    issued_at: dt.datetime


@dataclass(frozen=True)
class DayTicket:
    """A ticket of the office's day that reached a desk: called, served, finished or a no-show."""

    office: str
    service: str
    status: str
    issued_at: dt.datetime
    called_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    served_by: str | None


@dataclass(frozen=True)
class DeskRow:
    desk: str
    office: str
    status: str
    operator: str | None
    reason: str | None
    since: dt.datetime | None
    ticket_number: str | None
    ticket_status: str | None


@dataclass(frozen=True)
class PrinterEvent:
    office: str
    seq: int
    at: dt.datetime
    data: Mapping[str, Any]


def _in_scopes(office: Any, moment: Any, scopes: Sequence[Scope]) -> Any:
    return sa.or_(
        *(sa.and_(office.in_(list(codes)), moment >= start, moment < end) for codes, start, end in scopes if codes)
    )


def waiting(conn: sa.Connection, offices: Collection[str]) -> list[WaitingRow]:
    """Visitors in the queue now, of every office given; tickets on hold are not in it."""
    rows = conn.execute(
        sa.select(tickets.c.office, tickets.c.service, tickets.c.issued_at).where(
            tickets.c.office.in_(sorted(offices))
            & (tickets.c.status == TicketStatus.WAITING.value)
            & tickets.c.held_by.is_(None)
        )
    )
    return [WaitingRow(row.office, row.service, row.issued_at) for row in rows]


def day_tickets(conn: sa.Connection, scopes: Sequence[Scope]) -> list[DayTicket]:
    """Tickets issued in each office's day that reached a desk (found by the index on office and time of issue)."""
    if not any(codes for codes, _, _ in scopes):
        return []
    rows = conn.execute(
        sa.select(
            tickets.c.office,
            tickets.c.service,
            tickets.c.status,
            tickets.c.issued_at,
            tickets.c.called_at,
            tickets.c.started_at,
            tickets.c.finished_at,
            tickets.c.served_by,
        ).where(_in_scopes(tickets.c.office, tickets.c.issued_at, scopes) & tickets.c.status.in_(REACHED_A_DESK))
    )
    return [
        DayTicket(row.office, row.service, row.status, row.issued_at, row.called_at, row.started_at, row.finished_at, row.served_by)
        for row in rows
    ]


def desks(conn: sa.Connection, offices: Collection[str]) -> list[DeskRow]:
    """The desks' states (a desk never opened has no row: it is closed), with the number of the ticket at each."""
    at_desk = tickets.alias("at_desk")
    rows = conn.execute(
        sa.select(
            desk_states.c.desk,
            desk_states.c.office,
            desk_states.c.status,
            desk_states.c.operator,
            desk_states.c.reason,
            desk_states.c.since,
            at_desk.c.number,
            at_desk.c.status.label("ticket_status"),
        )
        .select_from(desk_states.outerjoin(at_desk, at_desk.c.id == desk_states.c.ticket_id))
        .where(desk_states.c.office.in_(sorted(offices)))
    )
    return [
        DeskRow(row.desk, row.office, row.status, row.operator, row.reason, row.since, row.number, row.ticket_status)
        for row in rows
    ]


def ratings_by_office(conn: sa.Connection, scopes: Sequence[Scope]) -> dict[str, tuple[int, int]]:
    """`office → (ratings, ratings of 4 or 5)` given in each office's day."""
    if not any(codes for codes, _, _ in scopes):
        return {}
    good = sa.func.sum(sa.case((ratings.c.score >= 4, 1), else_=0))
    rows = conn.execute(
        sa.select(ratings.c.office, sa.func.count().label("given"), good.label("good"))
        .where(_in_scopes(ratings.c.office, ratings.c.rated_at, scopes))
        .group_by(ratings.c.office)
    )
    return {row.office: (int(row.given), int(row.good or 0)) for row in rows}


def last_seqs(conn: sa.Connection, offices: Collection[str]) -> dict[str, int]:
    rows = conn.execute(
        sa.select(office_sequences.c.office, office_sequences.c.last_seq).where(office_sequences.c.office.in_(sorted(offices)))
    )
    return {row.office: int(row.last_seq) for row in rows}


def printer_events(conn: sa.Connection, everything_of: Collection[str], after: Mapping[str, int]) -> list[PrinterEvent]:
    """`printer.status` events still kept: all of the offices `everything_of`, and those after a seq for `after`.

    An office's events are found by the primary key (office, seq), so asking
    only for what came after the last seq read costs a short range, not a scan.
    """
    wanted: list[sa.ColumnElement[bool]] = []
    if everything_of:
        wanted.append(events.c.office.in_(sorted(everything_of)))
    wanted += [(events.c.office == office) & (events.c.seq > seq) for office, seq in sorted(after.items())]
    if not wanted:
        return []
    rows = conn.execute(
        sa.select(events.c.office, events.c.seq, events.c.at, events.c.data)
        .where(sa.or_(*wanted) & (events.c.type == PRINTER_STATUS))
        .order_by(events.c.office, events.c.seq)
    )
    return [PrinterEvent(row.office, int(row.seq), row.at, row.data) for row in rows]


def print_agents(conn: sa.Connection, offices: Collection[str]) -> set[tuple[str, str]]:
    """`(office, name)` of every print agent registered and not revoked: a revoked one's printer is no concern."""
    rows = conn.execute(
        sa.select(devices.c.office, devices.c.name).where(
            devices.c.office.in_(sorted(offices)) & (devices.c.kind == "agent") & devices.c.revoked_at.is_(None)
        )
    )
    return {(row.office, row.name) for row in rows}


def nodes(conn: sa.Connection, offices: Collection[str]) -> dict[str, NodeSeen]:
    """The node of each adopted office among `offices` (a released one's row has no device): whom it is heard from."""
    rows = conn.execute(
        sa.select(office_nodes.c.office, office_nodes.c.address, office_nodes.c.last_contact_at, office_nodes.c.waiting, office_sequences.c.writer)
        .join(office_sequences, office_sequences.c.office == office_nodes.c.office, isouter=True)
        .where(office_nodes.c.office.in_(sorted(offices)) & office_nodes.c.device_id.is_not(None))
    )
    return {row.office: NodeSeen(row.office, row.writer or "", row.address, row.last_contact_at, int(row.waiting)) for row in rows}

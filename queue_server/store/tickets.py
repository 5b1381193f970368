"""Tickets and their numbering counters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from ..domain.model import DeskId, OfficeCode, ServiceCode, TicketId
from ..domain.tickets import Ticket, TicketStatus
from . import ticket_steps
from .schema import ticket_counters, tickets

_TICKET_FIELDS = (
    "office", "token", "number", "service", "status", "priority", "lang", "issued_at",
    "called_at", "started_at", "finished_at", "desk", "target_desk", "held_by", "recalls",
    "transfers", "note", "appointment_at", "served_by", "remote", "arrived_at", "step", "package",
    "paper", "issued_at_estimated",
)  # fmt: skip


def _to_ticket(row: Any) -> Ticket:
    return Ticket(
        id=TicketId(row.id),
        office=OfficeCode(row.office),
        token=row.token,
        number=row.number,
        service=ServiceCode(row.service),
        status=TicketStatus(row.status),
        issued_at=row.issued_at,
        priority=row.priority,
        lang=row.lang,
        called_at=row.called_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        desk=DeskId(row.desk) if row.desk else None,
        target_desk=DeskId(row.target_desk) if row.target_desk else None,
        held_by=DeskId(row.held_by) if row.held_by else None,
        recalls=row.recalls,
        transfers=row.transfers,
        note=row.note,
        appointment_at=row.appointment_at,
        served_by=row.served_by,
        remote=bool(row.remote),
        arrived_at=row.arrived_at,
        steps=ticket_steps.from_column(row.steps),
        step=int(row.step or 0),
        package=ServiceCode(row.package) if row.package else None,
        paper=bool(row.paper),
        issued_at_estimated=bool(row.issued_at_estimated),
    )


def _values(ticket: Ticket) -> dict[str, Any]:
    values = {name: getattr(ticket, name) for name in _TICKET_FIELDS}
    values["status"] = ticket.status.value
    values["steps"] = ticket_steps.to_column(ticket)
    return values


def next_sequence(conn: sa.Connection, office: OfficeCode, day: dt.date, prefix: str) -> int:
    """The next number of a letter in an office's day; the caller holds the office lock."""
    key = (
        (ticket_counters.c.office == office)
        & (ticket_counters.c.day == day)
        & (ticket_counters.c.prefix == prefix)
    )
    last = conn.execute(sa.select(ticket_counters.c.last).where(key)).scalar()
    if last is None:
        conn.execute(ticket_counters.insert().values(office=office, day=day, prefix=prefix, last=1))
        return 1
    conn.execute(ticket_counters.update().where(key).values(last=last + 1))
    return int(last) + 1


def insert(
    conn: sa.Connection,
    ticket: Ticket,
    *,
    day: dt.date,
    prefix: str,
    sequence: int,
    issued_by: str,
    idempotency_key: str | None,
) -> Ticket:
    values = _values(ticket)
    values.update(
        day=day,
        prefix=prefix,
        sequence=sequence,
        issued_by=issued_by,
        idempotency_key=idempotency_key,
    )
    new_id = conn.execute(tickets.insert().values(**values)).inserted_primary_key[0]
    return Ticket(**{**ticket.__dict__, "id": TicketId(int(new_id))})


def save(conn: sa.Connection, ticket: Ticket) -> None:
    conn.execute(tickets.update().where(tickets.c.id == ticket.id).values(**_values(ticket)))


def by_id(conn: sa.Connection, ticket_id: int) -> Ticket | None:
    row = conn.execute(sa.select(tickets).where(tickets.c.id == ticket_id)).first()
    return _to_ticket(row) if row else None


def by_token(conn: sa.Connection, token: str) -> Ticket | None:
    row = conn.execute(sa.select(tickets).where(tickets.c.token == token)).first()
    return _to_ticket(row) if row else None


def by_idempotency_key(
    conn: sa.Connection, office: OfficeCode, issued_by: str, key: str
) -> Ticket | None:
    row = conn.execute(
        sa.select(tickets).where(
            (tickets.c.office == office)
            & (tickets.c.issued_by == issued_by)
            & (tickets.c.idempotency_key == key)
        )
    ).first()
    return _to_ticket(row) if row else None


def live(conn: sa.Connection, office: OfficeCode) -> list[Ticket]:
    """Tickets of an office still in the queue or at a desk."""
    statuses = [TicketStatus.WAITING.value, TicketStatus.CALLED.value, TicketStatus.SERVING.value]
    rows = conn.execute(
        sa.select(tickets)
        .where((tickets.c.office == office) & tickets.c.status.in_(statuses))
        .order_by(tickets.c.issued_at, tickets.c.id)
    )
    return [_to_ticket(row) for row in rows]


def waiting(conn: sa.Connection, office: OfficeCode) -> list[Ticket]:
    return [t for t in live(conn, office) if t.status is TicketStatus.WAITING]


def recent_priority_calls(conn: sa.Connection, desk: DeskId, limit: int) -> list[bool]:
    """Whether each of the desk's last `limit` calls went to a priority visitor, oldest first."""
    rows = conn.execute(
        sa.select(tickets.c.priority)
        .where((tickets.c.desk == desk) & tickets.c.called_at.is_not(None))
        .order_by(tickets.c.called_at.desc(), tickets.c.id.desc())
        .limit(limit)
    ).all()
    return [row.priority is not None for row in reversed(rows)]


def recent_service_times(
    conn: sa.Connection, office: OfficeCode, service: ServiceCode, since: dt.datetime, limit: int
) -> Sequence[dt.timedelta]:
    rows = conn.execute(
        sa.select(tickets.c.started_at, tickets.c.finished_at)
        .where(
            (tickets.c.office == office)
            & (tickets.c.service == service)
            & (tickets.c.status == TicketStatus.DONE.value)
            & (tickets.c.finished_at >= since)
        )
        .order_by(tickets.c.finished_at.desc())
        .limit(limit)
    ).all()
    return [row.finished_at - row.started_at for row in rows if row.started_at]


def live_before(conn: sa.Connection, office: OfficeCode, day: dt.date) -> list[Ticket]:
    """Tickets of an office still live from a day before `day` (left at closing time)."""
    statuses = [TicketStatus.WAITING.value, TicketStatus.CALLED.value, TicketStatus.SERVING.value]
    rows = conn.execute(
        sa.select(tickets)
        .where((tickets.c.office == office) & tickets.c.status.in_(statuses) & (tickets.c.day < day))
        .order_by(tickets.c.id)
    )
    return [_to_ticket(row) for row in rows]


def count_ahead(conn: sa.Connection, ticket: Ticket) -> int:
    """Callable tickets of the same service issued before `ticket`: who goes first."""
    earlier = (tickets.c.issued_at < ticket.issued_at) | (
        (tickets.c.issued_at == ticket.issued_at) & (tickets.c.id < ticket.id)
    )
    query = (
        sa.select(sa.func.count())
        .select_from(tickets)
        .where(
            (tickets.c.office == ticket.office)
            & (tickets.c.service == ticket.service)
            & (tickets.c.status == TicketStatus.WAITING.value)
            & tickets.c.held_by.is_(None)
            & earlier
        )
    )
    return int(conn.execute(query).scalar() or 0)


def count_waiting(conn: sa.Connection, office: OfficeCode, service: ServiceCode) -> int:
    """Callable tickets of a service waiting now."""
    query = (
        sa.select(sa.func.count())
        .select_from(tickets)
        .where(
            (tickets.c.office == office)
            & (tickets.c.service == service)
            & (tickets.c.status == TicketStatus.WAITING.value)
            & tickets.c.held_by.is_(None)
        )
    )
    return int(conn.execute(query).scalar() or 0)

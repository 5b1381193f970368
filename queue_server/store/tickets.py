"""Tickets and their numbering counters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from ..domain.model import DeskId, OfficeCode, ServiceCode, TicketId
from ..domain.tickets import Ticket, TicketStatus
from . import ticket_steps
from .schema import CALLABLE_WAITING, PLAIN_TICKET, ticket_counters, tickets
from .ticket_ids import NEXT_ID_SQLITE

_TICKET_FIELDS = (
    "office", "token", "number", "service", "status", "priority", "lang", "issued_at",
    "called_at", "started_at", "finished_at", "desk", "target_desk", "held_by", "recalls",
    "transfers", "note", "appointment_at", "served_by", "remote", "arrived_at", "step", "package",
    "paper", "issued_at_estimated",
)  # fmt: skip
_LIVE = (TicketStatus.WAITING.value, TicketStatus.CALLED.value, TicketStatus.SERVING.value)

# The statements of the hot paths (issuing, calling, finishing) are built
# once, with bound parameters: SQLAlchemy then finds their compiled form by a
# cache key it has already computed, where a statement built at each call
# costs more to construct and key than the database takes to run it.
_COUNTER_KEY = (
    (ticket_counters.c.office == sa.bindparam("k_office"))
    & (ticket_counters.c.day == sa.bindparam("k_day"))
    & (ticket_counters.c.prefix == sa.bindparam("k_prefix"))
)
_COUNTER_LAST = sa.select(ticket_counters.c.last).where(_COUNTER_KEY)
_COUNTER_NEXT = ticket_counters.update().where(_COUNTER_KEY).values(last=ticket_counters.c.last + 1)
_COUNTER_FIRST = ticket_counters.insert()
_INSERT = tickets.insert()
_INSERT_SQLITE = tickets.insert().values(id=NEXT_ID_SQLITE)  # ticket_ids.py: why
_SAVE = tickets.update().where(tickets.c.id == sa.bindparam("t_id"))
_BY_ID = sa.select(tickets).where(tickets.c.id == sa.bindparam("id"))
_BY_TOKEN = sa.select(tickets).where(tickets.c.token == sa.bindparam("token"))
_LIVE_OF_OFFICE = (
    sa.select(tickets)
    .where((tickets.c.office == sa.bindparam("office")) & tickets.c.status.in_(_LIVE))
    .order_by(tickets.c.issued_at, tickets.c.id)
)
_RECENT_PRIORITY_CALLS = (
    sa.select(tickets.c.priority)
    .where((tickets.c.desk == sa.bindparam("desk")) & tickets.c.called_at.is_not(None))
    .order_by(tickets.c.called_at.desc(), tickets.c.id.desc())
    .limit(sa.bindparam("limit", type_=sa.Integer))
)
_RECENT_SERVICE_TIMES = (
    sa.select(tickets.c.started_at, tickets.c.finished_at)
    .where(
        (tickets.c.office == sa.bindparam("office"))
        & (tickets.c.service == sa.bindparam("service"))
        & (tickets.c.status == TicketStatus.DONE.value)
        & (tickets.c.finished_at >= sa.bindparam("since", type_=tickets.c.finished_at.type))
    )
    .order_by(tickets.c.finished_at.desc())
    .limit(sa.bindparam("limit", type_=sa.Integer))
)
_CALLABLE_OF_SERVICE = (
    (tickets.c.office == sa.bindparam("office"))
    & (tickets.c.service == sa.bindparam("service"))
    & (tickets.c.status == TicketStatus.WAITING.value)
    & tickets.c.held_by.is_(None)
)
_ISSUED_BEFORE = sa.bindparam("issued_at", type_=tickets.c.issued_at.type)
_COUNT_AHEAD = (
    sa.select(sa.func.count())
    .select_from(tickets)
    .where(
        _CALLABLE_OF_SERVICE
        & ((tickets.c.issued_at < _ISSUED_BEFORE) | ((tickets.c.issued_at == _ISSUED_BEFORE) & (tickets.c.id < sa.bindparam("id"))))
    )
)
_COUNT_WAITING = sa.select(sa.func.count()).select_from(tickets).where(_CALLABLE_OF_SERVICE)


def to_ticket(row: Any) -> Ticket:
    """A ticket from a whole row of `tickets`."""
    return _to_ticket(row)


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
    key = {"k_office": office, "k_day": day, "k_prefix": prefix}
    last = conn.execute(_COUNTER_LAST, key).scalar()
    if last is None:
        conn.execute(_COUNTER_FIRST, {"office": office, "day": day, "prefix": prefix, "last": 1})
        return 1
    conn.execute(_COUNTER_NEXT, key)
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
    statement = _INSERT_SQLITE if conn.dialect.name == "sqlite" else _INSERT
    new_id = conn.execute(statement, values).inserted_primary_key[0]
    return Ticket(**{**ticket.__dict__, "id": TicketId(int(new_id))})


def save(conn: sa.Connection, ticket: Ticket) -> None:
    conn.execute(_SAVE, {"t_id": ticket.id, **_values(ticket)})


def by_id(conn: sa.Connection, ticket_id: int) -> Ticket | None:
    row = conn.execute(_BY_ID, {"id": ticket_id}).first()
    return _to_ticket(row) if row else None


def by_token(conn: sa.Connection, token: str) -> Ticket | None:
    row = conn.execute(_BY_TOKEN, {"token": token}).first()
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
    return [_to_ticket(row) for row in conn.execute(_LIVE_OF_OFFICE, {"office": office})]


def waiting(conn: sa.Connection, office: OfficeCode) -> list[Ticket]:
    return [t for t in live(conn, office) if t.status is TicketStatus.WAITING]


# Call-next's candidates in one statement, read through the two partial indexes of version 14 (schema.py):
# a recursive walk over the plain tickets' index takes the first of the office's first (service, priority
# category), then the first of the next category of that service or else of the next service, each a seek;
# then the callable tickets that are not plain. Their conditions are the indexes' own text (CALLABLE_WAITING,
# PLAIN_TICKET): written otherwise, or with a bound parameter for 'waiting', SQLite would not use the index.
_GROUP_ORDER = "ORDER BY service, coalesce(priority, ''), issued_at, id LIMIT 1"
_PLAIN_OF_OFFICE = f"office = :office AND {CALLABLE_WAITING} AND {PLAIN_TICKET}"
_TICKET_COLUMNS = ", ".join(column.name for column in tickets.c)
_CALL_CANDIDATES = sa.text(f"""
WITH RECURSIVE firsts(first_service, first_priority, first_id) AS (
    SELECT * FROM (SELECT service, coalesce(priority, ''), id FROM tickets WHERE {_PLAIN_OF_OFFICE} {_GROUP_ORDER}) AS first_group
    UNION ALL
    SELECT candidate.service, coalesce(candidate.priority, ''), candidate.id FROM firsts JOIN tickets AS candidate ON candidate.id = coalesce(
        (SELECT id FROM tickets WHERE {_PLAIN_OF_OFFICE} AND service = first_service AND coalesce(priority, '') > first_priority {_GROUP_ORDER}),
        (SELECT id FROM tickets WHERE {_PLAIN_OF_OFFICE} AND service > first_service {_GROUP_ORDER})
    )
)
SELECT {_TICKET_COLUMNS} FROM tickets WHERE id IN (SELECT first_id FROM firsts)
UNION ALL
SELECT {_TICKET_COLUMNS} FROM tickets WHERE office = :office AND {CALLABLE_WAITING} AND NOT ({PLAIN_TICKET})
""").columns(*tickets.c)


def call_candidates(conn: sa.Connection, office: OfficeCode) -> list[Ticket]:
    """The waiting tickets among which the call-next policy's choice always is: a few, however long the queue.

    The policy (`domain.policy.choose_next`) compares a plain ticket (one
    step, no appointment, not transferred to a desk, not remote) with the
    others of its service and priority category only by its time of issue
    (then its id): it is eligible for the same desks, escalates after the
    same wait, and its weighted wait grows with the same positive weight.
    So of each (service, priority) group of plain tickets only the first
    issued can be chosen, and these, with every other callable ticket (a
    visit of steps, an appointment, a transfer, a remote ticket), are all the
    policy needs: its answer is the same as over the whole queue
    (tests/store/test_call_candidates.py), while 2,000 people waiting cost
    a few seeks in an index, not 2,000 rows numbered nor 2,000 tickets made
    in Python.
    Held tickets are left out: nobody may call them.
    """
    rows = conn.execute(_CALL_CANDIDATES, {"office": office})
    return sorted((_to_ticket(row) for row in rows), key=lambda ticket: (ticket.issued_at, ticket.id))


_WAITING_REMOTE = (
    sa.select(tickets)
    .where((tickets.c.office == sa.bindparam("office")) & (tickets.c.status == TicketStatus.WAITING.value) & tickets.c.remote)
    .order_by(tickets.c.issued_at, tickets.c.id)
)


def waiting_remote(conn: sa.Connection, office: OfficeCode) -> list[Ticket]:
    """The office's waiting remote tickets, in the queue's order: the few a call looks after, not the whole queue."""
    return [_to_ticket(row) for row in conn.execute(_WAITING_REMOTE, {"office": office})]


def recent_priority_calls(conn: sa.Connection, desk: DeskId, limit: int) -> list[bool]:
    """Whether each of the desk's last `limit` calls went to a priority visitor, oldest first."""
    rows = conn.execute(_RECENT_PRIORITY_CALLS, {"desk": desk, "limit": limit}).all()
    return [row.priority is not None for row in reversed(rows)]


def recent_service_times(
    conn: sa.Connection, office: OfficeCode, service: ServiceCode, since: dt.datetime, limit: int
) -> Sequence[dt.timedelta]:
    rows = conn.execute(_RECENT_SERVICE_TIMES, {"office": office, "service": service, "since": since, "limit": limit}).all()
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
    figures = {"office": ticket.office, "service": ticket.service, "issued_at": ticket.issued_at, "id": ticket.id}
    return int(conn.execute(_COUNT_AHEAD, figures).scalar() or 0)


def count_waiting(conn: sa.Connection, office: OfficeCode, service: ServiceCode) -> int:
    """Callable tickets of a service waiting now."""
    return int(conn.execute(_COUNT_WAITING, {"office": office, "service": service}).scalar() or 0)

"""Read-only: an office's queue as the wait estimate replays it (`domain/wait_replay.py`), for one office or many at once.

Each function answers for every office given with one query, so a
ticket's wait and the network's live waits (`GET /api/v1/waits`) read the
same rows by the same conditions. The statements are built once with bound
parameters (an expanding list of offices), as the hot paths' are.

- `queues`: the call candidates in full (the first plain ticket of each
  service and priority, and every other callable ticket: the few the
  policy's choice can fall on, as `tickets.call_candidates`) and, of the
  rest of each group, only when and in what order they were issued;
- `at_desks`: the visitor at each desk, their service and the moment of
  their call, to know when the desk will be free.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

import sqlalchemy as sa

from ..domain.model import DeskId, OfficeCode, ServiceCode, TicketId
from ..domain.tickets import Ticket, TicketStatus
from ..domain.wait_replay import GroupKey, Queue
from . import tickets as ticket_store
from .schema import PLAIN_TICKET, tickets

_OFFICES: sa.BindParameter[list[str]] = sa.bindparam("offices", expanding=True)
_WAITING = (tickets.c.office.in_(_OFFICES)) & (tickets.c.status == TicketStatus.WAITING.value) & tickets.c.held_by.is_(None)
_PLACES = (
    sa.select(
        tickets.c.id,
        tickets.c.office,
        tickets.c.service,
        tickets.c.priority,
        tickets.c.issued_at,
        sa.func.row_number()
        .over(partition_by=(tickets.c.office, tickets.c.service, tickets.c.priority), order_by=(tickets.c.issued_at, tickets.c.id))
        .label("place"),
    )
    .where(_WAITING & sa.text(PLAIN_TICKET))  # the plain tickets as call-next groups them (schema.py)
    .subquery()
)
_CANDIDATES = sa.union_all(
    sa.select(tickets).where(tickets.c.id.in_(sa.select(_PLACES.c.id).where(_PLACES.c.place == 1))),
    sa.select(tickets).where(_WAITING & sa.text(f"NOT ({PLAIN_TICKET})")),
)
_BEHIND = (
    sa.select(_PLACES.c.id, _PLACES.c.office, _PLACES.c.service, _PLACES.c.priority, _PLACES.c.issued_at)
    .where(_PLACES.c.place > 1)
    .order_by(_PLACES.c.office, _PLACES.c.service, _PLACES.c.priority, _PLACES.c.place)
)
_AT_DESKS = sa.select(tickets.c.desk, tickets.c.service, tickets.c.called_at).where(
    tickets.c.office.in_(_OFFICES)
    & tickets.c.status.in_([TicketStatus.CALLED.value, TicketStatus.SERVING.value])
    & tickets.c.desk.is_not(None)
    & tickets.c.called_at.is_not(None)
)
def queues(conn: sa.Connection, offices: Collection[str]) -> dict[OfficeCode, Queue]:
    """Each office's callable tickets (an office where nobody waits has an empty queue)."""
    candidates: dict[OfficeCode, list[Ticket]] = defaultdict(list)
    for row in conn.execute(_CANDIDATES, {"offices": sorted(offices)}):
        ticket = ticket_store.to_ticket(row)
        candidates[ticket.office].append(ticket)
    behind: dict[OfficeCode, dict[GroupKey, list[tuple[dt.datetime, TicketId]]]] = defaultdict(dict)
    for row in conn.execute(_BEHIND, {"offices": sorted(offices)}):
        key: GroupKey = (ServiceCode(row.service), row.priority)
        behind[OfficeCode(row.office)].setdefault(key, []).append((row.issued_at, TicketId(row.id)))
    found: dict[OfficeCode, Queue] = {}
    for office in offices:
        code = OfficeCode(office)
        ordered = sorted(candidates.get(code, ()), key=lambda ticket: (ticket.issued_at, ticket.id))
        found[code] = Queue(ordered, behind.get(code, {}))
    return found


def at_desks(conn: sa.Connection, offices: Collection[str]) -> dict[DeskId, tuple[ServiceCode, dt.datetime]]:
    """The visitor called to or served at each desk now: their service and when they were called."""
    rows = conn.execute(_AT_DESKS, {"offices": sorted(offices)})
    return {DeskId(row.desk): (ServiceCode(row.service), row.called_at) for row in rows}

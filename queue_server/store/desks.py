"""Desk states: what each desk is doing now."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..domain.desks import DeskState, DeskStatus
from ..domain.model import DeskId, OfficeCode, TicketId
from .schema import desk_states

# Built once (see store/tickets.py): these run in every desk command.
_GET = sa.select(desk_states).where(desk_states.c.desk == sa.bindparam("desk"))
_FOR_OFFICE = sa.select(desk_states).where(desk_states.c.office == sa.bindparam("office"))
_UPDATE = desk_states.update().where(desk_states.c.desk == sa.bindparam("d_desk"))
_INSERT = desk_states.insert()


def _to_state(row: Any) -> DeskState:
    return DeskState(
        desk=DeskId(row.desk),
        office=OfficeCode(row.office),
        status=DeskStatus(row.status),
        operator=row.operator,
        ticket=TicketId(row.ticket_id) if row.ticket_id is not None else None,
        reason=row.reason,
        since=row.since,
    )


def get(conn: sa.Connection, desk: DeskId, office: OfficeCode) -> DeskState:
    """The desk's state; a desk never opened yet is closed."""
    row = conn.execute(_GET, {"desk": desk}).first()
    return _to_state(row) if row else DeskState(desk=desk, office=office)


def for_office(conn: sa.Connection, office: OfficeCode) -> dict[DeskId, DeskState]:
    rows = conn.execute(_FOR_OFFICE, {"office": office})
    return {DeskId(row.desk): _to_state(row) for row in rows}


def save(conn: sa.Connection, state: DeskState) -> None:
    values = {
        "office": state.office,
        "status": state.status.value,
        "operator": state.operator,
        "ticket_id": state.ticket,
        "reason": state.reason,
        "since": state.since,
    }
    updated = conn.execute(_UPDATE, {"d_desk": state.desk, **values}).rowcount
    if not updated:
        conn.execute(_INSERT, {"desk": state.desk, **values})

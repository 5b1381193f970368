"""The calls for help from an office's kiosks (`help_requests`): the open ones, and each by its id."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..domain.help_requests import HelpRequest
from .schema import help_requests


def _to_call(row: Any) -> HelpRequest:
    return HelpRequest(
        office=row.office, kiosk=row.kiosk, asked_at=row.asked_at, handled_at=row.handled_at, handled_by=row.handled_by, id=int(row.id)
    )


def open_calls(conn: sa.Connection, office: str) -> list[HelpRequest]:
    """The office's calls nobody has answered yet, oldest first."""
    rows = conn.execute(
        sa.select(help_requests)
        .where((help_requests.c.office == office) & help_requests.c.handled_at.is_(None))
        .order_by(help_requests.c.asked_at, help_requests.c.id)
    )
    return [_to_call(row) for row in rows]


def open_call_of(conn: sa.Connection, office: str, kiosk: str) -> HelpRequest | None:
    return next((call for call in open_calls(conn, office) if call.kiosk == kiosk), None)


def find(conn: sa.Connection, office: str, call_id: int) -> HelpRequest | None:
    row = conn.execute(sa.select(help_requests).where((help_requests.c.id == call_id) & (help_requests.c.office == office))).first()
    return _to_call(row) if row else None


def add(conn: sa.Connection, call: HelpRequest) -> HelpRequest:
    new_id = conn.execute(help_requests.insert().values(office=call.office, kiosk=call.kiosk, asked_at=call.asked_at)).inserted_primary_key[0]
    return HelpRequest(call.office, call.kiosk, call.asked_at, id=int(new_id))


def mark_handled(conn: sa.Connection, call: HelpRequest) -> None:
    conn.execute(help_requests.update().where(help_requests.c.id == call.id).values(handled_at=call.handled_at, handled_by=call.handled_by))

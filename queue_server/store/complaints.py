"""The register of complaints: its rows and lookups (the rules and the record are domain/complaints.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa

from ..domain.complaints import CLOSED, Channel, ComplaintRecord, Status
from .schema import complaints


def _record(row: Any) -> ComplaintRecord:
    return ComplaintRecord(
        id=row.id,
        office=row.office,
        channel=Channel(row.channel),
        desk=row.desk,
        ticket_id=row.ticket_id,
        text=row.text,
        received_at=row.received_at,
        due=row.due,
        status=Status(row.status),
        entered_by=row.entered_by,
        assignee=row.assignee,
        answer=row.answer,
        answered_at=row.answered_at,
        closed_by=row.closed_by,
    )


def add(
    conn: sa.Connection,
    *,
    office: str,
    channel: Channel,
    desk: str | None,
    ticket_id: int | None,
    text: str,
    received_at: dt.datetime,
    due: dt.date,
    entered_by: str | None,
) -> ComplaintRecord:
    values = {
        "office": office, "channel": channel.value, "desk": desk, "ticket_id": ticket_id, "text": text,
        "received_at": received_at, "due": due, "status": Status.RECEIVED.value,
        "entered_by": entered_by[:80] if entered_by else None,
    }  # fmt: skip
    new_id = conn.execute(complaints.insert().values(**values)).inserted_primary_key[0]  # type: ignore[index]
    found = by_id(conn, int(new_id))
    assert found is not None
    return found


def by_id(conn: sa.Connection, complaint_id: int) -> ComplaintRecord | None:
    row = conn.execute(sa.select(complaints).where(complaints.c.id == complaint_id)).first()
    return _record(row) if row is not None else None


def open_for_ticket(conn: sa.Connection, ticket_id: int) -> ComplaintRecord | None:
    """The ticket's complaint that is still open (received or in progress), if any."""
    query = sa.select(complaints).where(
        (complaints.c.ticket_id == ticket_id) & complaints.c.status.not_in([status.value for status in CLOSED])
    )
    row = conn.execute(query.order_by(complaints.c.id).limit(1)).first()
    return _record(row) if row is not None else None


def update(conn: sa.Connection, complaint_id: int, **values: Any) -> ComplaintRecord:
    conn.execute(complaints.update().where(complaints.c.id == complaint_id).values(**values))
    found = by_id(conn, complaint_id)
    assert found is not None
    return found


def listed(
    conn: sa.Connection,
    *,
    offices: Collection[str] | None,
    status: Status | None = None,
    open_due_before: dt.date | None = None,
    limit: int = 500,
) -> list[ComplaintRecord]:
    """The complaints of `offices` (None: every office), newest first; `open_due_before`: only open ones due before that day.

    The overdue filter by one date is exact for one office's today; the
    commands check each row again on its office's clock (`is_overdue`).
    """
    query = sa.select(complaints)
    if offices is not None:
        query = query.where(complaints.c.office.in_(list(offices)))
    if status is not None:
        query = query.where(complaints.c.status == status.value)
    if open_due_before is not None:
        query = query.where(complaints.c.status.not_in([s.value for s in CLOSED]) & (complaints.c.due < open_due_before))
    rows = conn.execute(query.order_by(complaints.c.received_at.desc(), complaints.c.id.desc()).limit(limit))
    return [_record(row) for row in rows]


def received_between(conn: sa.Connection, office: str, since: dt.datetime, until: dt.datetime) -> int:
    """How many complaints the office received in `[since, until)`, withdrawn ones included."""
    query = sa.select(sa.func.count()).select_from(complaints).where(
        (complaints.c.office == office) & (complaints.c.received_at >= since) & (complaints.c.received_at < until)
    )
    return int(conn.execute(query).scalar_one())

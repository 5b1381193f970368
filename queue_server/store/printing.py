"""Print jobs of the kiosks.

Every job is read together with its ticket's token (what makes the job's key
unique beyond this database) and, for the pending ones, its ticket's status
(a job of a ticket no longer waiting is not printed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from ..domain.printing import PrintJob, PrintStatus
from .schema import print_jobs, tickets

_WITH_TICKET = sa.select(print_jobs, tickets.c.token.label("ticket_token"), tickets.c.status.label("ticket_status")).join(
    tickets, tickets.c.id == print_jobs.c.ticket_id
)


def _job(row: Any) -> PrintJob:
    return PrintJob(
        row.id, row.office, row.kiosk, row.ticket_id, row.payload, PrintStatus(row.status), row.reason, row.created_at, row.ticket_token
    )


def add(conn: sa.Connection, office: str, kiosk: str, ticket_id: int, payload: dict[str, Any], now: dt.datetime) -> PrintJob:
    job_id = conn.execute(
        print_jobs.insert().values(
            office=office, kiosk=kiosk, ticket_id=ticket_id, payload=payload, status=PrintStatus.PENDING.value, created_at=now
        )
    ).inserted_primary_key[0]
    job = by_id(conn, int(job_id))
    assert job is not None  # inserted just now, in this transaction
    return job


def by_id(conn: sa.Connection, job_id: int) -> PrintJob | None:
    row = conn.execute(_WITH_TICKET.where(print_jobs.c.id == job_id)).first()
    return _job(row) if row else None


def by_ticket(conn: sa.Connection, ticket_id: int) -> PrintJob | None:
    row = conn.execute(_WITH_TICKET.where(print_jobs.c.ticket_id == ticket_id)).first()
    return _job(row) if row else None


def pending(conn: sa.Connection, office: str, kiosk: str) -> list[tuple[PrintJob, str]]:
    """The kiosk's pending jobs, oldest first, each with its ticket's status."""
    rows = conn.execute(
        _WITH_TICKET.where(
            (print_jobs.c.office == office) & (print_jobs.c.kiosk == kiosk) & (print_jobs.c.status == PrintStatus.PENDING.value)
        ).order_by(print_jobs.c.id)
    )
    return [(_job(row), row.ticket_status) for row in rows]


def save(conn: sa.Connection, job: PrintJob, now: dt.datetime) -> None:
    conn.execute(
        print_jobs.update().where(print_jobs.c.id == job.id).values(status=job.status.value, reason=job.reason, done_at=now)
    )

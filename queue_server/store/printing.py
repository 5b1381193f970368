"""Print jobs of the kiosks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from ..domain.printing import PrintJob, PrintStatus
from .schema import print_jobs


def _job(row: Any) -> PrintJob:
    return PrintJob(row.id, row.office, row.kiosk, row.ticket_id, row.payload, PrintStatus(row.status), row.reason)


def add(conn: sa.Connection, office: str, kiosk: str, ticket_id: int, payload: dict[str, Any], now: dt.datetime) -> PrintJob:
    job_id = conn.execute(
        print_jobs.insert().values(
            office=office, kiosk=kiosk, ticket_id=ticket_id, payload=payload, status=PrintStatus.PENDING.value, created_at=now
        )
    ).inserted_primary_key[0]
    return PrintJob(int(job_id), office, kiosk, ticket_id, payload)


def by_id(conn: sa.Connection, job_id: int) -> PrintJob | None:
    row = conn.execute(sa.select(print_jobs).where(print_jobs.c.id == job_id)).first()
    return _job(row) if row else None


def by_ticket(conn: sa.Connection, ticket_id: int) -> PrintJob | None:
    row = conn.execute(sa.select(print_jobs).where(print_jobs.c.ticket_id == ticket_id)).first()
    return _job(row) if row else None


def pending(conn: sa.Connection, office: str, kiosk: str) -> list[PrintJob]:
    rows = conn.execute(
        sa.select(print_jobs)
        .where((print_jobs.c.office == office) & (print_jobs.c.kiosk == kiosk) & (print_jobs.c.status == PrintStatus.PENDING.value))
        .order_by(print_jobs.c.id)
    )
    return [_job(row) for row in rows]


def save(conn: sa.Connection, job: PrintJob, now: dt.datetime) -> None:
    conn.execute(
        print_jobs.update().where(print_jobs.c.id == job.id).values(status=job.status.value, reason=job.reason, done_at=now)
    )

"""The audit log: rows are added, never changed (the database refuses UPDATE and DELETE)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from .schema import audit_log

_INSERT = audit_log.insert()  # built once: every staff command writes an entry


def record(
    conn: sa.Connection,
    *,
    at: dt.datetime,
    actor: str,
    role: str | None,
    action: str,
    office: str | None,
    desk: str | None = None,
    ticket: int | None = None,
    ticket_number: str | None = None,
    details: Mapping[str, Any] | None = None,
    address: str | None = None,
) -> None:
    conn.execute(
        _INSERT,
        {
            "at": at,
            "actor": actor[:80],
            "role": role,
            "action": action,
            "office": office,
            "desk": desk,
            "ticket": ticket,
            "ticket_number": ticket_number,
            "details": dict(details) if details else None,
            "address": address[:64] if address else None,
        },
    )


def entries(
    conn: sa.Connection,
    office: str | None,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    actor: str | None = None,
    action: str | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Newest first; `before_id` pages back through older entries."""
    query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if office is not None:
        query = query.where(audit_log.c.office == office)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if until is not None:
        query = query.where(audit_log.c.at < until)
    if actor is not None:
        query = query.where(audit_log.c.actor == actor)
    if action is not None:
        query = query.where(audit_log.c.action == action)
    if before_id is not None:
        query = query.where(audit_log.c.id < before_id)
    return [dict(row._mapping) for row in conn.execute(query)]

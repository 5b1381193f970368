"""Reading the audit log: who did what, where, when and from which address.

The log is written by the commands themselves (`Transaction.audit`), in the
transaction of the change it records; nothing here or anywhere else changes
or deletes an entry, and the database refuses to (see `store/migrations.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..commands.access import require_record_reader
from ..commands.context import Actor, CommandContext
from ..domain.errors import InvalidRequest
from ..domain.events import timestamp
from ..store import audit as audit_store

MAX_ENTRIES = 500
DEFAULT_ENTRIES = 100


@dataclass(frozen=True)
class AuditFilter:
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    actor: str | None = None
    action: str | None = None
    before: int | None = None  # the id of the oldest entry already seen: page back from it
    limit: int = DEFAULT_ENTRIES


def read_audit(ctx: CommandContext, office: str | None, wanted: AuditFilter, *, actor: Actor) -> list[dict[str, Any]]:
    """Entries newest first; `office` None reads the whole network's, entries of no office included."""
    require_record_reader(actor, office)
    if office is not None:
        office = ctx.office(office).code
    if not 1 <= wanted.limit <= MAX_ENTRIES:
        raise InvalidRequest(f"limit must be from 1 to {MAX_ENTRIES}", field="limit")
    if wanted.since is not None and wanted.until is not None and wanted.since >= wanted.until:
        raise InvalidRequest("since must be earlier than until", field="since")
    with ctx.reading() as conn:
        rows = audit_store.entries(
            conn,
            office,
            since=wanted.since,
            until=wanted.until,
            actor=wanted.actor,
            action=wanted.action,
            before_id=wanted.before,
            limit=wanted.limit,
        )
    return [entry_view(row) for row in rows]


def entry_view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "at": timestamp(row["at"]),
        "actor": row["actor"],
        "role": row["role"],
        "action": row["action"],
        "office": row["office"],
        "desk": row["desk"],
        "ticket": row["ticket"],
        "ticket_number": row["ticket_number"],
        "details": row["details"] or {},
        "address": row["address"],
    }

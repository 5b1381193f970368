"""Complaints per 1,000 requests, counted from the register (docs/reports.md, «Complaints per 1,000 requests»).

For each office and the period's whole local days: the complaints the
register received (every channel, every status, withdrawn ones included)
over the tickets the office issued (every ticket, paper-roll ones and
cancelled ones included: the same count as the reports' `issued`), × 1,000.
The low ratings (`complaints` of the summary) are another figure and are
not counted here.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..commands.access import require_record_reader
from ..commands.context import Actor, CommandContext
from ..domain.errors import InvalidRequest
from ..store import complaints as complaint_store
from ..store.schema import tickets
from .period import Period


def _issued(conn: sa.Connection, office: str, since: Any, until: Any) -> int:
    query = sa.select(sa.func.count()).select_from(tickets).where(
        (tickets.c.office == office) & (tickets.c.issued_at >= since) & (tickets.c.issued_at < until)
    )
    return int(conn.execute(query).scalar_one())


def per_thousand(complaints: int, issued: int) -> float | None:
    """1,000 × complaints / issued, to 0.01; None when nothing was issued."""
    return round(1000 * complaints / issued, 2) if issued else None


def rows(ctx: CommandContext, office: str | None, period: Period, *, actor: Actor) -> list[dict[str, Any]]:
    """One row per office (the one named, or every office for a manager or an admin), by office code."""
    require_record_reader(actor, office)
    if office is not None and office not in ctx.network.offices:
        raise InvalidRequest(f"unknown office {office!r}", field="office")
    offices = [ctx.network.offices[office]] if office is not None else sorted(ctx.network.offices.values(), key=lambda item: item.code)  # type: ignore[index]
    found = []
    with ctx.reading() as conn:
        for item in offices:
            since, until = period.bounds(item.timezone)
            received = complaint_store.received_between(conn, item.code, since, until)
            issued = _issued(conn, item.code, since, until)
            found.append({"office": item.code, "complaints": received, "issued": issued, "complaints_per_1000": per_thousand(received, issued)})
    return found

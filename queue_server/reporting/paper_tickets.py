"""Paper-roll tickets in the reports: how many each office entered each day.

A paper ticket counts as a ticket in every figure (issued, served, ratings);
its wait and visit time do not (`store._unless_paper`), since its issue time
is an estimate. How many there were tells the reader how much of a day's
waits is unmeasured (docs/reports.md).
"""

from __future__ import annotations

from typing import Any

from ..commands.access import require_record_reader
from ..commands.context import Actor, CommandContext
from . import store as report_store
from .queries import ReportQuery, _query_scopes, check_query


def paper_tickets(ctx: CommandContext, query: ReportQuery, *, actor: Actor) -> list[dict[str, Any]]:
    """One row per office and day of the period with paper-roll tickets: `office`, `day`, `paper_tickets`."""
    require_record_reader(actor, query.office)
    check_query(ctx, query)
    with ctx.reading() as conn:
        counts = report_store.paper_counts(conn, _query_scopes(ctx, query))
    first, last = query.period.first, query.period.last
    return [
        {"office": office, "day": day.isoformat(), "paper_tickets": count}
        for office, day, count in counts
        if first <= day <= last  # an office's day, as its tickets were numbered
    ]

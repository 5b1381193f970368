"""The requests a staff member served lately whose service carries a statutory term, for the desk's outcome dates.

The desk console lists them so that the administrator who served a
request records the day its result was ready (docs/deadlines.md): only a
request of a service with a term counts in the figure, and the one who
served it knows when its result came. Each is shown with its deadline and
the outcome date already recorded, if any. A visit of several services is
one request per served step, each served by whom its step says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from ..commands.access import require_staff_of
from ..commands.context import Actor, CommandContext
from ..domain import numbering
from ..domain.deadlines import deadline
from ..store import ticket_steps
from ..store.outcome_schema import request_outcomes
from ..store.schema import tickets

RECENT_DAYS = 45  # the longest term of the catalogue is 30 calendar days; a result may come a little late
MOST = 200


@dataclass(frozen=True)
class ServedRequest:
    """One served request with a term: its visit, service and step, its deadline and its outcome date if recorded."""

    ticket_id: int
    ticket_number: str
    day: dt.date
    service: str
    step: int
    deadline: dt.date
    outcome_date: dt.date | None

    def as_dict(self) -> dict[str, object]:
        return {
            "ticket_id": self.ticket_id, "ticket_number": self.ticket_number, "day": self.day.isoformat(),
            "service": self.service, "step": self.step, "deadline": self.deadline.isoformat(),
            "outcome_date": self.outcome_date.isoformat() if self.outcome_date else None,
        }  # fmt: skip


def _my_steps(status: str, service: str, served_by: str | None, steps: object, me: str) -> list[tuple[int, str]]:
    stored = ticket_steps.from_column(steps)
    if not stored:
        return [(0, service)] if status == "done" and served_by == me else []
    return [(index, str(step.service)) for index, step in enumerate(stored) if step.status.value == "done" and step.served_by == me]


def served_requests(ctx: CommandContext, office_code: str, *, actor: Actor) -> list[ServedRequest]:
    """The caller's served requests with a term at the office, of the last RECENT_DAYS days, newest first (at most MOST)."""
    office = ctx.office(office_code)
    require_staff_of(actor, office.code)
    terms = {str(code): service.term for code, service in ctx.network.services.items() if service.term is not None}
    today = numbering.office_day(ctx.clock(), office.timezone)
    first = today - dt.timedelta(days=RECENT_DAYS)
    columns = (tickets.c.id, tickets.c.number, tickets.c.day, tickets.c.status, tickets.c.service, tickets.c.served_by, tickets.c.steps)
    found: list[ServedRequest] = []
    with ctx.reading() as conn:
        rows = conn.execute(
            sa.select(*columns)
            .where((tickets.c.office == office.code) & (tickets.c.day >= first))
            .where((tickets.c.served_by == actor.name) | tickets.c.steps.is_not(None))
            .order_by(tickets.c.day.desc(), tickets.c.finished_at.desc(), tickets.c.id.desc())
        ).all()
        for row in rows:
            for step, service in _my_steps(row.status, row.service, row.served_by, row.steps, actor.name):
                term = terms.get(service)
                if term is not None:
                    found.append(ServedRequest(row.id, row.number, row.day, service, step, deadline(row.day, term, office.hours.holidays), None))
            if len(found) >= MOST:
                break
        found = found[:MOST]
        ids = [item.ticket_id for item in found]
        recorded = {
            (row.ticket_id, row.step): row.outcome_date
            for row in conn.execute(
                sa.select(request_outcomes.c.ticket_id, request_outcomes.c.step, request_outcomes.c.outcome_date).where(
                    request_outcomes.c.ticket_id.in_(ids)
                )
            )
        } if ids else {}  # fmt: skip
    return [
        ServedRequest(item.ticket_id, item.ticket_number, item.day, item.service, item.step, item.deadline, recorded.get((item.ticket_id, item.step)))
        for item in found
    ]

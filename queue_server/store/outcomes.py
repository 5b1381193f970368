"""The outcome dates of requests (docs/deadlines.md): recorded at the desk or imported from a CSV file.

A request is one step of a visit: a ticket, and for a visit of several
services the step of its service (`step` is the step's index; 0 for a visit
of one). Only a step that was served (done) is a request: a visit that
never reached the desk asked for nothing the law would time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..domain.deadlines import Request
from . import audit, ticket_steps
from .outcome_schema import request_outcomes
from .schema import tickets

SOURCES = ("desk", "import")


@dataclass(frozen=True)
class Visit:
    """A served visit's ticket row, as an outcome needs it."""

    id: int
    office: str
    number: str
    day: dt.date
    services: tuple[tuple[int, str], ...]  # (step index, service) of each served step


def served_steps(status: str, service: str, steps: object) -> tuple[tuple[int, str], ...]:
    """The (index, service) of each step served; a visit of one service is step 0 when it is done."""
    stored = ticket_steps.from_column(steps)
    if not stored:
        return ((0, service),) if status == "done" else ()
    return tuple((index, str(step.service)) for index, step in enumerate(stored) if step.status.value == "done")


def _visit(row: sa.Row[Any]) -> Visit:
    return Visit(row.id, row.office, row.number, row.day, served_steps(row.status, row.service, row.steps))


_VISIT_COLUMNS = (tickets.c.id, tickets.c.office, tickets.c.number, tickets.c.day, tickets.c.status, tickets.c.service, tickets.c.steps)


def visit_by_id(conn: sa.Connection, ticket_id: int) -> Visit | None:
    row = conn.execute(sa.select(*_VISIT_COLUMNS).where(tickets.c.id == ticket_id)).first()
    return _visit(row) if row else None


def visit_by_number(conn: sa.Connection, office: str, day: dt.date, number: str) -> Visit | None:
    row = conn.execute(
        sa.select(*_VISIT_COLUMNS).where((tickets.c.office == office) & (tickets.c.day == day) & (tickets.c.number == number))
    ).first()
    return _visit(row) if row else None


def outcome_of(conn: sa.Connection, ticket_id: int, step: int) -> dt.date | None:
    return conn.execute(
        sa.select(request_outcomes.c.outcome_date).where((request_outcomes.c.ticket_id == ticket_id) & (request_outcomes.c.step == step))
    ).scalar()


@dataclass(frozen=True)
class Outcome:
    """One outcome to write: the visit, its step and service, the date."""

    visit: Visit
    step: int
    service: str
    outcome_date: dt.date


def write(
    conn: sa.Connection, outcome: Outcome, *, actor: str, role: str | None, source: str, at: dt.datetime, address: str | None = None
) -> str:
    """Write one outcome: "added", "unchanged" (the same date again) or "changed" (a new date, audited with the old)."""
    before = outcome_of(conn, outcome.visit.id, outcome.step)
    if before == outcome.outcome_date:
        return "unchanged"
    values = {
        "service": outcome.service,
        "office": outcome.visit.office,
        "outcome_date": outcome.outcome_date,
        "recorded_by": actor[:80],
        "recorded_at": at,
        "source": source,
    }
    if before is None:
        conn.execute(sa.insert(request_outcomes).values(ticket_id=outcome.visit.id, step=outcome.step, **values))
    else:
        conn.execute(
            sa.update(request_outcomes)
            .where((request_outcomes.c.ticket_id == outcome.visit.id) & (request_outcomes.c.step == outcome.step))
            .values(**values)
        )
    audit.record(
        conn,
        at=at,
        actor=actor,
        role=role,
        action="outcome_recorded" if before is None else "outcome_changed",
        office=outcome.visit.office,
        ticket=outcome.visit.id,
        ticket_number=outcome.visit.number,
        details={
            "service": outcome.service,
            "step": outcome.step,
            "outcome_date": outcome.outcome_date.isoformat(),
            "before": before.isoformat() if before else None,
            "source": source,
        },
        address=address,
    )
    return "added" if before is None else "changed"


def requests(conn: sa.Connection, offices: Sequence[str], first: dt.date, last: dt.date, services: Iterable[str]) -> list[Request]:
    """The served requests of `services` at `offices` whose visit's day is in [first, last], with their outcomes."""
    wanted = set(services)
    outcomes = {
        (row.ticket_id, row.step): row.outcome_date
        for row in conn.execute(
            sa.select(request_outcomes.c.ticket_id, request_outcomes.c.step, request_outcomes.c.outcome_date)
            .join(tickets, tickets.c.id == request_outcomes.c.ticket_id)
            .where(tickets.c.office.in_(list(offices)) & tickets.c.day.between(first, last))
        )
    }
    found: list[Request] = []
    rows = conn.execute(sa.select(*_VISIT_COLUMNS).where(tickets.c.office.in_(list(offices)) & tickets.c.day.between(first, last)))
    for row in rows:
        for index, service in served_steps(row.status, row.service, row.steps):
            if service in wanted:
                found.append(Request(row.office, service, row.day, outcomes.get((row.id, index))))
    return found

"""The outcome dates of requests: recorded at the desk, imported from a CSV file (docs/deadlines.md).

Both paths check the same things (`_checked`): the visit exists and was
served, the service is one of its served steps, the date is neither before
the visit's day nor after the office's today. A different date for a request
already recorded replaces the old one, and the audit log keeps both: the
registers correct a date, and the figure must follow the correction. The
same date again changes nothing, so importing a file twice writes nothing
the second time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from ..domain import numbering
from ..domain.errors import InvalidRequest, NotFound
from ..store import outcomes as store
from .access import in_scope
from .context import Actor, ActorKind, CommandContext

CSV_COLUMNS = ("office", "day", "ticket_number", "service", "outcome_date")
MOST_ROWS = 100_000  # a bigger file is a wrong file, not a register's month


def _in_scope(actor: Actor, office: str) -> bool:
    """The server's command line may act for every office; staff for theirs."""
    return actor.kind is ActorKind.CONSOLE or in_scope(actor, office)


class Rejected(Exception):
    """A request that cannot take the outcome: a `reason` code and the words that explain it."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _checked(ctx: CommandContext, visit: store.Visit, service: str | None, outcome_date: dt.date, now: dt.datetime) -> store.Outcome:
    if not visit.services:
        raise Rejected("not_served", f"ticket {visit.number} of {visit.day} at {visit.office} was not served: it has no request")
    if service:
        steps = [index for index, code in visit.services if code == service]
        if not steps:
            served = ", ".join(code for _, code in visit.services)
            raise Rejected("service_not_of_visit", f"service {service!r} is not a served step of the visit (its services: {served})")
        step = steps[0]
    elif len(visit.services) > 1:
        raise Rejected("service_needed", "the visit served several services: say which one the outcome is of")
    else:
        step, service = visit.services[0]
    if outcome_date < visit.day:
        raise Rejected("before_visit", f"the outcome date {outcome_date} is before the visit's day {visit.day}")
    today = numbering.office_day(now, ctx.office(visit.office).timezone)
    if outcome_date > today:
        raise Rejected("in_future", f"the outcome date {outcome_date} is after today ({today})")
    return store.Outcome(visit, step, service, outcome_date)


@dataclass(frozen=True)
class Recorded:
    """The outcome as written, and whether it was new, the same again or a changed date."""

    ticket_id: int
    ticket_number: str
    office: str
    service: str
    step: int
    outcome_date: dt.date
    result: str  # added | unchanged | changed


def record_outcome(
    ctx: CommandContext, ticket_id: int, outcome_date: dt.date, *, service: str | None = None, office: str | None = None, actor: Actor
) -> Recorded:
    """The desk's record of a request's outcome date; the office's staff (operators, supervisors) of the visit's office.

    With `office` (the REST path's), a visit of another office is not found.
    """
    with ctx.transaction() as tx:
        visit = store.visit_by_id(tx.connection, ticket_id)
        if visit is None or not _in_scope(actor, visit.office) or office not in (None, visit.office):
            raise NotFound(f"no ticket {ticket_id} at your offices", field="ticket_id")
        try:
            outcome = _checked(ctx, visit, service, outcome_date, tx.now)
        except Rejected as refusal:
            raise InvalidRequest(str(refusal), field="service" if "service" in refusal.reason else "outcome_date") from None
        result = store.write(tx.connection, outcome, actor=actor.ref, role=str(actor.role), source="desk", at=tx.now, address=actor.address)
    return Recorded(visit.id, visit.number, visit.office, outcome.service, outcome.step, outcome.outcome_date, result)


@dataclass
class ImportReport:
    """What an import did: the rows added, changed and already there, and every row refused with its line and reason."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: list[dict[str, str | int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"added": self.added, "changed": self.changed, "unchanged": self.unchanged, "rejected": self.rejected}


def _date(text: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Rejected("malformed", f"{name} must be a date such as 2026-12-03, not {text!r}") from None


def import_outcomes(ctx: CommandContext, data: bytes, *, actor: Actor) -> ImportReport:
    """Import a CSV of outcome dates (docs/deadlines.md): every row checked, the good ones written in one transaction.

    A row refused is reported with its line number and reason and leaves the
    others to be written; a file with no good row writes nothing. A file
    that is not UTF-8 or has the wrong header is refused whole.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidRequest("the file is not UTF-8 text", field="file") from None
    lines = text.splitlines()
    if len(lines) > MOST_ROWS + 1:
        raise InvalidRequest(f"the file has more than {MOST_ROWS} rows: split it", field="file")
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader, [])]
    if header != list(CSV_COLUMNS):
        raise InvalidRequest(f"the first line must be the header {','.join(CSV_COLUMNS)}, not {','.join(header)!r}", field="file")
    report = ImportReport()
    seen: dict[tuple[int, int], int] = {}
    with ctx.transaction() as tx:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            try:
                if len(row) != len(CSV_COLUMNS):
                    raise Rejected("malformed", f"the line has {len(row)} fields, not {len(CSV_COLUMNS)}")
                office, day_text, number, service, date_text = (cell.strip() for cell in row)
                day = _date(day_text, "day")
                outcome_date = _date(date_text, "outcome_date")
                if office not in ctx.network.offices or not _in_scope(actor, office):
                    raise Rejected("unknown_office", f"no office {office!r}")
                visit = store.visit_by_number(tx.connection, office, day, number)
                if visit is None:
                    raise Rejected("no_ticket", f"no ticket {number!r} of {day} at {office}")
                outcome = _checked(ctx, visit, service or None, outcome_date, tx.now)
                key = (visit.id, outcome.step)
                if key in seen:
                    raise Rejected("duplicate", f"the same request as line {seen[key]}")
                seen[key] = line
            except Rejected as refusal:
                report.rejected.append({"line": line, "reason": refusal.reason, "message": str(refusal)})
                continue
            result = store.write(tx.connection, outcome, actor=actor.ref, role=str(actor.role), source="import", at=tx.now, address=actor.address)
            setattr(report, result, getattr(report, result) + 1)
    return report

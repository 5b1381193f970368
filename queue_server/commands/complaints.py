"""The register of complaints: filing one (the visitor by their ticket, staff for the hotline or a letter,
the survey), assigning who answers, the answer, the withdrawal, and the lists (docs/complaints.md).

What may follow what and when a complaint is overdue are the domain's
(`domain/complaints.py`); here are who may act, the checks against the
stored rows, and the audit entry of each staff action (a visitor's filing
is not audited: a visitor is not an audited actor, the row itself records it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import complaints as rule
from ..domain.complaints import Channel, ComplaintRecord, Status
from ..domain.errors import InvalidRequest, InvalidTransition, NotFound
from ..domain.model import DeskId, Office
from ..domain.tickets import Ticket
from ..store import complaints as store
from ..store import office_staff
from ..store import tickets as ticket_store
from .access import require_office_overseer, require_overseer
from .context import Actor, CommandContext, Transaction

STAFF_CHANNELS = frozenset({Channel.HOTLINE, Channel.WRITTEN})


@dataclass(frozen=True)
class Listed:
    """A complaint as the lists show it: the row and whether it is overdue now."""

    complaint: ComplaintRecord
    overdue: bool


def _file(tx: Transaction, office: Office, channel: Channel, text: str, *, desk: str | None, ticket: Ticket | None, by: str | None, days: int) -> ComplaintRecord:
    due = rule.due_date(tx.now, office.timezone, days)
    return store.add(
        tx.connection, office=office.code, channel=channel, desk=desk, ticket_id=ticket.id if ticket else None,
        text=text, received_at=tx.now, due=due, entered_by=by,
    )  # fmt: skip


def _ticket_by_token(ctx: CommandContext, token: str) -> Ticket:
    with ctx.reading() as conn:  # a ticket never changes office: its office is known before the lock
        found = ticket_store.by_token(conn, token)
    if found is None:
        raise NotFound("no such ticket")
    return found


def _file_for_ticket(ctx: CommandContext, token: str, text: str, channel: Channel) -> ComplaintRecord:
    text = rule.clean_text(text)
    found = _ticket_by_token(ctx, token)
    office = ctx.office(found.office)
    with ctx.transaction(office=office.code) as tx:
        ticket = ticket_store.by_token(tx.connection, token)
        if ticket is None:
            raise NotFound("no such ticket")
        existing = store.open_for_ticket(tx.connection, ticket.id)
        if existing is not None:
            raise InvalidTransition(
                f"ticket {ticket.number} already has an open complaint (no. {existing.id}); it is {existing.status.value}",
                complaint=existing.id,
            )
        desk = str(ticket.desk) if ticket.desk is not None else None
        return _file(tx, office, channel, text, desk=desk, ticket=ticket, by=None, days=ctx.network.rules.complaint_days)


def file_from_ticket_page(ctx: CommandContext, token: str, *, text: str) -> ComplaintRecord:
    """The visitor's complaint from their ticket page: the office, desk and visit are the ticket's; one open at a time."""
    return _file_for_ticket(ctx, token, text, Channel.TICKET_PAGE)


def file_from_survey(ctx: CommandContext, token: str, *, text: str) -> ComplaintRecord:
    """The survey's complaint about the visit it rated (channel `survey`), by the visit's ticket token; one open at a time."""
    return _file_for_ticket(ctx, token, text, Channel.SURVEY)


def enter_complaint(
    ctx: CommandContext, office_code: str, *, actor: Actor, channel: Channel, text: str, desk: str | None = None
) -> ComplaintRecord:
    """Staff enter a complaint that came by the hotline or in writing, for an office they oversee."""
    office = ctx.office(office_code)
    require_office_overseer(actor, office.code)
    if channel not in STAFF_CHANNELS:
        raise InvalidRequest("staff enter complaints of the channels hotline and written", field="channel")
    text = rule.clean_text(text)
    if desk is not None and DeskId(desk) not in {existing.id for existing in office.desks}:
        raise InvalidRequest(f"office {office.code} has no desk {desk!r}", field="desk")
    with ctx.transaction(office=office.code) as tx:
        record = _file(tx, office, channel, text, desk=desk, ticket=None, by=actor.ref, days=ctx.network.rules.complaint_days)
        details = {"complaint": record.id, "channel": channel.value, "due": record.due.isoformat()}
        tx.audit(actor, "enter_complaint", office=office.code, desk=desk, details=details)
        return record


def _change(ctx: CommandContext, office_code: str, complaint_id: int, actor: Actor, action: str) -> tuple[Office, ComplaintRecord, Status]:
    office = ctx.office(office_code)
    require_office_overseer(actor, office.code)
    with ctx.reading() as conn:
        found = store.by_id(conn, complaint_id)
    if found is None or found.office != office.code:
        raise NotFound(f"office {office.code} has no complaint {complaint_id}")
    return ctx.office(found.office), found, rule.next_status(found.status, action)


def assign(ctx: CommandContext, office_code: str, complaint_id: int, *, actor: Actor, assignee: str) -> ComplaintRecord:
    """Name the office's staff member who answers the complaint: it is then in progress."""
    office, _, _ = _change(ctx, office_code, complaint_id, actor, "assign")
    with ctx.transaction(office=office.code) as tx:
        current = store.by_id(tx.connection, complaint_id)
        assert current is not None  # complaints are never deleted
        status = rule.next_status(current.status, "assign")
        staff = {member.username for member in office_staff.of_office(tx.connection, office.code) if member.active}
        if assignee not in staff:
            raise InvalidRequest(f"{assignee!r} is not an active staff member of office {office.code}", field="assignee")
        record = store.update(tx.connection, complaint_id, status=status.value, assignee=assignee)
        tx.audit(actor, "assign_complaint", office=office.code, details={"complaint": complaint_id, "assignee": assignee})
        return record


def answer(ctx: CommandContext, office_code: str, complaint_id: int, *, actor: Actor, text: str) -> ComplaintRecord:
    """Record the answer given to the complaint: it is answered (and never overdue any more)."""
    text = rule.clean_text(text, field="answer", most=rule.ANSWER_MAX)
    office, _, _ = _change(ctx, office_code, complaint_id, actor, "answer")
    with ctx.transaction(office=office.code) as tx:
        current = store.by_id(tx.connection, complaint_id)
        assert current is not None
        status = rule.next_status(current.status, "answer")
        values = {"status": status.value, "answer": text, "answered_at": tx.now, "closed_by": actor.ref[:80]}
        record = store.update(tx.connection, complaint_id, **values)
        tx.audit(actor, "answer_complaint", office=office.code, details={"complaint": complaint_id})
        return record


def withdraw(ctx: CommandContext, office_code: str, complaint_id: int, *, actor: Actor) -> ComplaintRecord:
    """The complainant withdrew the complaint: it stays in the register, closed."""
    office, _, _ = _change(ctx, office_code, complaint_id, actor, "withdraw")
    with ctx.transaction(office=office.code) as tx:
        current = store.by_id(tx.connection, complaint_id)
        assert current is not None
        status = rule.next_status(current.status, "withdraw")
        record = store.update(tx.connection, complaint_id, status=status.value, closed_by=actor.ref[:80])
        tx.audit(actor, "withdraw_complaint", office=office.code, details={"complaint": complaint_id})
        return record


def _listed(ctx: CommandContext, rows: list[ComplaintRecord], overdue: bool | None) -> list[Listed]:
    now = ctx.clock()
    out = []
    for row in rows:
        late = rule.is_overdue(row.status, row.due, now, ctx.office(row.office).timezone)
        if overdue is None or late == overdue:
            out.append(Listed(row, late))
    return out


def office_complaints(
    ctx: CommandContext, office_code: str, *, actor: Actor, status: Status | None = None, overdue: bool | None = None
) -> list[Listed]:
    """An office's register (newest first), for its supervisor, a manager or an admin."""
    office = ctx.office(office_code)
    require_office_overseer(actor, office.code)
    with ctx.reading() as conn:
        rows = store.listed(conn, offices=(office.code,), status=status)
    return _listed(ctx, rows, overdue)


def network_overdue(ctx: CommandContext, *, actor: Actor) -> list[Listed]:
    """The network's overdue complaints, for managers and admins."""
    require_overseer(actor, None, "the network's complaints are for managers and admins; a supervisor names an office")
    with ctx.reading() as conn:
        # every due date before tomorrow anywhere; each row is then checked on its office's clock
        rows = store.listed(conn, offices=None, open_due_before=rule.overdue_since(ctx.clock(), "Pacific/Kiritimati"))
    return _listed(ctx, rows, True)

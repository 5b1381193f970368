"""Paper-roll tickets: an office's kiosks switched to the paper roll, and a desk calling a paper number.

In an outage the office hands out a pre-printed roll; each desk types the
number its next visitor holds. That makes the ticket through the same path
a kiosk's takes (`issuing.issue_in`: a real ticket with its token, so the
board, the reports and the rating QR work) and calls it to the desk at once,
in one transaction: `ticket.issued` then `ticket.called`, as any call.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..domain import air_raid, numbering
from ..domain import desks as desk_rules
from ..domain import paper_roll as rules
from ..domain import tickets as ticket_rules
from ..domain.errors import InvalidRequest
from ..domain.events import OfficePaperMode, TicketCalled
from ..domain.model import Office, ServiceCode
from ..domain.paper_roll import PaperIssue, PaperMode, PaperNumberUsed
from ..domain.projection import paper_mode_view
from ..domain.tickets import Ticket
from ..domain.views import TicketView
from ..store import air_raids as air_raid_store
from ..store import desk_services
from ..store import desks as desk_store
from ..store import paper_rolls as store
from ..store import tickets as ticket_store
from .context import Actor, CommandContext
from .issuing import issue_in


def set_paper_mode(ctx: CommandContext, office_code: str, active: bool, *, actor: Actor) -> PaperMode:
    """Switch the office's kiosks to paper tickets (`active`) or back; switching to the state they are in is refused."""
    office = ctx.office(office_code)
    with ctx.transaction(office=office.code) as tx:
        current = store.current(tx.connection, office.code)
        if active:
            mode = store.begin(tx.connection, rules.switch_on(current, office.code, tx.now, actor.name))
        else:
            mode = rules.switch_off(current, office.code, tx.now, actor.name)
            store.end(tx.connection, mode)
        tx.emit(office.code, OfficePaperMode(paper_mode_view(mode)))
        tx.audit(actor, "paper_mode_on" if active else "paper_mode_off", office=office.code, details={"paper_mode": mode.id})
        return mode


def _opening(office: Office, day: dt.date) -> dt.datetime:
    """The office's first opening of its local `day`, in UTC (midnight on a closed day)."""
    intervals = office.hours.intervals_on(day)
    wall = intervals[0][0] if intervals else dt.time(0)
    return dt.datetime.combine(day, wall, tzinfo=ZoneInfo(office.timezone)).astimezone(dt.timezone.utc)


def call_paper_ticket(ctx: CommandContext, desk_id: str, *, actor: Actor, number: str, service: str) -> Ticket:
    """Enter the paper number a visitor holds as a ticket of `service` and call it to this desk now.

    The number must be of the office's roll (400) and not entered yet in the
    office's day (409 `paper_number_used`); the service one the desk serves
    today. The ticket's issue time is estimated from the numbers already
    entered (`paper_roll.estimate_issue_time`) and marked as an estimate.
    """
    desk = ctx.desk(desk_id)
    office = ctx.office(desk.office)
    typed = rules.parse(number, office.paper_roll)
    with ctx.transaction(office=office.code) as tx:
        conn = tx.connection
        state = desk_store.get(conn, desk.id, office.code)
        desk_rules.require_holder(state, actor.name, "call a paper ticket")
        desk_rules.require_open(state, "call a visitor")
        desk_rules.require_free(state, "call a paper ticket")
        air_raid.refuse_during(air_raid_store.current(conn, office.code), "call a visitor")
        profile = desk_services.effective_profile(conn, desk)
        if not profile.serves(ServiceCode(service)):
            served = ", ".join(sorted(code for code in profile.weights if profile.serves(code)))
            raise InvalidRequest(f"desk {desk.id} does not serve {service!r} today; it serves {served}", field="service")
        day = numbering.office_day(tx.now, office.timezone)
        taken = store.number_taken(conn, office.code, day, typed.prefix, typed.sequence)
        if taken is not None:
            raise PaperNumberUsed(f"number {typed.number} was already entered today at this office", number=typed.number)
        start = rules.handed_out_from(_opening(office, day), store.last_since(conn, office.code, _opening(office, day)))
        issued_at = rules.estimate_issue_time(
            typed.sequence, store.entered(conn, office.code, day, typed.prefix), first=office.paper_roll.first, start=start, now=tx.now
        )
        issued = issue_in(ctx, tx, office.code, ServiceCode(service), actor=actor, paper=PaperIssue(typed, issued_at))
        called = ticket_rules.call(issued.ticket, desk.id, tx.now, by=actor.name)
        ticket_store.save(conn, called)
        desk_store.save(conn, desk_rules.take(state, called.id))
        tx.emit(office.code, TicketCalled(TicketView.of(called)))
        tx.audit(
            actor, "call_paper", office=office.code, desk=desk.id, ticket=called.id, ticket_number=called.number,
            details={"service": called.service, "issued_at_estimated": issued_at.isoformat()},
        )  # fmt: skip
        return called

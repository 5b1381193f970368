"""The opening hours' part of issuing a walk-in ticket: closed, not given now, or not today.

`issue_in` calls `check` before the ticket is written, under the office's
lock, and `audit_override` after. The rules themselves are the domain's
(`domain/opening_hours.py`); here they meet the estimate a new ticket would
face and the offers of elsewhere (`reads/elsewhere.py`). A member of staff
may issue anyway (`override`): the ticket is audited with the reason
"outside hours"; a kiosk or a visitor's phone cannot.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import opening_hours
from ..domain.errors import AccessDenied, DomainError
from ..domain.model import Office, Service
from ..domain.views import timestamp
from ..domain.visits import VisitPlan
from ..reads import elsewhere
from ..reads.waits import steps_time, wait_for_new_ticket
from .context import Actor, CommandContext, Transaction

OVERRIDE_REASON = "outside hours"


@dataclass(frozen=True)
class WalkIn:
    """A walk-in's ticket, which the hours govern: `override` asks to issue anyway (staff only); `book` is the booking page's address."""

    override: bool = False
    book: str = elsewhere.BOOK_PATH


def _services(ctx: CommandContext, plan: VisitPlan) -> list[Service]:
    """The services whose hours the visit needs now: its first step, and its package."""
    codes = [plan.steps[0].service, *([plan.package] if plan.package else [])]
    return [ctx.network.services[code] for code in dict.fromkeys(codes)]


def check(ctx: CommandContext, tx: Transaction, office: Office, plan: VisitPlan, *, actor: Actor, walk_in: WalkIn, lang: str) -> str | None:
    """Refuse a ticket outside the hours or past closing; the refusal's code when staff override it, else None."""
    if walk_in.override and not actor.is_staff:
        raise AccessDenied("only staff may issue a ticket outside the office's hours")
    try:
        _refuse(ctx, tx, office, plan, walk_in=walk_in, lang=lang)
    except DomainError as refused:
        if walk_in.override and refused.code in (opening_hours.OfficeClosed.code, opening_hours.ServiceClosed.code, opening_hours.NotToday.code):
            return refused.code
        raise
    return None


def _refuse(ctx: CommandContext, tx: Transaction, office: Office, plan: VisitPlan, *, walk_in: WalkIn, lang: str) -> None:
    services = _services(ctx, plan)
    opening_hours.refuse_when_closed(office, services, tx.now)
    closing = opening_hours.first_closing(office, services, tx.now)
    if closing is None:  # open round the clock: no estimate needs reading
        return
    first = plan.steps[0].service
    figures = wait_for_new_ticket(ctx, tx.connection, office, first)
    if figures["estimated_wait"] is None:  # no desk open: the ticket is issued, and says so (`no_desk_open`)
        return
    visit = figures["estimated_wait"] + steps_time(ctx, tx.connection, office, [step.service for step in plan.steps])
    if tx.now + visit <= closing:
        return
    raise opening_hours.NotToday(
        f"the wait and the service would end after {office.code} closes at {timestamp(closing)}; the service cannot be given today",
        office=office.code,
        service=first,
        closes_at=timestamp(closing),
        offers=elsewhere.offers(ctx, tx.connection, office, first, lang, walk_in.book),
    )


def audit_override(tx: Transaction, actor: Actor, office: Office, ticket_id: int, number: str, refused: str) -> None:
    """The ticket a member of staff issued although the hours refused it: who, which, and why it was refused."""
    tx.audit(
        actor,
        "issue_override",
        office=office.code,
        ticket=ticket_id,
        ticket_number=number,
        details={"reason": OVERRIDE_REASON, "refused": refused},
    )

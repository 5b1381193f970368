"""Daily caps and the stop-issuing cut-off: the check in the issuing transaction, a supervisor's change, the turned away.

`check_caps` runs inside `issuing.issue_in`, under the office lock, so the
count it reads cannot move before the ticket is saved: concurrent taps never
overfill a cap. A refusal rolls that transaction back, so the visitor turned
away is counted after it, in a short transaction of its own
(`record_turned_away`, generic in its reason so other refusals can be counted
the same way).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..domain import caps as rules
from ..domain import numbering
from ..domain.caps import CapRefusal, LiveCap
from ..domain.errors import AccessDenied, InvalidRequest, NotFound
from ..domain.model import OfficeCode, ServiceCode
from ..domain.opening_hours import NotToday
from ..domain.tickets import Ticket
from ..domain.visits import VisitPlan
from ..reads import elsewhere
from ..reads.caps import caps_now
from ..store import caps as store
from .context import Actor, CommandContext, Transaction

MOST_DAILY = 10_000
MOST_HOURLY = 1_000


def check_caps(
    ctx: CommandContext,
    tx: Transaction,
    office: OfficeCode,
    plan: VisitPlan,
    *,
    actor: Actor,
    priority: str | None,
    override: bool,
    lang: str = "uk",
    book: str = elsewhere.BOOK_PATH,
) -> CapRefusal | None:
    """Refuse the visit (raise `CapRefusal`) when a cap or the cut-off stops any of its steps.

    The refusal offers what the visitor can do instead (`details.offers`,
    as a refusal by the hours does): a booking, and the quietest other office
    open now that gives the service. With `override` (staff only) the ticket
    is issued anyway and the refusal it overrode is returned, for
    `audit_override` to record once the ticket exists. An exempt priority
    visitor is never refused.
    """
    conn = tx.connection
    timezone = ctx.office(office).timezone
    day = numbering.office_day(tx.now, timezone)
    capped = caps_now(ctx, conn, office, day)
    steps = [step.service for step in plan.steps]
    if not any(service in capped for service in steps):
        return None
    issued = store.issued_counts(conn, office, day, rules.hour_of(tx.now, timezone))
    exempt = priority is not None and priority in ctx.network.caps.exempt_priorities
    refusal = rules.decide_visit(ctx.office(office), steps, capped, issued, tx.now, exempt=exempt)
    if refusal is None:
        return None
    if not override:
        refusal.details["offers"] = elsewhere.offers(ctx, conn, ctx.office(office), ServiceCode(refusal.service), lang, book)
        raise refusal
    if not actor.is_staff:
        raise AccessDenied("only staff may issue a ticket past a daily cap or the stop-issuing time", field="override")
    return refusal


def audit_override(tx: Transaction, actor: Actor, ticket: Ticket, overridden: CapRefusal | None) -> None:
    """The audit entry of a ticket issued past a cap: who, which ticket, which cap."""
    if overridden is not None:
        tx.audit(
            actor,
            "cap_override",
            office=ticket.office,
            ticket=ticket.id,
            ticket_number=ticket.number,
            details={"reason": overridden.reason.value, **{k: v for k, v in overridden.details.items() if k != "office"}},
        )


@contextmanager
def counting_refusals(ctx: CommandContext, office: str) -> Iterator[None]:
    """Count a visitor turned away by a cap, the cut-off or a wait past closing, after the refused transaction has rolled back.

    A ticket refused because the office is closed is not counted: nobody
    queues at a closed office, and a kiosk left on at night is no demand.
    """
    try:
        yield
    except CapRefusal as refusal:
        record_turned_away(ctx, office, refusal.service, refusal.reason.value)
        raise
    except NotToday as refusal:
        record_turned_away(ctx, office, str(refusal.details["service"]), NotToday.code)
        raise


def record_turned_away(ctx: CommandContext, office: str, service: str, reason: str) -> None:
    """Count one visitor refused a ticket (`reason`: sold_out, stop_issuing, or any other refusal worth counting).

    Its own short transaction, without the office lock: it writes one row
    of its own table and nothing of the queue, so it never waits for a desk.
    """
    found = ctx.office(office)
    with ctx.transaction() as tx:
        store.add_turned_away(tx.connection, found.code, service, numbering.office_day(tx.now, found.timezone), reason, tx.now)


def change_cap(
    ctx: CommandContext,
    office_code: str,
    service: str,
    *,
    daily: int | None,
    hourly: int | None,
    actor: Actor,
) -> LiveCap:
    """A supervisor's caps of today for a service at the office (None: no such cap today); audited.

    They hold until the office's day ends; the stop-issuing time stays as
    configured. Lowering a cap below what is already issued stops issuing
    at once; the tickets given keep their place.
    """
    office = ctx.office(office_code)
    code = _offered(ctx, office.code, service)
    for value, name, most in ((daily, "daily_cap", MOST_DAILY), (hourly, "hourly_cap", MOST_HOURLY)):
        if value is not None and not 0 <= value <= most:
            raise InvalidRequest(f"{name} must be from 0 to {most}, or null for no cap", field=name)
    cap = LiveCap(daily, hourly)
    with ctx.transaction(office=office.code) as tx:
        day = numbering.office_day(tx.now, office.timezone)
        before = rules.effective(ctx.network.caps.of(office.code, code), store.live_caps(tx.connection, office.code, day).get(code))
        store.set_live_cap(tx.connection, office.code, code, day, cap, by=actor.name, at=tx.now)
        tx.audit(
            actor,
            "cap_change",
            office=office.code,
            details={"service": code, "day": day.isoformat(), "daily_cap": daily, "hourly_cap": hourly,
                     "before": {"daily_cap": before.daily, "hourly_cap": before.hourly}},
        )  # fmt: skip
    return cap


def restore_cap(ctx: CommandContext, office_code: str, service: str, *, actor: Actor) -> None:
    """The configured caps hold again for the rest of the day; audited."""
    office = ctx.office(office_code)
    code = _offered(ctx, office.code, service)
    with ctx.transaction(office=office.code) as tx:
        day = numbering.office_day(tx.now, office.timezone)
        if not store.drop_live_cap(tx.connection, office.code, code, day):
            raise NotFound(f"service {code} has no cap changed today at this office", service=code)
        tx.audit(actor, "cap_restore", office=office.code, details={"service": code, "day": day.isoformat()})


def _offered(ctx: CommandContext, office: OfficeCode, service: str) -> ServiceCode:
    code = ServiceCode(service)
    if code not in ctx.office(office).services or ctx.network.services[code].package:
        raise NotFound(f"the office gives no service {service!r} (a package's caps are its services')", service=service)
    return code

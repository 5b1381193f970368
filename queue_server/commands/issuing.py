"""Issuing a ticket: the kiosk's (or a staff member's) one command."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..domain import air_raid, estimates, numbering, paper_roll
from ..domain.errors import InvalidRequest
from ..domain.events import TicketIssued
from ..domain.model import OfficeCode, ServiceCode, TicketId
from ..domain.paper_roll import PaperIssue
from ..domain.tickets import Ticket, TicketStatus
from ..domain.views import TicketView
from ..domain.visits import VisitPlan, plan_visit
from ..reads import elsewhere
from ..reads.waits import visit_left, wait_figures
from ..store import air_raids as air_raid_store
from ..store import paper_rolls as paper_store
from ..store import printing as print_store
from ..store import tickets as ticket_store
from . import caps, opening_rules
from .context import Actor, ActorKind, CommandContext, DeviceKind, Transaction
from .opening_rules import WalkIn
from .printing import add_job

LANGUAGES = ("uk", "en")


@dataclass(frozen=True)
class IssuedTicket:
    ticket: Ticket
    position: int
    estimated_wait_minutes: int | None  # None: no desk open for the service, the wait is unknown
    replayed: bool
    print_job: int | None = None
    estimate: str = estimates.ESTIMATED  # or estimates.NO_DESK_OPEN
    visit_minutes: int | None = None  # the least time until the visit is over (see reads.waits.visit_left)


@dataclass(frozen=True)
class PrintRequest:
    """Print the ticket at this kiosk; `status_url` makes the QR's address from the token."""

    kiosk: str
    status_url: Callable[[str], str]


class RemoteStep(Protocol):
    """A remote ticket's own part of the issuing transaction (commands/remote_tickets.py).

    `before` may refuse (raising) under the office lock, before anything is
    written; `after` keeps the remote ticket's facts beside the new ticket.
    """

    def before(self, tx: Transaction, day: dt.date) -> None: ...

    def after(self, tx: Transaction, ticket: Ticket, day: dt.date) -> None: ...


def _plan(ctx: CommandContext, office_code: str, services: str | Sequence[str]) -> VisitPlan:
    chosen = [services] if isinstance(services, str) else list(services)
    return plan_visit(ctx.office(office_code), ctx.network.services, chosen, most_chosen=ctx.network.rules.max_services)


def _check(ctx: CommandContext, priority: str | None, lang: str) -> None:
    if priority is not None:
        category = ctx.network.priorities.get(priority)
        if category is None or not category.enabled:
            known = sorted(code for code, c in ctx.network.priorities.items() if c.enabled)
            raise InvalidRequest(
                f"unknown priority category {priority!r}; known: {', '.join(known)}",
                field="priority",
            )
    if lang not in LANGUAGES:
        raise InvalidRequest(f"lang must be one of {', '.join(LANGUAGES)}", field="lang")


def issue_ticket(
    ctx: CommandContext,
    office_code: str,
    service: str | Sequence[str],
    *,
    actor: Actor,
    priority: str | None = None,
    lang: str = "uk",
    idempotency_key: str | None = None,
    print_at: PrintRequest | None = None,
    remote: RemoteStep | None = None,
    walk_in: WalkIn = WalkIn(),
) -> IssuedTicket:
    """Give a visitor a place in the queue; a repeated key returns the same ticket.

    `service` is one service (or package) code, or several in the order the
    visitor goes through them: one ticket for the whole visit. With `print_at`, a print job for the kiosk's agent is made in the same
    transaction, so a ticket is never printed that was not saved first.
    The office's hours govern a walk-in (`walk_in`, commands/opening_rules.py);
    a remote ticket has rules of its own. The daily caps hold for both
    (commands/caps.py); `walk_in.override` lets staff past the hours and the
    caps alike, audited. A visitor refused by a cap or a wait past closing
    is counted as turned away once the refused transaction has rolled back.
    """
    plan = _plan(ctx, office_code, service)
    _check(ctx, priority, lang)
    office = ctx.office(office_code)
    with caps.counting_refusals(ctx, office.code), ctx.transaction(office=office.code) as tx:  # a repeated tap waits here
        if idempotency_key is not None:
            earlier = ticket_store.by_idempotency_key(tx.connection, office.code, actor.ref, idempotency_key)
            if earlier is not None:
                job = print_store.by_ticket(tx.connection, earlier.id)
                return replace(_issued(ctx, tx.connection, earlier, replayed=True), print_job=job.id if job else None)
        return issue_in(
            ctx,
            tx,
            office.code,
            plan,
            actor=actor,
            priority=priority,
            lang=lang,
            idempotency_key=idempotency_key,
            print_at=print_at,
            remote=remote,
            walk_in=walk_in if remote is None else None,
            override=walk_in.override,
        )


def issue_in(
    ctx: CommandContext,
    tx: Transaction,
    office: OfficeCode,
    visit: ServiceCode | VisitPlan,
    *,
    actor: Actor,
    priority: str | None = None,
    lang: str = "uk",
    idempotency_key: str | None = None,
    print_at: PrintRequest | None = None,
    appointment_at: dt.datetime | None = None,
    remote: RemoteStep | None = None,
    paper: PaperIssue | None = None,
    walk_in: WalkIn | None = None,
    override: bool = False,
) -> IssuedTicket:
    """Issue a ticket inside a transaction that holds the office's lock: the one path every ticket takes.

    A check-in (commands/booking.py) issues through here in its own
    transaction, with `appointment_at` set when the visitor came in time, so
    the policy calls the ticket as the appointment due; a remote ticket
    (commands/remote_tickets.py) brings its own checks before and its record
    after (`remote`); a walk-in's (`walk_in`) are the office's hours. A paper-roll
    number typed at a desk (commands/paper_roll.py) keeps its own number and
    estimated issue time (`paper`). A daily cap or the stop-issuing time
    refuses it (commands/caps.py) unless staff `override` it, audited; a
    visitor checking in for a booking in time, or holding a paper number
    already handed out, is never refused by a cap.
    """
    conn = tx.connection
    air_raid.refuse_during(air_raid_store.current(conn, office), "issue a ticket")
    paper_roll.refuse_kiosk(paper_store.current(conn, office), by_kiosk=_is_kiosk(actor))
    plan = visit if isinstance(visit, VisitPlan) else _plan(ctx, office, [visit])
    hours_overridden = opening_rules.check(ctx, tx, ctx.office(office), plan, actor=actor, walk_in=walk_in, lang=lang) if walk_in else None
    cap_overridden = None if appointment_at or paper else caps.check_caps(
        ctx, tx, office, plan, actor=actor, priority=priority, override=override, lang=lang, book=walk_in.book if walk_in else elsewhere.BOOK_PATH
    )
    catalogue_entry = plan.numbered_by
    timezone = ctx.office(office).timezone
    day = numbering.office_day(tx.now, timezone)
    if remote is not None:
        remote.before(tx, day)
    prefix = paper.paper.prefix if paper else catalogue_entry.prefix
    sequence = paper.paper.sequence if paper else ticket_store.next_sequence(conn, office, day, prefix)
    draft = Ticket(
        id=TicketId(0),
        office=office,
        token=secrets.token_urlsafe(16),
        number=paper.paper.number if paper else numbering.format_number(prefix, sequence),
        service=plan.steps[0].service,
        status=TicketStatus.WAITING,
        issued_at=paper.issued_at if paper else tx.now,
        priority=priority,
        lang=lang,
        appointment_at=appointment_at,
        remote=remote is not None,
        steps=plan.steps,
        package=plan.package,
        paper=paper is not None,
        issued_at_estimated=paper is not None,
    )
    ticket = ticket_store.insert(
        conn,
        draft,
        day=day,
        prefix=prefix,
        sequence=sequence,
        issued_by=actor.ref,
        idempotency_key=idempotency_key,
    )
    if remote is not None:
        remote.after(tx, ticket, day)
    if hours_overridden is not None:
        opening_rules.audit_override(tx, actor, ctx.office(office), ticket.id, ticket.number, hours_overridden)
    caps.audit_override(tx, actor, ticket, cap_overridden)
    tx.emit(office, TicketIssued(TicketView.of(ticket)))
    tx.audit(  # a kiosk's tickets are the public's own: not audited (`context.is_audited`)
        actor,
        "issue",
        office=office,
        ticket=ticket.id,
        ticket_number=ticket.number,
        details=_issue_details(ticket),
    )
    issued = _issued(ctx, conn, ticket, replayed=False)
    if print_at is None:
        return issued
    payload = ticket_print_payload(ctx, issued, print_at.status_url(ticket.token))
    job = add_job(tx, office, print_at.kiosk, ticket.id, payload)
    return replace(issued, print_job=job.id)


def _is_kiosk(actor: Actor) -> bool:
    return actor.kind is ActorKind.DEVICE and actor.role is DeviceKind.KIOSK


def _issue_details(ticket: Ticket) -> dict[str, Any]:
    details: dict[str, Any] = {"service": ticket.service, "priority": ticket.priority}
    if ticket.paper:
        details.update(paper=True, issued_at_estimated=ticket.issued_at.isoformat())
    if len(ticket.steps) > 1 or ticket.package:
        details.update(services=[step.service for step in ticket.steps], package=ticket.package)
    return details


def ticket_print_payload(ctx: CommandContext, issued: IssuedTicket, status_url: str) -> dict[str, Any]:
    """What the printed ticket says, in the ticket's language (no personal data); a visit of several steps lists them."""
    ticket = issued.ticket
    office = ctx.office(ticket.office)
    priority = ctx.network.priorities.get(ticket.priority) if ticket.priority else None
    local = ticket.issued_at.astimezone(ZoneInfo(office.timezone))
    services = ctx.network.services
    visit: dict[str, Any] = {}
    if len(ticket.steps) > 1:  # one service's job stays as it was, for every agent (protocol.VISIT_FIELDS)
        visit["steps"] = tuple(services[step.service].name.get(ticket.lang) for step in ticket.steps)
        visit["package"] = services[ticket.package].name.get(ticket.lang) if ticket.package else None
    return {
        "ticket_id": ticket.id,
        "office": office.name.get(ticket.lang),
        "number": ticket.number,
        "service": ctx.network.services[ticket.service].name.get(ticket.lang),
        "issued_at": local.strftime("%d.%m.%Y %H:%M"),
        "people_ahead": max(issued.position - 1, 0),
        "estimated_wait_minutes": issued.estimated_wait_minutes,  # None: the paper says no desk is open
        "status_url": status_url,
        "lang": ticket.lang,
        "priority": priority.name.get(ticket.lang) if priority else None,
        **visit,
    }


def _issued(ctx: CommandContext, conn: sa.Connection, ticket: Ticket, *, replayed: bool) -> IssuedTicket:
    figures: dict[str, Any] = wait_figures(ctx, conn, ticket)
    left = visit_left(ctx, conn, ticket, figures)
    return IssuedTicket(
        ticket=ticket,
        position=figures["position"] or 0,
        estimated_wait_minutes=estimates.minutes(figures["estimated_wait"]),
        replayed=replayed,
        estimate=figures["estimate"],
        visit_minutes=estimates.minutes(left),
    )

"""Issuing a ticket: the kiosk's (or a staff member's) one command."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..domain import estimates, numbering
from ..domain.errors import InvalidRequest, NotFound
from ..domain.events import TicketIssued, ticket_view
from ..domain.model import OfficeCode, ServiceCode, TicketId
from ..domain.tickets import Ticket, TicketStatus
from ..store import tickets as ticket_store
from ..store.outbox import lock_office
from .context import Actor, CommandContext
from .waits import wait_figures

LANGUAGES = ("uk", "en")


@dataclass(frozen=True)
class IssuedTicket:
    ticket: Ticket
    position: int
    estimated_wait_minutes: int
    replayed: bool


def _check(ctx: CommandContext, office_code: str, service: str, priority: str | None, lang: str) -> None:
    office = ctx.office(office_code)
    if ServiceCode(service) not in office.services:
        raise NotFound(f"office {office.code} does not offer service {service!r}", service=service)
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
    service: str,
    *,
    actor: Actor,
    priority: str | None = None,
    lang: str = "uk",
    idempotency_key: str | None = None,
) -> IssuedTicket:
    """Give a visitor a place in the queue; a repeated key returns the same ticket."""
    _check(ctx, office_code, service, priority, lang)
    office = ctx.office(office_code)
    with ctx.transaction() as tx:
        conn = tx.connection
        lock_office(conn, office.code)  # first: a repeated tap waits here for the first one
        if idempotency_key is not None:
            earlier = ticket_store.by_idempotency_key(conn, office.code, actor.ref, idempotency_key)
            if earlier is not None:
                return _issued(ctx, conn, earlier, replayed=True)
        catalogue_entry = ctx.network.services[ServiceCode(service)]
        day = numbering.office_day(tx.now, office.timezone)
        sequence = ticket_store.next_sequence(conn, office.code, day, catalogue_entry.prefix)
        draft = Ticket(
            id=TicketId(0),
            office=OfficeCode(office.code),
            token=secrets.token_urlsafe(16),
            number=numbering.format_number(catalogue_entry.prefix, sequence),
            service=catalogue_entry.code,
            status=TicketStatus.WAITING,
            issued_at=tx.now,
            priority=priority,
            lang=lang,
        )
        ticket = ticket_store.insert(
            conn,
            draft,
            day=day,
            prefix=catalogue_entry.prefix,
            sequence=sequence,
            issued_by=actor.ref,
            idempotency_key=idempotency_key,
        )
        tx.emit(office.code, TicketIssued(ticket_view(ticket)))
        return _issued(ctx, conn, ticket, replayed=False)


def _issued(ctx: CommandContext, conn: sa.Connection, ticket: Ticket, *, replayed: bool) -> IssuedTicket:
    figures: dict[str, Any] = wait_figures(ctx, conn, ticket)
    return IssuedTicket(
        ticket=ticket,
        position=figures["position"] or 0,
        estimated_wait_minutes=estimates.minutes(figures["estimated_wait"]),
        replayed=replayed,
    )

"""Reads for clients: the office snapshot, a ticket's status, events since a seq.

They run in read-only transactions, so a snapshot and its `seq` always
belong together and never wait for a writer.
"""

from __future__ import annotations

from typing import Any

from ..domain import estimates
from ..domain.errors import NotFound
from ..domain.events import timestamp
from ..domain.model import OfficeCode, ServiceCode
from ..domain.projection import build_snapshot
from ..domain.tickets import AT_DESK_STATUSES, TicketStatus
from ..store import desks as desk_store
from ..store import outbox
from ..store import ratings as rating_store
from ..store import tickets as ticket_store
from .context import CommandContext
from .waits import wait_figures, wait_for_new_ticket


def office_snapshot(ctx: CommandContext, office_code: str) -> dict[str, Any]:
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        seq = outbox.current_seq(conn, office.code)
        return build_snapshot(
            office, seq, ticket_store.live(conn, office.code), desk_store.for_office(conn, office.code)
        )


def events_since(
    ctx: CommandContext, office_code: str, after: int, limit: int
) -> list[dict[str, Any]] | None:
    """The events after `after`, or None when they are no longer all kept (send a snapshot)."""
    office = ctx.office(office_code)
    with ctx.reading() as conn:
        current = outbox.current_seq(conn, office.code)
        if after > current or current - after > limit:
            return None
        if after == current:
            return []
        oldest = outbox.oldest_kept(conn, office.code)
        if oldest is None or oldest > after + 1:
            return None
        return outbox.since(conn, office.code, after, limit)


def current_seq(ctx: CommandContext, office_code: OfficeCode) -> int:
    with ctx.reading() as conn:
        return outbox.current_seq(conn, office_code)


def ticket_status(ctx: CommandContext, token: str) -> dict[str, Any]:
    """What the visitor's page shows: no personal data, only the ticket and the queue."""
    with ctx.reading() as conn:
        ticket = ticket_store.by_token(conn, token)
        if ticket is None:
            raise NotFound("no such ticket")
        figures = wait_figures(ctx, conn, ticket)
        rated = rating_store.exists(conn, ticket.id)
    office = ctx.office(ticket.office)
    service = ctx.network.services[ticket.service]
    at_desk = ticket.status in AT_DESK_STATUSES and ticket.desk is not None
    desk = ctx.network.desk(ticket.desk) if at_desk and ticket.desk else None
    return {
        "number": ticket.number,
        "status": ticket.status.value,
        "held": ticket.held_by is not None,
        "position": figures["position"],
        "people_ahead": figures["people_ahead"],
        "estimated_wait_minutes": estimates.minutes(figures["estimated_wait"]),
        "office": office.code,
        "office_name": office.name.get(ticket.lang),
        "service": service.code,
        "service_name": service.name.get(ticket.lang),
        "desk": desk.id if desk else None,
        "desk_number": desk.number if desk else None,
        "desk_name": desk.name.get(ticket.lang) if desk else None,
        "issued_at": timestamp(ticket.issued_at),
        "called_at": timestamp(ticket.called_at),
        "lang": ticket.lang,
        "id": ticket.id,
        "rated": rated,
        "can_rate": ticket.status is TicketStatus.DONE and not rated,
    }


LONG_WAIT_FACTOR = 1.0


def service_wait(ctx: CommandContext, office_code: str, service_code: str) -> dict[str, Any]:
    """The wait a visitor would face if they took a ticket for this service now."""
    office = ctx.office(office_code)
    service = ctx.network.services.get(ServiceCode(service_code))
    if service is None or service.code not in office.services:
        raise NotFound(f"office {office.code} does not offer service {service_code!r}", service=service_code)
    with ctx.reading() as conn:
        figures = wait_for_new_ticket(ctx, conn, office, service.code)
    wait = figures["estimated_wait"]
    return {
        "service": service.code,
        "people_ahead": figures["people_ahead"],
        "estimated_wait_minutes": estimates.minutes(wait),
        "open_desks": figures["open_desks"],
        "target_wait_minutes": estimates.minutes(service.target_wait),
        "long": wait > service.target_wait * LONG_WAIT_FACTOR,
    }

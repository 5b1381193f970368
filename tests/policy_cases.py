"""Tickets, services and a desk for the call-next policy's tests, built the same way in each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from queue_server.domain.model import (
    CategoryCode,
    DeskId,
    DeskProfile,
    LocalizedText,
    OfficeCode,
    QueueRules,
    Service,
    ServiceCode,
    TicketId,
)
from queue_server.domain.policy import choose_next
from queue_server.domain.tickets import Ticket, TicketStatus

T0 = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
NOW = T0 + 60 * MINUTE
DESK = DeskId("alpha-1")
OTHER = DeskId("alpha-2")
PASSPORT, RESIDENCE, SOCIAL = ServiceCode("passport"), ServiceCode("residence"), ServiceCode("social")


def service(code: ServiceCode, target_minutes: int) -> Service:
    return Service(
        code=code,
        name=LocalizedText(code, code),
        category=CategoryCode("docs"),
        prefix=code[0].upper(),
        target_wait=target_minutes * MINUTE,
        typical_duration=10 * MINUTE,
    )


SERVICES = {PASSPORT: service(PASSPORT, 20), RESIDENCE: service(RESIDENCE, 20), SOCIAL: service(SOCIAL, 40)}
BOTH = DeskProfile("both", {PASSPORT: 1.0, RESIDENCE: 1.0})
NO_ESCALATION = QueueRules(priority_share=0.5, priority_window=10, escalation_factor=0.0)

_next_id = iter(range(1000, 10**6))


def at(minutes: float) -> dt.datetime:
    return T0 + minutes * MINUTE


def ticket(
    service_code: ServiceCode = PASSPORT,
    issued: float = 0,
    *,
    ticket_id: int | None = None,
    status: TicketStatus = TicketStatus.WAITING,
    priority: str | None = None,
    target_desk: DeskId | None = None,
    held_by: DeskId | None = None,
    appointment_at: dt.datetime | None = None,
) -> Ticket:
    new_id = ticket_id if ticket_id is not None else next(_next_id)
    return Ticket(
        id=TicketId(new_id),
        office=OfficeCode("alpha"),
        token=f"token-{new_id}",
        number=f"{service_code[0].upper()}{new_id:03d}",
        service=service_code,
        status=status,
        issued_at=at(issued),
        priority=priority,
        target_desk=target_desk,
        held_by=held_by,
        appointment_at=appointment_at,
    )


def choose(
    waiting: Sequence[Ticket],
    *,
    profile: DeskProfile = BOTH,
    rules: QueueRules = NO_ESCALATION,
    recent: Sequence[bool] = (),
    now: dt.datetime = NOW,
    desk: DeskId = DESK,
) -> Ticket | None:
    return choose_next(profile, waiting, now, desk=desk, services=SERVICES, rules=rules, recent_calls=recent)

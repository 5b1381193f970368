"""The visitor's ticket: what the kiosk hears when it issues one, what the ticket's page shows, the rating.

No personal data and nothing staff-only: the number, the service, the
place in the queue and, once called, the desk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.model import Office, Service
from ..domain.tickets import Ticket, TicketStatus
from ..domain.views import JSON, render
from .fields import ESTIMATE_BASES, ESTIMATE_DOC, LANGUAGES, meta

PRINT_SENT = "sent"
PRINT_NO_AGENT = "no_agent"


@dataclass(frozen=True)
class PrintOutlook:
    """`sent` to the kiosk's agent, or `no_agent` when none is connected (the kiosk shows the QR code)."""

    status: str = field(metadata=meta(values=(PRINT_SENT, PRINT_NO_AGENT)))


@dataclass(frozen=True)
class IssuedTicketView:
    """The answer to issuing a ticket: the kiosk prints or shows it, the visitor keeps the token."""

    token: str
    number: str
    status_url: str
    position: int
    people_ahead: int
    estimated_wait_minutes: int | None
    estimate: str = field(metadata=meta(ESTIMATE_DOC, values=ESTIMATE_BASES))
    office: str
    office_name: str
    service: str
    service_name: str
    priority: str | None
    lang: str = field(metadata=meta(values=LANGUAGES))
    issued_at: dt.datetime
    id: int
    print_job: int | None = field(metadata=meta("the print job a kiosk's agent prints, when printed"))
    print: PrintOutlook | None = field(
        metadata=meta("no_agent: the kiosk's print agent is not connected, nothing will print now (the kiosk shows the QR code)")
    )

    @classmethod
    def of(
        cls,
        ticket: Ticket,
        office: Office,
        service: Service,
        *,
        status_url: str,
        position: int,
        estimated_wait_minutes: int | None,
        estimate: str,
        print_job: int | None,
        printing: PrintOutlook | None,
    ) -> IssuedTicketView:
        return cls(
            token=ticket.token,
            number=ticket.number,
            status_url=status_url,
            position=position,
            people_ahead=max(position - 1, 0),
            estimated_wait_minutes=estimated_wait_minutes,
            estimate=estimate,
            office=office.code,
            office_name=office.name.get(ticket.lang),
            service=service.code,
            service_name=service.name.get(ticket.lang),
            priority=ticket.priority,
            lang=ticket.lang,
            issued_at=ticket.issued_at,
            id=ticket.id,
            print_job=print_job,
            print=printing,
        )


@dataclass(frozen=True)
class TicketStatusView:
    """What the ticket's page (the QR code's address) shows."""

    number: str
    status: TicketStatus
    held: bool
    position: int | None
    people_ahead: int
    estimated_wait_minutes: int | None
    estimate: str = field(metadata=meta(ESTIMATE_DOC, values=ESTIMATE_BASES))
    office: str
    office_name: str
    service: str
    service_name: str
    desk: str | None
    desk_number: int | None
    desk_name: str | None
    issued_at: dt.datetime
    called_at: dt.datetime | None
    lang: str = field(metadata=meta(values=LANGUAGES))
    id: int
    rated: bool
    can_rate: bool


@dataclass(frozen=True)
class RatedView:
    """The answer to a rating."""

    number: str
    score: int = field(metadata=meta(minimum=1, maximum=5))
    rated: bool


def issued_json(view: IssuedTicketView) -> JSON:
    return render(view)


def ticket_status_json(view: TicketStatusView) -> JSON:
    return render(view)


def rated_json(view: RatedView) -> JSON:
    return render(view)

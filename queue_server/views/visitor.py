"""The visitor's ticket: what the kiosk hears when it issues one, what the ticket's page shows, the rating.

No personal data and nothing staff-only: the number, the service, the
place in the queue and, once called, the desk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.model import Network, Office, Service
from ..domain.tickets import StepStatus, Ticket, TicketStatus
from ..domain.views import JSON, render
from ..domain.visit_steps import shown_steps
from .fields import ESTIMATE_BASES, ESTIMATE_DOC, LANGUAGES, meta

PRINT_SENT = "sent"
PRINT_NO_AGENT = "no_agent"


@dataclass(frozen=True)
class VisitStepView:
    """One step of the visit as the visitor sees it: «Крок 2 з 3: …, вікно 17»."""

    service: str
    service_name: str
    status: StepStatus
    desk: str | None = field(metadata=meta("the desk the step is or was at"))
    desk_number: int | None
    desk_name: str | None

    @classmethod
    def all_of(cls, ticket: Ticket, network: Network) -> tuple[VisitStepView, ...]:
        found = []
        for step in shown_steps(ticket):
            desk = network.desk(step.desk) if step.desk else None
            found.append(
                cls(
                    service=step.service,
                    service_name=network.services[step.service].name.get(ticket.lang),
                    status=step.status,
                    desk=desk.id if desk else None,
                    desk_number=desk.number if desk else None,
                    desk_name=desk.name.get(ticket.lang) if desk else None,
                )
            )
        return tuple(found)


def package_name(ticket: Ticket, network: Network) -> str | None:
    return network.services[ticket.package].name.get(ticket.lang) if ticket.package else None


VISIT_DOC = "the least time until the visit is over: the wait for this step and the service time of every step still to go"


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
    steps: tuple[VisitStepView, ...] = field(metadata=meta("the visit's services in order (one for most tickets)"))
    step: int = field(metadata=meta("the index of the current step in `steps`"))
    package: str | None = field(metadata=meta("the life-situation package the visit was issued for"))
    package_name: str | None
    visit_minutes: int | None = field(metadata=meta(VISIT_DOC))

    @classmethod
    def of(
        cls,
        ticket: Ticket,
        office: Office,
        service: Service,
        *,
        network: Network,
        visit_minutes: int | None,
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
            steps=VisitStepView.all_of(ticket, network),
            step=ticket.step,
            package=ticket.package,
            package_name=package_name(ticket, network),
            visit_minutes=visit_minutes,
        )


ARRIVAL_NOT_CONFIRMED = "not_confirmed"
ARRIVAL_CONFIRMED = "confirmed"


def arrival_of(ticket: Ticket) -> str | None:
    """A remote ticket's arrival as the answers spell it; None for a ticket taken at the office."""
    if not ticket.remote:
        return None
    return ARRIVAL_NOT_CONFIRMED if ticket.arrived_at is None else ARRIVAL_CONFIRMED


@dataclass(frozen=True)
class RemoteIssuedTicketView(IssuedTicketView):
    """The answer to a remote ticket: the issued ticket, marked remote, with the code to confirm arrival."""

    remote: bool
    arrival: str = field(metadata=meta("not_confirmed until the kiosk or the door's QR code confirms it", values=(ARRIVAL_NOT_CONFIRMED, ARRIVAL_CONFIRMED)))
    code: str = field(metadata=meta("typed at the office's kiosk to confirm arrival"))

    @classmethod
    def remote_of(cls, issued: IssuedTicketView, ticket: Ticket, code: str) -> RemoteIssuedTicketView:
        base = {name: getattr(issued, name) for name in IssuedTicketView.__dataclass_fields__}
        return cls(**base, remote=True, arrival=arrival_of(ticket) or ARRIVAL_NOT_CONFIRMED, code=code)


@dataclass(frozen=True)
class ArrivalView:
    """The answer to a confirmed arrival: the ticket now waits to be called in its place."""

    number: str
    service: str
    arrival: str = field(metadata=meta(values=(ARRIVAL_CONFIRMED,)))


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
    remote: bool = field(default=False, metadata=meta("taken from a phone for today"))
    arrival: str | None = field(
        default=None, metadata=meta("a remote ticket's arrival: not_confirmed (desks pass it by) or confirmed", values=("not_confirmed", "confirmed"))
    )
    come_now: bool = field(default=False, metadata=meta("a remote ticket not yet at the office with its come_now_ahead or fewer ahead: time to go"))
    arrival_code: str | None = field(default=None, metadata=meta("a remote ticket's code to type at the kiosk, until its arrival is confirmed"))
    steps: tuple[VisitStepView, ...] = field(default=(), metadata=meta("the visit's services in order (one for most tickets)"))
    step: int = field(default=0, metadata=meta("the index of the current step in `steps`"))
    package: str | None = field(default=None, metadata=meta("the life-situation package the visit was issued for"))
    package_name: str | None = None
    visit_minutes: int | None = field(default=None, metadata=meta(VISIT_DOC))
    air_raid: bool = field(
        default=False, metadata=meta("the office is paused for an air-raid alert: nobody is called, the ticket keeps its place")
    )


@dataclass(frozen=True)
class RatedView:
    """The answer to a rating."""

    number: str
    score: int = field(metadata=meta(minimum=1, maximum=5))
    rated: bool
    recommend: int | None = field(default=None, metadata=meta("«would you recommend us», 0 to 10", minimum=0, maximum=10))
    reasons: tuple[str, ...] = field(default=(), metadata=meta("the reasons chosen (docs/survey.md)"))
    complaint: int | None = field(default=None, metadata=meta("the number the register gave the complaint asked for; null when none was filed"))


def issued_json(view: IssuedTicketView) -> JSON:
    return render(view)


def ticket_status_json(view: TicketStatusView) -> JSON:
    return render(view)


def rated_json(view: RatedView) -> JSON:
    return render(view)


def arrival_json(view: ArrivalView) -> JSON:
    return render(view)

"""The event catalogue: every change a client can hear about, and nothing else.

One frozen dataclass per event type, each with a docstring saying who reacts
to it (a test checks that each is documented in `docs/events.md`). Ticket
events carry the ticket's view after the change (its number, service, status
and desk), desk events the desk's view after the change: a client updates
its picture from the event alone, never by re-fetching.

Events are published on two streams of the same office with the same `seq`:
the staff stream gets everything; the public stream (hall boards, visitors'
phones) gets the same events with the `STAFF_ONLY_FIELDS` removed, so it
carries ticket numbers only, never a priority category, a note or a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from .desks import DeskState
from .model import Desk, DeskProfile, ServiceCode
from .tickets import Ticket

JSON = dict[str, Any]

STAFF_ONLY_FIELDS = frozenset(
    {"priority", "note", "operator", "score", "comment", "appointment_at", "weights"}
)


def timestamp(moment: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC: one spelling of time on every stream."""
    if moment is None:
        return None
    return moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def ticket_view(ticket: Ticket) -> JSON:
    """The ticket as streams and snapshots show it (staff form; see `public_view`)."""
    return {
        "id": ticket.id,
        "number": ticket.number,
        "service": ticket.service,
        "status": ticket.status.value,
        "desk": ticket.desk,
        "target_desk": ticket.target_desk,
        "held": ticket.held_by is not None,
        "issued_at": timestamp(ticket.issued_at),
        "called_at": timestamp(ticket.called_at),
        "started_at": timestamp(ticket.started_at),
        "recalls": ticket.recalls,
        "transfers": ticket.transfers,
        "priority": ticket.priority,
        "note": ticket.note,
        "appointment_at": timestamp(ticket.appointment_at),
    }


def desk_view(desk: Desk, state: DeskState, ticket_number: str | None) -> JSON:
    return {
        "id": desk.id,
        "number": desk.number,
        "name": desk.name.uk,
        "name_en": desk.name.en,
        "kind": desk.kind,
        "status": state.status.value,
        "ticket": ticket_number,
        "reason": state.reason,
        "operator": state.operator,
    }


def desk_services_view(offered: Sequence[ServiceCode], profile: DeskProfile, changed: bool) -> JSON:
    """What a desk serves today: `services` in the office's order, their `weights`
    (staff only), and `services_changed` when a supervisor's change replaces the
    configured profile. Snapshots carry it for every desk."""
    order = {code: index for index, code in enumerate(offered)}
    codes = sorted(
        (code for code in profile.weights if profile.serves(code)),
        key=lambda code: (order.get(code, len(order)), code),
    )
    return {
        "services": codes,
        "weights": {code: profile.weight(code) for code in codes},
        "services_changed": changed,
    }


def public_view(data: JSON) -> JSON:
    """Drop what the hall and the visitors' phones must not see."""
    return {key: value for key, value in data.items() if key not in STAFF_ONLY_FIELDS}


@dataclass(frozen=True)
class Event:
    """Base of the catalogue: `data` is the JSON payload clients receive."""

    type: ClassVar[str]
    data: JSON


class TicketEvent(Event):
    """An event about one ticket; `data` is `ticket_view` after the change."""


class DeskEvent(Event):
    """An event about one desk; `data` is `desk_view` after the change."""


@dataclass(frozen=True)
class TicketIssued(TicketEvent):
    """A kiosk or a staff member issued a ticket: consoles and dashboards add it to the queue."""

    type: ClassVar[str] = "ticket.issued"


@dataclass(frozen=True)
class TicketCalled(TicketEvent):
    """A desk called the ticket: boards show and announce it, the visitor's page says where to go."""

    type: ClassVar[str] = "ticket.called"


@dataclass(frozen=True)
class TicketRecalled(TicketEvent):
    """The desk called the same ticket again: boards announce it again and flash."""

    type: ClassVar[str] = "ticket.recalled"


@dataclass(frozen=True)
class TicketStarted(TicketEvent):
    """The visitor came to the desk: boards stop flashing it, dashboards count service time."""

    type: ClassVar[str] = "ticket.started"


@dataclass(frozen=True)
class TicketFinished(TicketEvent):
    """Service is over: boards drop the call, the visitor's page asks for a rating."""

    type: ClassVar[str] = "ticket.finished"


@dataclass(frozen=True)
class TicketNoShow(TicketEvent):
    """The visitor did not come (marked, or past the recall limit): boards drop the call."""

    type: ClassVar[str] = "ticket.no_show"


@dataclass(frozen=True)
class TicketTransferred(TicketEvent):
    """The ticket went on to another service or desk, keeping its place: it waits again."""

    type: ClassVar[str] = "ticket.transferred"


@dataclass(frozen=True)
class TicketHeld(TicketEvent):
    """The desk set the visitor aside; the desk is free, the ticket waits for that desk."""

    type: ClassVar[str] = "ticket.held"


@dataclass(frozen=True)
class TicketReturned(TicketEvent):
    """A held visitor is called back to the desk that held them: boards announce it."""

    type: ClassVar[str] = "ticket.returned"


@dataclass(frozen=True)
class TicketCancelled(TicketEvent):
    """The ticket was withdrawn before service: consoles and boards drop it."""

    type: ClassVar[str] = "ticket.cancelled"


@dataclass(frozen=True)
class TicketMoved(TicketEvent):
    """A supervisor sent a waiting ticket to another service or desk, keeping its place:
    consoles re-sort their queues (the visitor's page shows the new service)."""

    type: ClassVar[str] = "ticket.moved"


@dataclass(frozen=True)
class TicketRequeued(TicketEvent):
    """The desk the visitor was at (or held by) was closed by a supervisor: the ticket
    waits again in its place for any desk; boards drop the call."""

    type: ClassVar[str] = "ticket.requeued"


@dataclass(frozen=True)
class TicketRated(TicketEvent):
    """The visitor rated the service: dashboards update satisfaction (score is staff-only)."""

    type: ClassVar[str] = "ticket.rated"


@dataclass(frozen=True)
class DeskOpened(DeskEvent):
    """An administrator opened the desk: boards and dashboards show it working."""

    type: ClassVar[str] = "desk.opened"


@dataclass(frozen=True)
class DeskPaused(DeskEvent):
    """The desk went on a break (with a reason): desk displays say «перерва»."""

    type: ClassVar[str] = "desk.paused"


@dataclass(frozen=True)
class DeskResumed(DeskEvent):
    """The desk came back from a break."""

    type: ClassVar[str] = "desk.resumed"


@dataclass(frozen=True)
class DeskClosed(DeskEvent):
    """The desk closed: desk displays say «зачинено», the estimates count one desk fewer."""

    type: ClassVar[str] = "desk.closed"


@dataclass(frozen=True)
class DeskTakenOver(DeskEvent):
    """Another member of staff took over the open desk (its visitor and break with it):
    the console of the one who had it says so and stops working it; dashboards credit
    the new `operator`."""

    type: ClassVar[str] = "desk.taken_over"


@dataclass(frozen=True)
class DeskServicesChanged(DeskEvent):
    """A supervisor changed the services the desk serves today, or put its configured ones
    back (`desk_view` plus `services`, `weights`, `services_changed`): consoles and
    dashboards show what the desk now takes."""

    type: ClassVar[str] = "desk.services_changed"


@dataclass(frozen=True)
class PrinterStatusReported(Event):
    """A kiosk's print agent reported its printer (ready, paper low or out, cover open, offline):
    dashboards raise or clear an alert before visitors find an empty printer."""

    type: ClassVar[str] = "printer.status"


CATALOGUE: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (
        TicketIssued,
        TicketCalled,
        TicketRecalled,
        TicketStarted,
        TicketFinished,
        TicketNoShow,
        TicketTransferred,
        TicketHeld,
        TicketReturned,
        TicketCancelled,
        TicketMoved,
        TicketRequeued,
        TicketRated,
        DeskOpened,
        DeskPaused,
        DeskResumed,
        DeskClosed,
        DeskTakenOver,
        DeskServicesChanged,
        PrinterStatusReported,
    )
}

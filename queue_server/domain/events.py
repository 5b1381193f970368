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

from dataclasses import dataclass, field
from typing import ClassVar

from .views import JSON as JSON  # re-exported: the payloads' type
from .views import DeskView, TicketView
from .views import timestamp as timestamp  # re-exported: one spelling of time

STAFF_ONLY_FIELDS = frozenset(
    {"priority", "note", "operator", "score", "comment", "appointment_at", "weights"}
)


def public_view(data: JSON) -> JSON:
    """Drop what the hall and the visitors' phones must not see."""
    return {key: value for key, value in data.items() if key not in STAFF_ONLY_FIELDS}


@dataclass(frozen=True)
class Event:
    """Base of the catalogue: `data` is the JSON payload clients receive."""

    type: ClassVar[str]
    data: JSON


@dataclass(frozen=True)
class TicketEvent(Event):
    """An event about one ticket: it carries the ticket's `TicketView` after the change, `data` is its JSON."""

    data: JSON = field(init=False)
    ticket: TicketView

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", self.ticket.to_json())


@dataclass(frozen=True)
class DeskEvent(Event):
    """An event about one desk: it carries the desk's `DeskView` after the change, `data` is its JSON."""

    data: JSON = field(init=False)
    desk: DeskView

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", self.desk.to_json())


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
class TicketRouted(TicketEvent):
    """A step of a visit is done and steps remain: the ticket waits again, under the same number,
    for the next step's service (boards drop the call, the visitor's page shows the next step)."""

    type: ClassVar[str] = "ticket.routed"


@dataclass(frozen=True)
class TicketContinued(TicketEvent):
    """A step of a visit is done and the same desk goes on with the next one in the same sitting
    (no new call): consoles and the visitor's page show the next step."""

    type: ClassVar[str] = "ticket.continued"


@dataclass(frozen=True)
class TicketStepsChanged(TicketEvent):
    """The administrator skipped a later step of the visit («вже має довідку») or added one:
    consoles and the visitor's page show the new list of steps."""

    type: ClassVar[str] = "ticket.steps_changed"


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
class TicketArrived(TicketEvent):
    """The visitor of a remote ticket confirmed being at the office (kiosk or door QR):
    consoles drop its "not arrived" mark and desks may call it in its place."""

    type: ClassVar[str] = "ticket.arrived"


@dataclass(frozen=True)
class TicketRated(TicketEvent):
    """The visitor rated the service: dashboards update satisfaction (score is staff-only)."""

    type: ClassVar[str] = "ticket.rated"
    score: int = 0
    comment: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", {**self.ticket.to_json(), "score": self.score, "comment": self.comment})


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
    back (a `DeskWithServicesView`: the desk plus `services`, `weights`, `services_changed`): consoles and
    dashboards show what the desk now takes."""

    type: ClassVar[str] = "desk.services_changed"


@dataclass(frozen=True)
class PrinterStatusReported(Event):
    """A kiosk's print agent reported its printer (ready, paper low or out, cover open, offline):
    dashboards raise or clear an alert before visitors find an empty printer."""

    type: ClassVar[str] = "printer.status"


@dataclass(frozen=True)
class OfficeAirRaid(Event):
    """An air-raid alert began or ended at the office (`active`, `since`): kiosks stop issuing and show
    the way to the shelter, boards show and announce the shelter message, consoles cannot call;
    at the end everything resumes in the order it stopped."""

    type: ClassVar[str] = "office.air_raid"


@dataclass(frozen=True)
class OfficePaperMode(Event):
    """The office's kiosks were switched to paper tickets, or back (`active`, `since`; the same on both streams):
    kiosks show «Візьміть паперовий талон» instead of the menu and issue nothing; desks type the paper numbers."""

    type: ClassVar[str] = "office.paper_mode"


@dataclass(frozen=True)
class HelpRequested(Event):
    """A visitor at a kiosk asked for a member of staff to come («Покличте працівника до мене»; `id`, `kiosk`,
    `asked_at`): the supervisor's page and the desk consoles show the call until someone answers it."""

    type: ClassVar[str] = "office.help_requested"


@dataclass(frozen=True)
class HelpHandled(Event):
    """A member of staff said they are going to the kiosk (`handled_by`, `handled_at`): the call leaves every staff page."""

    type: ClassVar[str] = "office.help_handled"


CATALOGUE: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (
        TicketIssued,
        TicketCalled,
        TicketRecalled,
        TicketStarted,
        TicketFinished,
        TicketRouted,
        TicketContinued,
        TicketStepsChanged,
        TicketNoShow,
        TicketTransferred,
        TicketHeld,
        TicketReturned,
        TicketCancelled,
        TicketMoved,
        TicketRequeued,
        TicketArrived,
        TicketRated,
        DeskOpened,
        DeskPaused,
        DeskResumed,
        DeskClosed,
        DeskTakenOver,
        DeskServicesChanged,
        PrinterStatusReported,
        OfficeAirRaid,
        OfficePaperMode,
        HelpRequested,
        HelpHandled,
    )
}

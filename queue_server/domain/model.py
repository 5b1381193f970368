"""The entities of an office network, as the configuration describes them.

They are frozen: the network is read once from the configuration files and
shared by every request, so nothing may change it behind another's back.
Live state (tickets, desk states) lives in `tickets.py` and `desks.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, NewType

from .hours import OpeningHours
from .paper_roll import PaperRoll
from .programme import Programme
from .trips import Trip

if TYPE_CHECKING:  # boards.py builds on this module's types
    from .boards import Board

OfficeCode = NewType("OfficeCode", str)
ServiceCode = NewType("ServiceCode", str)
CategoryCode = NewType("CategoryCode", str)
DeskId = NewType("DeskId", str)
TicketId = NewType("TicketId", int)


@dataclass(frozen=True)
class LocalizedText:
    """A visible name: Ukrainian first (the office's language), English second."""

    uk: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.uk


class OfficeKind(StrEnum):
    MAIN = "main"
    TERRITORIAL = "territorial"
    PASSPORT = "passport"
    VETERANS = "veterans"
    MOBILE = "mobile"


@dataclass(frozen=True)
class PriorityCategory:
    """A kind of visitor served ahead of the general queue (a veteran, …).

    `enabled` lets a network switch a category off without editing tickets
    already issued under it.
    """

    code: str
    name: LocalizedText
    enabled: bool = True


@dataclass(frozen=True)
class ServiceCategory:
    """A node of the kiosk's menu tree; `parent` is None for the top level."""

    code: CategoryCode
    name: LocalizedText
    parent: CategoryCode | None = None
    order: int = 0


@dataclass(frozen=True)
class StatutoryTerm:
    """The term the law gives a service's result: `days` calendar days, or working days.

    Working days skip Saturdays, Sundays and the holidays of the office's
    calendar (network.toml `[calendar]`, the office's own); the deadline itself is computed in
    reporting/deadlines.py, where the figure that judges it lives.
    """

    days: int
    working: bool = False


@dataclass(frozen=True)
class PackageStep:
    """One service of a package, in the order the visit goes through them.

    `profiles` names the desk profiles (by their configured code) that may do
    the step; empty, any desk whose services include it may.
    """

    service: ServiceCode
    profiles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Service:
    """One service a visitor can queue for.

    `prefix` is the letter of the service group printed before the ticket's
    number (А015); `target_wait` is the wait the office promises, and a
    ticket waiting longer is escalated by the call-next policy;
    `typical_duration` seeds wait estimates before real service times exist.
    `package` marks a life-situation package: one visit through the services
    of its `steps`, in order, under one ticket.
    `bookable` and `bookable_share` say whether and how much of it may be
    booked ahead (see `BookingTerms`; the service's share wins over the
    office's, since it speaks of the service wherever it is given).
    """

    code: ServiceCode
    name: LocalizedText
    category: CategoryCode
    prefix: str
    target_wait: dt.timedelta
    typical_duration: dt.timedelta
    package: bool = False
    steps: tuple[PackageStep, ...] = ()  # a package's services, in the visit's order
    bookable: bool = True  # False: never booked ahead at any office, walk-ins only
    bookable_share: float | None = None  # the service's own share of bookable capacity; None: the office's
    hours: OpeningHours | None = None  # given only in these hours (within the office's); None: whenever the office is open
    term: StatutoryTerm | None = None  # the statutory term of its result (docs/deadlines.md); None: no term

    @property
    def includes(self) -> tuple[ServiceCode, ...]:
        """The services a package bundles, in order."""
        return tuple(step.service for step in self.steps)


@dataclass(frozen=True)
class DeskProfile:
    """Which services a desk serves, with weights for the call-next policy.

    A weight multiplies a ticket's waiting time when desks choose between
    services, so a desk prefers its main services without starving the
    others (every weight is positive).
    """

    code: str
    weights: dict[ServiceCode, float]

    def serves(self, service: ServiceCode) -> bool:
        return self.weights.get(service, 0.0) > 0.0

    def weight(self, service: ServiceCode) -> float:
        return self.weights.get(service, 0.0)


@dataclass(frozen=True)
class Desk:
    """A place where a visitor is served: a window (вікно) or a room (кабінет)."""

    id: DeskId
    office: OfficeCode
    number: int
    name: LocalizedText
    profile: DeskProfile
    kind: str = "window"  # "window" (вікно) or "room" (кабінет)


@dataclass(frozen=True)
class BookingTerms:
    """How an office takes bookings: the network's defaults with the office's own changes.

    `bookable_share` is the share of the capacity of a slot that may be
    booked ahead (0 to 1; the rest stays for walk-ins); `horizon_days` how
    many days ahead a visitor may book, each new day of the horizon being
    released at `release_time` (the office's wall clock); `cutoff` how long
    before a slot's start booking it closes; `early` and `grace` the window
    around the start in which a check-in counts as the appointment (after
    the grace the visitor joins as a walk-in). `bookable` False takes no
    bookings at all. The arithmetic is in `slots.py` and `booking_rules.py`.
    """

    bookable: bool = True
    bookable_share: float = 0.5
    horizon_days: int = 21
    release_time: dt.time = dt.time(8, 0)
    cutoff: dt.timedelta = dt.timedelta(minutes=60)
    early: dt.timedelta = dt.timedelta(minutes=15)
    grace: dt.timedelta = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class RemoteTicketTerms:
    """Whether and how visitors may take a ticket for today from their phone.

    `daily_cap` remote tickets per service and office day, so walk-ins who
    come keep most of the day; none within `cutoff` of closing, since a
    visitor who cannot arrive before the doors shut would only hold a
    place. `come_now_ahead` is how few people ahead make the ticket's page
    say "come now" (and the one "your turn is near" message go out);
    `arrival_grace` is how long after that a ticket still not confirmed at
    the office keeps its place before it lapses as a no-show. `enabled`
    False takes no remote tickets (the default: an office opts in).
    """

    enabled: bool = False
    daily_cap: int = 20
    cutoff: dt.timedelta = dt.timedelta(minutes=60)
    come_now_ahead: int = 5
    arrival_grace: dt.timedelta = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Office:
    """One office of the network; everything of its live queue is its own."""

    code: OfficeCode
    name: LocalizedText
    kind: OfficeKind
    address: LocalizedText
    timezone: str
    hours: OpeningHours
    services: tuple[ServiceCode, ...]
    desks: tuple[Desk, ...]
    booking: BookingTerms = BookingTerms()  # the network's terms with the office's own changes
    remote: RemoteTicketTerms = RemoteTicketTerms()  # remote tickets for today: the network's terms with the office's own
    paper_roll: PaperRoll = PaperRoll()  # the pre-printed roll handed out in an outage (paper_roll.py)
    shelter: LocalizedText | None = None  # the way to the shelter its public screens show in an air-raid alert
    trips: tuple[Trip, ...] = ()  # a mobile office's trips (trips.py), in order of date and start; () for any other

    def desk(self, desk_id: DeskId) -> Desk | None:
        for desk in self.desks:
            if desk.id == desk_id:
                return desk
        return None


@dataclass(frozen=True)
class QueueRules:
    """Network-wide rules of the queue, from the configuration.

    `priority_share` is the largest share of a desk's recent calls that may
    go to priority visitors while others also wait (1.0: priority always
    first); `escalation_factor` says how many target waits a ticket may wait
    before it jumps ahead; `recall_limit` is how many recalls a called
    ticket gets before it becomes a no-show; `appointment_window` is how
    early an appointment counts as due. `max_services` is how many services
    a visitor may choose for one ticket (a package is one choice, however
    many steps it has); `visit_boost` is added to the wait of a visit in progress (a step
    after the first), so a visitor already served once is not kept long.
    `complaint_days` is the term of a complaint's answer (domain/complaints.py).
    `desk_survey_window` is how long after a visit ends the desk's QR code
    still rates it (domain/survey.py).
    """

    priority_share: float = 0.5
    priority_window: int = 10
    escalation_factor: float = 1.0
    recall_limit: int = 3
    appointment_window: dt.timedelta = dt.timedelta(minutes=5)
    max_services: int = 3
    visit_boost: dt.timedelta = dt.timedelta(0)
    complaint_days: int = 30  # days an office has to answer a complaint (the law on citizens' appeals)
    desk_survey_window: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class ServiceCaps:
    """How many tickets of a service an office gives, and until when (docs/queue-rules.md).

    `daily` tickets a day and `hourly` tickets in a clock hour of the
    office's zone (None: no cap); no ticket within `stop_issuing` of the
    office's closing (None: up to closing). The decision is `caps.decide`.
    """

    daily: int | None = None
    hourly: int | None = None
    stop_issuing: dt.timedelta | None = None

    @property
    def any(self) -> bool:
        return self.daily is not None or self.hourly is not None or self.stop_issuing is not None


@dataclass(frozen=True)
class CapRules:
    """The network's caps: each service's own (services.toml), an office's changes (offices.toml), the exempt.

    `offices` holds, per office, the caps of the services it changes, already
    merged with the service's own; `exempt_priorities` are the priority
    categories the law says must be served, whom no cap or cut-off refuses.
    """

    services: Mapping[ServiceCode, ServiceCaps] = field(default_factory=dict)
    offices: Mapping[OfficeCode, Mapping[ServiceCode, ServiceCaps]] = field(default_factory=dict)
    exempt_priorities: frozenset[str] = frozenset()

    def of(self, office: OfficeCode, service: ServiceCode) -> ServiceCaps:
        """The caps of `service` at `office` as configured (a supervisor's change of today is the store's)."""
        own = self.offices.get(office, {}).get(service)
        return own if own is not None else self.services.get(service, ServiceCaps())


@dataclass(frozen=True)
class PersonLimits:
    """What one person may book across the whole network, counted on the person's key.

    `monthly_limit` bookings made in a calendar month, cancelled ones
    included (0: no limit), so booking and cancelling cannot hoard slots;
    `no_show_block` no-shows within `no_show_period` block the person from
    booking until a supervisor lifts the block (0: never blocked).
    """

    monthly_limit: int = 4
    no_show_block: int = 3
    no_show_period: dt.timedelta = dt.timedelta(days=90)


@dataclass(frozen=True)
class BookingRules:
    """The network's booking settings: defaults for every office's terms, and the per-person limits."""

    terms: BookingTerms = BookingTerms()
    limits: PersonLimits = PersonLimits()


@dataclass(frozen=True)
class Network:
    """The whole configured network: offices, catalogue, priority categories, named hall boards."""

    name: LocalizedText
    offices: dict[OfficeCode, Office]
    services: dict[ServiceCode, Service]
    categories: dict[CategoryCode, ServiceCategory]
    priorities: dict[str, PriorityCategory]
    rules: QueueRules = QueueRules()
    boards: dict[str, Board] = field(default_factory=dict)  # by code; an office without any shows default_board
    booking: BookingRules = BookingRules()
    caps: CapRules = CapRules()  # daily caps and the stop-issuing cut-off (domain/caps.py)
    programme: Programme = Programme()  # the city programme's four indicators: targets and benchmark (domain/programme.py)
    _desks: dict[DeskId, Desk] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {desk.id: desk for office in self.offices.values() for desk in office.desks}
        object.__setattr__(self, "_desks", index)

    def desk(self, desk_id: DeskId) -> Desk | None:
        return self._desks.get(desk_id)

    def boards_of(self, office: OfficeCode) -> list[Board]:
        """The named boards of `office`, by code."""
        return sorted((board for board in self.boards.values() if board.office == office), key=lambda board: board.code)

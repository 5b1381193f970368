"""An office as the network's configuration describes it, and the wait a new ticket would face there.

Public reads: the kiosk builds its menu from them, the pages their titles.
Names come in both languages (`name`, `name_en`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..domain.air_raid import AirRaid
from ..domain.model import Desk, Office, OfficeKind, PriorityCategory, Service, ServiceCategory
from ..domain.paper_roll import PaperMode, PaperRoll
from ..domain.trips import Trip, upcoming
from ..domain.views import JSON, render
from .fields import ESTIMATE_BASES, ESTIMATE_DOC, Clock, meta


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


@dataclass(frozen=True)
class TripView:
    """A mobile office's trip: where its van stands on a date, from `start` to `end` (the office's wall clock)."""

    date: dt.date = field(metadata=meta("the trip's date, in the office's time zone"))
    stop: str = field(metadata=meta("where the van stands (Ukrainian)"))
    stop_en: str = field(metadata=meta("the same in English"))
    start: Clock
    end: Clock

    @classmethod
    def of(cls, trip: Trip) -> TripView:
        end = "24:00" if trip.end == dt.time.max else trip.end.strftime("%H:%M")
        return cls(trip.date, trip.stop.uk, trip.stop.en, Clock(trip.start.strftime("%H:%M")), Clock(end))


@dataclass(frozen=True)
class OfficeView:
    code: str
    name: str
    name_en: str
    kind: OfficeKind
    address: str
    address_en: str
    timezone: str
    hours: Mapping[str, tuple[Clock, Clock]] = field(metadata=meta("opening hours by weekday (mon…sun)"))
    desks: int = field(metadata=meta(minimum=0))
    max_services: int = field(
        metadata=meta("how many services one ticket may carry (a package counts as one): where the kiosk's «add another service» stops", minimum=1)
    )
    shelter: str | None = field(metadata=meta("the way to the office's shelter, shown in an air-raid alert (null: the pages' general line)"))
    shelter_en: str | None = field(metadata=meta("the same in English"))
    trips: tuple[TripView, ...] = field(
        metadata=meta("a mobile office's trips of today (the office's date) and later, in order; empty for any other office")
    )

    @classmethod
    def of(cls, office: Office, *, max_services: int, today: dt.date) -> OfficeView:
        """`today` is the office's date (its time zone): the trips before it are over and left out."""
        return cls(
            code=office.code,
            name=office.name.uk,
            name_en=office.name.en,
            kind=office.kind,
            address=office.address.uk,
            address_en=office.address.en,
            timezone=office.timezone,
            hours={
                day.value: (Clock(opens.strftime("%H:%M")), Clock(closes.strftime("%H:%M")))
                for day, (opens, closes) in office.hours.days.items()
            },
            desks=len(office.desks),
            max_services=max_services,
            shelter=office.shelter.uk if office.shelter else None,
            shelter_en=office.shelter.en if office.shelter else None,
            trips=tuple(TripView.of(trip) for trip in upcoming(office.trips, today)),
        )


@dataclass(frozen=True)
class ServiceView:
    code: str
    name: str
    name_en: str
    category: str | None
    prefix: str
    target_wait_minutes: int
    typical_duration_minutes: int
    package: bool
    includes: tuple[str, ...]

    @classmethod
    def of(cls, service: Service) -> ServiceView:
        return cls(
            code=service.code,
            name=service.name.uk,
            name_en=service.name.en,
            category=service.category,
            prefix=service.prefix,
            target_wait_minutes=_minutes(service.target_wait),
            typical_duration_minutes=_minutes(service.typical_duration),
            package=service.package,
            includes=tuple(service.includes),
        )


@dataclass(frozen=True)
class CategoryView:
    code: str
    name: str
    name_en: str
    parent: str | None
    order: int

    @classmethod
    def of(cls, category: ServiceCategory) -> CategoryView:
        return cls(category.code, category.name.uk, category.name.en, category.parent, category.order)


@dataclass(frozen=True)
class ConfiguredDeskView:
    """A desk as configured: its profile's services and weights (not today's, see `views/desk.py`)."""

    id: str
    office: str
    number: int
    name: str
    name_en: str
    kind: str
    services: tuple[str, ...]
    weights: Mapping[str, float]
    profile: str

    @classmethod
    def of(cls, desk: Desk) -> ConfiguredDeskView:
        return cls(
            id=desk.id,
            office=desk.office,
            number=desk.number,
            name=desk.name.uk,
            name_en=desk.name.en,
            kind=desk.kind,
            services=tuple(sorted(code for code, weight in desk.profile.weights.items() if weight > 0)),
            weights=dict(sorted(desk.profile.weights.items())),
            profile=desk.profile.code,
        )


@dataclass(frozen=True)
class PriorityView:
    code: str
    name: str
    name_en: str

    @classmethod
    def of(cls, priority: PriorityCategory) -> PriorityView:
        return cls(priority.code, priority.name.uk, priority.name.en)


@dataclass(frozen=True)
class ServiceWaitView:
    """The wait a visitor would face if they took a ticket for this service now."""

    service: str
    people_ahead: int
    estimated_wait_minutes: int | None
    estimate: str = field(metadata=meta(ESTIMATE_DOC, values=ESTIMATE_BASES))
    open_desks: int
    target_wait_minutes: int
    long: bool
    steps: tuple[str, ...] = field(default=(), metadata=meta("the services the visit goes through: a package's steps, or the service alone"))
    visit_minutes: int | None = field(
        default=None, metadata=meta("the least time the visit takes: the wait, then the service time of every step")
    )


@dataclass(frozen=True)
class AirRaidView:
    """An office's air-raid state: while `active`, nobody is issued a ticket or called."""

    office: str
    active: bool
    since: dt.datetime | None = field(metadata=meta("when the alert began (while it lasts)"))

    @classmethod
    def of(cls, office: str, alert: AirRaid | None) -> AirRaidView:
        active = alert is not None and alert.active
        return cls(office, active, alert.started_at if alert is not None and active else None)


def air_raid_json(view: AirRaidView) -> JSON:
    return render(view)


@dataclass(frozen=True)
class AirRaidChangeView:
    """An office's air-raid state after a network-wide switch: `changed` is false where it already was so."""

    office: str
    active: bool
    since: dt.datetime | None = field(metadata=meta("when the alert began (while it lasts)"))
    changed: bool = field(metadata=meta("false: the office was already in the state asked for, and nothing was done there"))

    @classmethod
    def of(cls, office: str, alert: AirRaid | None, changed: bool) -> AirRaidChangeView:
        state = AirRaidView.of(office, alert)
        return cls(state.office, state.active, state.since, changed)


def air_raid_change_json(view: AirRaidChangeView) -> JSON:
    return render(view)


@dataclass(frozen=True)
class PaperModeView:
    """Whether an office's kiosks are on paper tickets; while `active` a kiosk issues nothing and desks type the roll's numbers."""

    office: str
    active: bool
    since: dt.datetime | None = field(metadata=meta("when the kiosks were switched to paper tickets (while they are)"))
    series: str = field(metadata=meta("the office's paper roll, first to last number (Р001–Р500)"))

    @classmethod
    def of(cls, office: str, roll: PaperRoll, mode: PaperMode | None) -> PaperModeView:
        active = mode is not None and mode.active
        return cls(office, active, mode.started_at if mode is not None and active else None, roll.series)


def paper_mode_json(view: PaperModeView) -> JSON:
    return render(view)


def office_json(view: OfficeView) -> JSON:
    return render(view)


def service_json(view: ServiceView) -> JSON:
    return render(view)


def category_json(view: CategoryView) -> JSON:
    return render(view)


def configured_desk_json(view: ConfiguredDeskView) -> JSON:
    return render(view)


def priority_json(view: PriorityView) -> JSON:
    return render(view)


def service_wait_json(view: ServiceWaitView) -> JSON:
    return render(view)

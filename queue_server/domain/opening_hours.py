"""When an office is open and a service is given, and the rules of issuing that follow from it.

The office's hours (`hours.OpeningHours`) hold its weekdays, its holidays and
its shortened days; a service may be given only in some of those hours
(`Service.hours`, e.g. passports until 15:00). Every question of "open" is
answered here from the office's wall clock, and the issuing rules refuse:

- a ticket while the office is closed (`office_closed`) or the service is not
  given now (`service_closed`), saying when it next opens;
- a ticket whose wait and service would end after the office (or the
  service) closes today (`not_today`): a visitor is never quoted a wait the
  office cannot keep.

Staff may override them (commands/opening_rules.py audits it); a kiosk cannot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from .errors import InvalidTransition
from .hours import MIDNIGHT_CLOSE, WEEKDAYS, OpeningHours, TimeSpan
from .model import Office, Service
from .views import timestamp

LOOKAHEAD_DAYS = 400  # a year and some: the furthest a next opening is looked for
CLOSING_HORIZON = dt.timedelta(days=1)  # a closing further than this is no concern of a visit starting now
MIDNIGHT = dt.time(0)


class Schedule(Protocol):
    """Anything with open intervals per local day: an office's hours, or a service's within them."""

    def intervals_on(self, day: dt.date) -> tuple[TimeSpan, ...]: ...


@dataclass(frozen=True)
class ServiceHours:
    """A service's hours at one office: its own weekly hours inside the office's (holidays and shortened days included)."""

    office: OpeningHours
    own: OpeningHours | None

    def intervals_on(self, day: dt.date) -> tuple[TimeSpan, ...]:
        office = self.office.intervals_on(day)
        if self.own is None:
            return office
        own = self.own.intervals.get(WEEKDAYS[day.weekday()], ())  # the weekday's own hours; the calendar is the office's
        both = ((max(first[0], second[0]), min(first[1], second[1])) for first in office for second in own)
        return tuple(sorted(span for span in both if span[0] < span[1]))


def service_schedule(office: Office, service: Service) -> Schedule:
    """When `service` is given at `office`: the office's hours, narrowed by the service's own."""
    return ServiceHours(office.hours, service.hours) if service.hours is not None else office.hours


def _at(day: dt.date, wall: dt.time, zone: dt.tzinfo | None) -> dt.datetime:
    if wall == MIDNIGHT_CLOSE:
        return dt.datetime.combine(day + dt.timedelta(days=1), MIDNIGHT, tzinfo=zone)
    return dt.datetime.combine(day, wall, tzinfo=zone)


def _runs_on_from(schedule: Schedule, day: dt.date) -> bool:
    """Whether `day` ends at 24:00 and the next day opens at 00:00: one open stretch across midnight, no closing between."""
    today, tomorrow = schedule.intervals_on(day), schedule.intervals_on(day + dt.timedelta(days=1))
    return bool(today) and today[-1][1] == MIDNIGHT_CLOSE and bool(tomorrow) and tomorrow[0][0] == MIDNIGHT


def is_open(schedule: Schedule, local: dt.datetime) -> bool:
    """Whether `schedule` is open at `local`, a moment in the office's zone."""
    wall = local.time().replace(tzinfo=None)
    return any(opens <= wall and (wall < closes or closes == MIDNIGHT_CLOSE) for opens, closes in schedule.intervals_on(local.date()))


def next_opening(schedule: Schedule, local: dt.datetime) -> dt.datetime | None:
    """The next moment after `local` that `schedule` opens (in UTC); None when it opens on no day ahead.

    Each opening is its wall-clock time in the office's zone, so a change to
    or from summer time moves it by the hour, as the door does; holidays and
    shortened days count, so the opening after a holiday is the day after.
    A 00:00 that goes on from the day before's 24:00 is no opening.
    """
    for ahead in range(LOOKAHEAD_DAYS):
        day = local.date() + dt.timedelta(days=ahead)
        for opens, _closes in schedule.intervals_on(day):
            start = _at(day, opens, local.tzinfo)
            if start > local and not (opens == MIDNIGHT and _runs_on_from(schedule, day - dt.timedelta(days=1))):
                return start.astimezone(dt.timezone.utc)
    return None


def closes_at(schedule: Schedule, local: dt.datetime, within: dt.timedelta = CLOSING_HORIZON) -> dt.datetime | None:
    """When the open day holding `local` ends (in UTC): its last closing, after any break.

    None when closed at `local`, or when it does not close `within` (a day by
    default: a visit is never longer), as an office open round the clock. A
    lunch break does not end the day: a wait runs on after it.
    """
    if not is_open(schedule, local):
        return None
    day = local.date()
    while _runs_on_from(schedule, day):
        day += dt.timedelta(days=1)
        if _at(day, MIDNIGHT, local.tzinfo) > local + within:
            return None
    closing = _at(day, schedule.intervals_on(day)[-1][1], local.tzinfo)
    return closing.astimezone(dt.timezone.utc) if closing <= local + within else None


class OfficeClosed(InvalidTransition):
    """The office is closed now (its hours, a holiday, a shortened day): no ticket (HTTP 409)."""

    code = "office_closed"


class ServiceClosed(InvalidTransition):
    """The office is open but the service is not given at this hour (HTTP 409)."""

    code = "service_closed"


class NotToday(InvalidTransition):
    """The wait and the service would end after closing: the service cannot be given today (HTTP 409)."""

    code = "not_today"


def refuse_when_closed(office: Office, services: Iterable[Service], now: dt.datetime) -> None:
    """Raise `OfficeClosed` or `ServiceClosed` (with `opens_at`, ISO 8601) unless the office is open and every service given now."""
    local = now.astimezone(ZoneInfo(office.timezone))
    if not is_open(office.hours, local):
        opens = next_opening(office.hours, local)
        raise OfficeClosed(
            f"office {office.code} is closed now" + (f"; it opens at {timestamp(opens)}" if opens else ""),
            office=office.code,
            opens_at=timestamp(opens),
        )
    for service in services:
        schedule = service_schedule(office, service)
        if not is_open(schedule, local):
            opens = next_opening(schedule, local)
            raise ServiceClosed(
                f"service {service.code} is not given at office {office.code} now"
                + (f"; it is from {timestamp(opens)}" if opens else ""),
                office=office.code,
                service=service.code,
                opens_at=timestamp(opens),
            )


def first_closing(office: Office, services: Iterable[Service], now: dt.datetime) -> dt.datetime | None:
    """The earliest closing ahead within a day, the office's or a service's (in UTC); None when nothing closes that soon."""
    local = now.astimezone(ZoneInfo(office.timezone))
    closings = [closes_at(office.hours, local), *(closes_at(service_schedule(office, service), local) for service in services)]
    known = [closing for closing in closings if closing is not None]
    return min(known) if known else None


def closing_passed(office: Office, services: Iterable[Service], now: dt.datetime, visit: dt.timedelta) -> dt.datetime | None:
    """The closing that a visit starting now and lasting `visit` would run past (the earliest); None if it ends in time."""
    closing = first_closing(office, services, now)
    return closing if closing is not None and now + visit > closing else None

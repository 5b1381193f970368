"""Offices for the slot and booking tests: the small network's `alpha`, with the hours and desks a test needs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from factories import desk, small_network
from queue_server.domain.hours import OpeningHours, TimeSpan, Weekday
from queue_server.domain.model import BookingTerms, Office, OfficeCode, Service, ServiceCode

KYIV = ZoneInfo("Europe/Kyiv")
UTC = dt.timezone.utc
NETWORK = small_network()
PASSPORT = NETWORK.services[ServiceCode("passport")]  # 10 minutes; desks alpha-1 and alpha-2 serve it
RESIDENCE = NETWORK.services[ServiceCode("residence")]
MONDAY = dt.date(2026, 12, 7)
SUNDAY = dt.date(2026, 12, 13)
SPRING_FORWARD = dt.date(2026, 3, 29)  # 03:00 EET becomes 04:00 EEST: a 23-hour day
FALL_BACK = dt.date(2026, 10, 25)  # 04:00 EEST becomes 03:00 EET: a 25-hour day
LUNCH_BREAK: tuple[TimeSpan, ...] = ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))
WEEKDAYS_WITH_LUNCH = OpeningHours.from_intervals({day: LUNCH_BREAK for day in Weekday if day is not Weekday.SUN})
TERMS = BookingTerms(bookable_share=0.5)


def clock(hours: int, minutes: int = 0) -> dt.time:
    return dt.time(hours, minutes)


def at(day: dt.date, hours: int, minutes: int = 0, *, fold: int = 0) -> dt.datetime:
    """A moment of the office's (Kyiv) clock."""
    return dt.datetime.combine(day, dt.time(hours, minutes, fold=fold), tzinfo=KYIV)


def office(hours: OpeningHours = WEEKDAYS_WITH_LUNCH, *, desks: int | None = None, **terms: object) -> Office:
    """`alpha` with other hours; `desks` replaces its desks by that many, each serving passports only."""
    alpha = NETWORK.offices[OfficeCode("alpha")]
    changed = dataclasses.replace(alpha, hours=hours, booking=dataclasses.replace(alpha.booking, **terms))  # type: ignore[arg-type]
    if desks is not None:
        changed = dataclasses.replace(changed, desks=tuple(desk("alpha", number, {"passport": 1.0}) for number in range(1, desks + 1)))
    return changed


def lasting(minutes: float, service: Service = PASSPORT) -> Service:
    return dataclasses.replace(service, typical_duration=dt.timedelta(minutes=minutes))


def every_day(*intervals: TimeSpan) -> OpeningHours:
    return OpeningHours.from_intervals({day: tuple(intervals) for day in Weekday})

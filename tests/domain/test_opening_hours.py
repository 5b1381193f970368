"""Opening hours with holidays, shortened days and a service's own hours: open, next opening, closing, and the issuing rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from factories import small_network
from queue_server.domain import opening_hours
from queue_server.domain.hours import MIDNIGHT_CLOSE, OpeningHours, Weekday
from queue_server.domain.model import ServiceCode
from queue_server.domain.opening_hours import NotToday, OfficeClosed, ServiceClosed

KYIV = ZoneInfo("Europe/Kyiv")
T = dt.time
WORKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
FRIDAY_BEFORE_HOLIDAY = dt.date(2026, 12, 4)  # a Friday; the Monday after is made a holiday below
HOLIDAY_MONDAY = dt.date(2026, 12, 7)
SHORT_TUESDAY = dt.date(2026, 12, 8)


def hours_with_lunch() -> OpeningHours:
    weekly = OpeningHours.from_intervals({day: ((T(8), T(12)), (T(13), T(17))) for day in WORKDAYS})
    return dataclasses.replace(weekly, holidays=frozenset({HOLIDAY_MONDAY}), shortened={SHORT_TUESDAY: ((T(10), T(13)),)})


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, T(hour, minute), tzinfo=KYIV)


def utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return at(day, hour, minute).astimezone(dt.timezone.utc)


def test_a_holiday_is_closed_all_day_and_a_shortened_day_keeps_only_its_own_hours() -> None:
    hours = hours_with_lunch()
    assert hours.is_open(at(FRIDAY_BEFORE_HOLIDAY, 9)) and not hours.is_open(at(FRIDAY_BEFORE_HOLIDAY, 12, 30))  # lunch
    assert not hours.is_open(at(HOLIDAY_MONDAY, 9)) and hours.intervals_on(HOLIDAY_MONDAY) == ()
    assert hours.span_on(HOLIDAY_MONDAY) is None
    assert not hours.is_open(at(SHORT_TUESDAY, 9)) and hours.is_open(at(SHORT_TUESDAY, 12, 30)) and not hours.is_open(at(SHORT_TUESDAY, 13))
    assert hours.span_on(SHORT_TUESDAY) == (T(10), T(13))


def test_the_next_opening_skips_the_weekend_and_the_holiday_and_finds_the_shortened_days_late_start() -> None:
    hours = hours_with_lunch()
    assert opening_hours.next_opening(hours, at(FRIDAY_BEFORE_HOLIDAY, 17, 30)) == utc(SHORT_TUESDAY, 10)
    assert opening_hours.next_opening(hours, at(FRIDAY_BEFORE_HOLIDAY, 12, 15)) == utc(FRIDAY_BEFORE_HOLIDAY, 13)  # after lunch
    assert opening_hours.next_opening(hours, at(FRIDAY_BEFORE_HOLIDAY, 7)) == utc(FRIDAY_BEFORE_HOLIDAY, 8)
    assert opening_hours.next_opening(hours, at(SHORT_TUESDAY, 14)) == utc(SHORT_TUESDAY + dt.timedelta(days=1), 8)
    assert opening_hours.next_opening(OpeningHours(), at(FRIDAY_BEFORE_HOLIDAY, 9)) is None  # open on no day


def test_the_day_closes_at_its_last_closing_after_lunch_on_a_shortened_day_early_and_never_round_the_clock() -> None:
    hours = hours_with_lunch()
    assert opening_hours.closes_at(hours, at(FRIDAY_BEFORE_HOLIDAY, 9)) == utc(FRIDAY_BEFORE_HOLIDAY, 17)
    assert opening_hours.closes_at(hours, at(FRIDAY_BEFORE_HOLIDAY, 12, 30)) is None  # closed now
    assert opening_hours.closes_at(hours, at(SHORT_TUESDAY, 11)) == utc(SHORT_TUESDAY, 13)
    always = OpeningHours({day: (T(0), MIDNIGHT_CLOSE) for day in Weekday})
    assert always.is_open(at(HOLIDAY_MONDAY, 23, 59).replace(second=59)) and opening_hours.closes_at(always, at(HOLIDAY_MONDAY, 23, 59)) is None
    nights = OpeningHours({Weekday.MON: (T(20), MIDNIGHT_CLOSE), Weekday.TUE: (T(0), T(2))})
    assert opening_hours.closes_at(nights, at(HOLIDAY_MONDAY, 21)) == utc(SHORT_TUESDAY, 2)  # 24:00 joins the next day's 00:00


def test_a_service_is_given_only_within_its_own_hours_and_the_offices() -> None:
    network = small_network()
    office = dataclasses.replace(network.offices["alpha"], hours=hours_with_lunch())
    passports = dataclasses.replace(network.services[ServiceCode("passport")], hours=OpeningHours({day: (T(9), T(15)) for day in WORKDAYS}))
    schedule = opening_hours.service_schedule(office, passports)
    assert schedule.intervals_on(FRIDAY_BEFORE_HOLIDAY) == ((T(9), T(12)), (T(13), T(15)))
    assert schedule.intervals_on(HOLIDAY_MONDAY) == ()  # the office's holiday is the service's too
    assert schedule.intervals_on(SHORT_TUESDAY) == ((T(10), T(13)),)
    assert opening_hours.next_opening(schedule, at(FRIDAY_BEFORE_HOLIDAY, 15, 30)) == utc(SHORT_TUESDAY, 10)
    assert opening_hours.closes_at(schedule, at(FRIDAY_BEFORE_HOLIDAY, 14)) == utc(FRIDAY_BEFORE_HOLIDAY, 15)


def test_the_issuing_rules_refuse_a_closed_office_a_closed_service_and_a_visit_past_closing() -> None:
    network = small_network()
    office = dataclasses.replace(network.offices["alpha"], hours=hours_with_lunch())
    passports = dataclasses.replace(network.services[ServiceCode("passport")], hours=OpeningHours({day: (T(9), T(15)) for day in WORKDAYS}))
    with pytest.raises(OfficeClosed) as closed:
        opening_hours.refuse_when_closed(office, [passports], utc(HOLIDAY_MONDAY, 10))
    assert closed.value.code == "office_closed" and closed.value.details["opens_at"] == "2026-12-08T08:00:00Z"  # 10:00 in Kyiv
    with pytest.raises(ServiceClosed) as not_given:
        opening_hours.refuse_when_closed(office, [passports], utc(FRIDAY_BEFORE_HOLIDAY, 8, 30))
    assert not_given.value.details == {"office": "alpha", "service": "passport", "opens_at": "2026-12-04T07:00:00Z"}
    opening_hours.refuse_when_closed(office, [passports], utc(FRIDAY_BEFORE_HOLIDAY, 9))  # given: no refusal
    quarter = dt.timedelta(minutes=15)
    assert opening_hours.closing_passed(office, [passports], utc(FRIDAY_BEFORE_HOLIDAY, 14, 45), quarter) is None  # ends at 15:00 sharp
    assert opening_hours.closing_passed(office, [passports], utc(FRIDAY_BEFORE_HOLIDAY, 14, 50), quarter) == utc(FRIDAY_BEFORE_HOLIDAY, 15)
    assert opening_hours.closing_passed(office, [], utc(FRIDAY_BEFORE_HOLIDAY, 16, 50), quarter) == utc(FRIDAY_BEFORE_HOLIDAY, 17)
    assert opening_hours.closing_passed(office, [], utc(FRIDAY_BEFORE_HOLIDAY, 11, 50), quarter) is None  # lunch is not the end of the day
    assert NotToday.code == "not_today"


def test_a_holiday_is_closed_for_bookings_remote_tickets_and_the_waits_alike() -> None:
    from queue_server.domain import remote_tickets, slots
    from queue_server.reads.network_waits import next_opening

    network = small_network()
    office = dataclasses.replace(network.offices["alpha"], hours=hours_with_lunch())
    passports = network.services[ServiceCode("passport")]
    assert slots.day_slots(office, passports, HOLIDAY_MONDAY, terms=office.booking) == []
    assert slots.day_slots(office, passports, FRIDAY_BEFORE_HOLIDAY, terms=office.booking) != []
    assert [slot.start.hour for slot in slots.day_slots(office, passports, SHORT_TUESDAY, terms=office.booking)][:1] == [10]
    assert remote_tickets.refusal(office, 0, False, utc(HOLIDAY_MONDAY, 10)) is remote_tickets.Refusal.CLOSED
    assert next_opening(office.hours, at(FRIDAY_BEFORE_HOLIDAY, 18)) == utc(SHORT_TUESDAY, 10)  # the /waits page's «opens next»

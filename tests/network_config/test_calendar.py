"""The calendar: holidays and shortened days of the network and an office, and a service's own hours; each mistake named."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.hours import Weekday
from queue_server.domain.model import ServiceCode

NETWORK_HOLIDAYS = 'holidays = ["2026-12-25", "2027-01-01"]'
NETWORK_SHORTENED = 'shortened = { "2026-12-31" = "08:00-13:00" }'
VET = '[offices.vet]\nkind = "veterans"'
PASSPORT = "[services.passport-foreign-adult]\n"


def test_the_bundled_calendar_closes_every_office_on_its_holidays(config) -> None:
    network = config.load()
    for office in network.offices.values():
        assert office.hours.intervals_on(dt.date(2026, 12, 25)) == ()
        assert office.hours.span_on(dt.date(2026, 12, 31)) in (None, (dt.time(8), dt.time(13)))  # a Thursday: shortened where open


def test_an_office_adds_its_own_holiday_and_its_own_shortened_day_wins(config) -> None:
    config.edit("offices.toml", VET, VET + '\ncalendar = { holidays = ["2026-12-02"], shortened = { "2026-12-31" = "09:00-11:00" } }')
    network = config.load()
    vet, main = network.offices["vet"], network.offices["main"]
    assert vet.hours.intervals_on(dt.date(2026, 12, 2)) == () and main.hours.intervals_on(dt.date(2026, 12, 2)) != ()
    assert vet.hours.intervals_on(dt.date(2026, 12, 25)) == ()  # the network's holiday still holds
    assert vet.hours.intervals_on(dt.date(2026, 12, 31)) == ((dt.time(9), dt.time(11)),)
    assert main.hours.intervals_on(dt.date(2026, 12, 31)) == ((dt.time(8), dt.time(13)),)


def test_a_service_given_only_in_some_hours(config) -> None:
    config.edit("services.toml", PASSPORT, PASSPORT + 'hours = { mon = "08:00-15:00", tue = "08:00-12:00, 13:00-15:00" }\n')
    hours = config.load().services[ServiceCode("passport-foreign-adult")].hours
    assert hours is not None and hours.intervals[Weekday.TUE] == ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(15)))
    assert Weekday.WED not in hours.intervals


def test_24_00_closes_at_the_days_end(config) -> None:
    config.edit("offices.toml", 'mon = "08:00-16:00"', 'mon = "00:00-24:00"')
    main = config.load().offices["main"]
    assert main.hours.is_open(dt.datetime(2026, 11, 30, 23, 59, 59))  # a Monday


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        ("network.toml", NETWORK_HOLIDAYS, 'holidays = ["2026-13-01"]', ["network.toml", "calendar.holidays", "'2026-13-01'", "YYYY-MM-DD"]),
        ("network.toml", NETWORK_HOLIDAYS, 'holidays = "2026-12-25"', ["calendar.holidays", "must be a list of dates"]),
        ("network.toml", NETWORK_HOLIDAYS, 'holidays = ["2026-12-25", "2026-12-25"]', ["calendar.holidays", "2026-12-25 is listed twice"]),
        ("network.toml", NETWORK_SHORTENED, 'shortened = { "2026-12-31" = "13:00-08:00" }', ["calendar.shortened.2026-12-31", "closes before it opens"]),
        ("network.toml", NETWORK_SHORTENED, 'shortened = { "31.12.2026" = "08:00-13:00" }', ["calendar.shortened", "'31.12.2026'"]),
        ("network.toml", NETWORK_SHORTENED, 'shortened = { "2026-12-25" = "08:00-13:00" }', ["calendar.shortened.2026-12-25", "also a holiday"]),
        ("network.toml", NETWORK_SHORTENED, 'shortened = "2026-12-31"', ["calendar.shortened", "must be a table"]),
        ("network.toml", NETWORK_SHORTENED, NETWORK_SHORTENED + "\nworking = []", ["calendar.working", "unknown key"]),
        ("offices.toml", VET, VET + '\ncalendar = { holidays = ["someday"] }', ["offices.vet.calendar.holidays", "'someday'"]),
        ("offices.toml", VET, VET + "\ncalendar = { closed = [] }", ["offices.vet.calendar.closed", "unknown key"]),
        ("services.toml", PASSPORT, PASSPORT + 'hours = { mon = "8-15" }\n', ["services.passport-foreign-adult.hours.mon", "'8-15'"]),
        ("services.toml", PASSPORT, PASSPORT + 'hours = { monday = "08:00-15:00" }\n', ["services.passport-foreign-adult.hours.monday", "unknown key"]),
        ("services.toml", PASSPORT, PASSPORT + "hours = {}\n", ["services.passport-foreign-adult.hours", "on no day"]),
    ],
)
def test_each_calendar_mistake_is_named(config, file: str, old: str, new: str, words: list[str]) -> None:
    config.edit(file, old, new).refused(*words)

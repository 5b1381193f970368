"""offices.toml: a day's hours with breaks ("08:00-12:00, 13:00-17:00"), in a schedule or an office's own hours."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from queue_server.domain.hours import Weekday
from queue_server.network_config import load_network

MONDAY = 'mon = "08:00-16:00"'
OWN_HOURS = 'hours = "main"'
KYIV = ZoneInfo("Europe/Kyiv")


def test_the_bundled_vans_stop_for_lunch_on_thursday() -> None:
    hours = load_network().offices["mob-1"].hours
    assert hours.intervals[Weekday.THU] == ((dt.time(9), dt.time(12)), (dt.time(12, 30), dt.time(15)))
    assert hours.days[Weekday.THU] == (dt.time(9), dt.time(15)) and hours.intervals[Weekday.TUE] == ((dt.time(9), dt.time(15)),)
    thursday = dt.date(2026, 12, 10)
    assert not hours.is_open(dt.datetime.combine(thursday, dt.time(12, 15), tzinfo=KYIV))
    assert hours.is_open(dt.datetime.combine(thursday, dt.time(12, 30), tzinfo=KYIV))


def test_an_office_s_own_hours_may_hold_breaks(config) -> None:
    own = 'hours = { mon = "08:00-12:00, 13:00-16:00,17:00-19:00", sat = "10:00-14:00" }'
    main = config.edit("offices.toml", OWN_HOURS, own).load().offices["main"]
    assert main.hours.intervals == {
        Weekday.MON: ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(16)), (dt.time(17), dt.time(19))),
        Weekday.SAT: ((dt.time(10), dt.time(14)),),
    }
    assert main.hours.days == {Weekday.MON: (dt.time(8), dt.time(19)), Weekday.SAT: (dt.time(10), dt.time(14))}


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('"08:00-12:00, 11:00-20:00"', ["schedules.main.mon", "11:00-20:00 starts before 08:00-12:00 ends"]),
        ('"13:00-20:00, 08:00-12:00"', ["schedules.main.mon", "in order"]),
        ('"08:00-12:00, 12:00-20:00"', ["schedules.main.mon", "without a break between, write them as one range"]),
        ('"08:00-12:00, 1pm-8pm"', ["schedules.main.mon", "'1pm-8pm'"]),
        ('"08:00-12:00,"', ["schedules.main.mon", "time range", "''"]),
        ('"08:00-12:00, 14:00-13:00"', ["schedules.main.mon", "'14:00-13:00' closes before it opens"]),
        ('"08:00-12:00; 13:00-20:00"', ["schedules.main.mon", "time range"]),
        ('["08:00-12:00", "13:00-20:00"]', ["schedules.main.mon", "ranges with breaks such as \"08:00-12:00, 13:00-17:00\""]),
        ("8", ["schedules.main.mon", "time range"]),
    ],
)
def test_each_mistake_of_a_day_with_breaks_is_named(config, value, words) -> None:
    config.edit("offices.toml", MONDAY, f"mon = {value}").refused("offices.toml", *words)

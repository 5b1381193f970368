"""Numbers restart at the office's midnight; estimates follow the real pace."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain import estimates
from queue_server.domain.numbering import format_number, office_day

UTC = dt.timezone.utc


def test_the_day_turns_at_kyiv_midnight_not_utc() -> None:
    # 21:59 UTC on 24 November is 23:59 in Kyiv (UTC+2 in winter); 22:00 UTC is the 25th
    assert office_day(dt.datetime(2026, 11, 24, 21, 59, tzinfo=UTC), "Europe/Kyiv") == dt.date(2026, 11, 24)
    assert office_day(dt.datetime(2026, 11, 24, 22, 0, tzinfo=UTC), "Europe/Kyiv") == dt.date(2026, 11, 25)
    # summer time: UTC+3
    assert office_day(dt.datetime(2026, 7, 1, 21, 0, tzinfo=UTC), "Europe/Kyiv") == dt.date(2026, 7, 2)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        office_day(dt.datetime(2026, 11, 24, 12, 0), "Europe/Kyiv")


def test_number_format() -> None:
    assert format_number("А", 15) == "А015"
    assert format_number("П", 1) == "П001"
    assert format_number("В", 1234) == "В1234"
    with pytest.raises(ValueError):
        format_number("А", 0)


def test_estimate_uses_typical_duration_until_there_are_enough_samples() -> None:
    typical = dt.timedelta(minutes=10)
    few = [dt.timedelta(minutes=2)] * (estimates.MIN_SAMPLES - 1)
    assert estimates.service_duration(few, typical) == typical
    enough = [dt.timedelta(minutes=m) for m in (2, 3, 4, 5, 100)]
    assert estimates.service_duration(enough, typical) == dt.timedelta(minutes=4)


def test_estimate_divides_work_among_open_desks() -> None:
    duration = dt.timedelta(minutes=12)
    assert estimates.estimate_wait(0, 3, duration) == dt.timedelta(0)
    assert estimates.estimate_wait(6, 3, duration) == dt.timedelta(minutes=24)


def test_no_desk_open_gives_no_figure_rather_than_assuming_one() -> None:
    duration = dt.timedelta(minutes=12)
    assert estimates.estimate_wait(2, 0, duration) is None
    assert estimates.estimate_wait(0, 0, duration) is None  # first in line, but nobody knows when a desk opens
    assert estimates.basis(None) == estimates.NO_DESK_OPEN == "no_desk_open"
    assert estimates.basis(dt.timedelta(0)) == estimates.ESTIMATED
    assert estimates.minutes(None) is None


def test_minutes_round_up() -> None:
    assert estimates.minutes(dt.timedelta(seconds=0)) == 0
    assert estimates.minutes(dt.timedelta(seconds=1)) == 1
    assert estimates.minutes(dt.timedelta(minutes=3, seconds=30)) == 4

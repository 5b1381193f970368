"""The pure parts of `queue_server.reporting`: the percentile, the period, the wall clock, the interval arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.errors import InvalidRequest
from queue_server.reporting.arithmetic import percentile
from queue_server.reporting.desk_hours import desk_hours, union_length
from queue_server.reporting.figures import Report
from queue_server.reporting.period import MAX_DAYS, period
from queue_server.reporting.visits import WallClock, epoch_ms, visits_from_rows

H = 3_600_000
M = 60_000
NOON = epoch_ms(dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.timezone.utc))


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [
        ([], 50, None),
        ([7], 50, 7),
        ([7], 90, 7),
        ([1, 2], 50, 1),  # rank ⌈1⌉ = 1
        ([1, 2, 3], 50, 2),  # rank ⌈1.5⌉ = 2
        ([1, 2, 3, 4], 50, 2),
        (list(range(1, 11)), 90, 9),  # rank 9 exactly: no float rounding up to 10
        (list(range(1, 11)), 91, 10),
        (list(range(1, 101)), 90, 90),
        (list(range(1, 31)), 90, 27),  # 0.9 × 30 is 27.000000000000004 in floats; the rank stays 27
    ],
)
def test_the_nearest_rank_percentile(values, percent, expected) -> None:
    assert percentile(values, percent) == expected


def test_a_period_is_whole_local_days() -> None:
    winter = period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert winter.days == 31
    start, end = winter.bounds("Europe/Kyiv")
    assert (start.isoformat(), end.isoformat()) == ("2025-12-31T22:00:00+00:00", "2026-01-31T22:00:00+00:00")
    summer = period(dt.date(2026, 7, 1), dt.date(2026, 7, 1)).bounds("Europe/Kyiv")
    assert summer[1] - summer[0] == dt.timedelta(hours=24) and summer[0].hour == 21
    spring = period(dt.date(2026, 3, 29), dt.date(2026, 3, 29)).bounds("Europe/Kyiv")
    assert spring[1] - spring[0] == dt.timedelta(hours=23)


@pytest.mark.parametrize(("first", "last"), [(dt.date(2026, 2, 2), dt.date(2026, 2, 1)), (dt.date(2023, 1, 1), dt.date(2026, 1, 1))])
def test_a_period_refused(first, last) -> None:
    with pytest.raises(InvalidRequest):
        period(first, last)


def test_the_longest_period() -> None:
    assert period(dt.date(2024, 1, 1), dt.date(2024, 1, 1) + dt.timedelta(days=MAX_DAYS - 1)).days == MAX_DAYS


def test_the_wall_clock_across_a_change_of_clocks() -> None:
    clock = WallClock("Europe/Kyiv")
    before = epoch_ms(dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.timezone.utc))  # 02:59 winter time
    after = epoch_ms(dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.timezone.utc))  # 04:00 summer time
    assert (clock.local_ms(before) // M % 1440) == 2 * 60 + 59
    assert (clock.local_ms(after) // M % 1440) == 4 * 60
    evening = epoch_ms(dt.datetime(2026, 3, 29, 20, 0, tzinfo=dt.timezone.utc))  # 23:00 local
    assert clock.next_midnight_ms(evening) == epoch_ms(dt.datetime(2026, 3, 29, 21, 0, tzinfo=dt.timezone.utc))


def test_union_length_counts_overlaps_once() -> None:
    assert union_length([]) == 0
    assert union_length([(0, 10), (5, 15), (20, 30), (21, 22)]) == 25
    assert union_length([(10, 20), (0, 10)]) == 20


def _hours(actions, start=0, end=48 * H, midnight=24 * H):
    return desk_hours(
        actions, starts={"alpha": start}, ends={"alpha": end}, midnight_after=lambda office, at: midnight if at < midnight else 48 * H
    )


def test_a_day_at_a_desk() -> None:
    found = _hours([
        (9 * H, "alpha", "alpha-1", "open", "user:olena", None),
        (12 * H, "alpha", "alpha-1", "pause", "user:olena", "lunch"),
        (12 * H + 30 * M, "alpha", "alpha-1", "resume", "user:olena", None),
        (15 * H, "alpha", "alpha-1", "pause", "user:olena", "break"),
        (17 * H, "alpha", "alpha-1", "close", "user:olena", None),  # closed while on the break
    ])  # fmt: skip
    olena = found["olena"]
    assert olena.logged_in_ms == 8 * H
    assert olena.break_ms == 2 * H + 30 * M
    assert olena.breaks_by_reason() == {"break": {"count": 1, "minutes": 120.0}, "lunch": {"count": 1, "minutes": 30.0}}


def test_a_desk_never_closed_ends_at_midnight_and_a_reopen_ends_the_old_interval() -> None:
    found = _hours([
        (20 * H, "alpha", "alpha-1", "open", "user:olena", None),
        (22 * H, "alpha", "alpha-2", "open", "user:olena", None),  # the same person at a second desk: counted once
        (23 * H, "alpha", "alpha-2", "force_close", "user:iryna", None),
        (33 * H, "alpha", "alpha-1", "open", "user:petro", None),  # next day; no close in the log
        (34 * H, "alpha", "alpha-1", "open", "user:petro", None),
    ], end=40 * H)  # fmt: skip
    assert found["olena"].logged_in_ms == 4 * H
    assert found["petro"].logged_in_ms == 7 * H  # 33–34 and 34–40 (the end of the period, or now)
    assert "iryna" not in found


def test_the_period_cuts_the_intervals() -> None:
    found = _hours([(10 * H, "alpha", "alpha-1", "open", "user:olena", None)], start=12 * H, end=13 * H)
    assert found["olena"].logged_in_ms == H


def test_rows_of_no_visits() -> None:
    report = Report(visits_from_rows([], {"alpha": "Europe/Kyiv"}), {})
    assert report.total().issued == 0 and report.by("hour") == {}


def test_rows_of_an_office_no_longer_configured_are_left_out() -> None:
    rows = [
        (1, "alpha", "passport", "olena", "done", NOON, 60_000, 120_000, None, None, 180_000, None, None),
        (2, "closed-office", "passport", "petro", "done", NOON, 60_000, 120_000, 1, "Погано", 180_000, None, None),
    ]
    visits = visits_from_rows(rows, {"alpha": "Europe/Kyiv"})
    assert list(visits.ticket) == [1] and visits.keys("hour") == [14]  # 12:00 UTC is 14:00 in Kyiv in January


def test_each_office_on_its_own_clock() -> None:
    rows = [
        (1, "alpha", "passport", "olena", "done", NOON, 60_000, 120_000, 5, None, 180_000, None, None),
        (2, "beta", "passport", "petro", "no_show", NOON, 60_000, None, None, None, 180_000, None, None),
    ]
    visits = visits_from_rows(rows, {"alpha": "Europe/Kyiv", "beta": "America/New_York"})
    assert visits.keys("hour") == [14, 7]
    report = Report(visits, {"passport": 20 * M})
    assert {key: figures.served for key, figures in report.by("hour").items()} == {14: 1, 7: 0}
    assert report.total().no_show_share == 0.5 and report.total().within_target_share == 1.0

"""The heartbeat's upkeep of every office: bookings never checked in are missed, old visitors' names and phones erased — at each office's midnight and once a minute."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from booking_cases import KEY, PHONE, TOMORROW_10, booking_network
from queue_server.commands import booking
from queue_server.domain.numbering import day_bounds, office_day
from queue_server.realtime.heartbeat import UpkeepSchedule, upkeep
from queue_server.store.schema import appointments

KYIV = "Europe/Kyiv"
MIDNIGHT = day_bounds(office_day(TOMORROW_10, KYIV), KYIV)[1]  # the night after the booking's day


@pytest.fixture
def network():
    return booking_network(places=3)


def test_the_upkeep_marks_the_missed_and_erases_the_visitor_after_the_retention(ctx, clock) -> None:
    booking.book(ctx, "alpha", "passport", TOMORROW_10, name="Олена Коваль", phone=PHONE, key=KEY)
    retention = dt.timedelta(days=30)
    clock.now = TOMORROW_10 + dt.timedelta(days=1)
    upkeep(ctx, retention)
    with ctx.engine.connect() as conn:
        [row] = conn.execute(sa.select(appointments)).all()
    assert (row.status, row.name, row.phone) == ("missed", "Олена Коваль", PHONE)
    clock.now = TOMORROW_10 + retention + dt.timedelta(minutes=1)
    upkeep(ctx, retention)
    with ctx.engine.connect() as conn:
        [row] = conn.execute(sa.select(appointments)).all()
    assert (row.status, row.name, row.phone) == ("missed", "", "")
    assert row.person and row.start == TOMORROW_10  # what the no-show block and the reports count stays


def booking_status(ctx) -> str:  # type: ignore[no-untyped-def]
    with ctx.engine.connect() as conn:
        [row] = conn.execute(sa.select(appointments)).all()
    return row.status  # type: ignore[no-any-return]


def test_with_a_schedule_an_office_is_kept_up_at_its_midnight_and_then_once_a_minute(ctx, clock) -> None:
    booking.book(ctx, "alpha", "passport", TOMORROW_10, name="Олена Коваль", phone=PHONE, key=KEY)
    schedule, retention = UpkeepSchedule(), dt.timedelta(days=30)
    clock.now = MIDNIGHT - dt.timedelta(seconds=20)
    upkeep(ctx, retention, schedule)
    assert booking_status(ctx) == "booked"  # its day is not over
    clock.now = MIDNIGHT  # twenty seconds on, but a new day: due at once
    upkeep(ctx, retention, schedule)
    assert booking_status(ctx) == "missed"


def test_with_a_schedule_an_office_kept_up_is_left_alone_for_a_minute(ctx, clock) -> None:
    schedule, retention = UpkeepSchedule(), dt.timedelta(days=30)
    clock.now = TOMORROW_10 + dt.timedelta(days=1)
    upkeep(ctx, retention, schedule)
    clock.now = TOMORROW_10 - dt.timedelta(hours=2)  # a booking of a past day appears (written back then, as a restored copy would hold it)
    booking.book(ctx, "alpha", "passport", TOMORROW_10, name="Олена Коваль", phone=PHONE, key=KEY)
    clock.now = TOMORROW_10 + dt.timedelta(days=1, seconds=59)
    upkeep(ctx, retention, schedule)
    assert booking_status(ctx) == "booked"  # checked less than a minute ago
    clock.now = TOMORROW_10 + dt.timedelta(days=1, minutes=1)
    upkeep(ctx, retention, schedule)
    assert booking_status(ctx) == "missed"
    schedule.forget()  # a process taking the chores over keeps every office up at its first beat
    assert all(schedule.due(office, clock.now) for office in ctx.network.offices)


def test_the_schedule_is_due_at_the_office_s_own_midnight() -> None:
    schedule = UpkeepSchedule()
    before_midnight = MIDNIGHT - dt.timedelta(seconds=30)
    schedule.done("alpha", KYIV, before_midnight)
    assert not schedule.due("alpha", MIDNIGHT - dt.timedelta(seconds=1))
    assert schedule.due("alpha", MIDNIGHT)
    schedule.done("beta", "Asia/Tokyo", before_midnight)  # another zone: its own minute, not Kyiv's midnight
    assert not schedule.due("beta", MIDNIGHT) and schedule.due("beta", before_midnight + dt.timedelta(minutes=1))
    assert schedule.due("gamma", before_midnight)  # never kept up: due

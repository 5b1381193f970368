"""Each heartbeat's upkeep of every office: bookings never checked in are missed, and old visitors' names and phones erased."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from booking_cases import KEY, PHONE, TOMORROW_10, booking_network
from queue_server.commands import booking
from queue_server.realtime.heartbeat import upkeep
from queue_server.store.schema import appointments


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

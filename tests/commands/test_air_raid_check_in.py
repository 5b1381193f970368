"""A visitor whose appointment time fell in an air-raid alert checks in after it, still as the appointment."""

from __future__ import annotations

import datetime as dt

import pytest

from booking_cases import KEY, PHONE, TOMORROW_10, booking_network
from queue_server.commands import booking
from queue_server.commands.air_raid import set_air_raid
from queue_server.domain.air_raid import AirRaidPause

MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def network():
    return booking_network(places=3)


def _book(ctx, phone=PHONE):
    return booking.book(ctx, "alpha", "passport", TOMORROW_10, name="Олена Коваль", phone=phone, key=KEY)


def test_the_grace_is_extended_by_the_alert_and_the_check_in_is_as_the_appointment(ctx, clock, kiosk, supervisor) -> None:
    kept, late = _book(ctx), _book(ctx, phone="+380670000001")
    clock.now = TOMORROW_10 + 5 * MINUTE
    set_air_raid(ctx, "alpha", True, actor=supervisor)
    clock.now = TOMORROW_10 + 20 * MINUTE
    with pytest.raises(AirRaidPause):  # nobody is issued a ticket during the alert, a booking's visitor neither
        booking.check_in(ctx, "alpha", kept.code, actor=kiosk)
    clock.now = TOMORROW_10 + 35 * MINUTE
    set_air_raid(ctx, "alpha", False, actor=supervisor)
    clock.now = TOMORROW_10 + 38 * MINUTE  # 10 minutes of grace, 30 of them in the alert: 2 minutes outside it are left
    checked = booking.check_in(ctx, "alpha", kept.code, actor=kiosk)
    assert checked.as_appointment and checked.issued.ticket.appointment_at == TOMORROW_10
    clock.now = TOMORROW_10 + 41 * MINUTE  # 11 minutes outside the alert: past the grace, a walk-in
    walked_in = booking.check_in(ctx, "alpha", late.code, actor=kiosk)
    assert not walked_in.as_appointment and walked_in.issued.ticket.appointment_at is None


def test_without_an_alert_the_same_moment_is_a_walk_in(ctx, clock, kiosk) -> None:
    made = _book(ctx)
    clock.now = TOMORROW_10 + 38 * MINUTE
    assert not booking.check_in(ctx, "alpha", made.code, actor=kiosk).as_appointment

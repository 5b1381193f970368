"""A checked-in appointment due now is called before walk-ins issued earlier; one that came late waits as a walk-in."""

from __future__ import annotations

import datetime as dt

import pytest

from booking_cases import KEY, TOMORROW_10, booking_network
from queue_server.commands import booking, desk_state, desk_work
from queue_server.commands.issuing import issue_ticket


@pytest.fixture
def network():
    return booking_network(places=3)


def _booked(ctx, start=TOMORROW_10, phone="+380671234567"):
    return booking.book(ctx, "alpha", "passport", start, name="Олена", phone=phone, key=KEY)


def test_a_checked_in_appointment_due_now_is_called_before_earlier_walk_ins(ctx, clock, kiosk, operator) -> None:
    made = _booked(ctx)
    clock.now = TOMORROW_10 - dt.timedelta(minutes=30)
    walk_ins = [issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket for _ in range(3)]
    clock.now = TOMORROW_10 - dt.timedelta(minutes=10)
    checked = booking.check_in(ctx, "alpha", made.code, actor=kiosk)
    desk_state.open_desk(ctx, "alpha-4", actor=operator)
    clock.now = TOMORROW_10 - dt.timedelta(minutes=1)  # within the policy's appointment window
    called = desk_work.call_next(ctx, "alpha-4", actor=operator)
    assert called is not None and called.id == checked.issued.ticket.id
    assert called.id not in {ticket.id for ticket in walk_ins}


def test_a_late_check_in_waits_behind_the_walk_ins_before_it(ctx, clock, kiosk, operator) -> None:
    made = _booked(ctx)
    clock.now = TOMORROW_10
    walk_in = issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket
    clock.now = TOMORROW_10 + dt.timedelta(minutes=40)  # past the grace
    late = booking.check_in(ctx, "alpha", made.code, actor=kiosk)
    assert not late.as_appointment
    desk_state.open_desk(ctx, "alpha-4", actor=operator)
    first = desk_work.call_next(ctx, "alpha-4", actor=operator)
    assert first is not None and first.id == walk_in.id

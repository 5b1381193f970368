"""Closures of an office's or a desk's bookings, lifting a no-show block, and the messages a booking sends its visitor."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from booking_cases import KEY, PHONE, TODAY, TOMORROW, TOMORROW_10, booking_network, missed_three_times
from factories import T0
from queue_server.commands import booking, booking_closures
from queue_server.commands.booking import Refused
from queue_server.commands.booking_messages import reminder_time
from queue_server.commands.context import Actor
from queue_server.domain.appointments import AppointmentStatus
from queue_server.domain.errors import AccessDenied, InvalidRequest, NotFound
from queue_server.reads import appointments as reads
from queue_server.store import audit as audit_store
from queue_server.store import messages as outbox
from queue_server.store.schema import booking_block_lifts
from queue_server.store.schema import booking_closures as closures_table

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def network():
    return booking_network(places=3)


def _book(ctx, start=TOMORROW_10, phone: str | None = PHONE, **more):
    return booking.book(ctx, "alpha", "passport", start, name="Олена Коваль", phone=phone, key=KEY, **more)


def _free(ctx, day=TOMORROW) -> dict[dt.datetime, int]:
    return {slot.start: slot.free for slot in reads.open_slots(ctx, "alpha", "passport", day)[1]}


def _messages(ctx) -> list:
    with ctx.reading() as conn:
        return outbox.all_messages(conn)


def _count(ctx, table) -> int:
    with ctx.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)


def _audit(ctx, action):
    with ctx.reading() as conn:
        return audit_store.entries(conn, "alpha", action=action)


# ---- closures


def test_closing_a_day_cancels_its_bookings_tells_their_visitors_and_leaves_no_slots(ctx, supervisor) -> None:
    made = [_book(ctx, start=TOMORROW_10 + HOUR * hours, phone=f"+38067000000{hours}") for hours in range(3)]
    other_day = _book(ctx, start=TOMORROW_10 + dt.timedelta(days=1))
    closed = booking_closures.close_bookings(ctx, "alpha", day=TOMORROW, actor=supervisor, reason="training  day")
    assert {appointment.code for appointment in closed.cancelled} == {appointment.code for appointment in made}
    assert all(reads.booking(ctx, appointment.token).status is AppointmentStatus.CANCELLED for appointment in made)
    assert reads.booking(ctx, other_day.token).status is AppointmentStatus.BOOKED
    assert _free(ctx) == {}
    with pytest.raises(InvalidRequest) as refused:
        _book(ctx)
    assert refused.value.details["reason"] == "not_a_slot"
    told = [message for message in _messages(ctx) if message.template == "booking_cancelled"]
    assert sorted(message.phone for message in told) == sorted(appointment.phone for appointment in made)
    assert "/book" in told[0].text
    reminders = {message.id: message.status for message in _messages(ctx) if message.template == "booking_reminder"}
    assert [reminders[appointment.reminder_id] for appointment in made] == ["expired"] * 3
    assert reminders[other_day.reminder_id] == "pending"
    [entry] = _audit(ctx, "close_bookings")
    assert entry["details"]["reason"] == "training day" and sorted(entry["details"]["cancelled"]) == sorted(a.code for a in made)


def test_closing_some_hours_cancels_only_the_bookings_within_them(ctx, supervisor) -> None:
    inside = _book(ctx)
    outside = _book(ctx, start=TOMORROW_10 + 2 * HOUR)
    closed = booking_closures.close_bookings(ctx, "alpha", day=TOMORROW, start=dt.time(9, 0), end=dt.time(11, 0), actor=supervisor)
    assert [appointment.code for appointment in closed.cancelled] == [inside.code]
    assert reads.booking(ctx, outside.token).status is AppointmentStatus.BOOKED
    free = _free(ctx)
    assert TOMORROW_10 not in free and TOMORROW_10 - 2 * HOUR + dt.timedelta(minutes=50) in free
    assert TOMORROW_10 + HOUR in free  # 11:00 opens again


def test_a_desk_closure_keeps_the_bookings_its_slot_can_still_hold_and_cancels_when_the_last_desk_goes(ctx, supervisor) -> None:
    made = [_book(ctx, phone=f"+38067000000{number}") for number in range(2)]
    assert _free(ctx)[TOMORROW_10] == 1
    first = booking_closures.close_bookings(ctx, "alpha", day=TOMORROW, desk="alpha-4", actor=supervisor)
    second = booking_closures.close_bookings(ctx, "alpha", day=TOMORROW, desk="alpha-5", actor=supervisor)
    assert first.cancelled == () and second.cancelled == ()  # one desk left: the slot is over-full, nobody loses a booking
    assert _free(ctx)[TOMORROW_10] == 0
    third = booking_closures.close_bookings(ctx, "alpha", day=TOMORROW, desk="alpha-6", actor=supervisor)
    assert {appointment.code for appointment in third.cancelled} == {appointment.code for appointment in made}


def test_a_closure_leaves_past_and_checked_in_bookings_alone(ctx, clock, supervisor, kiosk) -> None:
    early = _book(ctx)
    later = _book(ctx, start=TOMORROW_10 + 3 * HOUR)
    clock.now = TOMORROW_10 - dt.timedelta(minutes=5)
    booking.check_in(ctx, "alpha", early.code, actor=kiosk)
    closed = booking_closures.close_bookings(ctx, "alpha", day=TOMORROW, actor=supervisor)
    assert [appointment.code for appointment in closed.cancelled] == [later.code]
    assert reads.booking(ctx, early.token).status is AppointmentStatus.CHECKED_IN


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"desk": "alpha-99"}, "desk"),
        ({"desk": "beta-1"}, "desk"),
        ({"start": dt.time(9)}, "to"),
        ({"end": dt.time(9)}, "from"),
        ({"start": dt.time(12), "end": dt.time(11)}, "to"),
        ({"day": TODAY - dt.timedelta(days=1)}, "date"),
        ({"day": TODAY, "start": dt.time(8), "end": dt.time(9)}, "date"),  # it is 10:00
        ({"reason": "x" * 201}, "reason"),
    ],
)
def test_a_bad_closure_is_refused_and_nothing_changes(ctx, supervisor, changes, field) -> None:
    made = _book(ctx)
    arguments = {"day": TOMORROW, **changes}
    with pytest.raises(InvalidRequest) as refused:
        booking_closures.close_bookings(ctx, "alpha", actor=supervisor, **arguments)
    assert refused.value.details["field"] == field
    assert _count(ctx, closures_table) == 0
    assert reads.booking(ctx, made.token).status is AppointmentStatus.BOOKED


def test_only_an_overseer_of_the_office_closes_or_reopens(ctx, supervisor, operator) -> None:
    beta_supervisor = Actor(kind="staff", name="bohdan", role="supervisor", offices=("beta",), user_id=5)
    for actor in (operator, beta_supervisor):
        with pytest.raises(AccessDenied):
            booking_closures.close_bookings(ctx, "alpha", day=TOMORROW, actor=actor)
    assert _count(ctx, closures_table) == 0
    closed = booking_closures.close_bookings(ctx, "alpha", day=TOMORROW, actor=supervisor)
    with pytest.raises(AccessDenied):
        booking_closures.reopen_bookings(ctx, "alpha", closed.closure.id, actor=operator)
    with pytest.raises(NotFound):
        booking_closures.reopen_bookings(ctx, "beta", closed.closure.id, actor=beta_supervisor)


def test_reopening_frees_the_times_again_and_lists_no_more(ctx, supervisor) -> None:
    made = _book(ctx)
    closed = booking_closures.close_bookings(ctx, "alpha", day=TOMORROW, actor=supervisor)
    assert [record.id for record in booking_closures.closures_ahead(ctx, "alpha")] == [closed.closure.id]
    reopened = booking_closures.reopen_bookings(ctx, "alpha", closed.closure.id, actor=supervisor)
    assert reopened.withdrawn_at is not None
    assert _free(ctx)[TOMORROW_10] == 3
    assert reads.booking(ctx, made.token).status is AppointmentStatus.CANCELLED  # its visitor was told
    assert booking_closures.closures_ahead(ctx, "alpha") == []
    with pytest.raises(Refused) as again:
        booking_closures.reopen_bookings(ctx, "alpha", closed.closure.id, actor=supervisor)
    assert again.value.code == "withdrawn"
    assert len(_audit(ctx, "reopen_bookings")) == 1


# ---- the no-show block


def test_a_supervisor_lifts_a_block_by_a_code_and_only_later_misses_count(ctx, clock, supervisor) -> None:
    from queue_server.domain.appointments import person_key

    person = person_key(PHONE, KEY)
    missed_three_times(ctx, "alpha", code="MSSD22", now=T0, person=person)
    with pytest.raises(Refused) as blocked:
        _book(ctx)
    assert blocked.value.code == "blocked"
    lifted_at = booking_closures.lift_block(ctx, "alpha", actor=supervisor, key=KEY, code="mssd22")
    assert lifted_at == T0
    assert _book(ctx).status is AppointmentStatus.BOOKED
    [entry] = _audit(ctx, "lift_booking_block")
    assert entry["actor"] == "user:iryna"
    with pytest.raises(Refused) as not_blocked:
        booking_closures.lift_block(ctx, "alpha", actor=supervisor, key=KEY, phone="067 123 45 67")
    assert not_blocked.value.code == "not_blocked"
    for day in (2, 3):
        _book(ctx, start=TOMORROW_10 + dt.timedelta(days=day))
    clock.now = TOMORROW_10 + dt.timedelta(days=4)
    booking.mark_missed(ctx, "alpha")
    with pytest.raises(Refused) as again:
        _book(ctx, start=TOMORROW_10 + dt.timedelta(days=5))
    assert again.value.code == "blocked"  # three misses after the lift
    booking_closures.lift_block(ctx, "alpha", actor=supervisor, key=KEY, phone="+380 67 123 45 67")
    assert _book(ctx, start=TOMORROW_10 + dt.timedelta(days=5)).status is AppointmentStatus.BOOKED


def test_a_lift_needs_an_overseer_and_one_way_to_name_the_person(ctx, supervisor, operator) -> None:
    missed_three_times(ctx, "alpha", code="MSSD22", now=T0)
    with pytest.raises(AccessDenied):
        booking_closures.lift_block(ctx, "alpha", actor=operator, key=KEY, code="MSSD22")
    for named in ({}, {"code": "MSSD22", "phone": PHONE}):
        with pytest.raises(InvalidRequest):
            booking_closures.lift_block(ctx, "alpha", actor=supervisor, key=KEY, **named)
    with pytest.raises(InvalidRequest):
        booking_closures.lift_block(ctx, "alpha", actor=supervisor, key=KEY, phone="12345")
    with pytest.raises(NotFound):
        booking_closures.lift_block(ctx, "alpha", actor=supervisor, key=KEY, code="ZZZZZZ")
    beta_supervisor = Actor(kind="staff", name="bohdan", role="supervisor", offices=("beta",), user_id=5)
    with pytest.raises(NotFound):  # alpha's code is not beta's
        booking_closures.lift_block(ctx, "beta", actor=beta_supervisor, key=KEY, code="MSSD22")
    assert _count(ctx, booking_block_lifts) == 0


# ---- messages


def test_a_booking_queues_its_confirmation_and_a_reminder_the_evening_before(ctx) -> None:
    made = _book(ctx, lang="en")
    confirmation, reminder = _messages(ctx)
    assert (confirmation.template, confirmation.phone, confirmation.lang) == ("booking_confirmed", PHONE, "en")
    assert made.code in confirmation.text and f"/a/{made.token}" in confirmation.text
    assert reminder.template == "booking_reminder" and reminder.id == made.reminder_id
    assert reminder.next_attempt_at == dt.datetime(2026, 11, 24, 16, 0, tzinfo=dt.timezone.utc)  # 18:00 in Kyiv, the evening before
    assert reminder.expires_at <= made.start
    assert reminder_time(made.start, "Europe/Kyiv") == reminder.next_attempt_at


def test_no_reminder_when_its_evening_has_passed_and_no_message_without_a_phone(ctx, clock) -> None:
    from queue_server.commands.context import Actor as Who

    clock.now = dt.datetime(2026, 11, 24, 17, 0, tzinfo=dt.timezone.utc)  # 19:00 in Kyiv: tomorrow's reminder hour has passed
    made = _book(ctx)
    assert made.reminder_id is None and [message.template for message in _messages(ctx)] == ["booking_confirmed"]
    partner = Who(kind="device", name="city-portal", role="partner", offices=("alpha",), device_id=7)
    booking.book(ctx, "alpha", "passport", TOMORROW_10 + HOUR, name="Петро", phone=None, person="person-key-0001", key=KEY, actor=partner)
    assert len(_messages(ctx)) == 1


def test_a_visitor_s_cancel_withdraws_the_reminder_and_an_office_s_cancel_tells_them(ctx, supervisor) -> None:
    own = _book(ctx)
    booking.cancel(ctx, own.token)
    by_office = _book(ctx, start=TOMORROW_10 + HOUR, phone="+380501112233")
    booking.cancel_by_code(ctx, "alpha", by_office.code, actor=supervisor)
    status = {message.id: message.status for message in _messages(ctx)}
    assert status[own.reminder_id] == "expired" and status[by_office.reminder_id] == "expired"
    told = [message for message in _messages(ctx) if message.template == "booking_cancelled"]
    assert [message.phone for message in told] == ["+380501112233"]


def test_a_bad_language_is_refused_and_nothing_is_queued(ctx) -> None:
    with pytest.raises(InvalidRequest) as refused:
        _book(ctx, lang="de")
    assert refused.value.details["field"] == "lang"
    assert _messages(ctx) == []

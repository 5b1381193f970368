"""Booking commands: book, cancel, check in, mark missed; each rule and each refusal, with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from booking_cases import KEY, PHONE, TOMORROW, TOMORROW_10, booking_network
from queue_server.commands import booking
from queue_server.commands.booking import Refused
from queue_server.domain import booking_rules
from queue_server.domain.appointments import CODE_ALPHABET, CODE_LENGTH, AppointmentStatus
from queue_server.domain.errors import InvalidRequest, NotFound
from queue_server.domain.views import timestamp
from queue_server.reads import appointments as reads
from queue_server.store.schema import appointments, tickets


@pytest.fixture
def network():
    return booking_network(places=3)


def _book(ctx, start=TOMORROW_10, phone=PHONE, service="passport", office="alpha", name="Олена Коваль"):
    return booking.book(ctx, office, service, start, name=name, phone=phone, key=KEY)


def _rows(ctx) -> int:
    with ctx.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(appointments)).scalar() or 0)


def test_a_booking_has_a_code_easy_to_type_a_token_and_the_phone_in_one_spelling(ctx) -> None:
    made = _book(ctx, phone="067 123-45-67")
    assert len(made.code) == CODE_LENGTH and set(made.code) <= set(CODE_ALPHABET)
    assert not set(made.code) & set("0O1IL")
    assert len(made.token) >= 20
    assert made.phone == PHONE and made.status is AppointmentStatus.BOOKED
    assert made.person != PHONE and PHONE not in made.person
    assert made.start == TOMORROW_10


def test_a_slot_takes_its_places_and_then_refuses_as_full(ctx) -> None:
    for number in range(3):
        _book(ctx, phone=f"+38067000000{number}")
    with pytest.raises(Refused) as refused:
        _book(ctx, phone="+380670000009")
    assert refused.value.code == "full"
    assert _rows(ctx) == 3


def test_cancel_frees_the_place_and_still_counts_for_the_month(ctx) -> None:
    made = [_book(ctx, phone=f"+38067000000{number}") for number in range(3)]
    before = {slot.start: slot.free for slot in reads.open_slots(ctx, "alpha", "passport", TOMORROW)[1]}
    assert before[TOMORROW_10] == 0
    assert booking.cancel(ctx, made[0].token).status is AppointmentStatus.CANCELLED
    after = {slot.start: slot.free for slot in reads.open_slots(ctx, "alpha", "passport", TOMORROW)[1]}
    assert after[TOMORROW_10] == 1
    with pytest.raises(Refused) as again:
        booking.cancel(ctx, made[0].token)
    assert again.value.code == "cancelled"


def test_the_monthly_limit_counts_cancelled_bookings(ctx) -> None:
    limit = ctx.network.booking.limits.monthly_limit
    for hour in range(limit):
        made = _book(ctx, start=TOMORROW_10 + dt.timedelta(hours=hour), phone="0671234567")
        booking.cancel(ctx, made.token)
    with pytest.raises(Refused) as refused:
        _book(ctx, start=TOMORROW_10 + dt.timedelta(hours=limit), phone="+380 67 123 45 67")
    assert refused.value.code == "monthly_limit"


def test_repeated_no_shows_block_the_person(ctx, clock) -> None:
    for day in range(3):
        _book(ctx, start=TOMORROW_10 + dt.timedelta(days=day))
    clock.now = TOMORROW_10 + dt.timedelta(days=3)
    assert booking.mark_missed(ctx, "alpha") == 3
    with pytest.raises(Refused) as refused:
        _book(ctx, start=TOMORROW_10 + dt.timedelta(days=4))
    assert refused.value.code == "blocked"


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        (TOMORROW_10 - dt.timedelta(days=2), "past"),
        (TOMORROW_10 + dt.timedelta(days=40), "beyond_horizon"),
        (TOMORROW_10 - dt.timedelta(days=1) + dt.timedelta(minutes=30), "too_soon"),
        (TOMORROW_10 + dt.timedelta(minutes=5), "not_a_slot"),  # misaligned
        (TOMORROW_10 + dt.timedelta(hours=12), "not_a_slot"),  # 22:00, closed
    ],
)
def test_a_start_that_is_not_a_free_slot_is_a_bad_request_and_nothing_is_stored(ctx, start, reason) -> None:
    with pytest.raises(InvalidRequest) as refused:
        _book(ctx, start=start)
    assert refused.value.details == {"field": "start", "reason": reason}
    assert _rows(ctx) == 0


@pytest.mark.parametrize(
    ("name", "phone", "field"),
    [("", PHONE, "name"), ("   ", PHONE, "name"), ("x" * 101, PHONE, "name"), ("Олена", "12345", "phone"),
     ("Олена", "+38067abc4567", "phone"), ("Олена", "067123456", "phone"), ("Олена", "4930123456", "phone")],
)
def test_a_bad_name_or_phone_is_refused(ctx, name, phone, field) -> None:
    with pytest.raises(InvalidRequest) as refused:
        _book(ctx, name=name, phone=phone)
    assert refused.value.details["field"] == field
    assert _rows(ctx) == 0


def test_unknown_office_or_service_is_not_found(ctx) -> None:
    with pytest.raises(NotFound):
        _book(ctx, office="nowhere")
    with pytest.raises(NotFound):
        _book(ctx, office="beta", service="social")


def test_check_in_in_time_issues_a_ticket_called_as_the_appointment(ctx, clock, kiosk) -> None:
    made = _book(ctx)
    clock.now = TOMORROW_10 - dt.timedelta(minutes=5)
    checked = booking.check_in(ctx, "alpha", made.code.lower(), actor=kiosk)
    assert checked.as_appointment
    assert checked.issued.ticket.appointment_at == TOMORROW_10
    seen = reads.booking(ctx, made.token)
    assert seen.status is AppointmentStatus.CHECKED_IN and seen.ticket_number == checked.issued.ticket.number
    with pytest.raises(Refused) as again:
        booking.check_in(ctx, "alpha", made.code, actor=kiosk)
    assert again.value.code == "already_checked_in"


def test_check_in_after_the_grace_joins_as_a_walk_in(ctx, clock, kiosk) -> None:
    made = _book(ctx)
    clock.now = TOMORROW_10 + dt.timedelta(hours=2)
    checked = booking.check_in(ctx, "alpha", made.code, actor=kiosk)
    assert not checked.as_appointment and checked.issued.ticket.appointment_at is None


@pytest.mark.parametrize(
    ("moment", "office", "code"),
    [
        (TOMORROW_10 - dt.timedelta(hours=1), "alpha", "too_early"),
        (TOMORROW_10 + dt.timedelta(days=1), "alpha", "too_late"),
        (TOMORROW_10, "beta", "other_office"),
    ],
)
def test_check_in_refusals_say_why_and_issue_nothing(ctx, clock, kiosk, moment, office, code) -> None:
    made = _book(ctx)
    clock.now = moment
    actor = kiosk if office == "alpha" else kiosk.__class__(kind="device", name="k", role="kiosk", offices=("beta",), device_id=2)
    with pytest.raises(Refused) as refused:
        booking.check_in(ctx, office, made.code, actor=actor)
    assert refused.value.code == code
    if code == "too_early":  # the kiosk says from when: the booking's time less the early window
        terms = booking_rules.terms_for(ctx.network.offices["alpha"], ctx.network.services["passport"])
        assert refused.value.details["from"] == timestamp(TOMORROW_10 - terms.early)
    with ctx.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tickets)).scalar() == 0


def test_check_in_of_a_cancelled_booking_or_an_unknown_code(ctx, clock, kiosk) -> None:
    made = _book(ctx)
    booking.cancel(ctx, made.token)
    clock.now = TOMORROW_10
    with pytest.raises(Refused) as refused:
        booking.check_in(ctx, "alpha", made.code, actor=kiosk)
    assert refused.value.code == "cancelled"
    with pytest.raises(NotFound):
        booking.check_in(ctx, "alpha", "ZZZZZZ", actor=kiosk)


def test_a_checked_in_booking_is_served_once_its_ticket_is_done(ctx, clock, kiosk, operator) -> None:
    from queue_server.commands import desk_state, desk_work

    made = _book(ctx)
    clock.now = TOMORROW_10
    checked = booking.check_in(ctx, "alpha", made.code, actor=kiosk)
    desk_state.open_desk(ctx, "alpha-4", actor=operator)
    called = desk_work.call_next(ctx, "alpha-4", actor=operator)
    assert called is not None and called.id == checked.issued.ticket.id
    desk_work.start(ctx, "alpha-4", actor=operator)
    desk_work.finish(ctx, "alpha-4", actor=operator)
    assert reads.booking(ctx, made.token).status is AppointmentStatus.SERVED


def test_mark_missed_leaves_today_and_marks_nothing_twice(ctx, clock) -> None:
    made = _book(ctx)
    clock.now = TOMORROW_10 + dt.timedelta(hours=9)  # 19:00 the same day: still checkable as a walk-in
    assert booking.mark_missed(ctx, "alpha") == 0
    clock.now = TOMORROW_10 + dt.timedelta(hours=14)  # past the office's midnight
    assert booking.mark_missed(ctx, "alpha") == 1
    assert booking.mark_missed(ctx, "alpha") == 0
    assert reads.booking(ctx, made.token).status is AppointmentStatus.MISSED

"""Bookings made for someone else: by the office for a caller, by a partner for its person; the office's cancel; retention."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from booking_cases import KEY, PHONE, TOMORROW, TOMORROW_10, booking_network
from queue_server.commands import booking
from queue_server.commands.accounts import staff_actor
from queue_server.commands.booking import Refused
from queue_server.commands.context import Actor
from queue_server.domain.appointments import AppointmentStatus
from queue_server.domain.errors import AccessDenied, InvalidRequest, NotFound
from queue_server.reads import appointments as reads
from queue_server.store import audit as audit_store
from queue_server.store.accounts import UserRecord
from queue_server.store.schema import appointments

PERSON = "3f9a1c07-5b2e-4d8a-9c61-0e7d2b4a8f15"  # a partner's pseudonymous key of a person


@pytest.fixture
def network():
    return booking_network(places=3)


@pytest.fixture
def partner() -> Actor:
    return Actor(kind="device", name="city-portal", role="partner", offices=("alpha",), device_id=7)


def staff(name: str, role: str, offices: tuple[str, ...]) -> Actor:
    return staff_actor(UserRecord(9, name, "x", role, True, offices))


def _book(ctx, actor=None, *, start=TOMORROW_10, phone: str | None = PHONE, person: str | None = None, office="alpha"):
    return booking.book(ctx, office, "passport", start, name="Олена Коваль", phone=phone, person=person, key=KEY, actor=actor)


def _rows(ctx) -> list[dict]:
    with ctx.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(sa.select(appointments).order_by(appointments.c.id))]


def _audit(ctx, action: str):
    with ctx.reading() as conn:
        return audit_store.entries(conn, "alpha", action=action)


# ---- the office books for a caller


@pytest.mark.parametrize("who", [("iryna", "supervisor", ("alpha",)), ("head", "manager", ()), ("root", "admin", ())])
def test_an_overseer_books_for_a_caller_named_as_the_booker_and_audited(ctx, who) -> None:
    actor = staff(*who)
    made = _book(ctx, actor)
    assert made.booked_by == f"user:{who[0]}" and made.phone == PHONE and made.status is AppointmentStatus.BOOKED
    [entry] = _audit(ctx, "book")
    assert entry["actor"] == f"user:{who[0]}" and entry["details"]["code"] == made.code and entry["details"]["service"] == "passport"


def test_a_caller_booked_by_the_office_counts_for_the_same_limits_as_by_phone(ctx, supervisor) -> None:
    by_office = _book(ctx, supervisor)
    by_self = _book(ctx, start=TOMORROW_10 + dt.timedelta(hours=1), phone="067 123 45 67")
    assert by_office.person == by_self.person


@pytest.mark.parametrize("who", [("olena", "operator", ("alpha",)), ("bohdan", "supervisor", ("beta",))])
def test_an_operator_or_another_office_s_supervisor_may_not_book_for_a_caller(ctx, who) -> None:
    with pytest.raises(AccessDenied):
        _book(ctx, staff(*who))
    assert _rows(ctx) == []


def test_a_device_other_than_a_partner_may_not_book(ctx, kiosk) -> None:
    with pytest.raises(AccessDenied):
        _book(ctx, kiosk)
    assert _rows(ctx) == []


def test_staff_and_the_public_give_a_phone_never_a_person_key(ctx, supervisor) -> None:
    for actor in (None, supervisor):
        with pytest.raises(InvalidRequest) as refused:
            _book(ctx, actor, person=PERSON)
        assert refused.value.details["field"] == "person"
        with pytest.raises(InvalidRequest) as missing:
            _book(ctx, actor, phone=None)
        assert missing.value.details["field"] == "phone"
    assert _rows(ctx) == []


# ---- the office cancels by code


def test_the_office_cancels_by_code_the_place_is_free_and_it_is_audited(ctx, supervisor) -> None:
    made = _book(ctx)
    cancelled = booking.cancel_by_code(ctx, "alpha", made.code.lower(), actor=supervisor)
    assert cancelled.status is AppointmentStatus.CANCELLED and cancelled.cancelled_at is not None
    free = {slot.start: slot.free for slot in reads.open_slots(ctx, "alpha", "passport", TOMORROW)[1]}
    assert free[TOMORROW_10] == 3
    [entry] = _audit(ctx, "cancel_booking")
    assert entry["actor"] == "user:iryna" and entry["details"]["code"] == made.code
    with pytest.raises(Refused) as again:
        booking.cancel_by_code(ctx, "alpha", made.code, actor=supervisor)
    assert again.value.code == "cancelled"


def test_the_office_cannot_cancel_what_is_not_its_own_and_nothing_changes(ctx, supervisor, operator) -> None:
    made = _book(ctx)
    with pytest.raises(AccessDenied):
        booking.cancel_by_code(ctx, "alpha", made.code, actor=operator)
    with pytest.raises(AccessDenied):
        booking.cancel_by_code(ctx, "alpha", made.code, actor=staff("bohdan", "supervisor", ("beta",)))
    beta_supervisor = staff("bohdan", "supervisor", ("beta",))
    with pytest.raises(NotFound):  # the code is alpha's: beta learns nothing of it
        booking.cancel_by_code(ctx, "beta", made.code, actor=beta_supervisor)
    with pytest.raises(NotFound):
        booking.cancel_by_code(ctx, "alpha", "ZZZZZZ", actor=supervisor)
    assert [row["status"] for row in _rows(ctx)] == ["booked"]
    assert _audit(ctx, "cancel_booking") == []


def test_the_office_cannot_cancel_a_booking_whose_time_has_begun(ctx, clock, supervisor) -> None:
    made = _book(ctx)
    clock.now = TOMORROW_10
    with pytest.raises(Refused) as refused:
        booking.cancel_by_code(ctx, "alpha", made.code, actor=supervisor)
    assert refused.value.code == "past"


# ---- partners


def test_a_partner_books_with_a_person_key_alone_and_is_named(ctx, partner) -> None:
    made = _book(ctx, partner, phone=None, person=PERSON)
    assert made.booked_by == "partner:city-portal"
    assert made.phone == ""
    [row] = _rows(ctx)
    assert PERSON not in row.values()  # not even the partner's key is kept, only its keyed hash


def test_a_partner_s_person_key_carries_the_monthly_limit_whatever_the_phone(ctx, partner) -> None:
    limit = ctx.network.booking.limits.monthly_limit
    for hour in range(limit):
        phone = f"+38067000000{hour}" if hour % 2 else None
        booking.cancel(ctx, _book(ctx, partner, start=TOMORROW_10 + dt.timedelta(hours=hour), phone=phone, person=PERSON).token)
    with pytest.raises(Refused) as refused:
        _book(ctx, partner, start=TOMORROW_10 + dt.timedelta(hours=limit), phone="+380679999999", person=PERSON)
    assert refused.value.code == "monthly_limit"
    other = _book(ctx, partner, start=TOMORROW_10 + dt.timedelta(hours=limit), phone=None, person="another-person-key")
    assert other.status is AppointmentStatus.BOOKED


def test_a_partner_s_person_key_carries_the_no_show_block(ctx, clock, partner) -> None:
    for day in range(3):
        _book(ctx, partner, start=TOMORROW_10 + dt.timedelta(days=day), phone=None, person=PERSON)
    clock.now = TOMORROW_10 + dt.timedelta(days=3)
    assert booking.mark_missed(ctx, "alpha") == 3
    with pytest.raises(Refused) as refused:
        _book(ctx, partner, start=TOMORROW_10 + dt.timedelta(days=4), phone=None, person=PERSON)
    assert refused.value.code == "blocked"


def test_a_partner_books_at_any_office_not_only_where_it_is_registered(ctx, partner) -> None:
    registered_at_beta = dataclasses.replace(partner, offices=("beta",))
    made = _book(ctx, registered_at_beta, phone=None, person=PERSON)
    assert made.office == "alpha" and made.booked_by == "partner:city-portal"


@pytest.mark.parametrize(
    ("phone", "person", "field"),
    [(None, None, "phone"), (None, "short", "person"), (None, "has spaces in it", "person"), (None, "x" * 129, "person"),
     ("12345", PERSON, "phone")],
)
def test_a_partner_s_bad_person_or_phone_is_refused_and_nothing_stored(ctx, partner, phone, person, field) -> None:
    with pytest.raises(InvalidRequest) as refused:
        _book(ctx, partner, phone=phone, person=person)
    assert refused.value.details["field"] == field
    assert _rows(ctx) == []


# ---- retention


def test_names_and_phones_are_erased_after_the_retention_and_the_figures_stay(ctx, clock, kiosk) -> None:
    old = _book(ctx)
    recent = _book(ctx, start=TOMORROW_10 + dt.timedelta(days=5), phone="+380501112233")
    clock.now = TOMORROW_10
    booking.check_in(ctx, "alpha", old.code, actor=kiosk)
    retention = dt.timedelta(days=90)
    assert booking.forget_visitors(ctx, "alpha", retention) == 0
    clock.now = TOMORROW_10 + retention + dt.timedelta(days=1)
    assert booking.forget_visitors(ctx, "alpha", retention) == 1
    assert booking.forget_visitors(ctx, "alpha", retention) == 0
    first, second = _rows(ctx)
    assert (first["name"], first["phone"]) == ("", "")
    assert first["status"] == "checked_in" and first["start"] == TOMORROW_10 and first["person"] == old.person
    assert first["ticket_id"] is not None and first["booked_by"] == "public"
    assert (second["name"], second["phone"]) == ("Олена Коваль", "+380501112233")
    assert recent.status is AppointmentStatus.BOOKED
    assert booking.forget_visitors(ctx, "beta", retention) == 0

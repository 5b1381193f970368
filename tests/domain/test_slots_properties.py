"""Properties of the slot maths and the booking rule over generated hours, desks, shares, bookings and moments (hypothesis).

Whatever the day (the clock-change Sundays among them): free places never
drop below zero, slots never overlap, each lies inside one open interval
and lasts the service's duration, and the capacities add up to the slots
times the capacity of one. A booking is allowed exactly when its slot is
free, within the horizon and the cut-off, and the person within the limits.
"""

from __future__ import annotations

import datetime as dt

import hypothesis.strategies as st
from hypothesis import example, given, settings

from queue_server.domain.booking_rules import (
    NOT_A_FREE_SLOT,
    BookingCheck,
    PersonRecord,
    check_booking,
    last_bookable_day,
)
from queue_server.domain.hours import OpeningHours, TimeSpan, Weekday
from queue_server.domain.model import BookingTerms, PersonLimits
from queue_server.domain.slots import UTC, day_slots, find_slot, local_moment, slot_capacity, slot_length
from slot_cases import FALL_BACK, KYIV, MONDAY, PASSPORT, SPRING_FORWARD, TERMS, at, lasting, office


@st.composite
def intervals(draw: st.DrawFn) -> tuple[TimeSpan, ...]:
    """One to four open intervals of a day, in order, with a break of at least a minute between each two."""
    marks = sorted(draw(st.sets(st.integers(0, 24 * 60 - 1), min_size=2, max_size=8)))
    if len(marks) % 2:
        marks = marks[:-1]
    spans = [(marks[index], marks[index + 1]) for index in range(0, len(marks), 2)]  # distinct marks: a break between
    return tuple((dt.time(*divmod(opens, 60)), dt.time(*divmod(closes, 60))) for opens, closes in spans)


DAYS = st.one_of(st.sampled_from([SPRING_FORWARD, FALL_BACK, MONDAY]), st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)))


@settings(max_examples=150, deadline=None)
@given(
    day_intervals=intervals(),
    day=DAYS,
    minutes=st.integers(1, 120),
    desks=st.integers(0, 6),
    share=st.floats(0, 1),
    bookings=st.lists(st.integers(0, 8), max_size=40),
)
@example(day_intervals=((dt.time(0), dt.time(6)),), day=SPRING_FORWARD, minutes=60, desks=2, share=0.5, bookings=[3])
# hours ending in the hour the clocks skip, and the next hours starting right after it: they must not overlap
@example(day_intervals=((dt.time(0), dt.time(3, 1)), (dt.time(4), dt.time(4, 1))), day=SPRING_FORWARD, minutes=1, desks=1, share=1.0, bookings=[])
@example(day_intervals=((dt.time(0), dt.time(6)),), day=FALL_BACK, minutes=45, desks=3, share=1.0, bookings=[0, 9, 1])
def test_slots_lie_inside_the_hours_never_overlap_and_never_go_below_zero(day_intervals, day, minutes, desks, share, bookings) -> None:
    hours = OpeningHours.from_intervals({weekday: day_intervals for weekday in Weekday})
    service = lasting(minutes)
    everything = day_slots(office(hours, desks=desks), service, day, terms=BookingTerms(bookable_share=share))
    booked = {slot.start.astimezone(UTC): count for slot, count in zip(everything, bookings)}
    slots = day_slots(office(hours, desks=desks), service, day, terms=BookingTerms(bookable_share=share), booked=booked)

    length = slot_length(service)
    bounds = [(local_moment(day, opens, KYIV), local_moment(day, closes, KYIV)) for opens, closes in day_intervals]
    assert all(0 <= slot.free <= slot.capacity for slot in slots)
    assert all(slot.booked == booked.get(slot.start.astimezone(UTC), 0) for slot in slots)
    assert all(earlier.end.astimezone(UTC) <= later.start.astimezone(UTC) for earlier, later in zip(slots, slots[1:]))
    assert all(slot.duration == length == slot.end.astimezone(UTC) - slot.start.astimezone(UTC) for slot in slots)
    assert all(any(opens <= slot.start and slot.end <= closes for opens, closes in bounds) for slot in slots)
    assert all(slot.start.tzinfo is KYIV and slot.end.tzinfo is KYIV for slot in slots)
    # every whole slot that fits in each interval is offered, and nothing else
    fitting = sum(max(0, (closes - opens) // length) for opens, closes in bounds)  # a span in the spring gap may be empty
    capacity = slot_capacity(desks, share)
    assert len(slots) == (fitting if capacity else 0)
    assert sum(slot.capacity for slot in slots) == capacity * len(slots)
    assert sum(slot.free for slot in slots) == sum(max(0, capacity - slot.booked) for slot in slots)
    assert len({slot.start.astimezone(UTC) for slot in slots}) == len(slots)


@settings(max_examples=100, deadline=None)
@given(desks=st.integers(0, 200), share=st.floats(0, 1))
def test_capacity_never_exceeds_the_desks_and_is_one_at_least_when_anything_is_bookable(desks, share) -> None:
    capacity = slot_capacity(desks, share)
    assert 0 <= capacity <= desks
    assert (capacity >= 1) == (desks >= 1 and share > 0)
    assert capacity <= max(1, desks * share + 1e-6)


@settings(max_examples=200, deadline=None)
@given(
    day_offset=st.integers(-1, 24),
    slot_index=st.integers(0, 100),
    shift=st.sampled_from([0, 0, 0, 5, -3]),
    now_minutes=st.integers(0, 24 * 60 - 1),
    held=st.integers(0, 2),
    booked_this_month=st.integers(0, 6),
    blocked=st.booleans(),
)
def test_ok_exactly_when_a_free_slot_is_within_the_horizon_and_the_person_within_the_limits(
    day_offset, slot_index, shift, now_minutes, held, booked_this_month, blocked
) -> None:
    now = at(MONDAY, 0) + dt.timedelta(minutes=now_minutes)
    day = MONDAY + dt.timedelta(days=day_offset)
    plain = day_slots(office(), PASSPORT, day, terms=TERMS)
    start = (plain[slot_index % len(plain)].start if plain else at(day, 10)) + dt.timedelta(minutes=shift)
    slots = day_slots(office(), PASSPORT, day, terms=TERMS, booked={start: held})
    person = PersonRecord(booked_this_month, blocked)
    limits = PersonLimits(monthly_limit=4)
    verdict = check_booking(start, now=now, slots=slots, terms=TERMS, timezone="Europe/Kyiv", person=person, limits=limits)

    slot = find_slot(slots, start)
    allowed = (
        start - now >= TERMS.cutoff
        and day <= last_bookable_day(now, TERMS, "Europe/Kyiv")
        and slot is not None
        and slot.free > 0
        and not blocked
        and booked_this_month < limits.monthly_limit
    )
    assert (verdict is BookingCheck.OK) == allowed
    assert (verdict in NOT_A_FREE_SLOT) == (start - now < TERMS.cutoff or day > last_bookable_day(now, TERMS, "Europe/Kyiv") or slot is None)

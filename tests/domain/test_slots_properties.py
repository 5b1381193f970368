"""Properties of the slot maths over generated hours, durations, desks, shares and bookings (hypothesis).

Whatever the day (the clock-change Sundays among them): free places never
drop below zero, slots never overlap, each lies inside one open interval
and lasts the service's duration, and the capacities add up to the slots
times the capacity of one.
"""

from __future__ import annotations

import datetime as dt

import hypothesis.strategies as st
from hypothesis import example, given, settings

from queue_server.domain.model import BookingTerms, OpeningHours, TimeSpan, Weekday
from queue_server.domain.slots import UTC, day_slots, local_moment, slot_capacity, slot_length
from slot_cases import FALL_BACK, KYIV, MONDAY, SPRING_FORWARD, lasting, office


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

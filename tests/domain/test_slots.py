"""The slot maths: hours with breaks, capacity from desks and share, bookings held, closures, the clock changes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from queue_server.domain.booking_rules import terms_for
from queue_server.domain.hours import OpeningHours, Weekday
from queue_server.domain.model import BookingTerms, DeskId
from queue_server.domain.slots import Closure, Slot, day_slots, find_slot, slot_capacity, slot_length
from slot_cases import (
    FALL_BACK,
    LUNCH_BREAK,
    MONDAY,
    PASSPORT,
    RESIDENCE,
    SPRING_FORWARD,
    SUNDAY,
    TERMS,
    UTC,
    at,
    clock,
    every_day,
    lasting,
    office,
)

HOUR = dt.timedelta(hours=1)


def starts(slots: list[Slot]) -> list[str]:
    return [f"{slot.start:%H:%M%z}" for slot in slots]


# ---- opening hours with breaks ----


def test_hours_with_a_lunch_break_are_open_inside_either_interval_only() -> None:
    hours = office().hours
    assert hours.days[Weekday.MON] == (clock(8), clock(17))  # the day's span, as every reader of `days` knows it
    assert hours.intervals[Weekday.MON] == LUNCH_BREAK
    assert hours.is_open(at(MONDAY, 11, 59)) and hours.is_open(at(MONDAY, 13)) and hours.is_open(at(MONDAY, 16, 59))
    assert not hours.is_open(at(MONDAY, 12)) and not hours.is_open(at(MONDAY, 12, 30)) and not hours.is_open(at(MONDAY, 17))
    assert not hours.is_open(at(SUNDAY, 10))


def test_hours_of_single_ranges_keep_their_meaning() -> None:
    hours = OpeningHours({Weekday.MON: (clock(8), clock(20))})
    assert hours.intervals == {Weekday.MON: ((clock(8), clock(20)),)}
    assert hours == OpeningHours.from_intervals({Weekday.MON: ((clock(8), clock(20)),)})
    assert hours.is_open(at(MONDAY, 12, 30)) and not hours.is_open(at(MONDAY, 20)) and not hours.is_open(at(MONDAY, 7, 59))


@pytest.mark.parametrize(
    "intervals",
    [
        ((clock(8), clock(12)), (clock(11), clock(17))),  # overlapping
        ((clock(13), clock(17)), (clock(8), clock(12))),  # out of order
        ((clock(8), clock(12)), (clock(12), clock(17))),  # no break between
        ((clock(12), clock(8)),),  # closes before it opens
    ],
)
def test_hours_refuse_intervals_out_of_order_or_overlapping(intervals) -> None:
    with pytest.raises(ValueError):
        OpeningHours.from_intervals({Weekday.MON: intervals})


def test_a_span_that_disagrees_with_the_intervals_is_refused() -> None:
    with pytest.raises(ValueError, match="span"):
        OpeningHours({Weekday.MON: (clock(8), clock(18))}, {Weekday.MON: LUNCH_BREAK})


# ---- the slots of a day ----


def test_a_day_with_a_lunch_break_has_no_slot_in_the_break() -> None:
    slots = day_slots(office(), PASSPORT, MONDAY, terms=TERMS)
    assert len(slots) == 24 + 24  # 10 minutes: four hours before lunch, four after
    assert starts(slots)[:2] == ["08:00+0200", "08:10+0200"]
    assert starts(slots)[23:26] == ["11:50+0200", "13:00+0200", "13:10+0200"]
    assert slots[-1].end == at(MONDAY, 17)
    assert all(slot.duration == dt.timedelta(minutes=10) for slot in slots)
    assert all(slot.capacity == 1 and slot.free == 1 for slot in slots)  # two desks × 0.5


def test_no_slot_crosses_a_break_or_the_closing_time() -> None:
    slots = day_slots(office(), lasting(25), MONDAY, terms=TERMS)
    assert starts(slots)[8:10] == ["11:20+0200", "13:00+0200"]  # 11:45-12:00 is too short for one
    assert slots[8].end == at(MONDAY, 11, 45) and slots[-1].end == at(MONDAY, 16, 45)
    assert len(slots) == 9 + 9


def test_a_duration_of_odd_seconds_is_rounded_up_to_a_whole_minute() -> None:
    assert slot_length(lasting(7.5)) == dt.timedelta(minutes=8)
    assert slot_length(lasting(0.2)) == dt.timedelta(minutes=1)
    assert starts(day_slots(office(), lasting(7.5), MONDAY, terms=TERMS))[:3] == ["08:00+0200", "08:08+0200", "08:16+0200"]


@pytest.mark.parametrize(
    ("desks", "share", "capacity"),
    [(2, 0.5, 1), (1, 0.5, 1), (1, 0.01, 1), (3, 0.7, 2), (10, 0.3, 3), (100, 0.29, 29), (4, 1.0, 4), (0, 0.5, 0), (3, 0.0, 0)],
)
def test_capacity_is_the_share_of_the_desks_rounded_down_but_at_least_one(desks, share, capacity) -> None:
    assert slot_capacity(desks, share) == capacity
    slots = day_slots(office(desks=desks), PASSPORT, MONDAY, terms=BookingTerms(bookable_share=share))
    assert all(slot.capacity == capacity for slot in slots) and (len(slots) == 48 if capacity else slots == [])


def test_only_the_desks_whose_profile_serves_the_service_count() -> None:
    alpha = office()  # alpha-1 and alpha-3 serve residence, alpha-2 does not
    assert {slot.capacity for slot in day_slots(alpha, RESIDENCE, MONDAY, terms=BookingTerms(bookable_share=1.0))} == {2}


def test_the_bookings_held_take_their_places_and_free_never_drops_below_zero() -> None:
    nine, ten = at(MONDAY, 9), at(MONDAY, 10)
    slots = day_slots(office(desks=4), PASSPORT, MONDAY, terms=TERMS, booked={nine.astimezone(UTC): 1, ten: 5})
    by_start = {slot.start: slot for slot in slots}
    assert (by_start[nine].capacity, by_start[nine].booked, by_start[nine].free) == (2, 1, 1)
    assert (by_start[ten].booked, by_start[ten].free) == (5, 0)  # more than its places: a desk was closed after booking
    assert by_start[at(MONDAY, 11)].free == 2


def test_a_closed_day_has_no_slots() -> None:
    assert day_slots(office(), PASSPORT, SUNDAY, terms=TERMS) == []
    day = Closure(at(MONDAY, 0), at(MONDAY + dt.timedelta(days=1), 0))
    assert day_slots(office(), PASSPORT, MONDAY, terms=TERMS, closures=[day]) == []
    assert day_slots(office(), PASSPORT, MONDAY, terms=TERMS, closures=[Closure.whole_day(MONDAY, "Europe/Kyiv")]) == []
    next_day = Closure.whole_day(MONDAY + dt.timedelta(days=1), "Europe/Kyiv")
    assert len(day_slots(office(), PASSPORT, MONDAY, terms=TERMS, closures=[next_day])) == 48


def test_a_whole_day_closure_runs_between_the_local_midnights() -> None:
    spring = Closure.whole_day(SPRING_FORWARD, "Europe/Kyiv", desk=DeskId("alpha-1"))
    assert spring.end - spring.start == dt.timedelta(hours=23) and spring.desk == "alpha-1"
    autumn = Closure.whole_day(FALL_BACK, "Europe/Kyiv")
    assert autumn.start == at(FALL_BACK, 0) and autumn.end - autumn.start == dt.timedelta(hours=25)


def test_an_office_closure_removes_the_slots_it_touches_and_no_others() -> None:
    closure = Closure(at(MONDAY, 10, 5), at(MONDAY, 11))
    remaining = starts(day_slots(office(), PASSPORT, MONDAY, terms=TERMS, closures=[closure]))
    assert "09:50+0200" in remaining and "11:00+0200" in remaining
    assert not {"10:00+0200", "10:50+0200"} & set(remaining)
    assert len(remaining) == 48 - 6


def test_a_closed_desk_lowers_the_capacity_and_the_last_one_removes_the_slot() -> None:
    afternoon = (at(MONDAY, 13), at(MONDAY, 17))
    one_desk = [Closure(*afternoon, desk=DeskId("alpha-1"))]
    slots = day_slots(office(desks=4), PASSPORT, MONDAY, terms=BookingTerms(bookable_share=1.0), closures=one_desk)
    assert {slot.capacity for slot in slots if slot.start.hour < 12} == {4}
    assert {slot.capacity for slot in slots if slot.start.hour >= 13} == {3}
    both = [Closure(*afternoon, desk=DeskId("alpha-1")), Closure(*afternoon, desk=DeskId("alpha-2"))]
    assert len(day_slots(office(), PASSPORT, MONDAY, terms=TERMS, closures=both)) == 24


def test_no_slots_when_the_service_is_not_bookable_not_offered_or_served_by_no_desk() -> None:
    assert day_slots(office(), PASSPORT, MONDAY, terms=BookingTerms(bookable=False)) == []
    assert day_slots(office(), PASSPORT, MONDAY, terms=BookingTerms(bookable_share=0.0)) == []
    elsewhere = dataclasses.replace(PASSPORT, code="land")
    assert day_slots(office(), elsewhere, MONDAY, terms=TERMS) == []
    unserved = dataclasses.replace(office(desks=2), services=(PASSPORT.code, RESIDENCE.code))
    assert day_slots(unserved, RESIDENCE, MONDAY, terms=TERMS) == []


def test_find_slot_compares_instants_whatever_the_zone() -> None:
    slots = day_slots(office(), PASSPORT, MONDAY, terms=TERMS)
    assert find_slot(slots, at(MONDAY, 9, 10).astimezone(UTC)) == slots[7]
    assert find_slot(slots, at(MONDAY, 9, 5)) is None  # misaligned
    assert find_slot(slots, at(MONDAY, 12, 10)) is None  # in the break


# ---- the clock changes (Europe/Kyiv) ----


def test_summer_time_begins_slots_keep_their_length_and_skip_the_missing_hour() -> None:
    night = office(every_day((clock(0), clock(6))))
    slots = day_slots(night, lasting(60), SPRING_FORWARD, terms=TERMS)
    assert starts(slots) == ["00:00+0200", "01:00+0200", "02:00+0200", "04:00+0300", "05:00+0300"]  # five real hours
    assert all(slot.duration == HOUR for slot in slots)
    assert [slot.start.astimezone(UTC).hour for slot in slots] == [22, 23, 0, 1, 2]


def test_summer_time_begins_a_working_day_is_an_hour_earlier_in_utc() -> None:
    open_all_week = office(every_day((clock(8), clock(20))))
    before = day_slots(open_all_week, PASSPORT, SPRING_FORWARD - dt.timedelta(days=1), terms=TERMS)
    on_the_day = day_slots(open_all_week, PASSPORT, SPRING_FORWARD, terms=TERMS)
    assert starts(before)[0] == "08:00+0200" and starts(on_the_day)[0] == "08:00+0300"
    assert on_the_day[0].start.astimezone(UTC).hour == before[0].start.astimezone(UTC).hour - 1 == 5
    assert len(before) == len(on_the_day) == 72


def test_summer_time_ends_the_hour_that_comes_twice_gives_two_slots() -> None:
    night = office(every_day((clock(0), clock(6))))
    second_three = at(FALL_BACK, 3, fold=1)
    slots = day_slots(night, lasting(60), FALL_BACK, terms=TERMS, booked={second_three: 1})
    assert starts(slots) == ["00:00+0300", "01:00+0300", "02:00+0300", "03:00+0300", "03:00+0200", "04:00+0200", "05:00+0200"]
    assert all(slot.duration == HOUR for slot in slots)
    assert [slot.booked for slot in slots] == [0, 0, 0, 0, 1, 0, 0]  # the bookings are counted by instant
    assert find_slot(slots, second_three) is slots[4] and find_slot(slots, at(FALL_BACK, 3)) is slots[3]


def test_summer_time_ends_a_working_day_is_an_hour_later_in_utc() -> None:
    open_all_week = office(every_day((clock(8), clock(20))))
    on_the_day = day_slots(open_all_week, PASSPORT, FALL_BACK, terms=TERMS)
    after = day_slots(open_all_week, PASSPORT, FALL_BACK + dt.timedelta(days=1), terms=TERMS)
    assert starts(on_the_day)[0] == "08:00+0200" and on_the_day[0].start.astimezone(UTC).hour == 6
    assert starts(after)[0] == "08:00+0200" and len(on_the_day) == 72


# ---- the terms of a service at an office ----


def test_the_service_share_wins_and_either_may_switch_booking_off() -> None:
    alpha = office(bookable_share=0.3)
    assert terms_for(alpha, PASSPORT).bookable_share == 0.3
    assert terms_for(alpha, dataclasses.replace(PASSPORT, bookable_share=0.8)).bookable_share == 0.8
    assert not terms_for(alpha, dataclasses.replace(PASSPORT, bookable=False)).bookable
    assert not terms_for(office(bookable=False), PASSPORT).bookable
    assert terms_for(alpha, PASSPORT).horizon_days == alpha.booking.horizon_days

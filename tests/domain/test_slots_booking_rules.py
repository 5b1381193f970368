"""The booking rules: may this person book this slot now, the horizon and its release, the limits, the check-in window."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.booking_rules import (
    NOT_A_FREE_SLOT,
    BookingCheck,
    CheckIn,
    PersonRecord,
    bookable_days,
    check_booking,
    check_in_window,
    is_blocked,
    last_bookable_day,
    month_bounds,
)
from queue_server.domain.model import BookingTerms, PersonLimits
from queue_server.domain.slots import Closure, day_slots
from slot_cases import KYIV, MONDAY, PASSPORT, TERMS, UTC, at, office

TUESDAY = MONDAY + dt.timedelta(days=1)
NOW = at(MONDAY, 9)  # Monday 7 December 2026, nine o'clock in Kyiv
LIMITS = PersonLimits(monthly_limit=4, no_show_block=3, no_show_period=dt.timedelta(days=90))
ANYONE = PersonRecord()
DAY = dt.timedelta(days=1)


def check(
    start: dt.datetime,
    *,
    now: dt.datetime = NOW,
    terms: BookingTerms = TERMS,
    person: PersonRecord = ANYONE,
    booked: dict[dt.datetime, int] | None = None,
    closures: tuple[Closure, ...] = (),
) -> BookingCheck:
    day = start.astimezone(KYIV).date()
    slots = day_slots(office(), PASSPORT, day, terms=terms, booked=booked, closures=closures)
    return check_booking(start, now=now, slots=slots, terms=terms, timezone="Europe/Kyiv", person=person, limits=LIMITS)


def test_a_free_slot_within_the_horizon_may_be_booked() -> None:
    assert check(at(TUESDAY, 10, 30)) is BookingCheck.OK
    assert check(at(TUESDAY, 10, 30).astimezone(UTC)) is BookingCheck.OK  # any zone, the same instant
    assert not BookingCheck.OK.refused and BookingCheck.FULL.refused


def test_a_slot_that_has_begun_is_past() -> None:
    assert check(at(MONDAY, 9)) is BookingCheck.PAST
    assert check(at(MONDAY, 8, 50)) is BookingCheck.PAST
    assert check(at(MONDAY, 8, 55)) is BookingCheck.PAST  # past before misaligned: the first reason wins


def test_a_slot_within_the_cutoff_is_too_soon() -> None:
    assert check(at(MONDAY, 9, 50)) is BookingCheck.TOO_SOON
    assert check(at(MONDAY, 10)) is BookingCheck.OK  # exactly the cut-off (60 minutes) before
    assert check(at(MONDAY, 11), terms=BookingTerms(cutoff=dt.timedelta(hours=3))) is BookingCheck.TOO_SOON


def test_the_newest_day_of_the_horizon_opens_at_its_release_time() -> None:
    last = MONDAY + dt.timedelta(days=21)
    assert check(at(last, 10), now=at(MONDAY, 7, 59)) is BookingCheck.BEYOND_HORIZON
    assert check(at(last, 10), now=at(MONDAY, 8)) is BookingCheck.OK
    assert check(at(last + DAY, 10), now=at(MONDAY, 23, 59)) is BookingCheck.BEYOND_HORIZON
    assert last_bookable_day(at(MONDAY, 7, 59), TERMS, "Europe/Kyiv") == last - DAY
    assert last_bookable_day(at(MONDAY, 8).astimezone(UTC), TERMS, "Europe/Kyiv") == last


def test_the_release_counts_on_the_office_clock_not_utc() -> None:
    # 23:30 UTC on Sunday is already 01:30 on Monday in Kyiv: Monday's horizon, before its release
    assert last_bookable_day(dt.datetime(2026, 12, 6, 23, 30, tzinfo=UTC), TERMS, "Europe/Kyiv") == MONDAY + dt.timedelta(days=20)


def test_the_days_a_booking_page_offers() -> None:
    days = bookable_days(at(MONDAY, 9), TERMS, "Europe/Kyiv")
    assert days[0] == MONDAY and days[-1] == MONDAY + dt.timedelta(days=21) and len(days) == 22
    assert len(bookable_days(at(MONDAY, 7), TERMS, "Europe/Kyiv")) == 21
    assert bookable_days(at(MONDAY, 9), BookingTerms(horizon_days=0), "Europe/Kyiv") == [MONDAY]
    assert bookable_days(at(MONDAY, 9), BookingTerms(bookable=False), "Europe/Kyiv") == []


@pytest.mark.parametrize(
    "start",
    [
        at(TUESDAY, 10, 5),  # misaligned
        at(TUESDAY, 12, 10),  # in the lunch break
        at(TUESDAY, 17),  # at closing time
        at(dt.date(2026, 12, 13), 10),  # Sunday: closed
    ],
)
def test_a_start_that_is_no_slot_is_refused(start) -> None:
    assert check(start) is BookingCheck.NOT_A_SLOT


def test_a_closed_slot_and_a_service_not_bookable_are_no_slot() -> None:
    closed = (Closure(at(TUESDAY, 0), at(TUESDAY + DAY, 0)),)
    assert check(at(TUESDAY, 10), closures=closed) is BookingCheck.NOT_A_SLOT
    assert check(at(TUESDAY, 10), terms=BookingTerms(bookable=False)) is BookingCheck.NOT_A_SLOT


def test_a_slot_whose_places_are_taken_is_full() -> None:
    assert check(at(TUESDAY, 10), booked={at(TUESDAY, 10): 1}) is BookingCheck.FULL  # two desks × 0.5: one place
    assert check(at(TUESDAY, 10, 10), booked={at(TUESDAY, 10): 1}) is BookingCheck.OK


def test_the_monthly_limit_counts_every_booking_made() -> None:
    assert check(at(TUESDAY, 10), person=PersonRecord(booked_this_month=3)) is BookingCheck.OK
    assert check(at(TUESDAY, 10), person=PersonRecord(booked_this_month=4)) is BookingCheck.MONTHLY_LIMIT
    slots = day_slots(office(), PASSPORT, TUESDAY, terms=TERMS)
    unlimited = PersonLimits(monthly_limit=0)
    many = PersonRecord(booked_this_month=99)
    assert check_booking(at(TUESDAY, 10), now=NOW, slots=slots, terms=TERMS, timezone="Europe/Kyiv", person=many, limits=unlimited) is BookingCheck.OK


def test_a_blocked_person_is_refused_before_the_limit_and_before_full() -> None:
    blocked = PersonRecord(booked_this_month=9, blocked=True)
    assert check(at(TUESDAY, 10), person=blocked, booked={at(TUESDAY, 10): 1}) is BookingCheck.BLOCKED
    assert check(at(MONDAY, 9, 30), person=blocked) is BookingCheck.TOO_SOON  # the slot's own reason first


def test_the_slot_refusals_and_the_spent_ones_are_told_apart() -> None:
    assert {BookingCheck.FULL, BookingCheck.MONTHLY_LIMIT, BookingCheck.BLOCKED, BookingCheck.OK}.isdisjoint(NOT_A_FREE_SLOT)
    assert len(NOT_A_FREE_SLOT) + 4 == len(BookingCheck)


def test_a_naive_moment_is_a_mistake_not_a_local_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        check(dt.datetime(2026, 12, 8, 10, 0))
    with pytest.raises(ValueError, match="aware"):
        check(at(TUESDAY, 10), now=dt.datetime(2026, 12, 7, 9, 0))


# ---- the month of the limit ----


def test_the_month_runs_between_the_office_s_midnights() -> None:
    # 22:30 UTC on 31 March is 01:30 on 1 April in Kyiv (summer time, UTC+3)
    start, end = month_bounds(dt.datetime(2026, 3, 31, 22, 30, tzinfo=UTC), "Europe/Kyiv")
    assert start == dt.datetime(2026, 3, 31, 21, 0, tzinfo=UTC) and end == dt.datetime(2026, 4, 30, 21, 0, tzinfo=UTC)
    start, end = month_bounds(at(dt.date(2026, 12, 31), 23, 59), "Europe/Kyiv")
    assert start == at(dt.date(2026, 12, 1), 0) and end == at(dt.date(2027, 1, 1), 0)


# ---- the no-show block ----

NO_SHOW = dt.datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


def test_three_no_shows_within_the_period_block() -> None:
    assert is_blocked([NO_SHOW, NO_SHOW + 40 * DAY, NO_SHOW + 90 * DAY], lifted_at=None, limits=LIMITS)
    assert not is_blocked([NO_SHOW, NO_SHOW + 40 * DAY, NO_SHOW + 91 * DAY], lifted_at=None, limits=LIMITS)
    assert not is_blocked([NO_SHOW, NO_SHOW + DAY], lifted_at=None, limits=LIMITS)


def test_the_block_stays_until_a_supervisor_lifts_it_and_then_counts_afresh() -> None:
    earned = [NO_SHOW + 200 * DAY, NO_SHOW, NO_SHOW + DAY, NO_SHOW + 2 * DAY]  # in any order, and old
    assert is_blocked(earned, lifted_at=None, limits=LIMITS)
    assert not is_blocked(earned, lifted_at=NO_SHOW + 100 * DAY, limits=LIMITS)
    again = [*earned, NO_SHOW + 201 * DAY, NO_SHOW + 202 * DAY]
    assert is_blocked(again, lifted_at=NO_SHOW + 100 * DAY, limits=LIMITS)


def test_a_block_of_zero_never_blocks() -> None:
    assert not is_blocked([NO_SHOW] * 10, lifted_at=None, limits=PersonLimits(no_show_block=0))


# ---- the check-in window ----


@pytest.mark.parametrize(
    ("minutes", "window"),
    [
        (-16, CheckIn.TOO_EARLY),
        (-15, CheckIn.EARLY),
        (-1, CheckIn.EARLY),
        (0, CheckIn.DUE),
        (10, CheckIn.DUE),
        (11, CheckIn.LATE),
        (6 * 60, CheckIn.LATE),
        (-24 * 60, CheckIn.TOO_EARLY),
    ],
)
def test_the_check_in_window_around_the_start(minutes, window) -> None:
    start = at(TUESDAY, 10)
    assert check_in_window(start, now=start + dt.timedelta(minutes=minutes), terms=TERMS, timezone="Europe/Kyiv") is window


def test_a_check_in_on_a_later_day_is_too_late() -> None:
    start = at(TUESDAY, 16, 50)
    assert check_in_window(start, now=at(TUESDAY, 23, 59), terms=TERMS, timezone="Europe/Kyiv") is CheckIn.LATE
    assert check_in_window(start, now=at(TUESDAY + DAY, 0, 1), terms=TERMS, timezone="Europe/Kyiv") is CheckIn.TOO_LATE


def test_early_and_due_are_called_as_the_appointment_late_as_a_walk_in() -> None:
    assert {window for window in CheckIn if window.as_appointment} == {CheckIn.EARLY, CheckIn.DUE}
    assert {window for window in CheckIn if window.refused} == {CheckIn.TOO_EARLY, CheckIn.TOO_LATE}
    assert not CheckIn.LATE.as_appointment and not CheckIn.LATE.refused

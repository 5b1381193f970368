"""An appointment's grace is not eaten by an air-raid alert: it is extended by the alert's overlap."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.air_raid import AirRaid, grace_end
from queue_server.domain.booking_rules import CheckIn, check_in_window
from queue_server.domain.model import BookingTerms, OfficeCode

UTC = dt.timezone.utc
START = dt.datetime(2026, 12, 8, 8, 0, tzinfo=UTC)  # 10:00 in Kyiv
GRACE = dt.timedelta(minutes=10)
TERMS = BookingTerms(bookable_share=0.5, grace=GRACE)
MINUTE = dt.timedelta(minutes=1)


def alert(begin: int, end: int | None) -> AirRaid:
    return AirRaid(OfficeCode("alpha"), START + begin * MINUTE, "iryna", None if end is None else START + end * MINUTE, "iryna")


@pytest.mark.parametrize(
    ("alerts", "ends_after"),
    [
        ([], 10),
        ([alert(-30, -5)], 10),  # over before the start: nothing to extend
        ([alert(5, 35)], 40),  # 30 minutes inside the grace
        ([alert(-20, 4)], 14),  # on at the start: its 4 minutes after it
        ([alert(10, 25)], 25),  # begins the moment the grace ends: 15 more minutes
        ([alert(11, 25)], 10),  # begins after the grace: no extension
        ([alert(3, 8), alert(15, 20)], 20),  # the first pushes the end to 15, where the second begins
        ([alert(2, 6), alert(4, 9)], 17),  # overlapping alerts count once (2–9)
        ([alert(30, 40), alert(5, 8)], 13),  # in any order
    ],
)
def test_the_grace_ends_when_its_minutes_outside_alerts_have_passed(alerts, ends_after) -> None:
    now = START + 120 * MINUTE
    assert grace_end(alerts, START, GRACE, now) == START + ends_after * MINUTE


def test_an_alert_still_on_extends_the_grace_up_to_now() -> None:
    now = START + 50 * MINUTE
    assert grace_end([alert(5, None)], START, GRACE, now) == now + 5 * MINUTE


def test_a_check_in_after_an_alert_in_the_grace_is_still_due() -> None:
    at = START + 38 * MINUTE
    assert check_in_window(START, now=at, terms=TERMS, timezone="Europe/Kyiv") is CheckIn.LATE
    assert check_in_window(START, now=at, terms=TERMS, timezone="Europe/Kyiv", alerts=[alert(5, 35)]) is CheckIn.DUE
    later = START + 41 * MINUTE
    assert check_in_window(START, now=later, terms=TERMS, timezone="Europe/Kyiv", alerts=[alert(5, 35)]) is CheckIn.LATE
    before = START - 5 * MINUTE
    assert check_in_window(START, now=before, terms=TERMS, timezone="Europe/Kyiv", alerts=[alert(-30, 0)]) is CheckIn.EARLY


def test_an_alert_past_midnight_keeps_the_appointment_due_the_next_day() -> None:
    start = dt.datetime(2026, 12, 8, 21, 50, tzinfo=UTC)  # 23:50 in Kyiv
    night = AirRaid(OfficeCode("alpha"), start + 2 * MINUTE, "iryna", start + 60 * MINUTE, "iryna")
    after = start + 65 * MINUTE  # 00:55 the next day in Kyiv
    assert check_in_window(start, now=after, terms=TERMS, timezone="Europe/Kyiv") is CheckIn.TOO_LATE
    assert check_in_window(start, now=after, terms=TERMS, timezone="Europe/Kyiv", alerts=[night]) is CheckIn.DUE

"""The bookings' figures on rows made by hand: the edges of each definition."""

from __future__ import annotations

from queue_server.reporting.bookings import BookingFigures, booking_figures, bookings_by, local_bookings, outcome

HOUR, MINUTE = 3_600_000, 60_000
START = 1_774_000_000_000  # some moment; only differences matter


def row(status: str, *, office: str = "main", service: str = "passport", lead_hours: float = 24, as_appointment: int = 0, called_after_ms: int | None = None) -> tuple:
    called = None if called_after_ms is None else START + called_after_ms
    return (office, service, status, START, START - int(lead_hours * HOUR), as_appointment, called)


def test_what_became_of_a_booking() -> None:
    assert outcome(row("checked_in", as_appointment=1)) == "kept"
    assert outcome(row("checked_in", as_appointment=0)) == "late"
    assert [outcome(row(status)) for status in ("cancelled", "missed", "booked")] == ["cancelled", "missed", "still_booked"]


def test_called_within_5_minutes_counts_early_calls_and_the_fifth_minute_itself() -> None:
    rows = [
        row("checked_in", as_appointment=1, called_after_ms=-3 * MINUTE),  # early: within
        row("checked_in", as_appointment=1, called_after_ms=5 * MINUTE),  # exactly 5 minutes: within
        row("checked_in", as_appointment=1, called_after_ms=5 * MINUTE + 1),  # a millisecond more: not
        row("checked_in", as_appointment=0, called_after_ms=40 * MINUTE),  # late: checked in, called late
        row("checked_in", as_appointment=1),  # never called: left out
        row("missed"),
    ]
    figures = booking_figures(rows)
    assert figures.called_within_5_minutes_share == round(2 / 4, 4)
    assert (figures.made, figures.kept, figures.late, figures.missed) == (6, 4, 1, 1)
    assert figures.kept_share == round(4 / 6, 4)


def test_lead_time_is_the_nearest_rank_over_every_booking_made() -> None:
    rows = [row("cancelled", lead_hours=hours) for hours in (1, 2, 3, 4, 5, 6, 7, 8, 9, 100)]
    figures = booking_figures(rows)
    assert (figures.lead_p50_hours, figures.lead_p90_hours) == (5.0, 9.0)
    assert figures.kept_share is None and figures.called_within_5_minutes_share is None


def test_nothing_to_measure_is_null() -> None:
    assert booking_figures([]) == BookingFigures()
    assert BookingFigures().as_dict()["lead_p50_hours"] is None


def test_by_office_and_service_and_the_local_hour() -> None:
    rows = [row("booked", office="main"), row("booked", office="main", service="social"), row("missed", office="gone")]
    assert set(bookings_by(rows, "office")) == {"main", "gone"}
    assert {key: value.made for key, value in bookings_by(rows, "service").items()} == {"passport": 2, "social": 1}
    kept = local_bookings(rows, {"main": "Europe/Kyiv"})
    assert len(kept) == 2  # an office no longer configured is left out
    # START is 2026-03-20 09:46:40 UTC = 11:46 in Kyiv (UTC+2), a Friday
    assert len(local_bookings(rows, {"main": "Europe/Kyiv"}, hour=11, weekday=5)) == 2
    assert local_bookings(rows, {"main": "Europe/Kyiv"}, hour=9) == []

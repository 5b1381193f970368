"""The figures of the bookings of a period: what became of them, how far ahead they were made, how punctually
the booked visitors were called.

A booking belongs to the period when its **booked time** (the slot's start)
falls in it, on its office's wall clock, as a ticket belongs to the period of
its issue. The store hands over one row per booking (`BOOKING_COLUMNS`), its
times as UTC epoch milliseconds; every figure is counted here (docs/reports.md
says the same):

- `made`: the bookings, whatever became of them;
- `kept`: checked in within the window (from the early window before the
  booked time to the grace after it), so the ticket was called as an
  appointment — whatever the service's outcome (served, no-show at the desk);
- `late`: checked in after the grace, so the visitor joined as a walk-in;
- `cancelled`, `missed` (never checked in by the end of the day);
- `still_booked`: neither used nor cancelled yet (a time still to come, or a
  day the heartbeat has not closed yet);
- `kept_share` = kept / (kept + late + missed): of the bookings whose time
  came and went without a cancellation, the share kept;
- lead time = booked_at → the booked time, over every booking made:
  `lead_p50_hours`, `lead_p90_hours` (nearest rank, as the waits);
- `called_within_5_minutes_share`: of the checked-in bookings (kept or late)
  whose ticket was called, those called at most 5 minutes after the booked
  time (called_at − start ≤ 5 min; a visitor called early counts as within).
  `called_at` is the ticket's last call, as for the waits, and the time
  the office spent in air-raid alerts between the two is left out of it
  (`without_alerts`), as it is of the waits.

Hours are rounded to 0.1, shares to 0.0001; a figure with nothing to measure is None.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .arithmetic import percentile, share
from .visits import DAY_MS, HOUR_MS, MINUTE_MS, Paused, WallClock

BOOKING_FIELDS = (
    "made", "kept", "late", "cancelled", "missed", "still_booked", "kept_share",
    "lead_p50_hours", "lead_p90_hours", "called_within_5_minutes_share",
)  # fmt: skip
BOOKING_COUNTS = frozenset({"made", "kept", "late", "cancelled", "missed", "still_booked"})
BOOKING_COLUMNS = ("office", "service", "status", "start_ms", "booked_ms", "as_appointment", "called_ms")
BOOKING_GROUPS = ("office", "service")  # the groupings a booking belongs to; it has no administrator
CALLED_WITHIN_MS = 5 * MINUTE_MS

# A store row, by index (`BOOKING_COLUMNS`)
OFFICE, SERVICE, STATUS, START, BOOKED, AS_APPOINTMENT, CALLED = range(len(BOOKING_COLUMNS))


def hours(milliseconds: int | None) -> float | None:
    return None if milliseconds is None else round(milliseconds / HOUR_MS, 1)


@dataclass(frozen=True)
class BookingFigures:
    made: int = 0
    kept: int = 0
    late: int = 0
    cancelled: int = 0
    missed: int = 0
    still_booked: int = 0
    kept_share: float | None = None
    lead_p50_hours: float | None = None
    lead_p90_hours: float | None = None
    called_within_5_minutes_share: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in BOOKING_FIELDS}


def outcome(row: Sequence[Any]) -> str:
    """What became of a booking: `kept`, `late`, `cancelled`, `missed` or `still_booked`."""
    status = row[STATUS]
    if status == "checked_in":
        return "kept" if row[AS_APPOINTMENT] else "late"
    if status in ("cancelled", "missed"):
        return str(status)
    return "still_booked"


def booking_figures(rows: Iterable[Sequence[Any]]) -> BookingFigures:
    counts: dict[str, int] = defaultdict(int)
    leads: list[int] = []
    called = within = 0
    for row in rows:
        became = outcome(row)
        counts[became] += 1
        leads.append(row[START] - row[BOOKED])
        if became in ("kept", "late") and row[CALLED] is not None:
            called += 1
            within += row[CALLED] - row[START] <= CALLED_WITHIN_MS
    leads.sort()
    return BookingFigures(
        made=len(leads),
        kept=counts["kept"],
        late=counts["late"],
        cancelled=counts["cancelled"],
        missed=counts["missed"],
        still_booked=counts["still_booked"],
        kept_share=share(counts["kept"], counts["kept"] + counts["late"] + counts["missed"]),
        lead_p50_hours=hours(percentile(leads, 50)),
        lead_p90_hours=hours(percentile(leads, 90)),
        called_within_5_minutes_share=share(within, called),
    )


def bookings_by(rows: Sequence[Sequence[Any]], group: str) -> dict[Hashable, BookingFigures]:
    """The figures of each office or service that has at least one booking."""
    index = OFFICE if group == "office" else SERVICE
    found: defaultdict[Hashable, list[Sequence[Any]]] = defaultdict(list)
    for row in rows:
        found[row[index]].append(row)
    return {key: booking_figures(listed) for key, listed in found.items()}


def local_bookings(
    rows: Sequence[Sequence[Any]],
    timezones: Mapping[str, str],
    *,
    hour: int | None = None,
    weekday: int | None = None,
) -> list[Sequence[Any]]:
    """The rows of the offices in `timezones` whose booked time is in that local hour (0–23) and weekday (1–7)."""
    clocks = {code: WallClock(zone) for code, zone in timezones.items()}
    kept = []
    for row in rows:
        clock = clocks.get(row[OFFICE])
        if clock is None:
            continue  # an office no longer in the configuration
        if hour is not None or weekday is not None:
            local = clock.local_ms(row[START])
            if hour is not None and local // HOUR_MS % 24 != hour:
                continue
            if weekday is not None and (local // DAY_MS + 3) % 7 + 1 != weekday:
                continue
        kept.append(row)
    return kept


def without_alerts(rows: Sequence[Sequence[Any]], paused: Paused | None) -> list[Sequence[Any]]:
    """The rows with each call moved earlier by the office's alert time between the booked time and the call."""
    if paused is None:
        return list(rows)
    moved: list[Sequence[Any]] = []
    for row in rows:
        called, start = row[CALLED], row[START]
        if called is not None and called > start:
            pause = paused(row[OFFICE], start, called)
            if pause:
                row = (*row[:CALLED], called - pause, *row[CALLED + 1 :])
        moved.append(row)
    return moved

"""A mobile office's trips (`[[offices.CODE.trips]]`): date, stop and hours of each, published for visitors.

Only an office of kind `mobile` travels. Each trip is one table:

    [[offices.mob-1.trips]]
    date = 2026-12-08                       # a TOML date, or "2026-12-08"
    stop = "с. Рахманівка, біля сільради"   # where the van stands, 1–200 characters
    stop_en = "Rakhmanivka village, by the village council"
    hours = "10:00-14:00"                   # in the office's time zone, start before end

Two trips of one office may not overlap on a date: the van is in one place
at a time. Every mistake is reported with its key (`offices.mob-1.trips[2].hours`).
"""

from __future__ import annotations

from typing import Any

from ..domain.model import OfficeKind
from ..domain.trips import Trip
from .calendar import read_date
from .reader import Reader

TRIP_KEYS = ("date", "stop", "stop_en", "hours")


def read_office_trips(reader: Reader, entry: dict[str, Any], key: str, kind: Any) -> tuple[Trip, ...]:
    """The office's trips in order of date and start; () when it lists none or any of them is wrong."""
    if "trips" not in entry:
        return ()
    path = f"{key}.trips"
    listed = entry["trips"]
    if not isinstance(listed, list) or not all(isinstance(item, dict) for item in listed):
        reader.problem(path, f"must be a list of trips: [[{path}]] tables with date, stop, stop_en and hours, not {listed!r}")
        return ()
    if isinstance(kind, str) and kind != OfficeKind.MOBILE:
        reader.problem(path, f"only a mobile office (kind = \"mobile\") has trips, and this one is {kind!r}")
        return ()
    before = len(reader.problems)
    trips: list[tuple[int, Trip]] = []
    for index, table in enumerate(listed):
        trip = _trip(reader, table, f"{path}[{index}]")
        if trip is None:
            continue
        for earlier_index, earlier in trips:
            if earlier.overlaps(trip):
                reader.problem(
                    f"{path}[{index}].hours",
                    f"overlaps trip {earlier_index} ({earlier.stop.uk}, {_span(earlier)}) on {trip.date.isoformat()}: "
                    "the van is in one place at a time",
                )
        trips.append((index, trip))
    if len(reader.problems) != before:
        return ()
    return tuple(sorted((trip for _, trip in trips), key=lambda trip: (trip.date, trip.start)))


def _trip(reader: Reader, table: dict[str, Any], path: str) -> Trip | None:
    if not reader.keys(table, path, TRIP_KEYS):
        return None
    date = read_date(reader, f"{path}.date", table["date"]) if "date" in table else None
    if "date" not in table:
        reader.problem(f"{path}.date", "is required")
    stop = reader.localized(table, path, "stop")
    hours = reader.time_range(f"{path}.hours", table["hours"]) if "hours" in table else None
    if "hours" not in table:
        reader.problem(f"{path}.hours", "is required: \"HH:MM-HH:MM\", e.g. \"10:00-14:00\"")
    if date is None or stop is None or hours is None:
        return None
    return Trip(date, stop, *hours)


def _span(trip: Trip) -> str:
    return f"{trip.start.strftime('%H:%M')}-{trip.end.strftime('%H:%M')}"

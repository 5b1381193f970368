"""The trips of the mobile offices in the reports: one row per trip, the tickets of its stop and hours.

A trip's tickets are its office's tickets issued on the trip's date between
its start and its end, on the office's wall clock (`Visits.local_ms`): the
van issues tickets only where it stands, so no ticket needs to name its stop.
The figures are defined as the period's (`figures.py`): served are the
tickets done; the wait is issue → call of the tickets that ended served or
no-show, without the office's air-raid alerts; ratings are those given for
the trip's tickets.

Pure, like the figures: the caller reads the visits (`queries.trips`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..domain.trips import Trip
from .arithmetic import minutes
from .visits import DAY_MS, EPOCH, Visits

TRIP_COLUMNS = (
    "office", "date", "stop", "stop_en", "start", "end", "issued", "served", "no_show",
    "wait_mean_minutes", "wait_max_minutes", "ratings", "average_rating",
)  # fmt: skip


def _wall_ms(date: dt.date, time: dt.time) -> int:
    """Milliseconds since 1970-01-01 00:00 on the office's wall clock; `time.max` ("24:00") is the next midnight."""
    midnight = (date - EPOCH).days * DAY_MS
    if time == dt.time.max:
        return midnight + DAY_MS
    return midnight + (time.hour * 3600 + time.minute * 60 + time.second) * 1000


def _clock(time: dt.time) -> str:
    return "24:00" if time == dt.time.max else time.strftime("%H:%M")


def trip_rows(trips: Iterable[tuple[str, Trip]], visits: Visits) -> list[dict[str, Any]]:
    """One row per (office, trip), in the order given: the trip, then the figures of its tickets."""
    by_office: dict[str, list[int]] = {}
    for index, office in enumerate(visits.office):
        by_office.setdefault(office, []).append(index)
    rows = []
    for office, trip in trips:
        start, end = _wall_ms(trip.date, trip.start), _wall_ms(trip.date, trip.end)
        mine = [index for index in by_office.get(office, ()) if start <= visits.local_ms[index] < end]
        statuses = [visits.status[index] for index in mine]
        waits = [
            wait
            for index in mine
            if visits.status[index] in ("done", "no_show") and (wait := visits.wait_ms[index]) is not None
        ]
        scores = [score for index in mine if (score := visits.score[index]) is not None]
        rows.append(
            {
                "office": office,
                "date": trip.date.isoformat(),
                "stop": trip.stop.uk,
                "stop_en": trip.stop.en,
                "start": _clock(trip.start),
                "end": _clock(trip.end),
                "issued": len(mine),
                "served": statuses.count("done"),
                "no_show": statuses.count("no_show"),
                "wait_mean_minutes": minutes(round(sum(waits) / len(waits))) if waits else None,
                "wait_max_minutes": minutes(max(waits)) if waits else None,
                "ratings": len(scores),
                "average_rating": round(sum(scores) / len(scores), 2) if scores else None,
            }
        )
    return rows

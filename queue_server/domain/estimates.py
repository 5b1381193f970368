"""Wait estimates: how long until a new ticket is called.

The estimate divides the work ahead (people ahead times the typical
duration of a service) among the desks now open for that service. Recent
real service times replace the configured typical duration once there are
enough of them, so the figure follows the office's real pace.

A desk that is not open is never assumed: with none open for the service
(at night, on a day off, before the first administrator sits down) nobody
knows when one will open, so there is no figure, and the kiosk, the ticket
and the ticket's page say that no desk is working instead (`NO_DESK_OPEN`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from typing import overload

MIN_SAMPLES = 5


def service_duration(recent: Sequence[dt.timedelta], typical: dt.timedelta) -> dt.timedelta:
    """The median of recent real service times, or the typical duration when there are few."""
    if len(recent) < MIN_SAMPLES:
        return typical
    seconds = statistics.median(duration.total_seconds() for duration in recent)
    return dt.timedelta(seconds=seconds)


# What an estimate rests on, as the API says it beside the minutes.
ESTIMATED = "estimated"
NO_DESK_OPEN = "no_desk_open"


def estimate_wait(people_ahead: int, open_desks: int, duration: dt.timedelta) -> dt.timedelta | None:
    """Expected wait for the next ticket; None when no desk serving it is open (the wait is unknown)."""
    if open_desks <= 0:
        return None
    if people_ahead <= 0:
        return dt.timedelta(0)
    return duration * people_ahead / open_desks


def basis(wait: dt.timedelta | None) -> str:
    """`ESTIMATED`, or `NO_DESK_OPEN` when there is no figure."""
    return NO_DESK_OPEN if wait is None else ESTIMATED


@overload
def minutes(wait: dt.timedelta) -> int: ...


@overload
def minutes(wait: None) -> None: ...


@overload
def minutes(wait: dt.timedelta | None) -> int | None: ...


def minutes(wait: dt.timedelta | None) -> int | None:
    """Whole minutes, rounded up: a promise of 3 minutes that takes 3½ disappoints; None stays None."""
    if wait is None:
        return None
    seconds = wait.total_seconds()
    return int(-(-seconds // 60))

"""Wait estimates: how long until a new ticket is called.

The estimate divides the work ahead (people ahead times the typical
duration of a service) among the desks now open for that service. Recent
real service times replace the configured typical duration once there are
enough of them, so the figure follows the office's real pace.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence

MIN_SAMPLES = 5


def service_duration(recent: Sequence[dt.timedelta], typical: dt.timedelta) -> dt.timedelta:
    """The median of recent real service times, or the typical duration when there are few."""
    if len(recent) < MIN_SAMPLES:
        return typical
    seconds = statistics.median(duration.total_seconds() for duration in recent)
    return dt.timedelta(seconds=seconds)


def estimate_wait(people_ahead: int, open_desks: int, duration: dt.timedelta) -> dt.timedelta:
    """Expected wait for the next ticket; with no desk open, as if one desk will open."""
    if people_ahead <= 0:
        return dt.timedelta(0)
    desks = max(open_desks, 1)
    return duration * people_ahead / desks


def minutes(wait: dt.timedelta) -> int:
    """Whole minutes, rounded up: a promise of 3 minutes that takes 3½ disappoints."""
    seconds = wait.total_seconds()
    return int(-(-seconds // 60))

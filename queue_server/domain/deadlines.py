"""A request of a visit and its statutory deadline (docs/deadlines.md).

Working days skip Saturdays, Sundays and the holidays of the office's
calendar (network.toml `[calendar] holidays` and the office's own in
offices.toml); calendar days skip nothing. The
deadline is the last day the result may be ready on and still be on time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass

from .model import StatutoryTerm


@dataclass(frozen=True)
class Request:
    """One request of a visit: its office, service, the visit's day and the outcome date, if recorded."""

    office: str
    service: str
    day: dt.date
    outcome: dt.date | None


def deadline(day: dt.date, term: StatutoryTerm, holidays: Container[dt.date] = frozenset()) -> dt.date:
    """The last day the result may be ready on: `day` plus the term's days, working days skipping weekends and holidays."""
    if not term.working:
        return day + dt.timedelta(days=term.days)
    left = term.days
    current = day
    while left:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            left -= 1
    return current



"""The share of violated statutory deadlines: the deadline of a request and the figure, by office and service.

Pure, like the other figures: the requests come from `store.outcomes`
(read in the report's transaction) as `Request` rows, the terms from the
catalogue, the holidays from the network's calendar. docs/reports.md
defines the figure; docs/deadlines.md the terms and the outcomes.

A request is one step of a visit (its service). Its deadline is the visit's
day plus the service's term: calendar days, or working days, which skip
Saturdays, Sundays and the holidays of the office's calendar. Among the requests of the
period whose service has a term, a request is violated when its outcome
came after the deadline, or when it has no outcome and the deadline has
passed (before `today`); one with no outcome whose deadline is `today` or
later is not counted yet, since it may still be on time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass

from ..domain.deadlines import Request, deadline
from ..domain.model import StatutoryTerm

__all__ = ["DEADLINE_GROUPS", "Request", "Share", "by", "deadline", "share", "verdict"]

DEADLINE_GROUPS = ("office", "service")


Holidays = Mapping[str, Container[dt.date]]  # each office's holidays


def verdict(request: Request, term: StatutoryTerm, today: dt.date, holidays: Container[dt.date] = frozenset()) -> bool | None:
    """True: violated; False: on time; None: not counted (no outcome, the deadline not passed)."""
    last = deadline(request.day, term, holidays)
    if request.outcome is not None:
        return request.outcome > last
    return True if today > last else None


@dataclass(frozen=True)
class Share:
    """Counted requests, the violated among them, and the share in per cent (None when nothing counts)."""

    counted: int
    violated: int
    pending: int  # requests with a term, no outcome and the deadline still to come: not counted

    @property
    def percent(self) -> float | None:
        return round(100 * self.violated / self.counted, 1) if self.counted else None

    def as_dict(self) -> dict[str, int | float | None]:
        return {"counted": self.counted, "violated": self.violated, "pending": self.pending, "percent": self.percent}


def share(
    requests: Iterable[Request], terms: Mapping[str, StatutoryTerm], today: dt.date, holidays: Holidays | None = None
) -> Share:
    """The share of violated deadlines among `requests`; requests of a service without a term are left out."""
    counted = violated = pending = 0
    for request in requests:
        term = terms.get(request.service)
        if term is None:
            continue
        found = verdict(request, term, today, (holidays or {}).get(request.office, frozenset()))
        if found is None:
            pending += 1
            continue
        counted += 1
        violated += found
    return Share(counted, violated, pending)


def by(
    group: str,
    requests: Iterable[Request],
    terms: Mapping[str, StatutoryTerm],
    today: dt.date,
    holidays: Holidays | None = None,
) -> dict[str, Share]:
    """The share of each office or each service (only those with a request of a service with a term)."""
    if group not in DEADLINE_GROUPS:
        raise ValueError(group)
    grouped: dict[str, list[Request]] = {}
    for request in requests:
        if request.service in terms:
            grouped.setdefault(getattr(request, group), []).append(request)
    return {key: share(rows, terms, today, holidays) for key, rows in sorted(grouped.items())}

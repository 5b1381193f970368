"""Each administrator's logged-in time and breaks, from the desk actions of the audit log.

An administrator is logged in while a desk they opened is open: from its
`open` to the next `close` or `force_close` of that desk (whoever closes it).
A break runs from `pause` to `resume` (or to the close) and counts as
logged-in time, not serving time. A desk left open is closed by the office's
day close at its local midnight, which writes no audit entry: so an interval
still running ends at that midnight, at the end of the period, or now,
whichever comes first. Intervals of one administrator at two desks at once
count once (their union); breaks are added up.

Utilisation = serving time / logged-in time, where serving time is the
service time (started → finished) of the tickets they served in the period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress
from typing import Any

from .arithmetic import minutes, share
from .figures import DONE
from .visits import MINUTE_MS, STEP_DONE, Visits

DESK_ACTIONS = ("open", "pause", "resume", "close", "force_close")
ACTION_COLUMNS = ("at_ms", "office", "desk", "action", "actor", "reason")  # the order of a store row


def person(actor: str) -> str:
    """`user:olena` → `olena`: the name tickets carry in `served_by`."""
    return actor.removeprefix("user:")


@dataclass
class DeskHours:
    """One administrator's time over the period, in milliseconds."""

    logged_in: list[tuple[int, int]] = field(default_factory=list)  # open intervals, possibly overlapping
    breaks: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, reason)
    offices: set[str] = field(default_factory=set)

    @property
    def logged_in_ms(self) -> int:
        return union_length(self.logged_in)

    @property
    def break_ms(self) -> int:
        return sum(end - start for start, end, _ in self.breaks)

    def breaks_by_reason(self) -> dict[str, dict[str, Any]]:
        found: dict[str, list[int]] = {}
        for start, end, reason in self.breaks:
            tally = found.setdefault(reason, [0, 0])
            tally[0] += 1
            tally[1] += end - start
        return {reason: {"count": n, "minutes": round(ms / MINUTE_MS, 1)} for reason, (n, ms) in sorted(found.items())}


def union_length(intervals: Iterable[tuple[int, int]]) -> int:
    """The length of the union of `[start, end)` intervals: overlaps count once."""
    total = 0
    reach: int | None = None
    for start, end in sorted(intervals):
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


@dataclass
class _OpenDesk:
    operator: str
    office: str
    start: int
    cut: int  # where the interval ends if nobody closes the desk
    break_start: int | None = None
    reason: str = ""


def desk_hours(
    actions: Iterable[Sequence[Any]],
    *,
    starts: Mapping[str, int],
    ends: Mapping[str, int],
    midnight_after: Callable[[str, int], int],
) -> dict[str, DeskHours]:
    """Fold desk actions (rows in `ACTION_COLUMNS` order, by time) into each administrator's hours.

    `starts` and `ends` give each office's `[start, end)` in UTC ms (the
    period, its end already cut at now); `midnight_after(office, at)` the
    local midnight that closes the office's day of `at`.
    """
    hours: dict[str, DeskHours] = {}
    running: dict[tuple[str, str], _OpenDesk] = {}

    def end(key: tuple[str, str], at: int) -> None:
        desk = running.pop(key)
        stop = min(at, desk.cut)
        start = max(desk.start, starts[desk.office])
        if stop > start:
            mine = hours.setdefault(desk.operator, DeskHours())
            mine.logged_in.append((start, stop))
            mine.offices.add(desk.office)
            if desk.break_start is not None and stop > max(desk.break_start, start):
                mine.breaks.append((max(desk.break_start, start), stop, desk.reason))

    for at, office, desk_id, action, actor, reason in actions:
        if office not in ends:
            continue
        key = (office, desk_id)
        desk = running.get(key)
        if desk is not None and at >= desk.cut:
            end(key, desk.cut)
            desk = None
        if action == "open":
            if desk is not None:  # a close the log does not have: the new open ends the old interval
                end(key, at)
            running[key] = _OpenDesk(person(actor), office, at, min(midnight_after(office, at), ends[office]))
        elif desk is None:
            continue
        elif action == "pause" and desk.break_start is None:
            desk.break_start, desk.reason = at, reason or "other"
        elif action == "resume" and desk.break_start is not None:
            stop = max(desk.break_start, starts[office])
            if at > stop:
                hours.setdefault(desk.operator, DeskHours()).breaks.append((stop, at, desk.reason))
            desk.break_start = None
        elif action in ("close", "force_close"):
            end(key, at)
    for key in list(running):
        end(key, running[key].cut)
    return hours


def administrators(visits: Visits, hours: Mapping[str, DeskHours], office_order: Sequence[str]) -> list[dict[str, Any]]:
    """A row per administrator who served a visit or opened a desk: the operators report, by name.

    What an administrator served is the services they gave: a visit of one
    service done, and each step done of a visit of several, each counted for
    whoever served that step (its visit's ticket names only the last).
    """
    steps = visits.steps
    done = [status == DONE and name is not None and one for status, name, one in zip(visits.status, visits.operator, visits.single)]
    step_done = [state == STEP_DONE and name is not None for state, name in zip(steps.status, steps.operator)]
    names = [*compress(visits.operator, done), *compress(steps.operator, step_done)]
    served: Counter[str] = Counter(names)  # type: ignore[arg-type]
    serving: Counter[str] = Counter()
    for name, spent in zip(names, chain(compress(visits.service_ms, done), compress(steps.service_ms, step_done))):
        serving[name] += spent or 0  # type: ignore[index]
    offices: dict[str, set[str]] = {}
    for name, office in set(zip(names, chain(compress(visits.office, done), compress(steps.office, step_done)))):
        offices.setdefault(name, set()).add(office)  # type: ignore[arg-type]
    rows = []
    for name in sorted(set(served) | set(hours)):
        mine = hours.get(name, DeskHours())
        where = offices.get(name, set()) | mine.offices
        logged_in = mine.logged_in_ms
        rows.append(
            {
                "operator": name,
                "offices": [code for code in office_order if code in where],
                "served": served[name],
                "serving_minutes": minutes(serving[name]),
                "logged_in_minutes": minutes(logged_in),
                "utilisation": share(serving[name], logged_in),
                "breaks": len(mine.breaks),
                "break_minutes": minutes(mine.break_ms),
                "breaks_by_reason": mine.breaks_by_reason(),
            }
        )
    return rows

"""The period's tickets as columns, with each ticket's time of issue on its office's wall clock.

The store hands over one row per ticket, its times as UTC epoch
milliseconds: a year of the network is half a million rows, and integers
need neither datetime objects nor time-zone arithmetic per row. The rows
become one list per field (`Visits`), and a grouping's keys are made from
those lists in one pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from ..domain.errors import InvalidRequest

MINUTE_MS = 60_000
HOUR_MS = 3_600_000
DAY_MS = 86_400_000
QUARTER_MS = 900_000
EPOCH = dt.date(1970, 1, 1)  # a Thursday: weekday 4 when Monday is 1
GROUPS = ("office", "service", "operator", "day", "hour", "weekday", "month", "package")


class WallClock:
    """A time zone's wall clock for UTC epoch milliseconds.

    The zone's offset is looked up once per quarter hour of UTC and kept:
    changes of clocks fall on quarter hours, so the offset holds for the
    whole quarter, and half a million tickets need a few thousand look-ups.
    """

    def __init__(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)
        self._offsets: dict[int, int] = {}
        self._midnights: dict[int, int] = {}

    def local_ms(self, utc_ms: int) -> int:
        """Milliseconds since 1970-01-01 00:00 on this wall clock."""
        quarter = utc_ms // QUARTER_MS
        offset = self._offsets.get(quarter)
        if offset is None:
            moment = dt.datetime.fromtimestamp(quarter * QUARTER_MS / 1000, self.zone)
            delta = moment.utcoffset() or dt.timedelta(0)
            offset = self._offsets[quarter] = int(delta.total_seconds() * 1000)
        return utc_ms + offset

    def local_all(self, utc_ms: Sequence[int]) -> list[int]:
        """`local_ms` of many moments: each quarter hour looked up once, then one pass."""
        for quarter in set(moment // QUARTER_MS for moment in utc_ms):
            if quarter not in self._offsets:
                self.local_ms(quarter * QUARTER_MS)
        offsets = self._offsets
        return [moment + offsets[moment // QUARTER_MS] for moment in utc_ms]

    def next_midnight_ms(self, utc_ms: int) -> int:
        """The UTC epoch ms of the local midnight that ends the local day of `utc_ms`."""
        day = self.local_ms(utc_ms) // DAY_MS
        found = self._midnights.get(day)
        if found is None:
            next_day = EPOCH + dt.timedelta(days=day + 1)
            midnight = dt.datetime.combine(next_day, dt.time(0), tzinfo=self.zone)
            found = self._midnights[day] = round(midnight.timestamp() * 1000)
        return found


def epoch_ms(moment: dt.datetime) -> int:
    return round(moment.timestamp() * 1000)


# The period's tickets as columns

VISIT_COLUMNS = (
    "ticket", "office", "service", "operator", "status", "issued_ms", "wait_ms", "service_ms", "score", "low_comment",
    "visit_ms", "package", "steps",
)  # the order of a store row; wait_ms = called − issued, service_ms = finished − started, low_comment: only for
# scores 1–2, visit_ms = finished − issued; steps: None for a visit of one service, else its `StepTimes` in order
STEP_TIMES = ("service", "status", "served_by", "ready_ms", "called_ms", "started_ms", "finished_ms")
# A step of a visit of several, as the store hands it over: epoch ms, ready_ms None for the first (its wait starts at issue)
StepTimes = tuple[str, str, str | None, int | None, int | None, int | None, int | None]
STEP_DONE, STEP_SKIPPED, STEP_CALLED = "done", "skipped", "called"


def _time_keys(local_ms: Sequence[int], group: str) -> Sequence[Hashable] | None:
    if group == "day":
        return [local // DAY_MS for local in local_ms]
    if group == "hour":
        return [local // HOUR_MS % 24 for local in local_ms]
    if group == "weekday":
        return [(local // DAY_MS + 3) % 7 + 1 for local in local_ms]
    if group == "month":
        months: dict[int, int] = {}
        for day in set(local // DAY_MS for local in local_ms):
            date = EPOCH + dt.timedelta(days=day)
            months[day] = date.year * 100 + date.month
        return [months[local // DAY_MS] for local in local_ms]
    return None


def _keys(table: Visits | Steps, group: str) -> Sequence[Hashable]:
    """Each row's key in `group` (see `GROUPS`); time groups are local to the row's office at the visit's issue."""
    if group in ("office", "service", "operator", "package"):
        return getattr(table, group)  # type: ignore[no-any-return]
    found = _time_keys(table.local_ms, group)
    if found is None:
        raise InvalidRequest(f"group must be one of {', '.join(GROUPS)}, not {group!r}", field="group")
    return found


@dataclass(frozen=True)
class Steps:
    """The steps of the visits of several services, one list per field, all in the same order.

    A visit of one service is its own step and is not repeated here: the
    figures of steps take those visits from `Visits` (see `Visits.single`).
    Each step has its own service and administrator; its office, package
    and time of issue are its visit's. `wait_ms` (ready → call) is there for
    a step that was called and is over (done, skipped at the desk, or the
    no-show of its visit); `service_ms` (start → finish) for a step done.
    """

    ticket: Sequence[int]
    office: Sequence[str]
    service: Sequence[str]
    operator: Sequence[str | None]
    package: Sequence[str | None]
    local_ms: Sequence[int]
    position: Sequence[int]  # 1 for the first step
    status: Sequence[str]
    wait_ms: Sequence[int | None]
    service_ms: Sequence[int | None]

    def __len__(self) -> int:
        return len(self.ticket)

    def keys(self, group: str) -> Sequence[Hashable]:
        return _keys(self, group)

    def only(self, wanted: Sequence[bool]) -> Steps:
        return Steps(**{name: list(compress(getattr(self, name), wanted)) for name in self.__dataclass_fields__})


NO_STEPS = Steps([], [], [], [], [], [], [], [], [], [])


@dataclass(frozen=True)
class Visits:
    """The period's tickets, one list per field, all in the same order, and the steps of those of several services.

    A visit of several services is measured as a visit: its `service` is
    its first step's (the one it was issued and first waited for), its
    `wait_ms` its first step's wait, its `service_ms` the time of its steps
    done, its `steps_done` how many of its steps were done.
    """

    ticket: Sequence[int]
    office: Sequence[str]
    service: Sequence[str]
    operator: Sequence[str | None]
    status: Sequence[str]
    local_ms: Sequence[int]  # time of issue on the office's wall clock
    wait_ms: Sequence[int | None]
    service_ms: Sequence[int | None]
    score: Sequence[int | None]
    complaint: Sequence[bool]
    visit_ms: Sequence[int | None]  # issue → finish: the whole visit, for a visit done
    package: Sequence[str | None]
    single: Sequence[bool]  # a visit of one service: its own step
    steps_done: Sequence[int]
    steps: Steps = NO_STEPS
    paused_ms: Sequence[int] = ()  # of each visit's wait, the time its office was in an air-raid alert; () when none was

    def paused(self, index: int) -> int:
        return self.paused_ms[index] if self.paused_ms else 0

    def __len__(self) -> int:
        return len(self.ticket)

    def keys(self, group: str) -> Sequence[Hashable]:
        """Each visit's key in `group` (see `GROUPS`); time groups are local to the visit's office."""
        return _keys(self, group)

    def only(
        self, *, hour: int | None = None, weekday: int | None = None, service: str | None = None, operator: str | None = None
    ) -> Visits:
        """The visits issued in that local hour (0–23) and on that weekday (1–7, Monday 1), of that service
        (their first step's) and administrator; their steps likewise, each by its own service and administrator."""
        if hour is None and weekday is None and service is None and operator is None:
            return self
        wanted = _wanted(self, hour=hour, weekday=weekday, service=service, operator=operator)
        columns = {name: list(compress(getattr(self, name), wanted)) for name in self.__dataclass_fields__ if name != "steps"}
        if not self.paused_ms:
            columns["paused_ms"] = []
        steps = self.steps.only(_wanted(self.steps, hour=hour, weekday=weekday, service=service, operator=operator))
        return Visits(**columns, steps=steps)


def _wanted(
    table: Visits | Steps, *, hour: int | None, weekday: int | None, service: str | None, operator: str | None
) -> list[bool]:
    wanted = [True] * len(table)
    for value, group in ((hour, "hour"), (weekday, "weekday"), (service, "service"), (operator, "operator")):
        if value is not None:
            wanted = [keep and key == value for keep, key in zip(wanted, table.keys(group))]
    return wanted


def is_complaint(score: int | None, comment: str | None) -> bool:
    """A rating of 1 or 2 whose comment says something (not empty, not only spaces)."""
    return score is not None and score <= 2 and bool(comment and comment.strip())


# Milliseconds of [start, end) that an office spent in air-raid alerts (`pauses.Pauses.within`)
Paused = Callable[[str, int, int], int]


def visits_from_rows(rows: Sequence[Sequence[Any]], timezones: Mapping[str, str], paused: Paused | None = None) -> Visits:
    """Columns from the store's rows (in `VISIT_COLUMNS` order) of the offices in `timezones`.

    Rows of other offices (one no longer in the configuration) are left out.
    With `paused`, the time each office spent in air-raid alerts within a
    wait (of a visit, of a step) is taken out of it and kept in `paused_ms`.
    """
    columns = [list(map(itemgetter(index), rows)) for index in range(len(VISIT_COLUMNS))]
    if not set(columns[1]) <= set(timezones):
        known = [code in timezones for code in columns[1]]
        columns = [list(compress(column, known)) for column in columns]
    ticket, office, service, operator, status, issued_ms, wait_ms, service_ms, score, low_comment, visit_ms, package, steps = columns
    clocks = {code: WallClock(zone) for code, zone in timezones.items()}
    if len(set(timezones.values())) == 1:
        local_ms = next(iter(clocks.values())).local_all(issued_ms)
    else:
        local_ms = [clocks[code].local_ms(moment) for code, moment in zip(office, issued_ms)]
    complaint = [is_complaint(s, c) if c is not None else False for s, c in zip(score, low_comment)]
    single = [listed is None for listed in steps]
    steps_done = [int(state == "done") for state in status]
    step_columns: list[list[Any]] = [[] for _ in Steps.__dataclass_fields__]
    for index in compress(range(len(single)), (not one for one in single)):
        of_visit = (ticket[index], office[index], package[index], local_ms[index])
        first = _visit_of_steps(steps[index], of_visit, issued_ms[index], status[index], step_columns, paused)
        service[index], wait_ms[index], service_ms[index], steps_done[index] = first
    paused_ms: list[int] = []
    if paused is not None:
        paused_ms = [0 if wait is None else paused(code, issued, issued + wait) for code, issued, wait in zip(office, issued_ms, wait_ms)]
        wait_ms = [wait if wait is None else wait - pause for wait, pause in zip(wait_ms, paused_ms)]
    return Visits(
        ticket, office, service, operator, status, local_ms, wait_ms, service_ms, score, complaint,
        visit_ms, package, single, steps_done, Steps(*step_columns) if step_columns[0] else NO_STEPS, paused_ms,
    )  # fmt: skip


def _visit_of_steps(
    listed: Sequence[StepTimes],
    of_visit: tuple[int, str, str | None, int],
    issued: int,
    status: str,
    into: list[list[Any]],
    paused: Paused | None = None,
) -> tuple[str, int | None, int | None, int]:
    """Append a visit's steps to the step columns (`Steps` order), each step's wait without the office's
    alerts in it; return its first service and wait (as measured: the caller takes the alerts out of
    the visits' waits), its time at desks (its steps done) and how many steps it had done."""
    ticket, office, package, local = of_visit
    spent, done = 0, 0
    first_wait: int | None = None
    for position, (service, state, served_by, ready, called, started, finished) in enumerate(listed, start=1):
        since = issued if position == 1 else ready
        over = state in (STEP_DONE, STEP_SKIPPED) or (state == STEP_CALLED and status == "no_show")
        wait = called - since if over and called is not None and since is not None else None
        if wait is not None and paused is not None:
            wait -= paused(office, since, called)  # type: ignore[arg-type]
        if position == 1 and called is not None:
            first_wait = called - issued
        took = finished - started if state == STEP_DONE and started is not None and finished is not None else None
        if state == STEP_DONE:
            done += 1
            spent += took or 0
        row = (ticket, office, service, served_by, package, local, position, state, wait, took)
        for column, value in zip(into, row):
            column.append(value)
    return listed[0][0], first_wait, spent if done else None, done

"""The figures recomputed the plain way, from the synthetic history: the tests' independent answer.

Nothing here calls `queue_server.reporting.figures`: datetimes, `zoneinfo`,
`Fraction` for the nearest rank, and one loop per figure, written from the
definitions in docs/reports.md.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Iterable
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from reporting.synthetic import Booking, Session, Step, Visit

KYIV = ZoneInfo("Europe/Kyiv")
FIRST = dt.date(2026, 1, 1)  # the synthetic quarter the tests load
LAST = dt.date(2026, 3, 31)  # the change to summer time (29 March) is inside
TARGETS = {"passport": 20, "residence": 20, "social": 20}  # minutes, as tests/factories.py configures them


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(KYIV)  # both offices of the test network are in Kyiv


def in_period(visit: Visit, first: dt.date, last: dt.date) -> bool:
    return first <= local(visit.issued_at).date() <= last


def rank_value(values: list[float], percent: int) -> float | None:
    """Nearest rank: the ⌈p·n⌉-th smallest."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(Fraction(percent, 100) * len(ordered))) - 1]


def as_minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def first_service(visit: Visit) -> str:
    """A visit counts under its first step's service (a visit of one service: its own)."""
    return visit.steps[0].service if visit.steps else visit.service


def first_wait(visit: Visit) -> float | None:
    """Issue → the first call, in seconds."""
    called = visit.steps[0].called_at if visit.steps else visit.called_at
    return None if called is None else (called - visit.issued_at).total_seconds()


def steps_of(visit: Visit) -> list[Step]:
    """The visit's steps; a visit of one service is its own one step (done, or its no-show)."""
    if visit.steps:
        return visit.steps
    status = {"done": "done", "no_show": "called"}.get(visit.status, "waiting")
    return [Step(visit.service, status, visit.desk, visit.operator, None, visit.called_at, visit.started_at, visit.finished_at)]


def step_wait(visit: Visit, index: int) -> float | None:
    """Ready → call of a step called that is over: done, skipped after its call, or the visit's no-show."""
    step = steps_of(visit)[index]
    over = step.status in ("done", "skipped") or (step.status == "called" and visit.status == "no_show")
    ready = visit.issued_at if index == 0 else step.ready_at
    if not over or step.called_at is None or ready is None:
        return None
    return (step.called_at - ready).total_seconds()


def step_service(step: Step) -> float | None:
    if step.status != "done" or step.started_at is None or step.finished_at is None:
        return None
    return (step.finished_at - step.started_at).total_seconds()


# (visit, index of the step): a step with its visit, which gives it its office, package and time of issue
VisitStep = tuple[Visit, int]


def all_steps(visits: Iterable[Visit]) -> list[VisitStep]:
    return [(visit, index) for visit in visits for index in range(len(steps_of(visit)))]


def figures(visits: Iterable[Visit], target_minutes: dict[str, int], steps: Iterable[VisitStep] | None = None) -> dict[str, Any]:
    """The figures of `visits`; the step figures are of `steps` (by default every step of those visits)."""
    visits = list(visits)
    steps = all_steps(visits) if steps is None else list(steps)
    served = [v for v in visits if v.status == "done"]
    no_shows = [v for v in visits if v.status == "no_show"]
    waits = [first_wait(v) for v in served + no_shows if first_wait(v) is not None]
    service_times = [
        sum(step_service(step) or 0 for step in steps_of(v))
        for v in served
        if any(step_service(step) is not None for step in steps_of(v))
    ]
    within = [v for v in served if first_wait(v) is not None and first_wait(v) <= target_minutes[first_service(v)] * 60]  # type: ignore[operator]
    scores = [v.score for v in visits if v.score is not None]
    complaints = [v for v in visits if v.score is not None and v.score <= 2 and v.comment and v.comment.strip()]
    visit_times = [(v.finished_at - v.issued_at).total_seconds() for v in served if v.finished_at is not None]
    done_steps = [(v, i) for v, i in steps if steps_of(v)[i].status == "done"]
    step_waits = [w for v, i in steps if (w := step_wait(v, i)) is not None]
    step_times = [t for v, i in steps if (t := step_service(steps_of(v)[i])) is not None]
    steps_done_of_served = sum(sum(1 for step in steps_of(v) if step.status == "done") for v in served)
    return {
        "issued": len(visits),
        "served": len(served),
        "no_show": len(no_shows),
        "no_show_share": ratio(len(no_shows), len(served) + len(no_shows)),
        "average_rating": round(sum(scores) / len(scores), 2) if scores else None,
        "satisfaction_share": ratio(sum(1 for s in scores if s in (4, 5)), len(scores)),
        "complaints": len(complaints),
        "complaints_per_1000": round(len(complaints) * 1000 / len(served), 2) if served else None,
        "wait_p50_minutes": as_minutes(rank_value(waits, 50)),  # type: ignore[arg-type]
        "wait_p90_minutes": as_minutes(rank_value(waits, 90)),  # type: ignore[arg-type]
        "wait_max_minutes": as_minutes(max(waits) if waits else None),  # type: ignore[type-var]
        "service_p50_minutes": as_minutes(rank_value(service_times, 50)),
        "service_p90_minutes": as_minutes(rank_value(service_times, 90)),
        "within_target_share": ratio(len(within), len(served)),
        "ratings": len(scores),
        "visits": len(visits),
        "packages": sum(1 for v in visits if v.package is not None),
        "services_provided": len(done_steps),
        "average_steps_done": round(steps_done_of_served / len(served), 2) if served else None,
        "visit_p50_minutes": as_minutes(rank_value(visit_times, 50)),
        "visit_p90_minutes": as_minutes(rank_value(visit_times, 90)),
        "step_wait_p50_minutes": as_minutes(rank_value(step_waits, 50)),
        "step_wait_p90_minutes": as_minutes(rank_value(step_waits, 90)),
        "step_service_p50_minutes": as_minutes(rank_value(step_times, 50)),
        "step_service_p90_minutes": as_minutes(rank_value(step_times, 90)),
    }


def by_step(visits: Iterable[Visit]) -> list[dict[str, Any]]:
    """Each step position's services provided, skipped, waits and service times, from the visits' steps."""
    found: dict[int, list[VisitStep]] = {}
    for visit, index in all_steps(visits):
        found.setdefault(index + 1, []).append((visit, index))
    rows = []
    for position in sorted(found):
        members = found[position]
        waits = [w for v, i in members if (w := step_wait(v, i)) is not None]
        times = [t for v, i in members if (t := step_service(steps_of(v)[i])) is not None]
        rows.append({
            "step": position,
            "services_provided": sum(1 for v, i in members if steps_of(v)[i].status == "done"),
            "skipped": sum(1 for v, i in members if steps_of(v)[i].status == "skipped"),
            "wait_p50_minutes": as_minutes(rank_value(waits, 50)),
            "wait_p90_minutes": as_minutes(rank_value(waits, 90)),
            "service_p50_minutes": as_minutes(rank_value(times, 50)),
            "service_p90_minutes": as_minutes(rank_value(times, 90)),
        })  # fmt: skip
    return rows


KEYS: dict[str, Callable[[Visit], Hashable]] = {
    "office": lambda v: v.office,
    "service": first_service,
    "operator": lambda v: v.operator,
    "day": lambda v: local(v.issued_at).date().isoformat(),
    "hour": lambda v: local(v.issued_at).hour,
    "weekday": lambda v: local(v.issued_at).isoweekday(),
    "month": lambda v: local(v.issued_at).strftime("%Y-%m"),
    "package": lambda v: v.package,
}


def step_key(group: str, visit: Visit, index: int) -> Hashable:
    """A step counts under its own service and administrator, and its visit's office, package and time."""
    if group == "service":
        return steps_of(visit)[index].service
    if group == "operator":
        return steps_of(visit)[index].served_by
    return KEYS[group](visit)


def grouped(visits: Iterable[Visit], group: str, target_minutes: dict[str, int]) -> dict[Hashable, dict[str, Any]]:
    visits = list(visits)
    buckets: dict[Hashable, list[Visit]] = {}
    for visit in visits:
        buckets.setdefault(KEYS[group](visit), []).append(visit)
    step_buckets: dict[Hashable, list[VisitStep]] = {}
    for visit, index in all_steps(visits):
        key = step_key(group, visit, index)
        step_buckets.setdefault(key, []).append((visit, index))
    return {
        key: figures(buckets.get(key, []), target_minutes, step_buckets.get(key, []))
        for key in set(buckets) | set(step_buckets)
    }


def desk_time(
    sessions: Iterable[Session], start: dt.datetime, end: dt.datetime
) -> dict[str, dict[str, Any]]:
    """Each administrator's logged-in minutes and breaks, from the sessions themselves.

    A session left open ends at the local midnight after it opened; everything
    is cut to `[start, end)`. (The test network's sessions never overlap for one
    administrator, so a plain sum is the union.)
    """
    found: dict[str, dict[str, Any]] = {}
    for session in sessions:
        midnight = dt.datetime.combine(local(session.opened_at).date() + dt.timedelta(days=1), dt.time(0), tzinfo=KYIV)
        closed = session.closed_at or midnight
        opened, closed = max(session.opened_at, start), min(closed, end, midnight)
        if closed <= opened:
            continue
        mine = found.setdefault(session.operator, {"logged_in": 0.0, "breaks": 0, "break_seconds": 0.0, "by_reason": {}})
        mine["logged_in"] += (closed - opened).total_seconds()
        for pause in session.breaks:
            stop = min(pause.end or closed, closed)
            begin = max(pause.start, opened)
            if stop <= begin:
                continue
            mine["breaks"] += 1
            mine["break_seconds"] += (stop - begin).total_seconds()
            reason = mine["by_reason"].setdefault(pause.reason, [0, 0.0])
            reason[0] += 1
            reason[1] += (stop - begin).total_seconds()
    return found


def booking_in_period(booking: Booking, first: dt.date, last: dt.date) -> bool:
    return first <= local(booking.start).date() <= last


def booking_figures(bookings: Iterable[Booking]) -> dict[str, Any]:
    """The bookings' figures, from the definitions in docs/reports.md."""
    bookings = list(bookings)
    kept = [b for b in bookings if b.status == "checked_in" and b.ticket is not None and b.ticket.appointment_at is not None]
    late = [b for b in bookings if b.status == "checked_in" and b.ticket is not None and b.ticket.appointment_at is None]
    missed = [b for b in bookings if b.status == "missed"]
    leads = [(b.start - b.booked_at).total_seconds() for b in bookings]
    called = [b for b in kept + late if b.ticket is not None and b.ticket.called_at is not None]
    within = [b for b in called if b.ticket.called_at - b.start <= dt.timedelta(minutes=5)]  # type: ignore[union-attr, operator]
    return {
        "made": len(bookings),
        "kept": len(kept),
        "late": len(late),
        "cancelled": sum(1 for b in bookings if b.status == "cancelled"),
        "missed": len(missed),
        "still_booked": sum(1 for b in bookings if b.status == "booked"),
        "kept_share": ratio(len(kept), len(kept) + len(late) + len(missed)),
        "lead_p50_hours": None if not leads else round(rank_value(leads, 50) / 3600, 1),  # type: ignore[operator]
        "lead_p90_hours": None if not leads else round(rank_value(leads, 90) / 3600, 1),  # type: ignore[operator]
        "called_within_5_minutes_share": ratio(len(within), len(called)),
    }


def bookings_grouped(bookings: Iterable[Booking], group: str) -> dict[Hashable, dict[str, Any]]:
    buckets: dict[Hashable, list[Booking]] = {}
    for booking in bookings:
        buckets.setdefault(getattr(booking, group), []).append(booking)
    return {key: booking_figures(members) for key, members in buckets.items()}

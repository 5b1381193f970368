"""A synthetic history of an office network: visits, ratings and desk sessions with known times.

Seeded, so the same arguments give the same history. Each desk of each office
is opened on each of the office's working days by one of two administrators,
serves visitors one after another with a break in between, and is closed (by
its administrator, now and then force-closed by a supervisor, or left open
for the night's day close). Visitors who were never called are cancelled.
All times are whole seconds.

The tests recompute every figure from these objects in plain Python; the
benchmark (`bench/reports_year.py`) builds a year of the bundled network
with the same code. `synthetic_store.insert` writes the rows straight into the tables, as the
commands would have left them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from queue_server.domain.hours import Weekday
from queue_server.domain.model import Network, Office

UTC = dt.timezone.utc
WEEKDAYS = tuple(Weekday)
PAUSE_REASONS = ("break", "lunch", "back_office", "training", "meeting", "technical", "other")
COMPLAINTS = ("Довго чекала в черзі", "Нагрубили у вікні", "Не пояснили, яких документів бракує")
PRAISE = ("Дякую, все швидко", "Ввічливий адміністратор")


@dataclass
class Step:
    """A step of a visit of several services, as the store keeps it (store/ticket_steps.py)."""

    service: str
    status: str  # done, skipped, called (its visit's no-show) or waiting
    desk: str | None = None
    served_by: str | None = None
    ready_at: dt.datetime | None = None  # None for the first step: its wait starts at the issue
    called_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


@dataclass
class Visit:
    """A ticket as its row holds it; a visit of several services also has its `steps` (the row's
    service, desk, administrator and times are then its current step's, `step` its index)."""

    ticket: int
    office: str
    service: str
    desk: str | None
    operator: str | None
    status: str  # done, no_show or cancelled
    issued_at: dt.datetime
    called_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    score: int | None = None
    comment: str | None = None
    rated_at: dt.datetime | None = None
    appointment_at: dt.datetime | None = None  # a booking checked in within its window
    steps: list[Step] | None = None
    step: int = 0
    package: str | None = None


@dataclass
class Booking:
    """A booking as the commands leave it; `ticket` is its check-in's visit (kept or late)."""

    id: int
    office: str
    service: str
    start: dt.datetime
    booked_at: dt.datetime
    status: str  # booked, checked_in, cancelled or missed
    ticket: Visit | None = None


@dataclass
class Break:
    start: dt.datetime
    end: dt.datetime | None  # None: the desk was closed while on the break
    reason: str


@dataclass
class Session:
    """A desk opened by one administrator and closed by `closed_by` (None: left open for the day close)."""

    office: str
    desk: str
    operator: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    closed_by: str | None = None  # the actor's user name
    close_action: str = "close"  # or "force_close"
    breaks: list[Break] = field(default_factory=list)


@dataclass
class History:
    visits: list[Visit] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    bookings: list[Booking] = field(default_factory=list)


def operators_of(desk_id: str) -> tuple[str, str]:
    """The two administrators who take turns at a desk."""
    return f"{desk_id}-a", f"{desk_id}-b"


def _at(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(UTC)


def generate(
    network: Network,
    first: dt.date,
    last: dt.date,
    *,
    seed: int = 2026,
    visits_per_desk_day: tuple[int, int] = (6, 14),
    offices: Sequence[str] | None = None,
    first_ticket: int = 1,
    booked_share: float | Mapping[str, float] = 0.25,
    several_share: float = 0.06,
) -> History:
    """Every working day from `first` to `last` (included) of each office (all, or those named).

    About `booked_share` of the visits called (one share, or one per office
    code, 0 for an office not named) have a booking behind them, or stand for
    one that was cancelled, missed or is still booked (`_book`). About
    `several_share` of the visits served at an office with more than one
    service become visits of several steps, or of a package (`_several`).
    """
    rng = random.Random(seed)
    history = History()
    ticket = first_ticket
    chosen = [network.offices[code] for code in offices] if offices else list(network.offices.values())  # type: ignore[index]
    day = first
    while day <= last:
        for office in chosen:
            ticket = _office_day(rng, network, office, day, ticket, history, visits_per_desk_day)
        day += dt.timedelta(days=1)
    _several(random.Random(seed + 2), network, history, several_share)
    _book(random.Random(seed + 1), network, chosen, first, last, history, booked_share, first_ticket)
    return history


# What became of a visit of several steps, with its weight (see `_steps_of`)
VISIT_FATES = (("done", 40), ("continued", 15), ("skipped", 12), ("ended", 10), ("no_show", 12), ("cancelled", 11))
PACKAGE = "relocation"  # a package of the test network's services, for a network that configures none (a stored code)


def office_services(network: Network, office: Office) -> list[str]:
    return sorted({code for desk in office.desks for code, weight in desk.profile.weights.items() if weight > 0 and code in network.services})


def packages_of(network: Network, office: Office) -> dict[str, tuple[str, ...]]:
    """The packages whose every step the office's desks serve; without any, `PACKAGE` of two of its services."""
    served = set(office_services(network, office))
    found = {
        code: tuple(service.includes)
        for code, service in network.services.items()
        if service.package and service.includes and set(service.includes) <= served
    }
    if not found and len(served) >= 2:
        found[PACKAGE] = tuple(sorted(served))[-2:]
    return found


def _several(rng: random.Random, network: Network, history: History, share: float) -> None:
    """Turn about `share` of the served visits of offices with several services into visits of several steps."""
    services = {code: office_services(network, office) for code, office in network.offices.items()}
    packages = {code: packages_of(network, office) for code, office in network.offices.items()}
    for visit in history.visits:
        if visit.status != "done" or len(services[visit.office]) < 2 or rng.random() >= share:
            continue
        mine = packages[visit.office]
        if mine and rng.random() < 0.4:
            visit.package = rng.choice(sorted(mine))
            plan = list(mine[visit.package])
        else:
            others = [code for code in services[visit.office] if code != visit.service]
            plan = [visit.service, *rng.sample(others, min(len(others), rng.choice((1, 1, 2))))]
        desks = [desk.id for desk in network.offices[visit.office].desks]  # type: ignore[index]
        _steps_of(rng, visit, plan, rng.choices(*zip(*VISIT_FATES))[0], desks)


def _steps_of(rng: random.Random, visit: Visit, plan: Sequence[str], fate: str, desks: Sequence[str]) -> None:
    """The visit (served at its desk) as the first of `plan`'s steps, and what became of the rest.

    done: every step done, each waited for; continued: the next at the same
    desk at once; skipped: the second step skipped in advance; ended: ended
    at the second step, the rest skipped; no_show: not there when called for
    the second; cancelled: left (or cancelled at the day's close) before being
    called for the second. No ticket is left waiting: the tests that load the
    history call the next ticket at the same desks. A later
    step is served at one of `desks` by its usual administrator.
    """
    assert visit.called_at and visit.started_at and visit.finished_at
    first = Step(plan[0], "done", visit.desk, visit.operator, None, visit.called_at, visit.started_at, visit.finished_at)
    steps = [first] + [Step(service, "waiting") for service in plan[1:]]
    if fate == "skipped" or (fate == "ended" and len(steps) < 3):
        fate, steps[1].status = ("done", "skipped")
    ready, current = visit.finished_at, 0
    for index in range(1, len(steps)):
        step = steps[index]
        if step.status == "skipped":
            continue
        if fate == "ended" and index > 1:
            step.status = "skipped"
            continue
        step.ready_at, current = ready, index
        if fate == "cancelled" and index == 1:
            break
        here = fate == "continued" and index == 1
        step.desk = visit.desk if here else rng.choice(desks)
        step.served_by = visit.operator if here else operators_of(step.desk)[0]
        step.called_at = ready if here else ready + dt.timedelta(seconds=rng.randrange(0, 40 * 60))
        if fate == "no_show" and index == 1:
            step.status = "called"
            break
        step.status = "done"
        step.started_at = step.called_at if here else step.called_at + dt.timedelta(seconds=rng.randrange(20, 120))
        step.finished_at = ready = step.started_at + dt.timedelta(seconds=rng.randrange(120, 20 * 60))
    now = steps[current]
    visit.service, visit.steps, visit.step, visit.desk, visit.operator = now.service, steps, current, now.desk, now.served_by
    visit.called_at, visit.started_at, visit.finished_at = now.called_at, now.started_at, now.finished_at
    if fate == "no_show":
        visit.status, visit.finished_at = "no_show", now.called_at + dt.timedelta(minutes=3)  # type: ignore[operator]
    elif fate == "cancelled":
        visit.status, visit.finished_at = "cancelled", now.ready_at + dt.timedelta(minutes=rng.randrange(5, 60))  # type: ignore[operator]


# What became of a booking, with its weight: the visit it stands next to is its time.
BOOKING_FATES = (("kept", 60), ("late", 10), ("cancelled", 15), ("missed", 10), ("booked", 5))


def _lead(rng: random.Random) -> dt.timedelta:
    """How long before its time a booking was made: from minutes (the same day) to three weeks."""
    if rng.random() < 0.2:
        return dt.timedelta(seconds=rng.randrange(10 * 60, 8 * 3600))
    return dt.timedelta(seconds=rng.randrange(8 * 3600, 21 * 86400))


def _book(
    rng: random.Random,
    network: Network,
    offices: Sequence[Office],
    first: dt.date,
    last: dt.date,
    history: History,
    share: float | Mapping[str, float],
    first_id: int,
) -> None:
    """Bookings next to the visits; their ids (which make their codes and tokens) start at `first_id`,
    so that histories generated with different `first_ticket`s go into one database."""
    fates, weights = zip(*BOOKING_FATES)
    shares = {office.code: share if isinstance(share, float) else share.get(office.code, 0.0) for office in offices}
    for visit in history.visits:
        if visit.status == "cancelled" or visit.called_at is None or rng.random() >= shares[visit.office]:
            continue
        fate = rng.choices(fates, weights)[0]
        if fate == "kept":  # called from 3 minutes before the booked time to 20 after it
            start = visit.called_at - dt.timedelta(seconds=rng.randrange(-3 * 60, 20 * 60))
            visit.appointment_at = start
        elif fate == "late":  # checked in after the grace: a walk-in ticket
            start = visit.issued_at - dt.timedelta(seconds=rng.randrange(11 * 60, 90 * 60))
        else:  # no ticket of its own: a time near this visit's
            start = visit.issued_at + dt.timedelta(seconds=rng.randrange(-3600, 3600))
        ticket = visit if fate in ("kept", "late") else None
        status = "checked_in" if ticket else fate
        history.bookings.append(Booking(first_id + len(history.bookings), visit.office, visit.service, start, start - _lead(rng), status, ticket))
    for office in offices:
        services = sorted(code for code in network.services if any(desk.profile.weights.get(code, 0) > 0 for desk in office.desks))
        for start in _edge_times(office, first, last):
            status = rng.choice(("cancelled", "missed", "booked"))
            history.bookings.append(Booking(first_id + len(history.bookings), office.code, rng.choice(services), start, start - _lead(rng), status))


def _edge_times(office: Office, first: dt.date, last: dt.date) -> list[dt.datetime]:
    """Booked times on the edges of the period's days: half an hour either side of the local midnights
    before `first` and after `last` (the outer ones fall outside the period), and 02:30 and 04:30 local on
    each day the clocks change."""
    zone = ZoneInfo(office.timezone)
    times = [
        _at(first - dt.timedelta(days=1), dt.time(23, 30), zone),
        _at(first, dt.time(0, 30), zone),
        _at(last, dt.time(23, 30), zone),
        _at(last + dt.timedelta(days=1), dt.time(0, 30), zone),
    ]
    day = first
    while day <= last:
        if _at(day, dt.time(12), zone) - _at(day - dt.timedelta(days=1), dt.time(12), zone) != dt.timedelta(days=1):
            times += [_at(day, dt.time(2, 30), zone), _at(day, dt.time(4, 30), zone)]
        day += dt.timedelta(days=1)
    return times


def _office_day(
    rng: random.Random, network: Network, office: Office, day: dt.date, ticket: int, history: History, per_desk: tuple[int, int]
) -> int:
    hours = office.hours.days.get(WEEKDAYS[day.weekday()])
    if hours is None:
        return ticket
    zone = ZoneInfo(office.timezone)
    opens, closes = _at(day, hours[0], zone), _at(day, hours[1], zone)
    for desk in office.desks:
        services = sorted(code for code, weight in desk.profile.weights.items() if weight > 0 and code in network.services)
        if not services:
            continue
        operator = operators_of(desk.id)[rng.random() < 0.3]
        opened = opens + dt.timedelta(seconds=rng.randrange(0, 600))
        session = Session(office.code, desk.id, operator, opened, None)
        span = (closes - opened).total_seconds()
        pause_at = opened + dt.timedelta(seconds=int(span * rng.uniform(0.35, 0.6)))
        pause_end = pause_at + dt.timedelta(minutes=rng.randrange(10, 50))
        session.breaks.append(Break(pause_at, pause_end, rng.choice(PAUSE_REASONS)))
        count = rng.randint(*per_desk)
        slot = (span - (pause_end - pause_at).total_seconds()) / (count + 1)
        moment = opened + dt.timedelta(seconds=60)
        served_here: list[Visit] = []
        for _ in range(count):
            if pause_at - dt.timedelta(seconds=slot) < moment < pause_end:
                moment = pause_end + dt.timedelta(seconds=30)
            called = moment + dt.timedelta(seconds=rng.randrange(0, 120))
            wait = dt.timedelta(seconds=rng.randrange(0, 65 * 60))
            visit = Visit(ticket, office.code, rng.choice(services), desk.id, operator, "done", called - wait, called)
            if rng.random() < 0.07:
                visit.status, visit.finished_at = "no_show", called + dt.timedelta(minutes=3)
            else:
                visit.started_at = called + dt.timedelta(seconds=rng.randrange(20, 120))
                longest = max(60, int(slot) - 240)
                visit.finished_at = visit.started_at + dt.timedelta(seconds=rng.randrange(60, min(longest, 45 * 60) + 1))
                if rng.random() < 0.3:
                    _rate(rng, visit)
            history.visits.append(visit)
            served_here.append(visit)
            ticket += 1
            moment = max(visit.finished_at, called) + dt.timedelta(seconds=rng.randrange(30, max(31, int(slot) // 3)))
        for _ in range(rng.randrange(0, 3)):  # visitors who left before being called
            issued = opened + dt.timedelta(seconds=rng.randrange(0, int(span)))
            history.visits.append(Visit(ticket, office.code, rng.choice(services), None, None, "cancelled", issued))
            ticket += 1
        ending = rng.random()
        last_end = max([opened, pause_end] + [v.finished_at for v in served_here if v.finished_at])
        if ending < 0.04:  # left open: the night's day close closes it, with no audit entry
            pass
        elif ending < 0.08:
            session.closed_at = max(last_end, closes) + dt.timedelta(minutes=rng.randrange(5, 40))
            session.closed_by, session.close_action = f"{office.code}-supervisor", "force_close"
        else:
            session.closed_at = max(last_end, closes - dt.timedelta(minutes=rng.randrange(0, 15)))
            session.closed_by = operator
        history.sessions.append(session)
    return ticket


def _rate(rng: random.Random, visit: Visit) -> None:
    assert visit.finished_at is not None
    visit.score = rng.choices((1, 2, 3, 4, 5), weights=(6, 6, 10, 28, 50))[0]
    visit.rated_at = visit.finished_at + dt.timedelta(minutes=rng.randrange(1, 90))
    if visit.score <= 2 and rng.random() < 0.6:
        visit.comment = rng.choice(COMPLAINTS)
    elif visit.score >= 4 and rng.random() < 0.2:
        visit.comment = rng.choice(PRAISE)

"""A synthetic history of an office network: visits, ratings and desk sessions with known times.

Seeded, so the same arguments give the same history. Each desk of each office
is opened on each of the office's working days by one of two administrators,
serves visitors one after another with a break in between, and is closed (by
its administrator, now and then force-closed by a supervisor, or left open
for the night's day close). Visitors who were never called are cancelled.
All times are whole seconds.

The tests recompute every figure from these objects in plain Python; the
benchmark (`bench/reports_year.py`) builds a year of the bundled network
with the same code. `insert` writes the rows straight into the tables, as the
commands would have left them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from queue_server.domain.model import Network, Office, Weekday
from queue_server.store.schema import appointments, audit_log, ratings, tickets

UTC = dt.timezone.utc
WEEKDAYS = tuple(Weekday)
PAUSE_REASONS = ("break", "lunch", "back_office", "training", "meeting", "technical", "other")
COMPLAINTS = ("Довго чекала в черзі", "Нагрубили у вікні", "Не пояснили, яких документів бракує")
PRAISE = ("Дякую, все швидко", "Ввічливий адміністратор")


@dataclass
class Visit:
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
) -> History:
    """Every working day from `first` to `last` (included) of each office (all, or those named).

    About `booked_share` of the visits called (one share, or one per office
    code, 0 for an office not named) have a booking behind them, or stand for
    one that was cancelled, missed or is still booked (`_book`).
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
    _book(random.Random(seed + 1), network, chosen, first, last, history, booked_share, first_ticket)
    return history


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


def ticket_rows(network: Network, visits: Iterable[Visit]) -> Iterable[dict[str, object]]:
    counters: dict[tuple[str, dt.date, str], int] = {}
    for visit in visits:
        office = network.offices[visit.office]  # type: ignore[index]
        local_day = visit.issued_at.astimezone(ZoneInfo(office.timezone)).date()
        prefix = network.services[visit.service].prefix  # type: ignore[index]
        key = (visit.office, local_day, prefix)
        counters[key] = sequence = counters.get(key, 0) + 1
        yield {
            "id": visit.ticket, "office": visit.office, "token": f"synthetic-{visit.ticket}",
            "number": f"{prefix}{sequence:03d}", "prefix": prefix, "day": local_day, "sequence": sequence,
            "service": visit.service, "status": visit.status, "priority": None, "lang": "uk",
            "issued_at": visit.issued_at, "called_at": visit.called_at, "started_at": visit.started_at,
            "finished_at": visit.finished_at, "desk": visit.desk, "target_desk": None, "held_by": None,
            "recalls": 0, "transfers": 0, "note": None, "appointment_at": visit.appointment_at, "served_by": visit.operator,
            "issued_by": "device:1", "idempotency_key": None,
        }  # fmt: skip


def audit_rows(sessions: Iterable[Session]) -> Iterable[dict[str, object]]:
    def entry(at: dt.datetime, actor: str, action: str, session: Session, **details: object) -> dict[str, object]:
        return {
            "at": at, "actor": f"user:{actor}", "role": "operator", "action": action, "office": session.office,
            "desk": session.desk, "ticket": None, "ticket_number": None, "details": details or None, "address": "10.0.0.1",
        }  # fmt: skip

    for session in sessions:
        yield entry(session.opened_at, session.operator, "open", session)
        for pause in session.breaks:
            if session.closed_at is not None and pause.start >= session.closed_at:
                continue
            yield entry(pause.start, session.operator, "pause", session, reason=pause.reason)
            if pause.end is not None and (session.closed_at is None or pause.end < session.closed_at):
                yield entry(pause.end, session.operator, "resume", session)
        if session.closed_at is not None:
            assert session.closed_by is not None
            details = {"reason": "left open", "operator": session.operator} if session.close_action == "force_close" else {}
            yield entry(session.closed_at, session.closed_by, session.close_action, session, **details)


def insert(engine: sa.Engine, network: Network, history: History, *, batch: int = 20_000) -> None:
    """Write the history's tickets, ratings and audit entries (in time order) into the database."""
    rows = sorted(audit_rows(history.sessions), key=lambda row: row["at"])  # type: ignore[arg-type, return-value]
    with engine.begin() as conn:
        _chunks(conn, tickets, ticket_rows(network, history.visits), batch)
        _chunks(
            conn,
            ratings,
            (
                {
                    "ticket_id": v.ticket, "office": v.office, "service": v.service, "desk": v.desk,
                    "served_by": v.operator, "score": v.score, "comment": v.comment, "rated_at": v.rated_at,
                }  # fmt: skip
                for v in history.visits
                if v.score is not None
            ),
            batch,
        )
        _chunks(conn, audit_log, rows, batch)
        _chunks(conn, appointments, booking_rows(history.bookings), batch)


CODE_SIGNS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def booking_rows(bookings: Iterable[Booking]) -> Iterable[dict[str, object]]:
    for booking in bookings:
        code, rest = "", booking.id
        for _ in range(6):  # the id in the kiosk's signs: unique, as the live codes must be
            rest, sign = divmod(rest, len(CODE_SIGNS))
            code += CODE_SIGNS[sign]
        ticket = booking.ticket
        yield {
            "office": booking.office, "service": booking.service, "start": booking.start, "code": code,
            "token": f"synthetic-booking-{booking.id}", "status": booking.status, "name": "Відвідувач",
            "phone": "+380670000000", "person": f"person-{booking.id % 97}", "booked_at": booking.booked_at,
            "booked_by": "public", "cancelled_at": booking.booked_at + (booking.start - booking.booked_at) / 2 if booking.status == "cancelled" else None,
            "checked_in_at": ticket.issued_at if ticket else None, "checked_in_by": "device:1" if ticket else None,
            "ticket_id": ticket.ticket if ticket else None,
            "missed_at": booking.start + dt.timedelta(days=1) if booking.status == "missed" else None,
        }  # fmt: skip


def _chunks(conn: sa.Connection, table: sa.Table, rows: Iterable[dict[str, object]], batch: int) -> None:
    chunk: list[dict[str, object]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            conn.execute(table.insert(), chunk)
            chunk = []
    if chunk:
        conn.execute(table.insert(), chunk)

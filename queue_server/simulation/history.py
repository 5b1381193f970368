"""The demo's past weeks: served visits, no-shows, ratings and the desks' days, written straight into the store.

The reports of a fresh demo would be empty: its simulated day starts now.
So the demo writes, once, the few weeks before today as the commands would
have left them — every desk of every office on each of its working days,
opened by its simulated administrator (`sim-<desk>`), serving visitors one
after another with a lunch break, closed at the end of the day — with the
same people's behaviour as the live simulation (`plan`): services by their
share, service times about the typical duration, waits longest in the
morning peak, some no-shows, some ratings. It is demonstration data, and the
demo says so; its tickets are marked `issued_by = "demo:history"`.

A demo started again days later adds the days since the last seeded one,
so the history always reaches yesterday. Offices open round the clock (the
demo's own copy at night) get the bundled day of 08:00-17:00.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain.hours import MIDNIGHT_CLOSE, WEEKDAYS
from ..domain.model import Desk, Network, Office
from ..store.schema import audit_log, ratings, tickets
from . import plan as people
from .seeding import operator_name

ISSUED_BY = "demo:history"
UTC = dt.timezone.utc
ORDINARY_DAY = (dt.time(8), dt.time(17))
MEAN_WAIT_MINUTES = 9.0  # at the day's mean hour; the peak's waits are longer
IDLE_MINUTES = (10.0, 55.0)  # a desk's time without a visitor between two, shortest in the peak: ~2,000 visits a network day
NO_SHOW_AFTER = dt.timedelta(minutes=3)
BATCH = 5_000


@dataclass(frozen=True)
class Seeded:
    days: int
    tickets: int


def seed_history(ctx: CommandContext, *, days: int = 21, seed: int = 2026) -> Seeded:
    """The `days` before today (local to each office), those not seeded yet; returns what was added."""
    today = ctx.clock().astimezone(ZoneInfo("Europe/Kyiv")).date()
    first = today - dt.timedelta(days=days)
    with ctx.reading() as conn:
        last_seeded = conn.execute(sa.select(sa.func.max(tickets.c.day)).where(tickets.c.issued_by == ISSUED_BY)).scalar()
        next_id = (conn.execute(sa.select(sa.func.max(tickets.c.id))).scalar() or 0) + 1
        taken = {
            (row.office, row.day, row.prefix): row.top
            for row in conn.execute(
                sa.select(tickets.c.office, tickets.c.day, tickets.c.prefix, sa.func.max(tickets.c.sequence).label("top"))
                .where(tickets.c.day >= first)
                .group_by(tickets.c.office, tickets.c.day, tickets.c.prefix)
            )
        }
    if last_seeded is not None:
        first = max(first, last_seeded + dt.timedelta(days=1))
    if first >= today:
        return Seeded(0, 0)
    writer = _Writer(ctx.network, next_id, taken)
    rng = random.Random(f"{seed}:{first.isoformat()}")
    day = first
    while day < today:
        for office in ctx.network.offices.values():
            writer.office_day(rng, office, day)
        day += dt.timedelta(days=1)
    with ctx.engine.begin() as conn:
        for table, rows in ((tickets, writer.tickets), (ratings, writer.ratings), (audit_log, sorted(writer.audit, key=lambda row: row["at"]))):
            for start in range(0, len(rows), BATCH):
                conn.execute(table.insert(), rows[start : start + BATCH])
    return Seeded((today - first).days, len(writer.tickets))


class _Writer:
    """The rows of the history, in the shapes the commands leave them."""

    def __init__(self, network: Network, next_id: int, taken: dict[tuple[str, dt.date, str], int]) -> None:
        self.network = network
        self.next_id = next_id
        self.sequences = dict(taken)
        self.tickets: list[dict[str, Any]] = []
        self.ratings: list[dict[str, Any]] = []
        self.audit: list[dict[str, Any]] = []

    def office_day(self, rng: random.Random, office: Office, day: dt.date) -> None:
        plan = people.office_plan(self.network, office)
        hours = _day_hours(office, day)
        if plan is None or hours is None:
            return
        zone = ZoneInfo(office.timezone)
        opens = dt.datetime.combine(day, hours[0], tzinfo=zone).astimezone(UTC)
        closes = dt.datetime.combine(day, hours[1], tzinfo=zone).astimezone(UTC)
        for desk in office.desks:
            if desk.id in plan.desks:
                self._desk_day(rng, office, plan, desk, opens, closes)

    def _desk_day(self, rng: random.Random, office: Office, plan: people.OfficePlan, place: Desk, opens: dt.datetime, closes: dt.datetime) -> None:
        desk, operator = place.id, operator_name(place.id)
        services = [share for share in plan.services if place.profile.weights.get(share.code, 0.0) > 0]
        moment = opens + dt.timedelta(seconds=rng.uniform(0, 600))
        self._entry(moment, operator, "open", office.code, desk)
        lunch = opens + (closes - opens) * rng.uniform(0.4, 0.6)
        lunch_taken = False
        zone = ZoneInfo(office.timezone)
        while moment < closes - dt.timedelta(minutes=10):
            if not lunch_taken and moment >= lunch:
                self._entry(moment, operator, "pause", office.code, desk, {"reason": "lunch"})
                moment += dt.timedelta(minutes=rng.uniform(30, 45))
                self._entry(moment, operator, "resume", office.code, desk)
                lunch_taken = True
                continue
            service = rng.choices(services, weights=[share.share for share in services])[0]
            hour = moment.astimezone(zone).hour
            wait = dt.timedelta(minutes=rng.gammavariate(2.0, MEAN_WAIT_MINUTES * people.day_shape(hour) / 2.0))
            called = moment
            issued = max(called - wait, opens - dt.timedelta(minutes=5))
            if rng.random() < 0.06:
                self._ticket(rng, office, desk, operator, service.code, "no_show", issued, called, None, called + NO_SHOW_AFTER)
                moment = called + NO_SHOW_AFTER
            else:
                started = called + people.walk_time(rng)
                finished = started + people.service_time(rng, service.typical)
                ticket = self._ticket(rng, office, desk, operator, service.code, "done", issued, called, started, finished)
                if rng.random() < 0.3:
                    self.ratings.append(
                        {
                            "ticket_id": ticket, "office": office.code, "service": service.code, "desk": desk, "served_by": operator,
                            "score": rng.choices((1, 2, 3, 4, 5), weights=people.RATING_WEIGHTS)[0], "comment": None,
                            "rated_at": finished + dt.timedelta(minutes=rng.uniform(1, 60)),
                        }
                    )  # fmt: skip
                moment = finished
            moment += dt.timedelta(minutes=rng.uniform(*IDLE_MINUTES) / people.day_shape(moment.astimezone(zone).hour))
        if rng.random() < 0.5:  # someone who gave up waiting, cancelled by the night's day close
            left = opens + (closes - opens) * rng.random()
            self._ticket(rng, office, None, None, rng.choice(services).code, "cancelled", left, None, None, closes)
        self._entry(max(moment, closes - dt.timedelta(minutes=rng.uniform(0, 10))), operator, "close", office.code, desk)

    def _ticket(
        self, rng: random.Random, office: Office, desk: str | None, operator: str | None, service: str, status: str,
        issued: dt.datetime, called: dt.datetime | None, started: dt.datetime | None, finished: dt.datetime | None,
    ) -> int:  # fmt: skip
        prefix = self.network.services[service].prefix  # type: ignore[index]
        day = issued.astimezone(ZoneInfo(office.timezone)).date()
        key = (office.code, day, prefix)
        self.sequences[key] = sequence = self.sequences.get(key, 0) + 1
        ticket = self.next_id
        self.next_id += 1
        self.tickets.append(
            {
                "id": ticket, "office": office.code, "token": secrets.token_urlsafe(24), "number": f"{prefix}{sequence:03d}",
                "prefix": prefix, "day": day, "sequence": sequence, "service": service, "status": status,
                "priority": None, "lang": "uk", "issued_at": issued, "called_at": called, "started_at": started,
                "finished_at": finished, "desk": desk, "target_desk": None, "held_by": None, "recalls": 0, "transfers": 0,
                "note": None, "appointment_at": None, "served_by": operator, "issued_by": ISSUED_BY, "idempotency_key": None,
                "remote": False, "arrived_at": None, "steps": None, "step": 0, "package": None, "paper": False,
                "issued_at_estimated": False,
            }
        )  # fmt: skip
        return ticket

    def _entry(self, at: dt.datetime, operator: str, action: str, office: str, desk: str, details: dict[str, Any] | None = None) -> None:
        self.audit.append(
            {
                "at": at, "actor": f"user:{operator}", "role": "operator", "action": action, "office": office, "desk": desk,
                "ticket": None, "ticket_number": None, "details": details, "address": None,
            }
        )  # fmt: skip


def _day_hours(office: Office, day: dt.date) -> tuple[dt.time, dt.time] | None:
    """The office's first opening and last closing of `day`; an office open round the clock gets an ordinary day."""
    spans = office.hours.intervals_on(day)
    if not spans:
        return None
    opens, closes = spans[0][0], spans[-1][1]
    if closes == MIDNIGHT_CLOSE or opens == dt.time(0):
        return ORDINARY_DAY if WEEKDAYS[day.weekday()] not in ("sat", "sun") else None
    return opens, closes

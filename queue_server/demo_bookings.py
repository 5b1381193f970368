"""The demo's bookings: a realistic few at every office for yesterday, today and the coming days, seeded once.

So the staff pages' booking lists and the reports show bookings as soon as
the demo starts: yesterday's were kept, missed or cancelled; today's past
times were mostly checked in (a few are late: they may still come as
walk-ins); the coming days are booked, a few cancelled. The main office has
more. They are written in one transaction straight to the store (the demo
seeds the past, which no command may book), and only into a database with
no booking at all, so a restart of the demo neither repeats them nor waits
for them: it reads one row.

A demo check-in has no ticket (the demo's queue starts empty); the desk's
list shows it checked in without a number.

Demonstration data: the visitors' names are drawn from common Ukrainian
first and last names and the phone numbers are random digits; no booking
stands for a real person (`cherga demo` says so when it starts).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from .commands.context import CommandContext
from .domain import booking_rules, slots
from .domain.appointments import Appointment, AppointmentStatus, new_code, new_token, person_key
from .domain.model import Office, Service
from .store import appointments as store

DAYS_AHEAD = 5  # today and the four days after, besides yesterday
PER_DAY_MAIN = 14
PER_DAY_OTHER = 3
SERVICES_TRIED_MAIN = 6  # the services of an office whose slots are computed each day: enough to spread, cheap at start
SEED = 20261124  # the same bookings every time the demo starts a new database
# invented visitors (demonstration data): common names, random phone numbers
FIRST_NAMES = ("Олена", "Андрій", "Ірина", "Богдан", "Наталія", "Сергій", "Оксана", "Тарас", "Марія", "Віктор", "Юлія", "Петро")
LAST_NAMES = ("Коваль", "Шевченко", "Бондаренко", "Ткаченко", "Кравець", "Мельник", "Олійник", "Савченко", "Руденко", "Лисенко")
BOOKERS = ("public",) * 7 + ("partner:city-portal",) * 2 + ("user:supervisor",)
CHECKED_IN_BY = "user:operator1"


@dataclass(frozen=True)
class _Moment:
    now: dt.datetime
    today: dt.date


def seed_bookings(ctx: CommandContext, *, key: bytes) -> int:
    """Book the demo's days at every office, once; returns how many (0 when the database has bookings already)."""
    with ctx.reading() as conn:
        if store.any_booking(conn):
            return 0
    rng = random.Random(SEED)
    with ctx.transaction() as tx:
        codes: set[str] = set()
        made = [
            appointment
            for office in ctx.network.offices.values()
            for appointment in _office_bookings(ctx, office, _Moment(tx.now, tx.now.astimezone(ZoneInfo(office.timezone)).date()), rng, key, codes)
        ]
        store.insert_many(tx.connection, made)
    return len(made)


def _bookable(ctx: CommandContext, office: Office) -> list[Service]:
    found = []
    for code in sorted(office.services):
        service = ctx.network.services[code]
        terms = booking_rules.terms_for(office, service)
        if terms.bookable and terms.bookable_share > 0:
            found.append(service)
    return found


def _office_bookings(
    ctx: CommandContext, office: Office, moment: _Moment, rng: random.Random, key: bytes, codes: set[str]
) -> Iterator[Appointment]:
    services = _bookable(ctx, office)
    if not services:
        return
    main = office.kind == "main"
    per_day = PER_DAY_MAIN if main else PER_DAY_OTHER
    for offset in range(-1, DAYS_AHEAD):
        day = moment.today + dt.timedelta(days=offset)
        tried = rng.sample(services, min(SERVICES_TRIED_MAIN if main else per_day, len(services)))
        times = [
            (service, slot.start)
            for service in tried
            for slot in slots.day_slots(office, service, day, terms=booking_rules.terms_for(office, service), booked={})
            if slot.free > 0
        ]
        for service, start in sorted(rng.sample(times, min(per_day, len(times))), key=lambda chosen: chosen[1]):
            yield _booking(office, service, start.astimezone(dt.timezone.utc), moment, rng, key, codes)


def _booking(
    office: Office, service: Service, start: dt.datetime, moment: _Moment, rng: random.Random, key: bytes, codes: set[str]
) -> Appointment:
    phone = "+38067" + "".join(rng.choice("0123456789") for _ in range(7))
    booked_at = min(start - dt.timedelta(days=rng.randint(1, 12), minutes=rng.randint(0, 600)), moment.now - dt.timedelta(hours=1))
    code = new_code()
    while code in codes:
        code = new_code()
    codes.add(code)
    draft = Appointment(
        id=0,
        office=office.code,
        service=service.code,
        start=start,
        code=code,
        token=new_token(),
        status=AppointmentStatus.BOOKED,
        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        phone=phone,
        person=person_key(phone, key),
        booked_at=booked_at,
        booked_by=rng.choice(BOOKERS),
    )
    return _lived(draft, office, moment, rng)


def _lived(draft: Appointment, office: Office, moment: _Moment, rng: random.Random) -> Appointment:
    """What became of the booking by now: checked in, missed or cancelled, as its time says."""
    roll = rng.random()
    if draft.start >= moment.now:
        if roll < 0.1:
            return replace(draft, status=AppointmentStatus.CANCELLED, cancelled_at=min(draft.booked_at + dt.timedelta(hours=20), moment.now))
        return draft
    local_day = draft.start.astimezone(ZoneInfo(office.timezone)).date()
    if local_day < moment.today and roll < 0.15:
        midnight = slots.local_moment(moment.today, dt.time(0), ZoneInfo(office.timezone))
        return replace(draft, status=AppointmentStatus.MISSED, missed_at=midnight)
    if local_day < moment.today and roll < 0.25:
        return replace(draft, status=AppointmentStatus.CANCELLED, cancelled_at=draft.start - dt.timedelta(hours=rng.randint(3, 40)))
    if local_day == moment.today and roll < 0.15:
        return draft  # late: may still come today as a walk-in
    arrived = draft.start - dt.timedelta(minutes=rng.randint(1, 12))
    return replace(draft, status=AppointmentStatus.CHECKED_IN, checked_in_at=arrived, checked_in_by=CHECKED_IN_BY)

"""Bookings of a time at an office: the rows, the counts the limits need, the lookups by token and code.

The caller holds the office's lock (`ctx.transaction(office=…)`) whenever it
counts a slot's bookings and then adds one, so two visitors racing for the
last place are counted one after the other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from ..domain.appointments import HOLDING, Appointment, AppointmentStatus
from .schema import appointments


def _appointment(row: Any) -> Appointment:
    return Appointment(
        id=row.id,
        office=row.office,
        service=row.service,
        start=row.start,
        code=row.code,
        token=row.token,
        status=AppointmentStatus(row.status),
        name=row.name,
        phone=row.phone,
        person=row.person,
        booked_at=row.booked_at,
        booked_by=row.booked_by,
        cancelled_at=row.cancelled_at,
        checked_in_at=row.checked_in_at,
        checked_in_by=row.checked_in_by,
        ticket_id=row.ticket_id,
        missed_at=row.missed_at,
        lang=row.lang,
        reminder_id=row.reminder_id,
    )


def insert(conn: sa.Connection, draft: Appointment) -> Appointment:
    """Store a new booking (its `id` is the database's)."""
    values = {name: getattr(draft, name) for name in appointments.c.keys() if name != "id"}
    values["status"] = draft.status.value
    new_id = conn.execute(appointments.insert().values(**values)).inserted_primary_key[0]  # type: ignore[index]
    return dataclasses.replace(draft, id=int(new_id))


def insert_many(conn: sa.Connection, drafts: Sequence[Appointment]) -> None:
    """Store many bookings in one statement (the demo's seed); their ids are the database's, not returned."""
    if not drafts:
        return
    rows = [{**{name: getattr(draft, name) for name in appointments.c.keys() if name != "id"}, "status": draft.status.value} for draft in drafts]
    conn.execute(appointments.insert(), rows)


def held(conn: sa.Connection, office: str, service: str, since: dt.datetime, until: dt.datetime) -> Counter[dt.datetime]:
    """The bookings holding a place, by slot start, of a service at an office in `[since, until)`."""
    rows = conn.execute(
        sa.select(appointments.c.start, sa.func.count())
        .where(
            (appointments.c.office == office)
            & (appointments.c.service == service)
            & (appointments.c.start >= since)
            & (appointments.c.start < until)
            & appointments.c.status.in_(sorted(HOLDING))
        )
        .group_by(appointments.c.start)
    )
    return Counter({row[0]: int(row[1]) for row in rows})


def booked_by_person(conn: sa.Connection, person: str, since: dt.datetime, until: dt.datetime) -> int:
    """The bookings the person made in `[since, until)`, cancelled ones included: what the monthly limit counts."""
    query = sa.select(sa.func.count()).where(
        (appointments.c.person == person) & (appointments.c.booked_at >= since) & (appointments.c.booked_at < until)
    )
    return int(conn.execute(query).scalar() or 0)


def missed_by_person(conn: sa.Connection, person: str) -> list[dt.datetime]:
    """When the person's missed bookings were due, oldest first: what the no-show block counts."""
    query = (
        sa.select(appointments.c.start)
        .where((appointments.c.person == person) & (appointments.c.status == AppointmentStatus.MISSED.value))
        .order_by(appointments.c.start)
    )
    return list(conn.execute(query).scalars())


def any_booking(conn: sa.Connection) -> bool:
    """Whether any booking was ever stored (the demo seeds its bookings only into a database without)."""
    return conn.execute(sa.select(appointments.c.id).limit(1)).first() is not None


def code_is_live(conn: sa.Connection, code: str) -> bool:
    query = sa.select(appointments.c.id).where((appointments.c.code == code) & (appointments.c.status == AppointmentStatus.BOOKED.value))
    return conn.execute(query).first() is not None


def by_token(conn: sa.Connection, token: str) -> Appointment | None:
    row = conn.execute(sa.select(appointments).where(appointments.c.token == token)).first()
    return _appointment(row) if row is not None else None


def by_code(conn: sa.Connection, code: str) -> Appointment | None:
    """The live booking with this code, or else the latest one that had it (to say why it cannot be used)."""
    query = (
        sa.select(appointments)
        .where(appointments.c.code == code)
        .order_by((appointments.c.status == AppointmentStatus.BOOKED.value).desc(), appointments.c.id.desc())
        .limit(1)
    )
    row = conn.execute(query).first()
    return _appointment(row) if row is not None else None


def of_office(conn: sa.Connection, office: str, since: dt.datetime, until: dt.datetime) -> list[Appointment]:
    """An office's bookings with a start in `[since, until)`, in time order."""
    query = (
        sa.select(appointments)
        .where((appointments.c.office == office) & (appointments.c.start >= since) & (appointments.c.start < until))
        .order_by(appointments.c.start, appointments.c.id)
    )
    return [_appointment(row) for row in conn.execute(query)]


def booked_before(conn: sa.Connection, office: str, before: dt.datetime) -> list[Appointment]:
    """An office's bookings still `booked` with a start before `before`: the candidates for `missed`."""
    query = sa.select(appointments).where(
        (appointments.c.office == office) & (appointments.c.status == AppointmentStatus.BOOKED.value) & (appointments.c.start < before)
    )
    return [_appointment(row) for row in conn.execute(query)]


def set_reminder(conn: sa.Connection, appointment_id: int, message_id: int) -> None:
    conn.execute(appointments.update().where(appointments.c.id == appointment_id).values(reminder_id=message_id))


def booked_between(conn: sa.Connection, office: str, since: dt.datetime, until: dt.datetime) -> list[Appointment]:
    """An office's bookings still `booked` with a start in `[since, until)`: those a new closure may take away."""
    query = (
        sa.select(appointments)
        .where(
            (appointments.c.office == office)
            & (appointments.c.status == AppointmentStatus.BOOKED.value)
            & (appointments.c.start >= since)
            & (appointments.c.start < until)
        )
        .order_by(appointments.c.start, appointments.c.id)
    )
    return [_appointment(row) for row in conn.execute(query)]


def cancel(conn: sa.Connection, appointment_id: int, at: dt.datetime) -> None:
    conn.execute(
        appointments.update()
        .where(appointments.c.id == appointment_id)
        .values(status=AppointmentStatus.CANCELLED.value, cancelled_at=at)
    )


def check_in(conn: sa.Connection, appointment_id: int, at: dt.datetime, by: str, ticket_id: int) -> None:
    conn.execute(
        appointments.update()
        .where(appointments.c.id == appointment_id)
        .values(status=AppointmentStatus.CHECKED_IN.value, checked_in_at=at, checked_in_by=by[:80], ticket_id=ticket_id)
    )


def mark_missed(conn: sa.Connection, appointment_ids: Sequence[int], at: dt.datetime) -> None:
    if not appointment_ids:
        return
    conn.execute(
        appointments.update()
        .where(appointments.c.id.in_(list(appointment_ids)))
        .values(status=AppointmentStatus.MISSED.value, missed_at=at)
    )


def _holding_visitor(office: str, before: dt.datetime) -> sa.ColumnElement[bool]:
    return (appointments.c.office == office) & (appointments.c.start < before) & ((appointments.c.name != "") | (appointments.c.phone != ""))


def holds_visitors_before(conn: sa.Connection, office: str, before: dt.datetime) -> bool:
    """Whether any booking of the office with a start before `before` still has a name or a phone."""
    return conn.execute(sa.select(appointments.c.id).where(_holding_visitor(office, before)).limit(1)).first() is not None


def erase_visitors(conn: sa.Connection, office: str, before: dt.datetime) -> int:
    """Erase the name and phone of the office's bookings with a start before `before`; returns how many."""
    erased = conn.execute(appointments.update().where(_holding_visitor(office, before)).values(name="", phone=""))
    return int(erased.rowcount or 0)

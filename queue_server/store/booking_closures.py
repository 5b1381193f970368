"""Closures of an office's or a desk's bookings, and lifts of people's no-show blocks: the rows and their lookups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..domain.model import DeskId
from ..domain.slots import Closure
from .schema import booking_block_lifts, booking_closures


@dataclass(frozen=True)
class ClosureRecord:
    """A stored closure: the domain's `Closure` with who made it, when and why."""

    id: int
    office: str
    desk: str | None
    start: dt.datetime
    end: dt.datetime
    reason: str
    created_at: dt.datetime
    created_by: str
    withdrawn_at: dt.datetime | None = None

    @property
    def closure(self) -> Closure:
        return Closure(self.start, self.end, DeskId(self.desk) if self.desk is not None else None)


def _record(row: Any) -> ClosureRecord:
    return ClosureRecord(
        id=row.id,
        office=row.office,
        desk=row.desk,
        start=row.start,
        end=row.end,
        reason=row.reason,
        created_at=row.created_at,
        created_by=row.created_by,
        withdrawn_at=row.withdrawn_at,
    )


def add_closure(
    conn: sa.Connection, *, office: str, desk: str | None, start: dt.datetime, end: dt.datetime, reason: str, at: dt.datetime, by: str
) -> ClosureRecord:
    values = {"office": office, "desk": desk, "start": start, "end": end, "reason": reason, "created_at": at, "created_by": by[:80]}
    new_id = conn.execute(booking_closures.insert().values(**values)).inserted_primary_key[0]  # type: ignore[index]
    found = closure_by_id(conn, int(new_id))
    assert found is not None
    return found


def closure_by_id(conn: sa.Connection, closure_id: int) -> ClosureRecord | None:
    row = conn.execute(sa.select(booking_closures).where(booking_closures.c.id == closure_id)).first()
    return _record(row) if row is not None else None


def closures_of(conn: sa.Connection, office: str, since: dt.datetime, until: dt.datetime) -> list[ClosureRecord]:
    """The office's closures in force that overlap `[since, until)`, in time order."""
    query = (
        sa.select(booking_closures)
        .where(
            (booking_closures.c.office == office)
            & booking_closures.c.withdrawn_at.is_(None)
            & (booking_closures.c.start < until)
            & (booking_closures.c.end > since)
        )
        .order_by(booking_closures.c.start, booking_closures.c.id)
    )
    return [_record(row) for row in conn.execute(query)]


def withdraw_closure(conn: sa.Connection, closure_id: int, at: dt.datetime) -> None:
    conn.execute(booking_closures.update().where(booking_closures.c.id == closure_id).values(withdrawn_at=at))


def add_lift(conn: sa.Connection, *, person: str, office: str, at: dt.datetime, by: str) -> None:
    conn.execute(booking_block_lifts.insert().values(person=person, office=office, lifted_at=at, lifted_by=by[:80]))


def last_lift(conn: sa.Connection, person: str) -> dt.datetime | None:
    """When the person's no-show block was last lifted (None: never): the misses before it no longer count."""
    query = (
        sa.select(booking_block_lifts.c.lifted_at)
        .where(booking_block_lifts.c.person == person)
        .order_by(booking_block_lifts.c.lifted_at.desc())
        .limit(1)
    )
    lifted: dt.datetime | None = conn.execute(query).scalar()
    return lifted

"""Air-raid alerts of each office (`air_raids`): the one on now, and those of a period for the reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from ..domain.air_raid import AirRaid
from ..domain.model import OfficeCode
from .schema import air_raids

# Built once (see store/tickets.py): every issue and every call asks it.
_CURRENT = (
    sa.select(air_raids)
    .where((air_raids.c.office == sa.bindparam("office")) & air_raids.c.ended_at.is_(None))
    .order_by(air_raids.c.started_at.desc())
    .limit(1)
)


def _to_alert(row: Any) -> AirRaid:
    return AirRaid(
        office=OfficeCode(row.office),
        started_at=row.started_at,
        started_by=row.started_by,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
        id=int(row.id),
    )


def current(conn: sa.Connection, office: OfficeCode) -> AirRaid | None:
    """The office's alert on now, if any (the caller holds the office lock to change it)."""
    row = conn.execute(_CURRENT, {"office": office}).first()
    return _to_alert(row) if row else None


def begin(conn: sa.Connection, alert: AirRaid) -> AirRaid:
    new_id = conn.execute(
        air_raids.insert().values(office=alert.office, started_at=alert.started_at, started_by=alert.started_by)
    ).inserted_primary_key[0]
    return AirRaid(alert.office, alert.started_at, alert.started_by, id=int(new_id))


def end(conn: sa.Connection, alert: AirRaid) -> None:
    conn.execute(air_raids.update().where(air_raids.c.id == alert.id).values(ended_at=alert.ended_at, ended_by=alert.ended_by))


def on_now(conn: sa.Connection, offices: Sequence[str] | None = None) -> dict[OfficeCode, AirRaid]:
    """The alerts on now, by office: of `offices`, or of the whole network (one query for the dashboard's many offices)."""
    query = sa.select(air_raids).where(air_raids.c.ended_at.is_(None)).order_by(air_raids.c.started_at)
    if offices is not None:
        query = query.where(air_raids.c.office.in_(list(offices)))
    return {OfficeCode(row.office): _to_alert(row) for row in conn.execute(query)}

def overlapping(conn: sa.Connection, offices: Sequence[str] | None, start: dt.datetime, end: dt.datetime) -> list[AirRaid]:
    """The alerts of those offices (None: every office) that overlap `[start, end)`, one still on included, by start."""
    query = sa.select(air_raids).where(
        (air_raids.c.started_at < end) & (air_raids.c.ended_at.is_(None) | (air_raids.c.ended_at > start))
    )
    if offices is not None:
        query = query.where(air_raids.c.office.in_(list(offices)))
    return [_to_alert(row) for row in conn.execute(query.order_by(air_raids.c.started_at, air_raids.c.id))]

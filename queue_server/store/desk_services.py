"""A supervisor's change of the services a desk serves today (`desk_services`).

A row wins over the desk's configured profile until it is removed or the
office's day closes. Commands read it inside their own transaction, after
the office lock: the configured network is immutable and shared, so the
change of the day can live nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..domain.desks import TODAY_PROFILE
from ..domain.model import Desk, DeskId, DeskProfile, Office, OfficeCode, ServiceCode
from .schema import desk_services

# Built once (see store/tickets.py): read by every call and every issue.
_GET = sa.select(desk_services).where(desk_services.c.desk == sa.bindparam("desk"))
_FOR_OFFICE = sa.select(desk_services).where(desk_services.c.office == sa.bindparam("office"))


@dataclass(frozen=True)
class ServicesOfTheDay:
    desk: DeskId
    office: OfficeCode
    profile: DeskProfile
    changed_by: str
    changed_at: dt.datetime


def _to_change(row: Any) -> ServicesOfTheDay:
    weights = {ServiceCode(code): float(weight) for code, weight in dict(row.weights).items()}
    return ServicesOfTheDay(
        desk=DeskId(row.desk),
        office=OfficeCode(row.office),
        profile=DeskProfile(code=TODAY_PROFILE, weights=weights),
        changed_by=row.changed_by,
        changed_at=row.changed_at,
    )


def get(conn: sa.Connection, desk: DeskId) -> ServicesOfTheDay | None:
    row = conn.execute(_GET, {"desk": desk}).first()
    return _to_change(row) if row else None


def for_office(conn: sa.Connection, office: OfficeCode) -> dict[DeskId, ServicesOfTheDay]:
    rows = conn.execute(_FOR_OFFICE, {"office": office})
    return {DeskId(row.desk): _to_change(row) for row in rows}


def effective_profile(conn: sa.Connection, desk: Desk) -> DeskProfile:
    """The profile the desk works by now: today's change, or the configured one."""
    change = get(conn, desk.id)
    return change.profile if change is not None else desk.profile


def effective_profiles(conn: sa.Connection, office: Office) -> dict[DeskId, DeskProfile]:
    """`effective_profile` of every desk of the office, in one query."""
    changes = for_office(conn, office.code)
    return {desk.id: changes[desk.id].profile if desk.id in changes else desk.profile for desk in office.desks}


def put(
    conn: sa.Connection,
    desk: Desk,
    weights: Mapping[ServiceCode, float],
    *,
    changed_by: str,
    changed_at: dt.datetime,
) -> None:
    values = {
        "office": desk.office,
        "weights": dict(weights),
        "changed_by": changed_by,
        "changed_at": changed_at,
    }
    updated = conn.execute(desk_services.update().where(desk_services.c.desk == desk.id).values(**values)).rowcount
    if not updated:
        conn.execute(desk_services.insert().values(desk=desk.id, **values))


def remove(conn: sa.Connection, desk: DeskId) -> bool:
    """Back to the configured profile; False when there was no change to remove."""
    return bool(conn.execute(desk_services.delete().where(desk_services.c.desk == desk)).rowcount)


def changed_before(conn: sa.Connection, office: OfficeCode, moment: dt.datetime) -> list[DeskId]:
    """Desks whose change was made before `moment` (the start of the office's day)."""
    rows = conn.execute(
        sa.select(desk_services.c.desk).where(
            (desk_services.c.office == office) & (desk_services.c.changed_at < moment)
        )
    )
    return [DeskId(desk) for desk in rows.scalars()]

"""Staff accounts, their login tokens, and registered devices.

Only hashes of tokens are kept: a copy of the database does not let anyone
act as a desk or a kiosk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .schema import devices, staff_tokens, user_offices, users


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    password_hash: str
    role: str
    active: bool
    offices: tuple[str, ...]


@dataclass(frozen=True)
class DeviceRecord:
    id: int
    kind: str
    office: str
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_seen_at: dt.datetime | None = None


# Built once: every request with a token runs these (see store/tickets.py).
_OFFICES_OF_USER = (
    sa.select(user_offices.c.office).where(user_offices.c.user_id == sa.bindparam("user_id")).order_by(user_offices.c.office)
)
_USER_BY_TOKEN = (
    sa.select(users)
    .join(staff_tokens, staff_tokens.c.user_id == users.c.id)
    .where(
        (staff_tokens.c.token_hash == sa.bindparam("token_hash"))
        & staff_tokens.c.revoked_at.is_(None)
        & (staff_tokens.c.expires_at > sa.bindparam("now", type_=staff_tokens.c.expires_at.type))
    )
)
_DEVICE_BY_TOKEN = sa.select(devices).where((devices.c.token_hash == sa.bindparam("token_hash")) & devices.c.revoked_at.is_(None))


def _user(conn: sa.Connection, row: Any) -> UserRecord:
    offices = conn.execute(_OFFICES_OF_USER, {"user_id": row.id}).scalars()
    return UserRecord(row.id, row.username, row.password_hash, row.role, bool(row.active), tuple(offices))


def add_user(
    conn: sa.Connection, username: str, password_hash: str, role: str, offices: list[str], now: dt.datetime
) -> UserRecord:
    user_id = conn.execute(
        users.insert().values(username=username, password_hash=password_hash, role=role, created_at=now)
    ).inserted_primary_key[0]
    for office in offices:
        conn.execute(user_offices.insert().values(user_id=user_id, office=office))
    found = user_by_id(conn, int(user_id))
    assert found is not None
    return found


def set_password(conn: sa.Connection, user_id: int, password_hash: str) -> None:
    conn.execute(users.update().where(users.c.id == user_id).values(password_hash=password_hash))


def user_by_name(conn: sa.Connection, username: str) -> UserRecord | None:
    row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    return _user(conn, row) if row else None


def user_by_id(conn: sa.Connection, user_id: int) -> UserRecord | None:
    row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
    return _user(conn, row) if row else None


def add_staff_token(
    conn: sa.Connection, token_hash: str, user_id: int, now: dt.datetime, expires_at: dt.datetime
) -> None:
    conn.execute(
        staff_tokens.insert().values(
            token_hash=token_hash, user_id=user_id, created_at=now, expires_at=expires_at
        )
    )


def user_by_token(conn: sa.Connection, token_hash: str, now: dt.datetime) -> UserRecord | None:
    """The active user of a live (not revoked, not expired) login token: one query for the token and the user, one for the offices."""
    row = conn.execute(_USER_BY_TOKEN, {"token_hash": token_hash, "now": now}).first()
    if row is None or not row.active:
        return None
    return _user(conn, row)


def revoke_staff_token(conn: sa.Connection, token_hash: str, now: dt.datetime) -> None:
    conn.execute(
        staff_tokens.update().where(staff_tokens.c.token_hash == token_hash).values(revoked_at=now)
    )


def revoke_user_tokens(conn: sa.Connection, user_id: int, now: dt.datetime, *, keep: str | None = None) -> int:
    """End every live login of the user but `keep` (the hash of the token asking); returns how many."""
    condition = (staff_tokens.c.user_id == user_id) & staff_tokens.c.revoked_at.is_(None)
    if keep is not None:
        condition = condition & (staff_tokens.c.token_hash != keep)
    return int(conn.execute(staff_tokens.update().where(condition).values(revoked_at=now)).rowcount)


def _device(row: Any) -> DeviceRecord:
    return DeviceRecord(row.id, row.kind, row.office, row.name, row.created_at, row.revoked_at, row.last_seen_at)


def add_device(
    conn: sa.Connection, kind: str, office: str, name: str, token_hash: str, now: dt.datetime
) -> DeviceRecord:
    device_id = conn.execute(
        devices.insert().values(kind=kind, office=office, name=name, token_hash=token_hash, created_at=now)
    ).inserted_primary_key[0]
    row = conn.execute(sa.select(devices).where(devices.c.id == device_id)).one()
    return _device(row)


def device_by_name(conn: sa.Connection, office: str, kind: str, name: str) -> DeviceRecord | None:
    """The active device of that name; revoked ones have given their names up."""
    row = conn.execute(
        sa.select(devices).where(
            (devices.c.office == office)
            & (devices.c.kind == kind)
            & (devices.c.name == name)
            & devices.c.revoked_at.is_(None)
        )
    ).first()
    return _device(row) if row else None


def device_by_id(conn: sa.Connection, device_id: int) -> DeviceRecord | None:
    row = conn.execute(sa.select(devices).where(devices.c.id == device_id)).first()
    return _device(row) if row else None


def device_by_token(conn: sa.Connection, token_hash: str) -> DeviceRecord | None:
    row = conn.execute(_DEVICE_BY_TOKEN, {"token_hash": token_hash}).first()
    return _device(row) if row else None


def revoked_device_by_token(conn: sa.Connection, token_hash: str) -> DeviceRecord | None:
    """The device a token *was* given to, when it has been revoked: so that its page can say so."""
    row = conn.execute(
        sa.select(devices).where((devices.c.token_hash == token_hash) & devices.c.revoked_at.is_not(None))
    ).first()
    return _device(row) if row else None


def revoked_among(conn: sa.Connection, device_ids: Collection[int]) -> list[int]:
    if not device_ids:
        return []
    return list(
        conn.execute(
            sa.select(devices.c.id).where(devices.c.id.in_(sorted(device_ids)) & devices.c.revoked_at.is_not(None))
        ).scalars()
    )


def touch_device(conn: sa.Connection, device_id: int, now: dt.datetime, *, unless_after: dt.datetime) -> bool:
    """Note that the device was seen, unless it was already seen after `unless_after` (a write a minute at most)."""
    return bool(
        conn.execute(
            devices.update()
            .where(
                (devices.c.id == device_id)
                & (devices.c.last_seen_at.is_(None) | (devices.c.last_seen_at <= unless_after))
            )
            .values(last_seen_at=now)
        ).rowcount
    )


def list_devices(conn: sa.Connection, offices: Collection[str] | None = None) -> list[DeviceRecord]:
    """Every device, or those of `offices`."""
    query = sa.select(devices).order_by(devices.c.office, devices.c.kind, devices.c.name)
    if offices is not None:
        query = query.where(devices.c.office.in_(list(offices)))
    return [_device(row) for row in conn.execute(query)]


def revoke_device(conn: sa.Connection, device_id: int, now: dt.datetime) -> bool:
    return bool(
        conn.execute(
            devices.update()
            .where((devices.c.id == device_id) & devices.c.revoked_at.is_(None))
            .values(revoked_at=now)
        ).rowcount
    )

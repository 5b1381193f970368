"""Login attempts, kept in the database so that the limits hold across server processes.

Only failed and successful password checks are written; a login refused by a
lockout or a rate limit is not, so an attacker who keeps knocking does not
keep the door shut for the account's owner after the lockout ends.

`username` is the account's name only when the name belongs to an account;
a name that belongs to nobody (perhaps a password typed into the wrong
field) is stored as its keyed hash, never as typed (see `commands/logins.py`).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .schema import login_attempts

USERNAME_MAX = 80
ADDRESS_MAX = 64


def record(conn: sa.Connection, username: str, address: str | None, at: dt.datetime, *, ok: bool) -> None:
    conn.execute(
        login_attempts.insert().values(
            username=username[:USERNAME_MAX], address=address[:ADDRESS_MAX] if address else None, at=at, ok=ok
        )
    )


def _from(address: str | None) -> sa.ColumnElement[bool]:
    if address is None:
        return login_attempts.c.address.is_(None)
    return login_attempts.c.address == address[:ADDRESS_MAX]


def recent_failures(
    conn: sa.Connection, username: str, address: str | None, *, since: dt.datetime, limit: int
) -> list[dt.datetime]:
    """When the last `limit` failures at the account from `address` happened, newest first, none before
    the last success from there: a stranger's failures elsewhere never count against the owner's address."""
    name = username[:USERNAME_MAX]
    last_success = conn.execute(  # by id, not time: a success and a failure may share a clock tick
        sa.select(sa.func.max(login_attempts.c.id)).where(
            (login_attempts.c.username == name) & _from(address) & login_attempts.c.ok & (login_attempts.c.at >= since)
        )
    ).scalar()
    query = (
        sa.select(login_attempts.c.at)
        .where((login_attempts.c.username == name) & _from(address) & ~login_attempts.c.ok & (login_attempts.c.at >= since))
        .order_by(login_attempts.c.id.desc())
        .limit(limit)
    )
    if last_success is not None:
        query = query.where(login_attempts.c.id > last_success)
    return list(conn.execute(query).scalars())


def locked_addresses(conn: sa.Connection, username: str, *, since: dt.datetime) -> dict[str | None, list[dt.datetime]]:
    """The account's failures since `since` by address, newest first: where a lockout may be running."""
    rows = conn.execute(
        sa.select(login_attempts.c.address, login_attempts.c.at)
        .where((login_attempts.c.username == username[:USERNAME_MAX]) & ~login_attempts.c.ok & (login_attempts.c.at >= since))
        .order_by(login_attempts.c.id.desc())
    )
    found: dict[str | None, list[dt.datetime]] = {}
    for row in rows:
        found.setdefault(row.address, []).append(row.at)
    return found


def address_failures(conn: sa.Connection, address: str, *, since: dt.datetime) -> list[dt.datetime]:
    """When the address's failures since `since` happened, oldest first."""
    return list(
        conn.execute(
            sa.select(login_attempts.c.at)
            .where((login_attempts.c.address == address[:ADDRESS_MAX]) & ~login_attempts.c.ok & (login_attempts.c.at >= since))
            .order_by(login_attempts.c.at)
        ).scalars()
    )


def forget_failures(conn: sa.Connection, username: str) -> int:
    """An unlock: the account's failures, from every address, no longer count; returns how many there were."""
    return int(
        conn.execute(
            login_attempts.delete().where((login_attempts.c.username == username[:USERNAME_MAX]) & ~login_attempts.c.ok)
        ).rowcount
    )


def forget_before(conn: sa.Connection, moment: dt.datetime) -> None:
    """Attempts older than every window are of no more use."""
    conn.execute(login_attempts.delete().where(login_attempts.c.at < moment))

"""The outbox: events written in the command's own transaction, with a gap-free seq.

`office_sequences` holds each office's last seq. A command's transaction
locks its office's row first (`ctx.transaction(office=…)` calls
`lock_office`: `SELECT … FOR UPDATE` on PostgreSQL; on SQLite the
`BEGIN IMMEDIATE` already serialises writers), so numbers are handed out one
at a time and a rolled-back command leaves no hole.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from ..domain.events import timestamp
from ..domain.model import OfficeCode
from .schema import events, office_sequences

# Built once: a statement made at each call costs more in SQLAlchemy's
# construction and cache-key walk than the database takes to run it.
_LOCK = (
    sa.select(office_sequences.c.last_seq)
    .where(office_sequences.c.office == sa.bindparam("office"))
    .with_for_update()
)
_NEXT_SEQ = (
    office_sequences.update()
    .where(office_sequences.c.office == sa.bindparam("of_office"))
    .values(last_seq=office_sequences.c.last_seq + 1)
    .returning(office_sequences.c.last_seq)
)
_INSERT_EVENT = events.insert()


def lock_office(conn: sa.Connection, office: OfficeCode) -> int:
    """Take the office's write lock for this transaction; returns its last seq."""
    last = conn.execute(_LOCK, {"office": office}).scalar()
    if last is None:
        _create_row(conn, office)
        last = conn.execute(_LOCK, {"office": office}).scalar_one()
    return int(last)


def _create_row(conn: sa.Connection, office: OfficeCode) -> None:
    # the office's first command ever: two processes may race to create the row
    conn.execute(_insert_if_missing(conn).values(office=office, last_seq=0))


def _insert_if_missing(conn: sa.Connection) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(office_sequences).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(office_sequences).on_conflict_do_nothing()


def append(
    conn: sa.Connection, office: OfficeCode, type_: str, at: dt.datetime, data: dict[str, Any]
) -> dict[str, Any]:
    """Write one event with the office's next seq; returns it as clients get it.

    The seq is taken by one `UPDATE … RETURNING`, which also takes the
    office's row lock where the transaction does not hold it yet (a
    command's transaction has taken it already, `lock_office`).
    """
    seq = conn.execute(_NEXT_SEQ, {"of_office": office}).scalar()
    if seq is None:
        _create_row(conn, office)
        seq = conn.execute(_NEXT_SEQ, {"of_office": office}).scalar_one()
    conn.execute(_INSERT_EVENT, {"office": office, "seq": seq, "type": type_, "at": at, "data": data})
    return as_message(office, seq, type_, at, data)


def as_message(
    office: str, seq: int, type_: str, at: dt.datetime, data: dict[str, Any]
) -> dict[str, Any]:
    return {"office": office, "seq": seq, "type": type_, "at": timestamp(at), "data": data}


def current_seq(conn: sa.Connection, office: OfficeCode) -> int:
    last = conn.execute(
        sa.select(office_sequences.c.last_seq).where(office_sequences.c.office == office)
    ).scalar()
    return int(last or 0)


def oldest_kept(conn: sa.Connection, office: OfficeCode) -> int | None:
    return conn.execute(sa.select(sa.func.min(events.c.seq)).where(events.c.office == office)).scalar()


def since(conn: sa.Connection, office: OfficeCode, after: int, limit: int) -> list[dict[str, Any]]:
    """Events with seq > `after`, in order, at most `limit` of them."""
    rows = conn.execute(
        sa.select(events)
        .where((events.c.office == office) & (events.c.seq > after))
        .order_by(events.c.seq)
        .limit(limit)
    )
    return [as_message(row.office, row.seq, row.type, row.at, row.data) for row in rows]


def prune(conn: sa.Connection, before: dt.datetime) -> int:
    """Forget events older than `before`; clients that far behind get a snapshot."""
    return conn.execute(events.delete().where(events.c.at < before)).rowcount

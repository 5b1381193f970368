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

from ..domain.errors import WrittenElsewhere
from ..domain.events import timestamp
from ..domain.model import OfficeCode
from .schema import events, node_link, office_sequences

# Built once: a statement made at each call costs more in SQLAlchemy's
# construction and cache-key walk than the database takes to run it.
_LOCK = (
    sa.select(office_sequences.c.last_seq, office_sequences.c.writer)
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


def lock_office(conn: sa.Connection, office: OfficeCode, *, as_writer: str | None = None, bookings: bool = False) -> int:
    """Take the office's write lock for this transaction; returns its last seq.

    An office whose queue another server writes (`writer`: its node, at the
    centre; the centre, at a released node) is refused here, once for every
    command: only that writer, applying what it sent (`as_writer`), passes,
    and at the centre a command on the office's bookings only (`bookings`).
    """
    row = conn.execute(_LOCK, {"office": office}).first()
    if row is None:
        _create_row(conn, office)
        row = conn.execute(_LOCK, {"office": office}).one()
    if row.writer != as_writer and not (bookings and row.writer not in (None, "centre")):
        if row.writer is None:
            raise WrittenElsewhere(f"office {office} is served here, not by {as_writer}", office=office)
        raise WrittenElsewhere(f"office {office} is served by its office node {row.writer}", office=office, writer=row.writer)
    return int(row.last_seq)


def _create_row(conn: sa.Connection, office: OfficeCode) -> None:
    # the office's first command ever: two processes may race to create the row. At an office node,
    # every office but its own is the centre's (`node_link`; NULL elsewhere).
    centres = sa.select(sa.literal("centre")).where(node_link.c.office != office).scalar_subquery()
    conn.execute(_insert_if_missing(conn).values(office=office, last_seq=0, writer=centres))


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


def writer_of(conn: sa.Connection, office: OfficeCode) -> str | None:
    """Who else writes the office's queue (`lock_office`), or None: this database."""
    return conn.execute(sa.select(office_sequences.c.writer).where(office_sequences.c.office == office)).scalar()


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

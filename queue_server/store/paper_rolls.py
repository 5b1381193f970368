"""Paper-roll tickets and each office's paper mode (`paper_modes`): what the estimate of a paper number needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from ..domain.model import OfficeCode
from ..domain.paper_roll import PaperMode
from .schema import paper_modes, tickets

# Built once (see store/tickets.py): every issue asks it.
_CURRENT = (
    sa.select(paper_modes)
    .where((paper_modes.c.office == sa.bindparam("office")) & paper_modes.c.ended_at.is_(None))
    .order_by(paper_modes.c.started_at.desc())
    .limit(1)
)


def _to_mode(row: Any) -> PaperMode:
    return PaperMode(
        office=row.office,
        started_at=row.started_at,
        started_by=row.started_by,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
        id=int(row.id),
    )


def current(conn: sa.Connection, office: OfficeCode) -> PaperMode | None:
    """The office's paper mode on now, if any (the caller holds the office lock to change it)."""
    row = conn.execute(_CURRENT, {"office": office}).first()
    return _to_mode(row) if row else None


def last_since(conn: sa.Connection, office: OfficeCode, since: dt.datetime) -> PaperMode | None:
    """The office's latest paper mode that was on at some moment after `since` (on now, or ended after it)."""
    row = conn.execute(
        sa.select(paper_modes)
        .where((paper_modes.c.office == office) & (paper_modes.c.ended_at.is_(None) | (paper_modes.c.ended_at > since)))
        .order_by(paper_modes.c.started_at.desc())
        .limit(1)
    ).first()
    return _to_mode(row) if row else None


def begin(conn: sa.Connection, mode: PaperMode) -> PaperMode:
    new_id = conn.execute(
        paper_modes.insert().values(office=mode.office, started_at=mode.started_at, started_by=mode.started_by)
    ).inserted_primary_key[0]
    return PaperMode(mode.office, mode.started_at, mode.started_by, id=int(new_id))


def end(conn: sa.Connection, mode: PaperMode) -> None:
    conn.execute(paper_modes.update().where(paper_modes.c.id == mode.id).values(ended_at=mode.ended_at, ended_by=mode.ended_by))


def number_taken(conn: sa.Connection, office: OfficeCode, day: dt.date, prefix: str, sequence: int) -> str | None:
    """The number of the office's day with this letter and sequence, if a ticket has it (paper or not)."""
    found = conn.execute(
        sa.select(tickets.c.number).where(
            (tickets.c.office == office) & (tickets.c.day == day) & (tickets.c.prefix == prefix) & (tickets.c.sequence == sequence)
        )
    ).scalar()
    return str(found) if found is not None else None


def entered(conn: sa.Connection, office: OfficeCode, day: dt.date, prefix: str) -> dict[int, dt.datetime]:
    """The paper numbers of the office's day entered so far, by their place on the roll, with their issue times."""
    rows = conn.execute(
        sa.select(tickets.c.sequence, tickets.c.issued_at).where(
            (tickets.c.office == office) & (tickets.c.day == day) & (tickets.c.prefix == prefix) & tickets.c.paper
        )
    )
    return {int(row.sequence): row.issued_at for row in rows}

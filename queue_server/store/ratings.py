"""Visitors' ratings, one per ticket (the primary key says so)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..domain.tickets import Ticket
from .schema import ratings


def exists(conn: sa.Connection, ticket_id: int) -> bool:
    return conn.execute(sa.select(ratings.c.ticket_id).where(ratings.c.ticket_id == ticket_id)).first() is not None


def add(conn: sa.Connection, ticket: Ticket, score: int, comment: str | None, now: dt.datetime) -> None:
    conn.execute(
        ratings.insert().values(
            ticket_id=ticket.id,
            office=ticket.office,
            service=ticket.service,
            desk=ticket.desk,
            served_by=ticket.served_by,
            score=score,
            comment=comment,
            rated_at=now,
        )
    )

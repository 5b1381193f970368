"""Visitors' ratings, one per ticket (the primary key says so), with the questionnaire's answers beside the score."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from ..domain.survey import Answer, Channel, DeskVisit
from ..domain.tickets import Ticket, TicketStatus
from .schema import ratings, tickets


def exists(conn: sa.Connection, ticket_id: int) -> bool:
    return conn.execute(sa.select(ratings.c.ticket_id).where(ratings.c.ticket_id == ticket_id)).first() is not None


def add(
    conn: sa.Connection,
    ticket: Ticket,
    score: int,
    comment: str | None,
    now: dt.datetime,
    *,
    answer: Answer | None = None,
    channel: Channel | None = None,
    desk: str | None = None,
) -> None:
    """The rating; `desk` is the desk whose QR code was scanned (the ticket's own desk otherwise)."""
    conn.execute(
        ratings.insert().values(
            ticket_id=ticket.id,
            office=ticket.office,
            service=ticket.service,
            desk=desk if desk is not None else ticket.desk,
            served_by=ticket.served_by,
            score=score,
            comment=comment,
            rated_at=now,
            recommend=answer.recommend if answer else None,
            reasons=" ".join(answer.reasons) or None if answer else None,
            channel=channel.value if channel else None,
        )
    )


def desk_visits(conn: sa.Connection, desk: str, since: dt.datetime) -> list[DeskVisit]:
    """The visits at the desk a QR scan might rate: called since `since` and being served there, or finished there since."""
    serving = tickets.c.status == TicketStatus.SERVING.value
    finished = (tickets.c.status == TicketStatus.DONE.value) & (tickets.c.finished_at >= since)
    rows = conn.execute(
        sa.select(tickets.c.id, tickets.c.number, tickets.c.status, tickets.c.started_at, tickets.c.finished_at)
        .where((tickets.c.desk == desk) & (tickets.c.called_at >= since) & (serving | finished))
    ).all()
    return [
        DeskVisit(row.id, row.number, row.status == TicketStatus.SERVING.value, row.started_at, row.finished_at if row.status == TicketStatus.DONE.value else None)
        for row in rows
    ]


def answers_between(conn: sa.Connection, office: str, since: dt.datetime, until: dt.datetime) -> list[sa.Row[Any]]:
    """The office's ratings given in `[since, until)`: what the survey's report counts (reporting/survey_report.py)."""
    columns = (ratings.c.office, ratings.c.desk, ratings.c.served_by, ratings.c.score, ratings.c.recommend, ratings.c.reasons, ratings.c.channel)
    query = sa.select(*columns).where((ratings.c.office == office) & (ratings.c.rated_at >= since) & (ratings.c.rated_at < until))
    return list(conn.execute(query.order_by(ratings.c.rated_at, ratings.c.ticket_id)).all())

"""The rows behind the reports: the period's tickets (with their ratings), bookings and desk actions.

A year of the network is about half a million tickets, so the queries select
only the columns the figures need, find the period through the index on
`(office, issued_at)` (`ix_tickets_office_issued`, migration 4), and hand
times over as UTC epoch milliseconds computed by the database: integers,
with no datetime object made per row. The differences (wait, service time)
are computed in SQL too, exact to the millisecond.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from ..store.schema import appointments, audit_log, ratings, tickets
from .desk_hours import DESK_ACTIONS
from .visits import StepTimes

# offices sharing a time zone (None: every office), with the period's [start, end) in UTC
Scope = tuple[Sequence[str] | None, dt.datetime, dt.datetime]


class epoch_ms(FunctionElement[int]):  # noqa: N801 - reads as the SQL function it stands for
    """Milliseconds since 1970-01-01 UTC of a UTC timestamp column, as an integer."""

    type = sa.BigInteger()
    name = "epoch_ms"
    inherit_cache = True


@compiles(epoch_ms, "sqlite")
def _epoch_ms_sqlite(element: epoch_ms, compiler: Any, **kw: Any) -> str:
    # julianday keeps milliseconds exactly (SQLite counts in whole ms); 2440587.5 is 1970-01-01
    return f"CAST(ROUND((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400000.0) AS INTEGER)"


@compiles(epoch_ms, "postgresql")
def _epoch_ms_postgresql(element: epoch_ms, compiler: Any, **kw: Any) -> str:
    return f"CAST(ROUND(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) * 1000) AS BIGINT)"


class scanned(FunctionElement[Any]):  # noqa: N801 - reads as the SQL it stands for
    """A column whose condition must not pick an index: SQLite's unary `+` (its documented way).

    With statistics (ANALYZE), SQLite would otherwise skip-scan the office
    index for a time range and look up every row of the table through it.
    """

    name = "scanned"
    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type  # values compared with it bind as the column's own (UTC) values


@compiles(scanned)
def _scanned(element: scanned, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(scanned, "sqlite")
def _scanned_sqlite(element: scanned, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


def _in_scopes(column_office: Any, column_time: Any, scopes: Sequence[Scope]) -> Any:
    """Rows of the scopes' offices and times. A scope of every office names none and is
    read with a plain scan: for most of the table that is twice as fast as half a million
    look-ups through the office index (the caller leaves out offices it does not know)."""
    return sa.or_(
        *(
            sa.and_(scanned(column_time) >= start, scanned(column_time) < end)
            if offices is None
            else sa.and_(column_office.in_(list(offices)), column_time >= start, column_time < end)
            for offices, start, end in scopes
        )
    )


def _plain_rows(conn: sa.Connection, query: Any) -> list[tuple[Any, ...]]:
    """Every row at once, as the driver's own tuples.

    The columns of these queries are strings and integers that need no
    conversion, and making half a million `Row` objects would take a third
    as long as the query itself.
    """
    result = conn.execute(query)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def several_steps() -> Any:
    """A visit of several services: its `steps` hold a list (a ticket of one stores SQL NULL or JSON `null`)."""
    return sa.and_(tickets.c.steps.is_not(None), sa.cast(tickets.c.steps, sa.Text) != "null")


def _ticket_filters(query: Any, scopes: Sequence[Scope], service: str | None, operator: str | None) -> Any:
    """The scopes' tickets of that service and administrator, and every visit of several services:
    each of its steps has its own, so `visits.Visits.only` narrows those after reading them."""
    query = query.where(_in_scopes(tickets.c.office, tickets.c.issued_at, scopes))
    several = several_steps()
    if service is not None:
        query = query.where(sa.or_(tickets.c.service == service, several))
    if operator is not None:
        query = query.where(sa.or_(tickets.c.served_by == operator, several))
    return query


def _unless_paper(span: Any) -> Any:
    """A time measured from the issue, but None for a paper-roll ticket: its issue time is only an estimate
    (docs/paper-roll.md), so it counts as a ticket and never in a wait or a visit time."""
    return sa.case((tickets.c.paper, sa.null()), else_=span)


def paper_counts(conn: sa.Connection, scopes: Sequence[Scope]) -> list[tuple[str, dt.date, int]]:
    """(office, office day, how many) of the scopes' paper-roll tickets: the reports count them per office and day."""
    query = (
        sa.select(tickets.c.office, tickets.c.day, sa.func.count())
        .where(tickets.c.paper & _in_scopes(tickets.c.office, tickets.c.issued_at, scopes))
        .group_by(tickets.c.office, tickets.c.day)
        .order_by(tickets.c.office, tickets.c.day)
    )
    return [(str(office), day, int(count)) for office, day, count in conn.execute(query)]


def visit_rows(
    conn: sa.Connection, scopes: Sequence[Scope], *, service: str | None = None, operator: str | None = None
) -> list[tuple[Any, ...]]:
    """One row per ticket issued in the scopes, in `visits.VISIT_COLUMNS` order.

    The rating's comment comes only with scores of 1 and 2, where it may make
    a complaint: the figures need no other comment. A visit of several
    services brings its steps (`step_times`); the rest, nearly every row, None.
    """
    issued = epoch_ms(tickets.c.issued_at)
    query = sa.select(
        tickets.c.id,
        tickets.c.office,
        tickets.c.service,
        tickets.c.served_by,
        tickets.c.status,
        issued,
        _unless_paper(epoch_ms(tickets.c.called_at) - issued),
        epoch_ms(tickets.c.finished_at) - epoch_ms(tickets.c.started_at),
        ratings.c.score,
        sa.case((ratings.c.score <= 2, ratings.c.comment), else_=sa.null()),
        _unless_paper(epoch_ms(tickets.c.finished_at) - issued),
        tickets.c.package,
        sa.func.nullif(sa.cast(tickets.c.steps, sa.Text), "null"),  # JSON text, NULL for a visit of one service
    ).select_from(tickets.outerjoin(ratings, ratings.c.ticket_id == tickets.c.id))
    rows = _plain_rows(conn, _ticket_filters(query, scopes, service, operator))
    return [row if row[-1] is None else (*row[:-1], step_times(row[-1]) or None) for row in rows]


def step_times(stored: Any) -> tuple[StepTimes, ...]:
    """A visit's stored steps (their JSON text, or the list already parsed) as `visits.StepTimes`; () for JSON `null`.

    Read straight from the JSON that `store.ticket_steps.to_column` writes
    (a test holds the two together): making the domain's `Step` of each
    would take a third of a year's summary.
    """
    value = json.loads(stored) if isinstance(stored, (str, bytes)) else stored
    return tuple(
        (
            item["service"], item["status"], item.get("served_by"),
            _ms(item.get("ready_at")), _ms(item.get("called_at")), _ms(item.get("started_at")), _ms(item.get("finished_at")),
        )  # fmt: skip
        for item in value or ()
    )


def _ms(moment: str | None) -> int | None:
    """UTC epoch ms of a stored ISO time (with its offset, as `to_column` writes it)."""
    if not moment:
        return None
    parsed = dt.datetime.fromisoformat(moment)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return round(parsed.timestamp() * 1000)


def ticket_numbers(
    conn: sa.Connection, scopes: Sequence[Scope], *, service: str | None = None, operator: str | None = None
) -> dict[int, str]:
    """Each ticket's number (`П015`) by id: what the export's visits table adds to the figures' rows."""
    query = _ticket_filters(sa.select(tickets.c.id, tickets.c.number), scopes, service, operator)
    return {row.id: row.number for row in conn.execute(query)}


def rating_rows(
    conn: sa.Connection, scopes: Sequence[Scope], *, service: str | None = None, operator: str | None = None
) -> Iterator[Any]:
    """The ratings of the scopes' tickets with their comments, the survey's answers and times (the export's ratings table)."""
    query = sa.select(
        ratings.c.ticket_id, ratings.c.score, ratings.c.comment, ratings.c.rated_at, ratings.c.recommend, ratings.c.reasons, ratings.c.channel
    ).select_from(tickets.join(ratings, ratings.c.ticket_id == tickets.c.id))
    yield from conn.execute(_ticket_filters(query, scopes, service, operator).order_by(ratings.c.ticket_id))


def desk_actions(conn: sa.Connection, scopes: Sequence[Scope]) -> list[tuple[Any, ...]]:
    """The audit log's desk actions of the scopes, in time order (`desk_hours.ACTION_COLUMNS`).

    Only a pause's reason is read out of the entry's details, by the database.
    """
    query = (
        sa.select(
            epoch_ms(audit_log.c.at),
            audit_log.c.office,
            audit_log.c.desk,
            audit_log.c.action,
            audit_log.c.actor,
            sa.case((audit_log.c.action == "pause", audit_log.c.details["reason"].as_string()), else_=sa.null()),
        )
        .where(_in_scopes(audit_log.c.office, audit_log.c.at, scopes))
        .where(audit_log.c.action.in_(DESK_ACTIONS))
        .where(audit_log.c.desk.is_not(None))
        .order_by(audit_log.c.at, audit_log.c.id)
    )
    return _plain_rows(conn, query)


def booking_rows(conn: sa.Connection, scopes: Sequence[Scope], *, service: str | None = None) -> list[tuple[Any, ...]]:
    """One row per booking whose booked time falls in the scopes, in `bookings.BOOKING_COLUMNS` order.

    A checked-in booking brings its ticket's call, and whether the ticket was
    issued as an appointment (within the window) or as a walk-in (late). No
    name, phone or person key is read: the figures count, they do not name.
    """
    start = epoch_ms(appointments.c.start)
    query = (
        sa.select(
            appointments.c.office,
            appointments.c.service,
            appointments.c.status,
            start,
            epoch_ms(appointments.c.booked_at),
            sa.case((tickets.c.appointment_at.is_not(None), 1), else_=0),
            epoch_ms(tickets.c.called_at),
        )
        .select_from(appointments.outerjoin(tickets, tickets.c.id == appointments.c.ticket_id))
        .where(_in_scopes(appointments.c.office, appointments.c.start, scopes))
    )
    if service is not None:
        query = query.where(appointments.c.service == service)
    return _plain_rows(conn, query)

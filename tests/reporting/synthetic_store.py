"""The synthetic history (synthetic.py) written into the store's tables, as the server would have written it.

Tickets with their steps and ratings, the desks' audit entries, the bookings:
in batches, so a year of the network goes in within seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from queue_server.domain.model import Network
from queue_server.store.schema import appointments, audit_log, ratings, tickets
from reporting.synthetic import UTC, Booking, History, Session, Step, Visit


def ticket_rows(network: Network, visits: Iterable[Visit]) -> Iterable[dict[str, object]]:
    counters: dict[tuple[str, dt.date, str], int] = {}
    for visit in visits:
        office = network.offices[visit.office]  # type: ignore[index]
        local_day = visit.issued_at.astimezone(ZoneInfo(office.timezone)).date()
        prefix = network.services[visit.service].prefix  # type: ignore[index]
        key = (visit.office, local_day, prefix)
        counters[key] = sequence = counters.get(key, 0) + 1
        yield {
            "id": visit.ticket, "office": visit.office, "token": f"synthetic-{visit.ticket}",
            "number": f"{prefix}{sequence:03d}", "prefix": prefix, "day": local_day, "sequence": sequence,
            "service": visit.service, "status": visit.status, "priority": None, "lang": "uk",
            "issued_at": visit.issued_at, "called_at": visit.called_at, "started_at": visit.started_at,
            "finished_at": visit.finished_at, "desk": visit.desk, "target_desk": None, "held_by": None,
            "recalls": 0, "transfers": 0, "note": None, "appointment_at": visit.appointment_at, "served_by": visit.operator,
            "issued_by": "device:1", "idempotency_key": None,
            "steps": None if visit.steps is None else [step_json(step) for step in visit.steps],
            "step": visit.step, "package": visit.package,
        }  # fmt: skip


def step_json(step: Step) -> dict[str, object]:
    """A step as `store.ticket_steps.to_column` writes it."""
    item: dict[str, object] = {"service": step.service, "status": step.status}
    if step.desk:
        item["desk"] = step.desk
    if step.served_by:
        item["served_by"] = step.served_by
    for name in ("ready_at", "called_at", "started_at", "finished_at"):
        moment = getattr(step, name)
        if moment is not None:
            item[name] = moment.astimezone(UTC).isoformat()
    return item


def audit_rows(sessions: Iterable[Session]) -> Iterable[dict[str, object]]:
    def entry(at: dt.datetime, actor: str, action: str, session: Session, **details: object) -> dict[str, object]:
        return {
            "at": at, "actor": f"user:{actor}", "role": "operator", "action": action, "office": session.office,
            "desk": session.desk, "ticket": None, "ticket_number": None, "details": details or None, "address": "10.0.0.1",
        }  # fmt: skip

    for session in sessions:
        yield entry(session.opened_at, session.operator, "open", session)
        for pause in session.breaks:
            if session.closed_at is not None and pause.start >= session.closed_at:
                continue
            yield entry(pause.start, session.operator, "pause", session, reason=pause.reason)
            if pause.end is not None and (session.closed_at is None or pause.end < session.closed_at):
                yield entry(pause.end, session.operator, "resume", session)
        if session.closed_at is not None:
            assert session.closed_by is not None
            details = {"reason": "left open", "operator": session.operator} if session.close_action == "force_close" else {}
            yield entry(session.closed_at, session.closed_by, session.close_action, session, **details)


def insert(engine: sa.Engine, network: Network, history: History, *, batch: int = 20_000) -> None:
    """Write the history's tickets, ratings and audit entries (in time order) into the database."""
    rows = sorted(audit_rows(history.sessions), key=lambda row: row["at"])  # type: ignore[arg-type, return-value]
    with engine.begin() as conn:
        _chunks(conn, tickets, ticket_rows(network, history.visits), batch)
        _chunks(
            conn,
            ratings,
            (
                {
                    "ticket_id": v.ticket, "office": v.office, "service": v.service, "desk": v.desk,
                    "served_by": v.operator, "score": v.score, "comment": v.comment, "rated_at": v.rated_at,
                }  # fmt: skip
                for v in history.visits
                if v.score is not None
            ),
            batch,
        )
        _chunks(conn, audit_log, rows, batch)
        _chunks(conn, appointments, booking_rows(history.bookings), batch)


CODE_SIGNS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def booking_rows(bookings: Iterable[Booking]) -> Iterable[dict[str, object]]:
    for booking in bookings:
        code, rest = "", booking.id
        for _ in range(6):  # the id in the kiosk's signs: unique, as the live codes must be
            rest, sign = divmod(rest, len(CODE_SIGNS))
            code += CODE_SIGNS[sign]
        ticket = booking.ticket
        yield {
            "office": booking.office, "service": booking.service, "start": booking.start, "code": code,
            "token": f"synthetic-booking-{booking.id}", "status": booking.status, "name": "Відвідувач",
            "phone": "+380670000000", "person": f"person-{booking.id % 97}", "booked_at": booking.booked_at,
            "booked_by": "public", "cancelled_at": booking.booked_at + (booking.start - booking.booked_at) / 2 if booking.status == "cancelled" else None,
            "checked_in_at": ticket.issued_at if ticket else None, "checked_in_by": "device:1" if ticket else None,
            "ticket_id": ticket.ticket if ticket else None,
            "missed_at": booking.start + dt.timedelta(days=1) if booking.status == "missed" else None,
        }  # fmt: skip


def _chunks(conn: sa.Connection, table: sa.Table, rows: Iterable[dict[str, object]], batch: int) -> None:
    chunk: list[dict[str, object]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            conn.execute(table.insert(), chunk)
            chunk = []
    if chunk:
        conn.execute(table.insert(), chunk)

"""The outbox: a gap-free seq per office, even when a command fails."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from queue_server.domain.events import PrinterStatusReported as TicketIssued  # any event: these tests are about seq
from queue_server.store import outbox
from queue_server.store.engine import make_engine
from queue_server.store.schema import events


def test_a_rolled_back_command_uses_no_seq(ctx) -> None:
    with ctx.transaction() as tx:
        tx.emit("alpha", TicketIssued({"id": 1}))
    with pytest.raises(RuntimeError):
        with ctx.transaction() as tx:
            tx.emit("alpha", TicketIssued({"id": 2}))
            raise RuntimeError("the domain refused after the event was written")
    with ctx.transaction() as tx:
        tx.emit("alpha", TicketIssued({"id": 3}))
    with ctx.engine.connect() as conn:
        rows = conn.execute(sa.select(events.c.seq, events.c.data).order_by(events.c.seq)).all()
    assert [(row.seq, row.data["id"]) for row in rows] == [(1, 1), (2, 3)]
    assert [m["data"]["id"] for m in ctx.publisher.messages] == [1, 3]  # nothing published for the failure


def test_seq_is_per_office(ctx) -> None:
    with ctx.transaction() as tx:
        first = tx.emit("alpha", TicketIssued({"id": 1}))
        other = tx.emit("beta", TicketIssued({"id": 2}))
        second = tx.emit("alpha", TicketIssued({"id": 3}))
    assert (first["seq"], other["seq"], second["seq"]) == (1, 1, 2)


def test_times_are_stored_in_utc_and_read_back_aware(ctx) -> None:
    kyiv = dt.timezone(dt.timedelta(hours=2))
    with ctx.engine.begin() as conn:
        message = outbox.append(conn, "alpha", "ticket.issued", dt.datetime(2026, 11, 24, 10, 0, tzinfo=kyiv), {"id": 1})
        assert message["at"] == "2026-11-24T08:00:00Z"
        naive = dt.datetime(2026, 11, 24, 10, 0)
        with pytest.raises(sa.exc.StatementError):
            outbox.append(conn, "alpha", "ticket.issued", naive, {"id": 2})


def test_sqlite_runs_in_wal_mode(database_url) -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


def test_an_in_memory_database_is_refused() -> None:
    with pytest.raises(ValueError, match="SQLite file"):
        make_engine("sqlite://")

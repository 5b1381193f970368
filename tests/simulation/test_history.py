"""The demo's past weeks, written into the store: what the reports of a fresh demo show."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from queue_server.commands.context import Actor
from queue_server.reporting import queries as reports
from queue_server.reporting.period import Period
from queue_server.settings import Settings
from queue_server.simulation.history import ISSUED_BY, seed_history
from queue_server.store.database_check import prepare_database
from queue_server.store.schema import audit_log, ratings, tickets
from queue_server.wiring import open_context

MANAGER = Actor(kind="staff", name="head", role="manager", offices=())
TODAY = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)  # a Wednesday


def test_the_past_days_are_written_once_and_a_later_start_adds_the_days_since(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    prepare_database(url, create=True, check="quick")
    ctx = open_context(Settings.from_env({}, database_url=url))
    ctx.clock = lambda: TODAY
    seeded = seed_history(ctx, days=3)  # Sunday, Monday, Tuesday
    assert seeded.days == 3 and seeded.tickets > 500
    with ctx.reading() as conn:
        days = {row.day for row in conn.execute(sa.select(tickets.c.day).distinct())}
        offices = {row.office for row in conn.execute(sa.select(tickets.c.office).distinct())}
        statuses = {row.status for row in conn.execute(sa.select(tickets.c.status).distinct())}
        assert conn.execute(sa.select(sa.func.count()).select_from(ratings)).scalar() > 50
        actions = {row.action for row in conn.execute(sa.select(audit_log.c.action).distinct())}
        assert conn.execute(sa.select(sa.func.count()).select_from(tickets).where(tickets.c.issued_by != ISSUED_BY)).scalar() == 0
    assert days == {dt.date(2026, 11, 30), dt.date(2026, 12, 1)}  # the bundled offices are closed on Sundays
    assert len(offices) >= 36 and statuses == {"done", "no_show", "cancelled"}
    assert {"open", "pause", "resume", "close"} <= actions
    assert seed_history(ctx, days=3).tickets == 0  # once
    ctx.clock = lambda: TODAY + dt.timedelta(days=2)
    later = seed_history(ctx, days=3)
    assert later.days == 2 and later.tickets > 0  # Wednesday and Thursday, not again the days before
    summary = reports.summary(ctx, reports.ReportQuery(None, Period(dt.date(2026, 11, 30), dt.date(2026, 12, 3))), actor=MANAGER)
    assert summary["issued"] == seeded.tickets + later.tickets
    ctx.engine.dispose()

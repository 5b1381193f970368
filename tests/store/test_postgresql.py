"""The same store and commands on the PostgreSQL that runs on this machine (127.0.0.1).

Each test gets a database of its own, dropped afterwards. Where no PostgreSQL
answers (a laptop without one) the tests are skipped with that reason.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from factories import Clock, RecordingPublisher, small_network
from postgres_databases import SERVER, fresh_database
from projection_check import verify_action
from queue_server.commands import desk_state, desk_work
from queue_server.commands.accounts import staff_actor
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.commands.visitors import rate_ticket
from queue_server.settings import Settings
from queue_server.store.accounts import UserRecord
from queue_server.store.schema import events
from queue_server.wiring import open_context

OPERATOR = staff_actor(UserRecord(1, "olena", "x", "operator", True, ("alpha",)))
KIOSK = Actor(kind="device", name="kiosk", role="kiosk", offices=("alpha",), device_id=1)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture
def pg_ctx(postgres_url):
    context = open_context(Settings.from_env({}, database_url=postgres_url), publisher=RecordingPublisher(), clock=Clock(), network=small_network())
    yield context
    context.engine.dispose()


def test_a_whole_visit_projects_exactly(pg_ctx) -> None:
    ctx = pg_ctx
    issued, _ = verify_action(ctx, "alpha", lambda: issue_ticket(ctx, "alpha", "passport", actor=KIOSK, priority="veteran"))
    assert issued.ticket.number == "П001"
    again = issue_ticket(ctx, "alpha", "passport", actor=KIOSK, idempotency_key="tap")
    assert issue_ticket(ctx, "alpha", "passport", actor=KIOSK, idempotency_key="tap").ticket.id == again.ticket.id
    verify_action(ctx, "alpha", lambda: desk_state.open_desk(ctx, "alpha-1", actor=OPERATOR))
    for action in (desk_work.call_next, desk_work.start, desk_work.finish):
        verify_action(ctx, "alpha", lambda action=action: action(ctx, "alpha-1", actor=OPERATOR))
    verify_action(ctx, "alpha", lambda: rate_ticket(ctx, issued.ticket.token, score=5))
    assert [m["seq"] for m in ctx.publisher.messages] == list(range(1, len(ctx.publisher.messages) + 1))


def test_two_desks_never_share_a_ticket_under_row_locks(pg_ctx) -> None:
    ctx = pg_ctx
    ctx.write_lock = _NoLock()  # leave the serialising to PostgreSQL's row lock alone
    for desk in ("alpha-1", "alpha-2"):
        desk_state.open_desk(ctx, desk, actor=OPERATOR)
    issued = {issue_ticket(ctx, "alpha", "passport", actor=KIOSK).ticket.id for _ in range(40)}
    taken: dict[str, list[int]] = {"alpha-1": [], "alpha-2": []}

    def work(desk: str) -> None:
        while (ticket := desk_work.call_next(ctx, desk, actor=OPERATOR)) is not None:
            taken[desk].append(ticket.id)
            desk_work.finish(ctx, desk, actor=OPERATOR)

    threads = [threading.Thread(target=work, args=(desk,)) for desk in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    together = taken["alpha-1"] + taken["alpha-2"]
    assert sorted(together) == sorted(issued) and len(set(together)) == len(together)
    with ctx.engine.connect() as conn:
        seqs = conn.execute(sa.select(events.c.seq).where(events.c.office == "alpha").order_by(events.c.seq)).scalars().all()
    assert seqs == list(range(1, len(seqs) + 1))


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_the_audit_log_cannot_be_changed_on_postgresql_either(pg_ctx) -> None:
    from queue_server.store.schema import audit_log

    ctx = pg_ctx
    desk_state.open_desk(ctx, "alpha-1", actor=OPERATOR)  # writes an audit entry
    with ctx.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar() == 1
    for change in (audit_log.update().values(actor="user:someone-else"), audit_log.delete(), sa.text("TRUNCATE audit_log")):
        with pytest.raises(sa.exc.DBAPIError, match="the audit log cannot be changed"):
            with ctx.engine.begin() as conn:
                conn.execute(change)
    with ctx.engine.connect() as conn:
        assert conn.execute(sa.select(audit_log.c.actor)).scalar() == "user:olena"


def test_a_transaction_for_an_office_waits_for_the_one_holding_it(pg_ctx) -> None:
    """`ctx.transaction(office=…)` takes the office's row lock: a second one enters only after the first commits."""
    ctx = pg_ctx
    ctx.write_lock = _NoLock()  # only PostgreSQL's row lock stands between them
    with ctx.transaction(office="alpha"):
        pass  # the office's row exists from here on
    order: list[str] = []
    first_inside = threading.Event()

    def first() -> None:
        with ctx.transaction(office="alpha"):
            order.append("first in")
            first_inside.set()
            threading.Event().wait(0.5)  # hold the lock a while
            order.append("first out")

    def second() -> None:
        first_inside.wait(5)
        with ctx.transaction(office="alpha"):
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert order == ["first in", "first out", "second in"]


def test_a_visit_of_steps_is_stored_and_reported_on_postgresql_too(pg_ctx) -> None:
    """The steps' JSON column round-trips on PostgreSQL and the report reads it: a visit once, each step done as a service."""
    from queue_server.reporting.period import period
    from queue_server.reporting.queries import ReportQuery, summary
    from queue_server.store import tickets as ticket_store

    ctx = pg_ctx
    manager = staff_actor(UserRecord(3, "maria", "x", "manager", True, ()))
    ticket = issue_ticket(ctx, "alpha", ["passport", "social"], actor=KIOSK).ticket
    for desk in ("alpha-1", "alpha-3"):
        desk_state.open_desk(ctx, desk, actor=OPERATOR)
    for desk, go_on in (("alpha-1", False), ("alpha-3", None)):
        verify_action(ctx, "alpha", lambda desk=desk: desk_work.call_next(ctx, desk, actor=OPERATOR))
        ctx.clock.advance(5)
        verify_action(ctx, "alpha", lambda desk=desk, go_on=go_on: desk_work.finish(ctx, desk, actor=OPERATOR, go_on=go_on))
    with ctx.reading() as conn:
        stored = ticket_store.by_id(conn, ticket.id)
    assert [(step.service, step.status.value, step.desk) for step in stored.steps] == [
        ("passport", "done", "alpha-1"), ("social", "done", "alpha-3"),
    ]
    day = ctx.clock.now.date()
    figures = summary(ctx, ReportQuery(office="alpha", period=period(day, day)), actor=manager)
    assert (figures["visits"], figures["services_provided"]) == (1, 2)


def test_commands_go_on_after_postgresql_drops_every_connection(postgres_url, monkeypatch) -> None:
    """What a restart of PostgreSQL does to the pool: each connection in it is dead; the next command must not fail.

    The machine's PostgreSQL is shared, so it is not restarted: its
    connections to this test's database are terminated, as a restart would.
    """
    import psycopg

    from queue_server.store import engine as engine_module

    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.2)
    ctx = open_context(Settings.from_env({}, database_url=postgres_url), publisher=RecordingPublisher(), clock=Clock(), network=small_network())
    try:
        first = issue_ticket(ctx, "alpha", "passport", actor=KIOSK)
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            ended = admin.execute(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()) AS ended",
                (postgres_url.rsplit("/", 1)[1],),
            ).fetchone()
        assert ended is not None and ended[0] >= 1  # the pool's connection was there, and is gone
        time.sleep(0.3)  # idle in the pool past the threshold, as across any restart
        again = issue_ticket(ctx, "alpha", "passport", actor=KIOSK)
        assert again.ticket.number == "П002" and first.ticket.number == "П001"
    finally:
        ctx.engine.dispose()

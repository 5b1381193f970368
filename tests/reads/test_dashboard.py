"""The dashboard's reads: the day folded per office, the boards' presence, the printers read from the outbox, the cost."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from factories import T0
from queue_server.commands import printing
from queue_server.commands.accounts import add_device, staff_actor
from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.alerts import board_grace
from queue_server.domain.errors import AccessDenied
from queue_server.reads import dashboard
from queue_server.reads.presence import presence_view
from queue_server.reads.printers import PrinterMemory
from queue_server.realtime.presence import BoardPresence, live_presence
from queue_server.store.accounts import UserRecord
from queue_server.store.dashboard import DayTicket, last_seqs

MINUTE = dt.timedelta(minutes=1)


def day_ticket(status: str, called: int | None, started: int | None = None, finished: int | None = None, by: str | None = "olena", office: str = "alpha") -> DayTicket:
    at = lambda minutes: None if minutes is None else T0 + minutes * MINUTE  # noqa: E731
    return DayTicket(office, "passport", status, T0, at(called), at(started), at(finished), by)


def test_the_day_folded_per_office() -> None:
    days = dashboard.fold_day(
        [
            day_ticket("done", 10, 12, 20),  # waited 10, served 8
            day_ticket("done", 4, None, 9),  # finished without a start: served from the call, 5
            day_ticket("serving", 30, 31, by="taras"),  # being served since 31: 9 at 40
            day_ticket("called", 38, by="taras"),
            day_ticket("no_show", 6),
            day_ticket("done", 1, 2, 3, office="beta", by=None),
        ],
        T0 + 40 * MINUTE,
    )
    alpha = days["alpha"]
    assert alpha.served == 2 and dict(alpha.served_by_service) == {"passport": 2}
    assert sorted(wait // MINUTE for wait in alpha.waits) == [4, 6, 10, 30, 38]
    assert {name: (load.served, load.serving // MINUTE) for name, load in alpha.load.items()} == {"olena": (2, 13), "taras": (0, 9)}
    assert days["beta"].served == 1 and dict(days["beta"].load) == {}


def test_a_board_comes_back_and_goes_dark_by_its_pages() -> None:
    presence = BoardPresence(T0)
    assert presence.hello("page-1", "hall", T0) is True  # its only page: it came back
    assert presence.hello("page-1", "hall", T0) is False  # said twice on one connection
    assert presence.hello("page-2", "hall", T0) is False
    assert presence.gone("page-1", T0 + MINUTE) is None  # page-2 still shows it
    assert presence.gone("page-2", T0 + 2 * MINUTE) == ("hall", T0 + 2 * MINUTE)
    assert presence.still_dark("hall", T0 + 2 * MINUTE)
    assert presence.gone("page-2", T0 + 3 * MINUTE) is None  # gone once only
    assert presence.gone("a-kiosk", T0) is None  # a connection that never said hello
    presence.hello("page-3", "hall", T0 + 4 * MINUTE)
    assert not presence.still_dark("hall", T0 + 2 * MINUTE)


def test_a_page_that_shows_another_board_leaves_the_first() -> None:
    presence = BoardPresence(T0)
    presence.hello("page", "hall", T0)
    assert presence.hello("page", "side", T0 + MINUTE) is True
    assert presence.still_dark("hall", T0 + MINUTE)


def test_the_office_boards_presence_view(ctx, network, clock) -> None:
    memory = live_presence(ctx)
    assert live_presence(ctx) is memory and ctx.presence is memory  # the reads are handed it
    memory.boards.hello("page", "alpha-windows", clock.now)
    view = presence_view(ctx, "alpha", clock.now + 2 * MINUTE, board_grace(15))
    assert view == {
        "office": "alpha",
        "boards": [
            # boards without a name of their own are titled by their office's, as their pages are;
            # alpha-tv, shown by no page since the start, is never seen rather than offline
            {"board": "alpha-tv", "name": "Альфа", "name_en": "Alpha", "pages": 0, "online": False, "offline": False, "never_seen": True, "since": "2026-11-24T08:00:00Z"},
            {"board": "alpha-windows", "name": "Альфа", "name_en": "Alpha", "pages": 1, "online": True, "offline": False, "never_seen": False, "since": None},
        ],
    }


def test_printer_reports_are_read_in_full_once_then_only_what_came_after(ctx, kiosk, clock) -> None:
    add_device(ctx, "agent", "alpha", "kiosk-1")
    agent = Actor(kind="device", name="kiosk-1", role="agent", offices=("alpha",), device_id=2)
    printing.report_printer_status(ctx, agent, "paper_out", "")
    memory = PrinterMemory()
    statements: list[str] = []
    sa.event.listen(ctx.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with ctx.reading() as conn:
        assert [report.state for report in memory.reports(conn, ["alpha", "beta"], last_seqs(conn, ["alpha", "beta"]))["alpha"]] == ["paper_out"]
    first = [sql for sql in statements if "FROM events" in sql]
    assert len(first) == 1 and "events.office IN" in first[0]
    for _ in range(3):
        issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    clock.advance(1)
    printing.report_printer_status(ctx, agent, "ready", "")
    statements.clear()
    with ctx.reading() as conn:
        reports = memory.reports(conn, ["alpha", "beta"], last_seqs(conn, ["alpha", "beta"]))
    assert [(report.state, report.at) for report in reports["alpha"]] == [("ready", T0 + MINUTE)] and reports["beta"] == []
    after = [sql for sql in statements if "FROM events" in sql]
    assert len(after) == 1 and "events.seq >" in after[0]  # alpha's new events only; beta has none
    statements.clear()
    with ctx.reading() as conn:
        memory.reports(conn, ["alpha", "beta"], last_seqs(conn, ["alpha", "beta"]))
    assert [sql for sql in statements if "FROM events" in sql] == []  # nothing new: not even a query


@pytest.fixture
def manager():
    return staff_actor(UserRecord(9, "head", "x", "manager", True, ()))


def test_the_whole_network_costs_a_fixed_number_of_queries(ctx, kiosk, manager, network) -> None:
    """Not one query per office: the figures of every office in view come from a handful of queries."""
    issue_ticket(ctx, "alpha", "passport", actor=kiosk)
    dashboard.network_dashboard(ctx, actor=manager, grace=board_grace(15))  # the printers' first full read
    statements: list[str] = []
    sa.event.listen(ctx.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    answer = dashboard.network_dashboard(ctx, actor=manager, grace=board_grace(15))
    assert [row["office"] for row in answer["offices"]] == ["alpha", "beta"]
    assert len([sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]) == 8  # the air-raid alerts of today, those on now among them: one; the offices' nodes: one


def test_a_supervisor_sees_their_offices_only(ctx) -> None:
    supervisor = staff_actor(UserRecord(3, "iryna", "x", "supervisor", True, ("beta",)))
    answer = dashboard.network_dashboard(ctx, actor=supervisor, grace=board_grace(15))
    assert [row["office"] for row in answer["offices"]] == ["beta"]
    with pytest.raises(AccessDenied):
        dashboard.office_dashboard(ctx, "alpha", actor=supervisor, grace=board_grace(15))

"""At the office's midnight the queue closes: nothing carries over to the morning."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import round_the_clock, small_network
from projection_check import verify_action
from queue_server.commands import desk_state, desk_work
from queue_server.commands.day_close import close_past_days
from queue_server.commands.issuing import issue_ticket
from queue_server.reads import queries


@pytest.mark.parametrize("network", [round_the_clock(small_network())], ids=["round-the-clock"])  # issues at night
def test_the_morning_starts_empty(ctx, kiosk, operator, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.timezone.utc)  # 17:00 in Kyiv
    for desk in ("alpha-1", "alpha-2", "alpha-3"):
        desk_state.open_desk(ctx, desk, actor=operator)
    for service in ("passport", "passport", "passport", "social"):
        issue_ticket(ctx, "alpha", service, actor=kiosk)
    desk_work.call_next(ctx, "alpha-1", actor=operator)  # left called
    desk_work.call_next(ctx, "alpha-2", actor=operator)
    desk_work.start(ctx, "alpha-2", actor=operator)  # left serving
    desk_state.pause_desk(ctx, "alpha-3", actor=operator, reason="lunch")  # left on a break
    assert close_past_days(ctx, "alpha") == 0  # the same day: nothing to close

    clock.now = dt.datetime(2026, 11, 24, 22, 30, tzinfo=dt.timezone.utc)  # 00:30 in Kyiv, next day
    closed, sent = verify_action(ctx, "alpha", lambda: close_past_days(ctx, "alpha"))
    assert closed == 7
    types = sorted(m["type"] for m in sent)
    assert types == sorted(["ticket.cancelled", "ticket.cancelled", "ticket.no_show", "ticket.finished", "desk.closed", "desk.closed", "desk.closed"])
    snapshot = queries.office_snapshot(ctx, "alpha")
    assert snapshot["waiting"] == [] and snapshot["calls"] == []
    assert {d["status"] for d in snapshot["desks"]} == {"closed"}
    assert close_past_days(ctx, "alpha") == 0
    assert issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket.number == "П001"


def test_a_desk_opened_today_stays_open(ctx, operator, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 22, 30, tzinfo=dt.timezone.utc)
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    assert close_past_days(ctx, "alpha") == 0

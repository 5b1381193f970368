"""An air-raid alert on at the office's midnight: the day close leaves the queue alone, the supervisor decides."""

from __future__ import annotations

import datetime as dt

from projection_check import verify_action
from queue_server.commands import desk_state, desk_work
from queue_server.commands.air_raid import set_air_raid
from queue_server.commands.day_close import close_day, close_past_days
from queue_server.commands.issuing import issue_ticket
from queue_server.domain.tickets import Ticket
from queue_server.reads import queries
from queue_server.store import audit as audit_store

UTC = dt.timezone.utc
EVENING = dt.datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # 19:00 in Kyiv, an hour before closing: the alert runs past it
AFTER_MIDNIGHT = dt.datetime(2026, 11, 24, 22, 30, tzinfo=UTC)  # 00:30 in Kyiv, the next day


def _evening_in_an_alert(ctx, clock, kiosk, operator, supervisor) -> list[Ticket]:
    clock.now = EVENING
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    waiting = [issue_ticket(ctx, "alpha", "passport", actor=kiosk).ticket for _ in range(3)]
    desk_work.call_next(ctx, "alpha-1", actor=operator)
    desk_work.finish(ctx, "alpha-1", actor=operator)
    clock.now = EVENING + dt.timedelta(minutes=20)
    set_air_raid(ctx, "alpha", True, actor=supervisor)
    return waiting[1:]


def test_the_automatic_close_leaves_an_office_in_an_alert_alone(ctx, clock, kiosk, operator, supervisor) -> None:
    waiting = _evening_in_an_alert(ctx, clock, kiosk, operator, supervisor)
    clock.now = AFTER_MIDNIGHT
    assert close_past_days(ctx, "alpha") == 0
    snapshot = queries.office_snapshot(ctx, "alpha")
    assert [ticket["id"] for ticket in snapshot["waiting"]] == [ticket.id for ticket in waiting]
    assert snapshot["air_raid"]["active"] is True
    token = waiting[0].token
    status = queries.ticket_status(ctx, token)
    assert status.status.value == "waiting" and status.air_raid is True  # the visitor is told the office is paused
    # the alert ends after midnight: the next beat closes the past day as usual
    clock.now = AFTER_MIDNIGHT + dt.timedelta(minutes=10)
    set_air_raid(ctx, "alpha", False, actor=supervisor)
    assert queries.ticket_status(ctx, token).air_raid is False
    closed, sent = verify_action(ctx, "alpha", lambda: close_past_days(ctx, "alpha"))
    assert closed == 3  # two tickets and the desk
    assert sorted(m["type"] for m in sent) == ["desk.closed", "ticket.cancelled", "ticket.cancelled"]
    assert queries.office_snapshot(ctx, "alpha")["waiting"] == []


def test_the_supervisor_closes_the_leftover_day_during_the_alert(ctx, clock, kiosk, operator, supervisor) -> None:
    _evening_in_an_alert(ctx, clock, kiosk, operator, supervisor)
    clock.now = AFTER_MIDNIGHT
    closed, sent = verify_action(ctx, "alpha", lambda: close_day(ctx, "alpha", actor=supervisor))
    assert closed == 3 and sorted(m["type"] for m in sent) == ["desk.closed", "ticket.cancelled", "ticket.cancelled"]
    with ctx.reading() as conn:
        entries = [entry for entry in audit_store.entries(conn, "alpha") if entry["action"] == "day_close"]
    assert len(entries) == 1 and entries[0]["details"] == {"closed": 3, "during_alert": True}
    assert queries.office_snapshot(ctx, "alpha")["air_raid"]["active"] is True  # the alert itself goes on
    assert close_day(ctx, "alpha", actor=supervisor) == 0  # nothing left: nothing changed, nothing audited
    with ctx.reading() as conn:
        assert sum(entry["action"] == "day_close" for entry in audit_store.entries(conn, "alpha")) == 1


def test_the_supervisor_never_closes_today(ctx, clock, kiosk, operator, supervisor) -> None:
    waiting = _evening_in_an_alert(ctx, clock, kiosk, operator, supervisor)
    assert close_day(ctx, "alpha", actor=supervisor) == 0
    assert [ticket["id"] for ticket in queries.office_snapshot(ctx, "alpha")["waiting"]] == [ticket.id for ticket in waiting]


def test_only_the_office_overseers_close_its_day_over_the_api(client, tokens, clock) -> None:
    path = "/api/v1/offices/alpha/day/close"
    assert client.post(path).status_code == 401
    refused = client.post(path, headers={"Authorization": f"Bearer {tokens['operator']}"})
    assert refused.status_code == 403
    answer = client.post(path, headers={"Authorization": f"Bearer {tokens['supervisor']}"})
    assert answer.status_code == 200 and answer.get_json() == {"office": "alpha", "closed": 0}
    assert client.post("/api/v1/offices/nowhere/day/close", headers={"Authorization": f"Bearer {tokens['manager']}"}).status_code == 404

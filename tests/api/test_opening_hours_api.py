"""Issuing outside the hours over HTTP: 409 with the code, the opening or the offers; staff's override; a kiosk's refused."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from queue_server.commands import accounts
from queue_server.store.schema import audit_log, tickets
from web import bearer, login_token

ISSUE = "/api/v1/offices/alpha/tickets"
NIGHT = dt.datetime(2026, 11, 24, 21, 0, tzinfo=dt.timezone.utc)  # 23:00 in Kyiv: alpha is closed
NEAR_CLOSING = dt.datetime(2026, 11, 24, 17, 55, tzinfo=dt.timezone.utc)  # 19:55 in Kyiv: five minutes left


def callers(app_ctx) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A kiosk and an operator of alpha, logged in now (a staff token lasts an hour of the test's clock)."""
    return {"kiosk": accounts.add_device(app_ctx, "kiosk", "alpha", "kiosk-1")[1], "operator": login_token(app_ctx, "olena", "operator", ["alpha"])}


def count(app_ctx, table) -> int:  # type: ignore[no-untyped-def]
    with app_ctx.reading() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_a_closed_office_answers_409_with_when_it_opens_and_staff_may_override(client, app_ctx, clock) -> None:
    clock.now = NIGHT
    tokens = callers(app_ctx)
    refused = client.post(ISSUE, json={"service": "passport"}, headers=bearer(tokens["kiosk"]))
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "office_closed" and error["details"]["opens_at"] == "2026-11-25T06:00:00Z"
    assert "closed" in error["message"]
    kiosk_override = client.post(ISSUE, json={"service": "passport", "override": True}, headers=bearer(tokens["kiosk"]))
    assert kiosk_override.status_code == 403
    assert count(app_ctx, tickets) == 0
    issued = client.post(ISSUE, json={"service": "passport", "override": True, "print": False}, headers=bearer(tokens["operator"]))
    assert issued.status_code == 201, issued.get_data(as_text=True)
    with app_ctx.reading() as conn:
        actions = conn.execute(sa.select(audit_log.c.action)).scalars().all()
    assert "issue_override" in actions
    bad = client.post(ISSUE, json={"service": "passport", "override": "yes"}, headers=bearer(tokens["operator"]))
    assert bad.status_code == 400


def test_a_wait_past_closing_answers_409_not_today_with_the_offers(client, app_ctx, clock) -> None:
    clock.now = NEAR_CLOSING
    tokens = callers(app_ctx)
    opened = client.post("/api/v1/desks/alpha-2/open", headers=bearer(tokens["operator"]))
    assert opened.status_code == 200
    client.post(ISSUE, json={"service": "passport"}, headers=bearer(tokens["kiosk"]))  # called at once, done at 20:05: refused
    refused = client.post(ISSUE, json={"service": "passport", "lang": "en"}, headers=bearer(tokens["kiosk"]))
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "not_today" and error["details"]["closes_at"] == "2026-11-24T18:00:00Z"
    assert error["details"]["offers"] == {"booking_url": "http://localhost/book?office=alpha&service=passport&lang=en", "offices": []}
    assert count(app_ctx, tickets) == 0


def test_a_board_lost_raises_its_alarm_only_while_the_office_is_open(app, client, app_ctx, clock) -> None:
    socketio = app.extensions["cherga.socketio"]
    clock.now = NIGHT.replace(hour=17, minute=30)  # 19:30 in Kyiv: open till 20:00
    page = socketio.test_client(app)
    assert page.emit("board.hello", {"office": "alpha", "board": "alpha-windows"}, callback=True)["ok"]
    page.disconnect()  # the TV is switched off at 19:30

    def board_alarms() -> list[str]:
        manager = login_token(app_ctx, f"head-{clock.now:%H%M}", "manager", [])
        row = client.get("/api/v1/dashboard/alpha", headers=bearer(manager)).get_json()
        return [alert["subject"] for alert in row["alerts"] if alert["kind"] == "board_offline"]

    clock.now = NIGHT.replace(hour=17, minute=45)
    assert board_alarms() == ["alpha-windows"]  # open: a dark board is an alarm
    clock.now = NIGHT  # 23:00: closed, the same dark board raises nothing
    assert board_alarms() == []
    clock.now = NIGHT + dt.timedelta(hours=9, minutes=5)  # 08:05 in Kyiv next morning: open, and still dark
    assert board_alarms() == ["alpha-windows"]

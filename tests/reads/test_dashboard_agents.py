"""The dashboard lists every kiosk printer of an office, connected or not, and raises the alert in opening hours."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.commands.accounts import add_device, revoke_device, staff_actor
from queue_server.domain.alerts import board_grace
from queue_server.reads import dashboard
from queue_server.realtime.presence import AgentPresence, live_presence
from queue_server.store.accounts import UserRecord

GRACE = board_grace(15)  # 60 s


@pytest.fixture
def manager():
    return staff_actor(UserRecord(9, "head", "x", "manager", True, ()))


def agent_alerts(answer: dict) -> list[dict]:
    return [alert for alert in answer["alerts"] if alert["kind"] == "print_agent_offline"]


def test_a_printer_is_listed_before_its_agent_ever_connects_and_alerts_in_opening_hours(ctx, manager, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone.utc)  # 10:00 in Kyiv: alpha is open (8-20)
    presence = live_presence(ctx).agents
    connections: set[str] = set()
    presence.alive = lambda connection: connection in connections
    add_device(ctx, "kiosk", "alpha", "kiosk-1")
    add_device(ctx, "agent", "alpha", "kiosk-1")
    add_device(ctx, "kiosk", "alpha", "kiosk-2")  # a kiosk with no agent registered at all
    clock.now += dt.timedelta(minutes=2)  # past the grace after the start

    answer = dashboard.office_dashboard(ctx, "alpha", actor=manager, grace=GRACE)
    assert [(row["kiosk"], row["agent"], row["state"], row["at"]) for row in answer["printers"]] == [
        ("kiosk-1", "never_connected", "unknown", None),
        ("kiosk-2", "never_connected", "unknown", None),
    ]
    assert [alert["subject"] for alert in agent_alerts(answer)] == ["kiosk-1", "kiosk-2"]
    row = next(row for row in dashboard.network_dashboard(ctx, actor=manager, grace=GRACE)["offices"] if row["office"] == "alpha")
    assert len(agent_alerts(row)) == 2  # the network's table shows the office in red

    connections.add("sid-1")
    presence.hello("alpha", "kiosk-1", "sid-1", clock.now)
    answer = dashboard.office_dashboard(ctx, "alpha", actor=manager, grace=GRACE)
    assert [(row["kiosk"], row["agent"]) for row in answer["printers"]] == [("kiosk-1", "connected"), ("kiosk-2", "never_connected")]
    assert [alert["subject"] for alert in agent_alerts(answer)] == ["kiosk-2"]

    connections.clear()  # the agent's connection closed
    clock.now += dt.timedelta(minutes=5)
    answer = dashboard.office_dashboard(ctx, "alpha", actor=manager, grace=GRACE)
    assert answer["printers"][0]["agent"] == "not_connected" and answer["printers"][0]["agent_seen"] is not None
    assert agent_alerts(answer)[0]["detail"]["state"] == "not_connected"


def test_no_alert_when_the_office_is_closed_nor_for_a_revoked_device(ctx, manager, clock) -> None:
    clock.now = dt.datetime(2026, 11, 24, 23, 0, tzinfo=dt.timezone.utc)  # 01:00 in Kyiv: closed
    live_presence(ctx).agents.alive = lambda connection: False
    add_device(ctx, "kiosk", "alpha", "kiosk-1")
    clock.now += dt.timedelta(minutes=2)
    answer = dashboard.office_dashboard(ctx, "alpha", actor=manager, grace=GRACE)
    assert [row["agent"] for row in answer["printers"]] == ["never_connected"] and agent_alerts(answer) == []
    revoked, _ = add_device(ctx, "kiosk", "alpha", "old-kiosk")
    revoke_device(ctx, revoked.id)
    assert [row["kiosk"] for row in dashboard.office_dashboard(ctx, "alpha", actor=manager, grace=GRACE)["printers"]] == ["kiosk-1"]


def test_a_closed_connection_counts_no_more() -> None:
    start = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone.utc)
    presence = AgentPresence(start)
    open_connections = {"a", "b"}
    presence.alive = lambda connection: connection in open_connections
    assert not presence.connected("alpha", "kiosk-1")
    presence.hello("alpha", "kiosk-1", "a", start)
    presence.hello("alpha", "kiosk-1", "b", start)
    open_connections.discard("a")
    assert presence.connected("alpha", "kiosk-1")  # still one open
    open_connections.clear()
    assert not presence.connected("alpha", "kiosk-1") and presence.seen("alpha", "kiosk-1").state == "not_connected"
    assert not presence.connected("beta", "kiosk-1")  # the same name in another office is another agent

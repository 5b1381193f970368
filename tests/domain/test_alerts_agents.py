"""A kiosk with no print agent connected: listed with its state, an alert only while the office is open."""

from __future__ import annotations

import datetime as dt

from queue_server.domain.alerts import AgentSeen, AlertKind, Level, agent_alerts, office_alerts

START = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.timezone.utc)
GRACE = dt.timedelta(seconds=60)


def test_an_agent_is_connected_not_connected_or_never_connected() -> None:
    assert AgentSeen("kiosk-1", True, START, START).state == "connected"
    assert AgentSeen("kiosk-1", False, START, START).state == "not_connected"
    assert AgentSeen("kiosk-1", False, None, START).state == "never_connected"


def test_a_missing_agent_raises_a_critical_alert_only_while_the_office_is_open() -> None:
    agents = [AgentSeen("kiosk-2", False, None, START), AgentSeen("kiosk-1", True, START, START)]
    later = START + dt.timedelta(minutes=5)
    [alert] = agent_alerts(agents, later, GRACE, office_open=True)
    assert alert.kind is AlertKind.PRINT_AGENT_OFFLINE and alert.level is Level.CRITICAL
    assert alert.as_json()["detail"] == {"kiosk": "kiosk-2", "state": "never_connected", "since": None}
    assert agent_alerts(agents, later, GRACE, office_open=False) == []  # the kiosk PC may be off at night
    assert agent_alerts(agents, START + dt.timedelta(seconds=30), GRACE, office_open=True) == []  # time to come back after a start


def test_the_office_alerts_include_the_agents() -> None:
    agents = [AgentSeen("kiosk-1", False, START, START)]
    later = START + dt.timedelta(minutes=5)
    assert [alert.kind for alert in office_alerts([], [], [], later, GRACE, agents=agents, office_open=True)] == [AlertKind.PRINT_AGENT_OFFLINE]
    assert office_alerts([], [], [], later, GRACE) == []  # nothing said about agents: nothing raised

"""Boards and print agents connected to one server process, seen by another: two `cherga serve` on one PostgreSQL and one Redis.

A board page on B is on A's dashboard, and A's staff stream hears it come;
when B is killed the board goes dark on A within the presence's expiry (three
heartbeats and a margin), the alert follows after the grace and the staff
stream hears it from the process that runs the network's chores. A print
agent connected to B makes a ticket issued on A print there.
"""

from __future__ import annotations

import signal

import pytest
import requests
from listener import Listener, wait_until

pytestmark = [pytest.mark.contract, pytest.mark.slow]  # two server processes each: about 20 s a test
BOARD = "main-hall"


def boards(server, token: str) -> dict[str, dict]:
    body = requests.get(f"{server.url}/api/v1/dashboard/main", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    return {board["board"]: board for board in body["boards"]}


def board_alerts(server, token: str) -> list[str]:
    body = requests.get(f"{server.url}/api/v1/dashboard", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    [main] = [row for row in body["offices"] if row["office"] == "main"]
    return [alert["subject"] for alert in main["alerts"] if alert["kind"] == "board_offline"]


def test_a_board_on_b_is_on_a_s_dashboard_and_goes_dark_when_b_is_killed(pair) -> None:
    head = pair.manager()
    dashboard = Listener(pair.servers[0], head)  # the dashboard's stream, on A
    try:
        assert dashboard.call("subscribe", {"office": "main", "stream": "staff"})["ok"]
        assert boards(pair.servers[0], head)[BOARD]["never_seen"] is True
        page = Listener(pair.servers[1])  # the hall board's page, on B
        assert page.call("board.hello", {"office": "main", "board": BOARD}) == {"ok": True, "board": BOARD, "watched": True}
        seen = boards(pair.servers[0], head)[BOARD]
        assert (seen["pages"], seen["online"], seen["never_seen"]) == (1, True, False), pair.logs()
        heard = wait_until(lambda: [m for m in dashboard.got("presence") if m["office"] == "main"], timeout=5)
        assert heard and {b["board"]: b["online"] for b in heard[-1]["boards"]}[BOARD] is True  # A's staff stream heard B's board come

        pair.servers[1].kill(signal.SIGKILL)  # no goodbye: its pages must expire
        dark = wait_until(lambda: not boards(pair.servers[0], head)[BOARD]["online"], timeout=15)
        assert dark, boards(pair.servers[0], head)[BOARD]
        assert boards(pair.servers[0], head)[BOARD]["since"] is not None
        assert wait_until(lambda: board_alerts(pair.servers[0], head) == [BOARD], timeout=15), boards(pair.servers[0], head)[BOARD]
        told = wait_until(lambda: [m for m in dashboard.got("presence") if {b["board"]: b["offline"] for b in m["boards"]}.get(BOARD)], timeout=10)
        assert told, (dashboard.got("presence"), pair.logs())  # the process left running told the staff, as B would have
    finally:
        dashboard.close()


def test_a_board_page_that_leaves_b_cleanly_is_dark_on_a_at_once(pair) -> None:
    head = pair.manager()
    page = Listener(pair.servers[1])
    page.call("board.hello", {"office": "main", "board": BOARD})
    assert boards(pair.servers[0], head)[BOARD]["online"] is True
    page.close()
    assert wait_until(lambda: not boards(pair.servers[0], head)[BOARD]["online"], timeout=3), pair.logs()


def test_an_agent_on_b_prints_the_ticket_issued_on_a(pair) -> None:
    kiosk, agent_token = pair.device("kiosk"), pair.device("agent")

    def issue(server) -> dict:
        answer = requests.post(f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation"}, headers={"Authorization": f"Bearer {kiosk}"}, timeout=10)
        assert answer.status_code == 201, answer.text
        return answer.json()

    assert issue(pair.servers[0])["print"] == {"status": "no_agent"}
    agent = Listener(pair.servers[1], agent_token)
    try:
        assert agent.call("agent.hello", {})["ok"]
        ticket = issue(pair.servers[0])
        assert ticket["print"] == {"status": "sent"}, pair.logs()
        jobs = wait_until(lambda: [job for job in agent.got("print") if job["job"] == ticket["print_job"]], timeout=5)
        assert jobs, agent.heard  # the job went from A to the agent on B
    finally:
        agent.close()
    assert wait_until(lambda: issue(pair.servers[0])["print"] == {"status": "no_agent"}, timeout=3)  # it left B: at once for A

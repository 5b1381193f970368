"""No print agent connected: the kiosk is told at once, the visitor reads it, the dashboard lists the printer.

A real server, a real agent process against a real printer socket, the
kiosk page in headless Chromium.
"""

from __future__ import annotations

import time

import pytest
import requests

from agent_process import wait_until
from browser import screenshot
from kiosk_helpers import add_agent, add_kiosk, open_kiosk
from live_server import Agent, cherga
from network_printer import NetworkPrinter

pytestmark = pytest.mark.contract
PASSWORD = "password-1234"


def issue(server, kiosk: str) -> dict:  # type: ignore[no-untyped-def]
    answer = requests.post(f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation"}, headers={"Authorization": f"Bearer {kiosk}"}, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()


def manager(server) -> str:  # type: ignore[no-untyped-def]
    cherga("user", "add", "head", "--role", "manager", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    return requests.post(f"{server.url}/api/v1/auth/login", json={"username": "head", "password": PASSWORD}, timeout=10).json()["token"]


def printers(server, token: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    office = requests.get(f"{server.url}/api/v1/dashboard/main", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    return [(printer["kiosk"], printer["agent"]) for printer in office["printers"]]


def test_the_issue_answer_says_no_agent_until_one_connects_and_the_dashboard_lists_it_meanwhile(server, tmp_path) -> None:
    kiosk, agent_token, head = add_kiosk(server), add_agent(server), manager(server)
    assert printers(server, head) == [("kiosk-1", "never_connected")]  # listed before any agent ever connected

    alone = issue(server, kiosk)
    assert alone["print_job"] and alone["print"] == {"status": "no_agent"}

    printer = NetworkPrinter()
    agent = Agent(server, agent_token, printer.uri, tmp_path)
    try:
        assert wait_until(lambda: printers(server, head) == [("kiosk-1", "connected")], timeout=20), agent.log()
        served = issue(server, kiosk)
        assert served["print"] == {"status": "sent"}
        assert wait_until(lambda: printer.jobs >= 1), agent.log()
        staff_issued = requests.post(
            f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation", "print": False}, headers={"Authorization": f"Bearer {kiosk}"}, timeout=10
        ).json()
        assert staff_issued["print"] is None  # nothing to print, nothing to say
    finally:
        agent.stop()
        printer.close()
    assert wait_until(lambda: printers(server, head) == [("kiosk-1", "not_connected")], timeout=10)
    assert issue(server, kiosk)["print"] == {"status": "no_agent"}


def test_with_no_agent_the_kiosk_shows_the_qr_and_says_the_printer_is_not_working_at_once(browser, server) -> None:
    kiosk = add_kiosk(server)
    add_agent(server)  # registered, never started
    page = open_kiosk(browser, server, kiosk)
    try:
        page.click("#tiles >> text=Консультації та видача результатів")
        page.click("#tiles >> text=Консультація адміністратора")
        started = time.monotonic()
        page.click("#priorities >> text=Ні, звичайна черга")
        page.wait_for_selector("#print-state.failed", timeout=5000)
        assert time.monotonic() - started < 5  # not after a minute of «Друкуємо талон…»
        assert page.inner_text("#print-state") == "Принтер не працює — сфотографуйте QR-код або запам'ятайте номер"
        page.wait_for_function("() => document.getElementById('ticket-qr').naturalWidth > 0")
        assert page.is_visible("#ticket-number") and page.inner_text("#ticket-number").startswith("К")
        screenshot(page, "kiosk-portrait-no-print-agent")
        assert page.errors == []
    finally:
        page.close()

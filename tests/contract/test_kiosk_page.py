"""The kiosk page in headless Chromium against a real server (and a real agent and printer socket)."""

from __future__ import annotations

import time

import pytest
import requests

from browser import screenshot
from kiosk_helpers import add_kiosk, open_kiosk, queue, take_ticket, wait_for_agent
from live_server import Agent, cherga
from network_printer import NetworkPrinter

pytestmark = pytest.mark.contract


@pytest.fixture
def kiosk_token(server):
    return add_kiosk(server)


def test_a_visitor_takes_a_printed_ticket(browser, server, kiosk_token, tmp_path) -> None:
    agent_token = cherga("device", "add", "--kind", "agent", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    printer = NetworkPrinter()
    agent = Agent(server, agent_token, printer.uri, tmp_path)
    page = open_kiosk(browser, server, kiosk_token)
    try:
        wait_for_agent(agent)
        screenshot(page, "kiosk-portrait-start")
        take_ticket(page, priority="Ветеран війни, учасник бойових дій")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        number = page.inner_text("#ticket-number")
        assert number.startswith("П")
        page.wait_for_function("() => document.getElementById('ticket-qr').naturalWidth > 0")  # a function: no eval under the CSP
        try:
            page.wait_for_selector("#print-state.printed", timeout=20000)
        except Exception:
            raise AssertionError(f"no print result; printer jobs {printer.jobs}; console {page.console}; agent log:\n{agent.log()}")
        assert page.inner_text("#print-state") == "Візьміть талон з принтера"
        screenshot(page, "kiosk-portrait-ticket-printed")
        assert printer.jobs == 1 and number.encode("cp1125") in bytes(printer.received)
        waiting = queue(server)["waiting"]
        assert [t["number"] for t in waiting] == [number] and "priority" not in waiting[0]
        assert page.errors == []
    finally:
        page.close()
        agent.stop()
        printer.close()


def test_without_a_printer_the_ticket_stays_on_screen(browser, server, kiosk_token, tmp_path) -> None:
    agent_token = cherga("device", "add", "--kind", "agent", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    printer = NetworkPrinter()
    dead_printer = printer.uri
    printer.close()
    agent = Agent(server, agent_token, dead_printer, tmp_path)
    page = open_kiosk(browser, server, kiosk_token, idle=2)
    try:
        wait_for_agent(agent)
        take_ticket(page)
        page.wait_for_selector("#print-state.failed", timeout=20000)
        assert "Сфотографуйте QR-код" in page.inner_text("#print-state")
        time.sleep(2.5)  # past one idle period: a failed print keeps the ticket twice as long
        assert not page.is_hidden("#screen-ticket")
        screenshot(page, "kiosk-portrait-print-failed")
        page.wait_for_selector("#screen-services:not([hidden])", timeout=5000)  # and then goes back
    finally:
        page.close()
        agent.stop()


def test_english_search_accessible_mode_and_landscape(browser, server, kiosk_token) -> None:
    page = open_kiosk(browser, server, kiosk_token, width=1920, height=1080)
    try:
        page.click("#language")
        page.wait_for_selector("#tiles >> text=Passports and ID cards")
        assert page.inner_text("#screen-services h2") == "Choose a service"
        page.fill("#search", "passport")
        titles = page.locator("#tiles button").all_inner_texts()
        assert "International passport for an adult" in titles and all("assport" in t for t in titles)
        page.fill("#search", "жжжж")
        assert page.is_visible("#no-results")
        page.fill("#search", "")
        page.click("#accessible")
        assert "accessible" in page.evaluate("document.body.className")
        screenshot(page, "kiosk-landscape-english-accessible")
        assert page.errors == []
    finally:
        page.close()


def test_a_double_tap_issues_one_ticket(browser, server, kiosk_token) -> None:
    page = open_kiosk(browser, server, kiosk_token)
    try:
        page.click("#tiles >> text=Консультації та видача результатів")
        page.click("#tiles >> text=Консультація адміністратора")
        page.wait_for_selector("#screen-priority:not([hidden])")
        page.locator("#priorities button").first.dblclick()
        page.wait_for_selector("#screen-ticket:not([hidden])")
        time.sleep(0.5)
        assert len(queue(server)["waiting"]) == 1
    finally:
        page.close()


def test_a_long_wait_asks_first(browser, server, kiosk_token) -> None:
    headers = {"Authorization": f"Bearer {kiosk_token}"}
    for _ in range(4):  # no desk open: 4 ahead at 7 minutes each is past the 15-minute target
        requests.post(f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation", "print": False}, headers=headers, timeout=10)
    page = open_kiosk(browser, server, kiosk_token)
    try:
        page.click("#tiles >> text=Консультації та видача результатів")
        page.click("#tiles >> text=Консультація адміністратора")
        page.click("#priorities >> text=Ні, звичайна черга")
        page.wait_for_selector("#screen-confirm:not([hidden])")
        assert "4 особи" in page.inner_text("#confirm-text")  # the word agrees with its number
        screenshot(page, "kiosk-portrait-long-wait")
        page.click("#confirm-no")
        page.wait_for_selector("#screen-services:not([hidden])")
        assert len(queue(server)["waiting"]) == 4
    finally:
        page.close()


def test_a_wrong_token_is_refused_and_an_idle_kiosk_returns_to_the_start_for_the_next_visitor(browser, server, kiosk_token) -> None:
    page = browser.new_page(viewport={"width": 1080, "height": 1920})
    try:
        page.goto(f"{server.url}/kiosk/main?idle=1")
        page.fill("#pair-token", "not-a-token")
        page.click("#pair-form button")
        page.wait_for_selector("#pair-error:has-text('не належить кіоску')")
        page.fill("#pair-token", kiosk_token)
        page.click("#pair-form button")
        page.click("#tiles >> text=Паспортні документи")
        assert page.is_visible("#back")
        page.wait_for_selector("#back", state="hidden", timeout=5000)  # back at the top after a second idle
        page.reload()  # the pairing is remembered
        page.wait_for_selector("#screen-services:not([hidden])")

        # the next visitor meets the kiosk in Ukrainian and its ordinary mode, whatever the last one chose
        page.click("#language")
        page.wait_for_selector("#tiles >> text=Passports and ID cards")
        page.click("#accessible")
        assert page.get_attribute("#accessible", "aria-pressed") == "true"
        time.sleep(0.6)  # the tiles settle after the change
        page.click("#tiles >> text=Passports and ID cards")
        assert page.is_visible("#back")
        page.wait_for_selector("#back", state="hidden", timeout=15000)  # three idle seconds in accessible mode
        page.wait_for_selector("#tiles >> text=Паспортні документи")
        assert page.evaluate("document.documentElement.lang") == "uk"
        assert page.get_attribute("#accessible", "aria-pressed") == "false"
        assert not page.evaluate("document.documentElement.classList.contains('accessible')")
    finally:
        page.close()

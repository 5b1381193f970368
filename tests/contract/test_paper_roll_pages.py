"""Paper-roll mode on the real pages, in headless Chromium against a real server.

The supervisor switches the kiosks to paper tickets: an open kiosk shows
«Візьміть паперовий талон» at once and the server refuses its tickets; a desk
types a paper number in its console and the hall board shows it called.
"""

from __future__ import annotations

import pytest
import requests

from browser import screenshot
from desk_pages import console
from kiosk_helpers import add_kiosk, open_kiosk, queue
from live_server import cherga

pytestmark = pytest.mark.contract
PASSWORD = "password-1"


def login(server, name: str, role: str) -> dict[str, str]:
    cherga("user", "add", name, "--role", role, "--office", "main", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    answer = requests.post(server.url + "/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10)
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_the_supervisor_switches_the_kiosks_to_paper_and_back(browser, server) -> None:
    kiosk_token = add_kiosk(server)
    login(server, "iryna", "supervisor")
    kiosk = open_kiosk(browser, server, kiosk_token)
    supervisor = browser.new_page(viewport={"width": 1440, "height": 900}, locale="uk-UA", timezone_id="Europe/Kyiv")
    supervisor.errors = []
    supervisor.on("pageerror", lambda error: supervisor.errors.append(str(error)))
    try:
        kiosk.wait_for_selector("#kiosk[data-paper=off]", state="attached", timeout=10000)  # the office's picture has come
        assert kiosk.is_hidden("#paper-mode")
        supervisor.goto(server.url + "/supervisor")
        supervisor.fill("#username", "iryna")
        supervisor.fill("#password", PASSWORD)
        supervisor.click("#login-form button[type=submit]")
        supervisor.wait_for_selector("#supervisor[data-ready=true]", timeout=10000)
        supervisor.wait_for_selector("#paper-switch:not([disabled])")
        assert supervisor.inner_text("#paper-state") == "Кіоски видають талони."
        supervisor.click("#paper-switch")
        supervisor.wait_for_selector("#confirm-dialog[open]")
        supervisor.click("#confirm-yes")
        supervisor.wait_for_selector("#paper-mode[data-active=true]", timeout=5000)
        assert "паперові талони з" in supervisor.inner_text("#paper-state")
        screenshot(supervisor, "paper-roll-supervisor-on")

        kiosk.wait_for_selector("#paper-mode:not([hidden])", timeout=5000)  # proactively, on the event
        assert "Візьміть паперовий талон" in kiosk.inner_text("#paper-mode")
        screenshot(kiosk, "paper-roll-kiosk-uk")
        kiosk.click("#language")
        kiosk.wait_for_selector("#paper-mode h2:text-is('Please take a paper ticket')", timeout=5000)
        screenshot(kiosk, "paper-roll-kiosk-en")
        refused = requests.post(
            f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation", "print": False},
            headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10,
        )  # fmt: skip
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "paper_mode"
        assert queue(server)["waiting"] == []

        reloaded = open_kiosk(browser, server, kiosk_token)  # on load, from the snapshot
        try:
            reloaded.wait_for_selector("#paper-mode:not([hidden])", timeout=10000)
        finally:
            reloaded.close()

        supervisor.click("#paper-switch")
        supervisor.wait_for_selector("#confirm-dialog[open]")
        supervisor.click("#confirm-yes")
        supervisor.wait_for_selector("#paper-mode[data-active=false]", timeout=5000)
        kiosk.wait_for_selector("#paper-mode", state="hidden", timeout=5000)
        assert kiosk.errors == [] and supervisor.errors == []
    finally:
        kiosk.close()
        supervisor.close()


def test_a_paper_number_typed_at_the_desk_is_called_on_the_board(browser, server) -> None:
    cherga("user", "add", "olena", "--role", "operator", "--office", "main", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    page = console(browser, server, "olena")
    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        board.goto(server.url + "/display/main")
        board.wait_for_selector("#board[data-live=yes]", state="attached", timeout=10000)
        page.click("#open")
        page.wait_for_selector("#paper-ticket:not([disabled])", timeout=5000)
        page.click("#paper-ticket")
        page.wait_for_selector("#paper-dialog[open]")
        page.wait_for_selector("#paper-series:text('Р001–Р500')", timeout=5000)
        page.fill("#paper-number", "Р9999")
        page.click("#paper-call")
        page.wait_for_selector("#paper-error:text('Р001–Р500')", timeout=5000)  # not of the roll: said in the dialog
        page.fill("#paper-number", "р12")
        plain = page.eval_on_selector_all("#paper-service option", "options => options.map(o => o.value).filter(v => !v.startsWith('package-'))")
        page.select_option("#paper-service", plain[0])
        screenshot(page, "paper-roll-desk-dialog-uk")
        page.click("#paper-call")
        page.wait_for_selector("#paper-dialog:not([open])", state="attached", timeout=5000)
        page.wait_for_selector("#console[data-visitor=called]", state="attached", timeout=5000)
        assert page.inner_text("#visitor-number") == "Р012"
        board.wait_for_selector("#newest-number:text-is('Р012')", timeout=5000)
        screenshot(board, "paper-roll-board")

        page.click("#start")
        page.wait_for_selector("#console[data-visitor=serving]", state="attached", timeout=5000)
        page.locator("#finish, #finish-here").locator("visible=true").click()
        page.wait_for_selector("#console[data-visitor='']", state="attached", timeout=5000)
        page.click("#language")
        page.wait_for_selector("#paper-ticket:text-is('Paper ticket')", timeout=5000)
        page.click("#paper-ticket")
        page.fill("#paper-number", "P012")  # Latin: the same number
        page.click("#paper-call")
        page.wait_for_selector("#paper-error:text('already called today')", timeout=5000)
        screenshot(page, "paper-roll-desk-dialog-en")
        assert page.errors == []
    finally:
        page.close()
        board.close()

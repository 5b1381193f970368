"""The dashboard on a 1440×900 screen, at the server's start: it fits, no office is red for
boards nobody has switched on yet, a board is named as its page is, and a printer that cannot
tell its state is grey, not green."""

from __future__ import annotations

import time

import pytest
import requests

from browser import screenshot
from live_server import Agent, cherga

pytestmark = pytest.mark.contract
PASSWORD = "password-1"


@pytest.fixture
def head(server) -> str:
    cherga("user", "add", "head", "--role", "manager", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    return "head"


def dashboard(browser, server, path: str = "/dashboard"):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="uk-UA", timezone_id="Europe/Kyiv")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(server.url + path)
    page.fill("#username", "head")
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#dashboard[data-ready=true]", state="attached", timeout=10000)
    return page


def fits(page) -> None:
    widths = page.evaluate(
        "(() => { const box = document.querySelector('.offices'); const table = document.getElementById('offices-table');"
        " return [box.scrollWidth, box.clientWidth, table.getBoundingClientRect().right, document.documentElement.clientWidth]; })()"
    )
    assert widths[0] <= widths[1], widths  # no sideways scrolling: the alerts column is not cut
    assert widths[2] <= widths[3], widths


def test_the_network_table_fits_1440_and_no_office_is_red_for_boards_never_switched_on(browser, server, head) -> None:
    time.sleep(4.5)  # four heartbeats since the start: a board that had been seen would count as lost by now
    page = dashboard(browser, server)
    try:
        page.wait_for_timeout(300)
        screenshot(page, "dashboard-1440")
        fits(page)
        assert page.locator("#offices-table tr[data-office][data-alert='critical']").count() == 0
        assert page.locator("#offices-table tr[data-alerts~='board_offline']").count() == 0
        # a count agrees with its word in the page's language (the same rule as the server's)
        alert = page.evaluate("window.ChergaI18n.t('dashboard.alert.queue', {service: 'Консультація', count: 1, target: 15})")
        assert alert == "Консультація: 1 чекає понад 15 хв"
        shown = page.evaluate("window.ChergaI18n.number(1234.5, 1)")  # the one number formatter of every page
        assert shown.replace("\u00a0", " ").replace("\u202f", " ") == "1 234,5"

        page.goto(server.url + "/dashboard/vet")
        page.wait_for_selector("#dashboard[data-ready=true]", state="attached", timeout=10000)
        board = page.locator("#devices li[data-board='vet-hall']")
        board.wait_for(state="attached", timeout=5000)
        offices = requests.get(server.url + "/api/v1/offices", timeout=10).json()
        vet = next(office["name"] for office in offices if office["code"] == "vet")
        text = board.inner_text()
        assert vet in text and "vet-hall" not in text, text  # titled as its page is: by the office's name
        assert "не вмикалося" in text
        assert board.get_attribute("class") == "neutral"
        assert page.locator("#alerts .chip[data-kind='board_offline']").count() == 0
        assert page.errors == []
    finally:
        page.context.close()


def test_a_printer_that_cannot_tell_its_state_is_grey(browser, server, head, tmp_path) -> None:
    cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database)
    token = cherga("device", "add", "--kind", "agent", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    agent = Agent(server, token, f"file://{tmp_path / 'ticket.bin'}", tmp_path)  # a file cannot answer a status query
    page = dashboard(browser, server, "/dashboard/main")
    try:
        # the agent's own report, not the entry the page lists before the agent has connected (data-agent)
        printer = page.locator("#devices li[data-kiosk='kiosk-1'][data-state='unknown']:not([data-agent])")
        try:
            printer.wait_for(state="attached", timeout=20000)
        except Exception as error:
            raise AssertionError(agent.log() + page.inner_text("#devices")) from error
        assert printer.get_attribute("class") == "neutral"
        border = printer.evaluate("(node) => getComputedStyle(node).borderLeftColor")
        assert border != "rgb(46, 157, 87)", border  # not the green of a ready printer
        screenshot(page, "dashboard-printer-unknown")
    finally:
        page.context.close()
        agent.stop()


def test_the_table_still_fits_with_the_longest_alerts_and_a_board_seen_then_lost_is_red(browser, server, head) -> None:
    boards = [browser.new_page() for _ in range(2)]
    for board, code in zip(boards, ("main-hall", "main-land")):  # (main-passports is paired: a display token's)
        board.goto(f"{server.url}/display/main/{code}")
    page = dashboard(browser, server)
    try:
        token = requests.post(f"{server.url}/api/v1/auth/login", json={"username": "head", "password": PASSWORD}, timeout=10).json()["token"]
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:  # every board's page has said hello: seen since the start
            shown = requests.get(f"{server.url}/api/v1/dashboard/main", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()["boards"]
            if sum(board["online"] for board in shown) == 2:
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"the boards never connected: {shown}")
        for board in boards:
            board.close()
        boards = []
        page.wait_for_selector("#offices-table tr[data-office='main'][data-alert='critical'] .chip[data-kind='board_offline'] >> nth=1", state="attached", timeout=15000)
        screenshot(page, "dashboard-1440-alerts")
        fits(page)
    finally:
        for board in boards:
            board.close()
        page.context.close()

"""The managers' dashboard in headless Chromium against a real server: live figures, alerts that come and go.

Accounts and devices are made with the real CLI; operators and the kiosk act
over the REST API beside the page, a print agent runs as a real process
against a printer socket, and a board is a real board page. The server's
heartbeat is one second here, so a board counts as offline after four.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time

import pytest
import requests

from browser import screenshot
from live_server import Agent, cherga
from network_printer import NetworkPrinter

pytestmark = pytest.mark.contract
PASSWORD = "password-1"
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def call(server, method: str, path: str, token: str, body: dict | None = None) -> requests.Response:
    answer = requests.request(method, f"{server.url}/api/v1{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code in (200, 201, 204), f"{answer.status_code} {answer.text}"
    return answer


def login(server, name: str) -> str:
    return requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10).json()["token"]


@pytest.fixture
def people(server):
    """A manager (head), operators of main (olena) and dovh-1 (petro), a supervisor of vet, kiosks, a print agent."""
    def device(kind: str, office: str, name: str) -> str:
        return cherga("device", "add", "--kind", kind, "--office", office, "--name", name, database=server.database).splitlines()[-1]

    def user(name: str, role: str, *offices: str) -> None:
        office = ["--office", *offices] if offices else []
        cherga("user", "add", name, "--role", role, *office, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")

    user("head", "manager")
    user("olena", "operator", "main")
    user("petro", "operator", "dovh-1")
    user("iryna", "supervisor", "vet")
    return {
        "kiosk": device("kiosk", "main", "kiosk-1"),
        "kiosk_dovh": device("kiosk", "dovh-1", "kiosk-dovh"),
        "agent": device("agent", "main", "kiosk-1"),
        "olena": login(server, "olena"),
        "petro": login(server, "petro"),
    }


def issue(server, kiosk: str, office: str = "main", service: str = "consultation") -> dict:
    return call(server, "POST", f"/offices/{office}/tickets", kiosk, {"service": service, "print": False}).json()


def dashboard(browser, server, username: str = "head", path: str = "/dashboard", width: int = 1600, height: int = 1000):
    """A fresh browser logged in through the page's own form; it waits until the page has read its figures."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="uk-UA", timezone_id="Europe/Kyiv")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(server.url + path)
    page.wait_for_selector("#login-form")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    return page


def ready(page) -> None:
    page.wait_for_selector("#dashboard[data-ready=true]", state="attached", timeout=10000)


def row(page, office: str, attributes: str = "", timeout: int = 5000):
    """The office's row once it shows what `attributes` say (attribute selectors), else a failure naming what it shows."""
    selector = f"#offices-table tr[data-office='{office}']{attributes}"
    try:
        page.wait_for_selector(selector, state="attached", timeout=timeout)
    except Exception as error:
        shown = page.locator(f"#offices-table tr[data-office='{office}']").evaluate("(node) => Object.assign({}, node.dataset)")
        raise AssertionError(f"wanted {selector}; the row shows {shown}") from error
    return page.locator(selector)


def backdate(server, number: str, office: str, minutes: int) -> None:
    """Move a waiting ticket's issue back in time, as if the visitor had come `minutes` ago (the server runs on real time)."""
    issued = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes)).replace(tzinfo=None)
    with sqlite3.connect(server.database.removeprefix("sqlite:///"), timeout=10) as database:
        changed = database.execute(
            "UPDATE tickets SET issued_at = ? WHERE office = ? AND number = ? AND status = 'waiting'",
            (issued.isoformat(sep=" "), office, number),
        ).rowcount
    assert changed == 1


def test_a_manager_sees_every_office_and_follows_the_desks_live(browser, server, people) -> None:
    page = dashboard(browser, server)
    try:
        ready(page)
        assert page.locator("#offices-table tr[data-office]").count() == 39
        assert "Головний офіс ЦНАП «Віза»" in row(page, "main").inner_text()
        page.wait_for_timeout(4500)  # four heartbeats after the start: main's boards, shown by no page, are never seen, not offline
        first = issue(server, people["kiosk"])
        issue(server, people["kiosk"])
        issue(server, people["kiosk"], service="passport-foreign-adult")
        row(page, "main", "[data-waiting='3']")  # live: the kiosk's tickets
        call(server, "POST", "/desks/main-3/open", people["olena"])
        called = call(server, "POST", "/desks/main-3/call-next", people["olena"]).json()
        assert called["number"] == first["number"]
        main = row(page, "main", "[data-waiting='2'][data-serving='1']")  # the waiting count drops, a desk serves
        assert main.locator("td.open").inner_text() == "1 / 36"
        page.wait_for_selector("#totals [data-tile=waiting] .value:text-is('2')", timeout=3000)
        assert "board_offline" not in row(page, "main").get_attribute("data-alerts")  # boards never switched on: no red
        screenshot(page, "dashboard-network")

        page.click("#offices-table tr[data-office='main'] th a")  # into the office
        page.wait_for_url("**/dashboard/main")
        ready(page)
        page.wait_for_selector("#desks [data-desk='main-3'][data-status='open'][data-serving='true']", state="attached", timeout=5000)
        assert "olena" in page.inner_text("#desks [data-desk='main-3']")
        assert page.inner_text("#services tr[data-service='consultation'] td >> nth=0") == "1"
        call(server, "POST", "/desks/main-3/start", people["olena"])
        call(server, "POST", "/desks/main-3/finish", people["olena"])
        page.wait_for_selector("#desks [data-desk='main-3'][data-serving='false']", state="attached", timeout=5000)
        page.wait_for_selector("#staff tr[data-operator='olena'] td.num:text-is('1')", timeout=5000)  # served one today
        page.wait_for_selector("#tiles [data-tile=served] .value:text-is('1')", timeout=3000)
        assert page.locator("#alerts .chip[data-kind='board_offline']").count() == 0
        call(server, "POST", "/desks/main-3/call-next", people["olena"])  # the next visitor
        page.wait_for_selector("#desks [data-desk='main-3'][data-serving='true']", state="attached", timeout=5000)
        page.wait_for_selector("#tiles [data-tile=waiting] .value:text-is('1')", timeout=3000)
        screenshot(page, "dashboard-office")
        page.click("#language")
        page.wait_for_selector("#back:text-is('← All offices')")
        assert page.inner_text("#office-name") == "«Viza» main office"
        page.click("#language")
        assert page.errors == [] and page.evaluate("() => window.__violations") == []
    finally:
        page.context.close()


def test_a_queue_past_its_target_turns_the_office_red_and_clears_when_served(browser, server, people) -> None:
    page = dashboard(browser, server)
    try:
        ready(page)
        # in opening hours the office's kiosk, which has no print agent, raises an alert of its own once its
        # grace is over: the test follows the queue's alert alone, whatever the hour
        row(page, "dovh-1", ":not([data-alerts~='queue_over_target'])")
        late = issue(server, people["kiosk_dovh"], office="dovh-1")  # consultation: a 15 minutes' target
        backdate(server, late["number"], "dovh-1", 20)
        issue(server, people["kiosk_dovh"], office="dovh-1")  # an event of dovh-1: the page reads the office again
        red = row(page, "dovh-1", "[data-alert='critical'][data-alerts~='queue_over_target']")
        assert "1 чекає понад 15 хв" in red.locator("td.alerts").inner_text()  # the verb agrees with one visitor
        assert red.locator("td.past-target").inner_text() == "1"
        call(server, "POST", "/desks/dovh-1-1/open", people["petro"])
        assert call(server, "POST", "/desks/dovh-1-1/call-next", people["petro"]).json()["number"] == late["number"]
        row(page, "dovh-1", ":not([data-alerts~='queue_over_target'])[data-waiting='1']")  # cleared by itself
        assert page.errors == []
    finally:
        page.context.close()


def test_a_printer_alert_appears_when_the_printer_is_unreachable_and_clears_when_it_is_back(browser, server, people, tmp_path) -> None:
    printer = NetworkPrinter()
    port = printer.port
    printer.close()  # nothing listens there: the agent finds the printer unreachable
    agent = Agent(server, people["agent"], f"tcp://127.0.0.1:{port}", tmp_path)
    repaired = None
    page = dashboard(browser, server)
    try:
        ready(page)
        try:
            row(page, "main", "[data-alerts~='printer']", timeout=20000)
        except AssertionError as error:
            raise AssertionError(agent.log()) from error
        page.goto(server.url + "/dashboard/main")
        ready(page)
        page.wait_for_selector("#devices li[data-kiosk='kiosk-1'][data-state='unreachable']", state="attached", timeout=5000)
        assert "Принтер kiosk-1: недоступний" in page.inner_text("#alerts")
        repaired = NetworkPrinter(port=port)  # the printer is back at its address
        page.wait_for_selector("#devices li[data-kiosk='kiosk-1'][data-state='ready']", state="attached", timeout=15000)
        assert page.locator("#alerts .chip[data-kind='printer']").count() == 0  # cleared by itself
        assert page.errors == []
    finally:
        page.context.close()
        agent.stop()
        if repaired is not None:
            repaired.close()


def test_a_board_alert_comes_when_a_board_seen_since_the_start_is_lost_and_clears_when_it_is_back(browser, server, people) -> None:
    time.sleep(4.5)  # four heartbeats since the server started: a board never seen is still no alert
    page = dashboard(browser, server, path="/dashboard/main")
    board = None
    try:
        ready(page)
        hall = "#alerts .chip[data-kind='board_offline'][data-subject='main-hall']"
        page.wait_for_selector("#devices li[data-board='main-hall'].neutral", state="attached", timeout=5000)
        assert page.locator(hall).count() == 0
        board = browser.new_page()
        board.goto(server.url + "/display/main/main-hall")
        page.wait_for_selector("#devices li[data-board='main-hall'][data-online='true']", state="attached", timeout=10000)
        assert page.locator(hall).count() == 0
        board.close()
        board = None
        page.wait_for_selector(hall, state="attached", timeout=15000)  # seen, then lost: four heartbeats later, by itself
        assert "Табло «Головний зал» не на зв'язку з" in page.inner_text("#alerts")
        board = browser.new_page()  # back on the wall: the alert clears by itself
        board.goto(server.url + "/display/main/main-hall")
        page.wait_for_selector("#devices li[data-board='main-hall'][data-online='true']", state="attached", timeout=10000)
        assert page.locator(hall).count() == 0
        assert page.errors == []
    finally:
        if board is not None:
            board.close()
        page.context.close()


def test_a_supervisor_sees_their_office_and_an_operator_is_sent_to_the_desk(browser, server, people) -> None:
    page = dashboard(browser, server, username="iryna")
    try:
        ready(page)
        assert [node.get_attribute("data-office") for node in page.locator("#offices-table tr[data-office]").all()] == ["vet"]
        page.goto(server.url + "/dashboard/main")
        page.wait_for_selector("#refused")
        assert "не у вашому підпорядкуванні" in page.inner_text("#refused")
    finally:
        page.context.close()
    page = dashboard(browser, server, username="olena")
    try:
        page.wait_for_selector("#refused a[href='/desk']")
        assert "Ця сторінка — для керівників" in page.inner_text("#refused")
    finally:
        page.context.close()

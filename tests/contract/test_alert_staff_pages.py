"""The air-raid pause on the staff pages, in headless Chromium against a real server.

The desk console stops calling while the office's alert is on (a visit at the
desk may still be finished) and calls again, in the same order, after it; the
supervisor starts and ends the alert from its page; the managers' dashboard
marks the offices in alert and its network form starts one for two offices.
Accounts are made with the real CLI; the alert is switched over the REST API
beside the pages where a page only watches.
"""

from __future__ import annotations

import pytest
import requests

from browser import screenshot
from desk_pages import console
from live_server import cherga

pytestmark = pytest.mark.contract
PASSWORD = "password-1"
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def add_user(server, name: str, role: str, *offices: str) -> str:
    office = ["--office", *offices] if offices else []
    cherga("user", "add", name, "--role", role, *office, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    return requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10).json()["token"]


def call(server, method: str, path: str, token: str | None = None, body: dict | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, f"{server.url}/api/v1{path}", json=body, headers=headers, timeout=10)


def switch(server, token: str, active: bool, office: str = "main") -> None:
    answer = call(server, "POST", f"/offices/{office}/alert", token, {"active": active})
    assert answer.status_code == 200, answer.text


def logged_in(browser, server, username: str, path: str, width: int = 1440, height: int = 900):
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


def english(page) -> None:
    page.click("#language")
    page.wait_for_selector("html[lang=en]", state="attached")


def ukrainian(page) -> None:
    page.click("#language")
    page.wait_for_selector("html[lang=uk]", state="attached")


def wait_console(page, visitor: str = "") -> None:
    page.wait_for_selector(f"#console[data-status='open'][data-visitor='{visitor}'][data-busy='']", state="attached", timeout=5000)


@pytest.fixture
def desk_day(server):
    """A kiosk and three waiting tickets at main, an operator (olena) and a supervisor (iryna) of main."""
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    tickets = []
    for _ in range(3):
        answer = call(server, "POST", "/offices/main/tickets", kiosk, {"service": "consultation", "print": False})
        assert answer.status_code == 201, answer.text
        tickets.append(answer.json()["number"])
    add_user(server, "olena", "operator", "main")
    return {"kiosk": kiosk, "tickets": tickets, "iryna": add_user(server, "iryna", "supervisor", "main")}


def test_the_desk_console_stops_calling_in_an_alert_and_calls_in_order_after_it(browser, server, desk_day) -> None:
    first, second, third = desk_day["tickets"]
    page = console(browser, server, "olena")
    try:
        page.click("#open")
        wait_console(page)
        page.click("#call-next")
        wait_console(page, "called")
        assert page.inner_text("#visitor-number") == first

        switch(server, desk_day["iryna"], True)
        page.wait_for_selector("#air-raid:not([hidden])", timeout=5000)
        assert page.inner_text("#air-raid .air-raid-title").startswith("Повітряна тривога — виклик призупинено з ")
        page.click("#start")  # the visit at the desk goes on and is finished as usual
        wait_console(page, "serving")
        page.click("#finish")
        wait_console(page)
        assert page.is_disabled("#call-next")
        assert page.get_attribute("#call-next", "title") == "Під час повітряної тривоги виклик призупинено"
        assert all(button.is_disabled() for button in page.locator("#waiting-list button").all())  # out of turn is calling too
        page.keyboard.press("n")  # the shortcut does nothing either
        assert page.get_attribute("#console", "data-visitor") == ""
        screenshot(page, "alert-desk-console-uk")
        english(page)
        assert page.inner_text("#air-raid .air-raid-title").startswith("Air-raid alert — calling is paused since ")
        assert page.get_attribute("#call-next", "title") == "Calling is paused during the air-raid alert"
        screenshot(page, "alert-desk-console-en")
        ukrainian(page)

        switch(server, desk_day["iryna"], False)
        page.wait_for_selector("#air-raid", state="hidden", timeout=5000)
        page.wait_for_selector("#notice:text('Відбій тривоги')", timeout=5000)
        assert page.is_enabled("#call-next") and page.get_attribute("#call-next", "title") == ""

        # a tap already on its way when the alert begins: the server refuses it, the console says why
        def alert_first(route) -> None:
            switch(server, desk_day["iryna"], True)
            route.continue_()

        page.route("**/api/v1/desks/*/call-next", alert_first)
        page.click("#call-next")
        page.wait_for_selector("#message:text('Не викликано: у відділенні повітряна тривога')", timeout=5000)
        page.unroute("**/api/v1/desks/*/call-next")
        page.wait_for_selector("#air-raid:not([hidden])", timeout=5000)
        assert page.get_attribute("#console", "data-visitor") == ""

        switch(server, desk_day["iryna"], False)
        page.wait_for_selector("#air-raid", state="hidden", timeout=5000)
        page.click("#call-next")
        wait_console(page, "called")
        assert page.inner_text("#visitor-number") == second  # the queue goes on in the order it stopped
        waiting = [ticket["number"] for ticket in call(server, "GET", "/offices/main/queue").json()["waiting"]]
        assert waiting == [third]
        assert page.errors == []
    finally:
        page.context.close()


def test_the_supervisor_starts_and_ends_the_alert_from_its_page(browser, server, desk_day) -> None:
    page = logged_in(browser, server, "iryna", "/supervisor")
    try:
        page.wait_for_selector("#supervisor[data-ready=true]", timeout=10000)
        page.wait_for_selector("#air-raid-control[data-active=no]", state="attached", timeout=5000)
        assert page.inner_text("#air-raid-state") == "Тривоги немає: відділення працює як зазвичай."
        page.click("#air-raid-start")
        page.wait_for_selector("#confirm-dialog[open]")
        assert page.inner_text("#confirm-title").startswith("Оголосити повітряну тривогу: ")
        page.click("#confirm-dialog button[data-close]")  # cancelled: nothing happens
        assert call(server, "GET", "/offices/main/alert").json()["active"] is False

        page.click("#air-raid-start")
        page.wait_for_selector("#confirm-dialog[open]")
        screenshot(page, "alert-supervisor-confirm-uk")
        page.click("#confirm-yes")
        page.wait_for_selector("#air-raid-control[data-active=yes]", state="attached", timeout=5000)
        state = call(server, "GET", "/offices/main/alert").json()
        assert state["active"] is True
        assert page.inner_text("#air-raid-state").startswith("Тривога з ")
        assert page.inner_text("#notice") == "Тривогу оголошено."
        assert page.is_visible("#air-raid-end") and not page.is_visible("#air-raid-start")
        # the alert keeps the automatic day close away: the supervisor closes what is left of past days
        page.click("#air-raid-day-close")
        page.wait_for_selector("#confirm-dialog[open]")
        assert page.inner_text("#confirm-title").startswith("Закрити залишки минулого дня")
        page.click("#confirm-yes")
        page.wait_for_function("() => document.getElementById('notice').textContent.includes('нічого не змінено')", timeout=5000)
        audit = call(server, "GET", "/offices/main/audit", desk_day["iryna"]).json()
        assert [entry for entry in audit if entry["action"] == "day_close"] == []  # nothing was left: nothing done, nothing recorded
        refused = call(server, "POST", "/offices/main/tickets", desk_day["kiosk"], {"service": "consultation", "print": False})
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "air_raid"
        screenshot(page, "alert-supervisor-on-uk")
        english(page)
        assert page.inner_text("#air-raid-state").startswith("Alert since ")
        screenshot(page, "alert-supervisor-on-en")
        ukrainian(page)

        page.click("#air-raid-end")
        page.wait_for_selector("#confirm-dialog[open]")
        assert page.inner_text("#confirm-title").startswith("Оголосити відбій тривоги: ")
        page.click("#confirm-yes")
        page.wait_for_selector("#air-raid-control[data-active=no]", state="attached", timeout=5000)
        assert call(server, "GET", "/offices/main/alert").json()["active"] is False
        assert not page.is_visible("#air-raid-day-close")  # no alert: the day closes by itself at midnight
        audit = call(server, "GET", "/offices/main/audit", desk_day["iryna"]).json()
        assert [entry["action"] for entry in audit if entry["action"].startswith("air_raid")] == ["air_raid_end", "air_raid_start"]

        switch(server, desk_day["iryna"], True)  # started elsewhere (another screen, a manager): shown live
        page.wait_for_selector("#air-raid-control[data-active=yes]", state="attached", timeout=5000)
        assert page.errors == [] and page.evaluate("() => window.__violations") == []
    finally:
        page.context.close()


def test_the_dashboard_marks_offices_in_alert_and_its_form_starts_one_for_two_offices(browser, server) -> None:
    add_user(server, "head", "manager")
    supervisor = add_user(server, "iryna", "supervisor", "vet")
    page = logged_in(browser, server, "head", "/dashboard", width=1600, height=1000)
    try:
        page.wait_for_selector("#dashboard[data-ready=true]", state="attached", timeout=30000)  # 39 offices followed: slow on a busy machine
        page.wait_for_selector("#totals [data-tile=air-raid][data-count='0']", state="attached", timeout=5000)

        switch(server, supervisor, True, office="vet")  # the office's own supervisor: the dashboard follows its stream
        page.wait_for_selector("#offices-table tr[data-office='vet'][data-air-raid='yes'] .air-raid-badge:text-is('Тривога')", timeout=5000)
        page.wait_for_selector("#totals [data-tile=air-raid][data-count='1']", state="attached", timeout=5000)

        page.click("#air-raid-form-card summary")
        page.click("#air-raid-start")
        page.wait_for_selector("#air-raid-error:text('Позначте хоча б одне відділення.')")
        page.check("#air-raid-offices input[value='main']")
        page.check("#air-raid-offices input[value='dovh-1']")
        page.click("#air-raid-start")
        page.wait_for_selector("#air-raid-dialog[open]")
        assert page.inner_text("#air-raid-confirm-title").startswith("Оголосити повітряну тривогу: ")
        screenshot(page, "alert-dashboard-confirm-uk")
        page.click("#air-raid-confirm")
        page.wait_for_selector("#air-raid-notice:text('Готово: змінено 2, уже були в цьому стані 0.')", timeout=5000)
        for office in ("main", "dovh-1", "vet"):
            page.wait_for_selector(f"#offices-table tr[data-office='{office}'][data-air-raid='yes']", state="attached", timeout=5000)
            assert call(server, "GET", f"/offices/{office}/alert").json()["active"] is True
        page.wait_for_selector("#totals [data-tile=air-raid][data-count='3']", state="attached", timeout=5000)
        assert page.locator("#offices-table tr[data-air-raid='yes']").count() == 3
        screenshot(page, "alert-dashboard-uk")
        english(page)
        page.wait_for_selector("#offices-table tr[data-office='vet'] .air-raid-badge:text-is('Alert')")
        assert page.inner_text("#offices-table tr[data-office='vet'] td.alerts").startswith("Air-raid alert since ")  # never «all well»
        assert page.inner_text("#air-raid-notice") == "Done: 2 changed, 0 already so."
        screenshot(page, "alert-dashboard-en")
        ukrainian(page)

        page.check("#air-raid-all")
        page.click("#air-raid-end")
        page.wait_for_selector("#air-raid-dialog[open]")
        assert page.inner_text("#air-raid-confirm-title") == "Оголосити відбій тривоги: Уся мережа?"
        page.click("#air-raid-confirm")
        page.wait_for_selector("#totals [data-tile=air-raid][data-count='0']", state="attached", timeout=5000)
        assert call(server, "GET", "/alerts").json() == {"offices": []}
        assert page.locator("#offices-table .air-raid-badge").count() == 0

        page.goto(server.url + "/dashboard/vet")
        switch(server, supervisor, True, office="vet")
        page.wait_for_selector("#office-air-raid:not([hidden])", timeout=5000)
        assert page.inner_text("#office-air-raid").startswith("Повітряна тривога з ")
        assert page.errors == [] and page.evaluate("() => window.__violations") == []
    finally:
        page.context.close()

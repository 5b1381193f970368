"""The supervisor's page in headless Chromium against a real server: live desks, the day's changes, the log.

Every account is made with the real CLI; the supervisor logs in through the
page's own form, operators and the kiosk act over the REST API beside it, as
they would from their own screens.
"""

from __future__ import annotations

import re

import pytest
import requests

from browser import screenshot
from live_server import cherga
from queue_server.network_config import load_network

pytestmark = pytest.mark.contract
PASSWORD = "password-1"


def call(server, method: str, path: str, token: str, body: dict | None = None) -> requests.Response:
    return requests.request(method, f"{server.url}/api/v1{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def ok(answer: requests.Response) -> dict | list | None:
    assert answer.status_code in (200, 201, 204), f"{answer.status_code} {answer.text}"
    return answer.json() if answer.status_code != 204 else None


def add_user(server, name: str, role: str, office: str) -> str:
    cherga("user", "add", name, "--role", role, "--office", office, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    answer = requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10)
    return answer.json()["token"]


@pytest.fixture
def office(server):
    """A kiosk, an operator (olena) and a supervisor (iryna) of the main office."""
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    cherga("device", "add", "--kind", "display", "--office", "main", "--name", "hall", database=server.database)
    cherga("device", "add", "--kind", "kiosk", "--office", "dovh-1", "--name", "kiosk-dovh", database=server.database)
    olena = add_user(server, "olena", "operator", "main")
    cherga("user", "add", "iryna", "--role", "supervisor", "--office", "main", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    return {"kiosk": kiosk, "olena": olena}


def issue(server, kiosk: str, service: str = "consultation", **extra) -> dict:
    return ok(call(server, "POST", "/offices/main/tickets", kiosk, {"service": service, "print": False, **extra}))


def logged_in_page(browser, server, username: str = "iryna", path: str = "/supervisor", width: int = 1440, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height}, locale="uk-UA", timezone_id="Europe/Kyiv")
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(server.url + path)
    page.wait_for_selector("#login-form")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    return page


def supervisor_page(browser, server, **options):
    page = logged_in_page(browser, server, **options)
    page.wait_for_selector("#supervisor[data-ready=true]", timeout=10000)
    page.wait_for_selector("#desks tbody tr[data-desk]", state="attached", timeout=10000)
    return page


def wait_closed(page, dialog: str) -> None:
    """The dialog closes when the server accepted the change; its error says why not."""
    page.wait_for_function(f"() => !document.getElementById('{dialog}').open || document.querySelector('#{dialog} .error').textContent", timeout=5000)
    assert page.evaluate(f"document.getElementById('{dialog}').open") is False, page.inner_text(f"#{dialog} .error")


def desk_row(page, desk: str):
    return page.locator(f"#desks tr[data-desk='{desk}']")


def test_the_supervisor_follows_the_desks_live_changes_services_and_closes_a_forgotten_desk(browser, server, office) -> None:
    kiosk, olena = office["kiosk"], office["olena"]
    taras = add_user(server, "taras", "operator", "main")
    page = supervisor_page(browser, server)
    try:
        assert page.inner_text("#office-select option:checked") == "Головний офіс ЦНАП «Віза»"
        assert desk_row(page, "main-3").get_attribute("data-status") == "closed"
        assert page.locator("#desks tr[data-desk]").count() == 36

        ok(call(server, "POST", "/desks/main-3/open", olena))  # an operator starts work: the page shows it live
        page.wait_for_selector("#desks tr[data-desk='main-3'][data-status='open']", timeout=2000)
        assert "olena" in desk_row(page, "main-3").inner_text()
        ok(call(server, "POST", "/desks/main-4/open", taras))
        ok(call(server, "POST", "/desks/main-4/pause", taras, {"reason": "lunch"}))
        page.wait_for_selector("#desks tr[data-desk='main-4'][data-status='paused']", timeout=2000)
        assert "Перерва: обід" in desk_row(page, "main-4").inner_text()

        consultation = issue(server, kiosk)
        passport = issue(server, kiosk, "passport-foreign-adult")
        page.wait_for_selector("#count-queue:text-is('2')", timeout=2000)

        # today main-3 serves international passports only
        desk_row(page, "main-3").locator("button:has-text('Послуги')").click()
        page.wait_for_selector("#services-dialog[open]")
        assert page.inner_text("#services-title") == "Послуги на сьогодні: Вікно 3"
        configured = len(load_network().desk("main-3").profile.weights)  # the bundled profile: every service of the main office
        assert page.locator("#services-list input[name=service]:checked").count() == configured
        page.click("#services-none")
        page.fill("#services-filter", "закордонного паспорта")
        row = page.locator("#services-list .service-row[data-service='passport-foreign-adult']")
        row.locator("input[name=service]").check()
        row.locator("input[name=weight]").fill("2")
        screenshot(page, "supervisor-services-dialog")
        page.click("#services-save")
        wait_closed(page, "services-dialog")
        page.wait_for_selector("#desks tr[data-desk='main-3'] .badge.changed", timeout=3000)
        assert "Оформлення закордонного паспорта" in desk_row(page, "main-3").inner_text()
        answer = ok(call(server, "GET", "/offices/main/desks/state", olena))
        state = {desk["id"]: desk for desk in (answer["desks"] if isinstance(answer, dict) else answer)}
        assert state["main-3"]["services"] == ["passport-foreign-adult"] and state["main-3"]["services_changed"] is True

        called = ok(call(server, "POST", "/desks/main-3/call-next", olena))  # the earlier consultation is not this desk's today
        assert called["number"] == passport["number"] and called["number"] != consultation["number"]
        page.wait_for_selector(f"#desks tr[data-desk='main-3'] .number:text-is('{passport['number']}')", timeout=2000)
        assert "викликано о" in desk_row(page, "main-3").inner_text()
        screenshot(page, "supervisor-desks")

        ok(call(server, "POST", "/desks/main-3/finish", olena))
        # olena leaves without closing: the supervisor closes the desk, with a reason
        desk_row(page, "main-3").locator("button:has-text('Закрити вікно')").click()
        page.wait_for_selector("#confirm-dialog[open]")
        assert page.inner_text("#confirm-title") == "Закрити Вікно 3?"
        page.click("#confirm-yes")  # no reason yet: refused on the page
        assert page.inner_text("#confirm-error") == "Вкажіть причину"
        page.fill("#confirm-reason", "Працівниця пішла, не закривши вікно")
        page.click("#confirm-yes")
        page.wait_for_selector("#desks tr[data-desk='main-3'][data-status='closed']", timeout=3000)
        assert page.inner_text("#notice") == "Вікно закрито: Вікно 3"
        refused = call(server, "POST", "/desks/main-3/call-next", olena)
        assert refused.status_code == 409, refused.text

        # a refusal from the server is said in the dialog: main-4's operator closed it meanwhile
        desk_row(page, "main-4").locator("button:has-text('Закрити вікно')").click()
        page.fill("#confirm-reason", "Кінець зміни")
        ok(call(server, "POST", "/desks/main-4/resume", taras))
        ok(call(server, "POST", "/desks/main-4/close", taras))  # closed by its operator meanwhile
        page.click("#confirm-yes")
        page.wait_for_selector("#confirm-error:not(:empty)")
        assert "Не вдалося" in page.inner_text("#confirm-error")

        # the profile comes back
        page.click("#confirm-dialog [data-close]")
        desk_row(page, "main-3").locator("button:has-text('Послуги')").click()
        page.click("#services-restore")
        page.wait_for_selector("#desks tr[data-desk='main-3'] .badge.changed", state="detached", timeout=3000)
        assert page.errors == []
    finally:
        page.close()


def test_the_supervisor_cancels_and_moves_waiting_tickets_and_the_log_says_who_did_what(browser, server, office) -> None:
    kiosk, olena = office["kiosk"], office["olena"]
    first, second, third = issue(server, kiosk), issue(server, kiosk), issue(server, kiosk, "social-subsidy", priority="veteran")
    ok(call(server, "POST", "/desks/main-5/open", olena))
    page = supervisor_page(browser, server)
    try:
        page.click(".tabs [data-tab=queue]")
        page.wait_for_selector(f"#waiting tr[data-number='{third['number']}']")
        assert page.locator("#waiting tbody tr").count() == 3
        # the staff stream, not the public one: the priority category is staff-only
        veteran = page.locator(f"#waiting tr[data-number='{third['number']}'] .badge.priority")
        assert veteran.inner_text() == "пільговий" and veteran.get_attribute("title") == "Ветеран війни, учасник бойових дій"

        page.locator(f"#waiting tr[data-number='{first['number']}'] button:has-text('Скасувати')").click()
        page.wait_for_selector("#confirm-dialog[open]")
        assert first["number"] in page.inner_text("#confirm-text")
        page.fill("#confirm-reason", "Відвідувач пішов")
        page.click("#confirm-yes")
        page.wait_for_selector(f"#waiting tr[data-number='{first['number']}']", state="detached", timeout=3000)
        assert ok(requests.get(f"{server.url}/api/v1/tickets/{first['token']}", timeout=10))["status"] == "cancelled"

        page.locator(f"#waiting tr[data-number='{second['number']}'] button:has-text('Перемістити')").click()
        page.wait_for_selector("#move-dialog[open]")
        page.select_option("#move-service", "passport-foreign-adult")
        page.select_option("#move-desk", "main-5")
        page.fill("#move-reason", "Прийшов по закордонний паспорт")
        screenshot(page, "supervisor-move-dialog")
        page.click("#move-dialog button[type=submit]")
        wait_closed(page, "move-dialog")
        moved = page.locator(f"#waiting tr[data-number='{second['number']}']")
        moved.locator("text=Оформлення закордонного паспорта").wait_for(timeout=3000)
        assert "до: Вікно 5" in moved.inner_text()
        numbers = page.locator("#waiting tbody tr").evaluate_all("rows => rows.map(row => row.dataset.number)")
        assert numbers == [second["number"], third["number"]]  # it kept its place
        assert ok(call(server, "POST", "/desks/main-5/call-next", olena))["number"] == second["number"]

        page.click(".tabs [data-tab=log]")
        page.wait_for_selector("#log tbody tr[data-action='move']", timeout=5000)
        rows = page.locator("#log tbody tr")
        entries = rows.evaluate_all("rows => rows.map(row => [row.dataset.actor, row.dataset.action, row.children[1].innerText, row.children[2].innerText])")
        assert ["user:iryna", "cancel", "iryna", "скасував талон"] in entries
        assert ["user:iryna", "move", "iryna", "перемістив талон"] in entries
        assert ["user:olena", "open", "olena", "відкрив вікно"] in entries
        assert ["user:olena", "call_next", "olena", "викликав наступного"] in entries
        assert entries.index(["user:iryna", "move", "iryna", "перемістив талон"]) < entries.index(["user:iryna", "cancel", "iryna", "скасував талон"])  # newest first
        cancel_row = page.locator("#log tr[data-action='cancel']").first
        assert first["number"] in cancel_row.inner_text() and "Відвідувач пішов" in cancel_row.inner_text()

        page.select_option("#log-actor", "user:iryna")
        page.click("#log-filters button[type=submit]")
        page.wait_for_function("() => [...document.querySelectorAll('#log tbody tr')].every(row => row.dataset.actor === 'user:iryna')")
        page.select_option("#log-actor", "")
        page.select_option("#log-action", "cancel")
        page.click("#log-filters button[type=submit]")
        page.wait_for_function("() => [...document.querySelectorAll('#log tbody tr')].every(row => row.dataset.action === 'cancel')")
        assert page.locator("#log tbody tr").count() == 1
        page.select_option("#log-action", "")
        page.click("#log-filters button[type=submit]")
        page.wait_for_selector("#log tbody tr[data-action='open']")
        screenshot(page, "supervisor-audit")

        page.click("#language")  # English: the same log in English words
        page.wait_for_selector("#log tr[data-action='cancel'] td.action:text-is('cancelled a ticket')")
        assert page.inner_text(".tabs [data-tab=log]") == "Audit log"
        assert page.errors == []
    finally:
        page.close()


def test_older_log_entries_come_page_by_page(browser, server, office) -> None:
    olena = office["olena"]
    for _ in range(30):  # 60 entries of olena's and more of the logins
        ok(call(server, "POST", "/desks/main-7/open", olena))
        ok(call(server, "POST", "/desks/main-7/close", olena))
    page = supervisor_page(browser, server, path="/supervisor#log")
    try:
        page.wait_for_selector("#log tbody tr[data-action]")
        assert page.locator("#log tbody tr").count() == 50
        ids_before = page.locator("#log tbody tr").count()
        page.click("#log-older")
        page.wait_for_function(f"() => document.querySelectorAll('#log tbody tr').length > {ids_before}")
        actions = page.locator("#log tbody tr").evaluate_all("rows => rows.map(row => row.dataset.action)")
        assert actions.count("open") == 30 and actions.count("close") == 30
        page.wait_for_selector("#log-older", state="hidden")
        assert page.errors == []
    finally:
        page.close()


def test_a_revoked_kiosk_is_refused_and_the_devices_show_it(browser, server, office) -> None:
    kiosk = office["kiosk"]
    issue(server, kiosk)
    page = supervisor_page(browser, server, path="/supervisor#devices")
    try:
        page.wait_for_selector("#devices tr[data-kind='kiosk']")
        names = page.locator("#devices tbody tr").evaluate_all("rows => rows.map(row => row.children[1].innerText)")
        assert sorted(names) == ["hall", "kiosk-1"]  # never another office's kiosk
        page.locator("#devices tr[data-kind='kiosk'] button:has-text('Відкликати')").click()
        page.wait_for_selector("#confirm-dialog[open]")
        assert page.inner_text("#confirm-title") == "Відкликати: Кіоск «kiosk-1»?"
        assert page.is_hidden("#confirm-reason")
        page.click("#confirm-yes")
        page.wait_for_selector("#devices tr[data-kind='kiosk'].revoked", timeout=3000)
        assert "Відкликано" in page.inner_text("#devices tr[data-kind='kiosk']")
        refused = call(server, "POST", "/offices/main/tickets", kiosk, {"service": "consultation", "print": False})
        assert refused.status_code == 401, refused.text
        page.click(".tabs [data-tab=log]")
        page.wait_for_selector("#log tr[data-action='device_revoked']")
        assert "iryna" in page.inner_text("#log tr[data-action='device_revoked']")
        assert page.errors == []
    finally:
        page.close()


def test_the_staff_tab_shows_who_is_logged_in_and_where(browser, server, office) -> None:
    ok(call(server, "POST", "/desks/main-2/open", office["olena"]))
    add_user(server, "taras", "operator", "main")
    page = supervisor_page(browser, server, path="/supervisor#staff")
    try:
        page.wait_for_selector("#staff tr[data-user='olena']")
        olena = page.inner_text("#staff tr[data-user='olena']")
        assert "адміністратор вікна" in olena and "працює" in olena and "Вікно 2" in olena
        assert "не за вікном" in page.inner_text("#staff tr[data-user='taras']")
        assert "керівник залу" in page.inner_text("#staff tr[data-user='iryna']")
        assert page.errors == []
    finally:
        page.close()


def test_an_operator_is_told_the_page_is_for_supervisors(browser, server, office) -> None:
    page = logged_in_page(browser, server, username="olena")
    try:
        page.wait_for_selector("#refused")
        assert page.inner_text("#refused h2") == "Ця сторінка — для керівників залу"
        assert page.get_attribute("#refused a", "href") == "/desk"
        screenshot(page, "supervisor-operator-refused")
        assert page.locator("#supervisor").count() == 0
        for path in ("/offices/main/audit", "/offices/main/staff", "/devices?office=main"):
            assert call(server, "GET", path, office["olena"]).status_code == 403, path
        assert call(server, "POST", "/desks/main-3/force-close", office["olena"], {"reason": "x"}).status_code == 403
        assert page.errors == []
    finally:
        page.close()


def test_a_supervisor_of_another_office_never_sees_this_one(browser, server, office) -> None:
    petro = add_user(server, "petro", "supervisor", "dovh-1")
    page = supervisor_page(browser, server, username="petro", path="/supervisor?office=main")
    try:
        offered = page.locator("#office-select option").evaluate_all("options => options.map(option => option.value)")
        assert offered == ["dovh-1"]
        assert page.get_attribute("#supervisor", "data-office") == "dovh-1"
        assert "не належить до ваших" in page.inner_text("#message")
        assert not any(row.startswith("main-") for row in page.locator("#desks tr[data-desk]").evaluate_all("rows => rows.map(row => row.dataset.desk)"))
        for path in ("/offices/main/desks/state", "/offices/main/audit", "/offices/main/staff", "/devices?office=main"):
            assert call(server, "GET", path, petro).status_code == 403, path
        ticket = issue(server, office["kiosk"])
        assert call(server, "POST", f"/offices/main/tickets/{ticket['id']}/cancel", petro, {"reason": "x"}).status_code == 403
        assert call(server, "PUT", "/desks/main-3/services", petro, {"weights": {"consultation": 1}}).status_code == 403
        # the page's own calls are refused too, with the page's words
        page.evaluate("ChergaSupervisor.api('GET', '/offices/main/audit').catch(e => ChergaSupervisor.showError(e))")
        page.wait_for_selector("#message:has-text('Немає права')")
        assert page.errors == []
    finally:
        page.close()


def test_a_lost_connection_shows_the_offline_bar_and_the_page_catches_up(browser, server, office) -> None:
    page = supervisor_page(browser, server)  # the server keeps its secret key: the session outlives a restart
    try:
        server.kill()
        page.wait_for_selector("#offline:not([hidden])", timeout=15000)
        assert "Немає зв'язку" in page.inner_text("#offline")
        server.start()
        ok(call(server, "POST", "/desks/main-6/open", office["olena"]))
        page.wait_for_selector("#offline", state="hidden", timeout=20000)
        page.wait_for_selector("#desks tr[data-desk='main-6'][data-status='open']", timeout=10000)
        assert page.errors == [] or all(re.search("Failed to fetch|NetworkError", error) for error in page.errors)
    finally:
        page.close()

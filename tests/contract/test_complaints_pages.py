"""The register of complaints, the desk's outcome dates and the outcomes' import, in headless Chromium on a real server.

One server and one browser for every check: a complaint received 40 days
ago is overdue in the register (marked, with its days) and in the manager's
network list; a hotline complaint is entered and answered (a double tap
enters and answers once); a refusal is said in words; the administrator
records the outcome date of a request they served at the desk console; the
manager's CSV upload shows its rejected row with line and reason; a reload
keeps what was written. axe-core finds nothing serious on the pages.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import requests
import sqlalchemy as sa

from accessibility import assert_accessible
from browser import screenshot
from live_server import cherga
from queue_server.store.schema import audit_log, complaints, request_outcomes

pytestmark = pytest.mark.contract
PASSWORD = "password-1"
KYIV = ZoneInfo("Europe/Kyiv")


def call(server, method: str, path: str, token: str, body: dict | None = None):  # type: ignore[no-untyped-def]
    answer = requests.request(method, f"{server.url}/api/v1{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert answer.status_code in (200, 201), f"{answer.status_code} {answer.text[:300]}"
    return answer.json()


def add_user(server, name: str, role: str, *offices: str) -> str:
    office_args = ("--office", *offices) if offices else ()
    cherga("user", "add", name, "--role", role, *office_args, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    return requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10).json()["token"]


def logged_in(browser, server, username: str, path: str):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="uk-UA", timezone_id="Europe/Kyiv")
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" and "Failed to load resource" not in message.text else None)
    page.goto(server.url + path)
    page.wait_for_selector("#login-form")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    return page


def rows(server, table: sa.Table, *where) -> list:  # type: ignore[no-untyped-def]
    engine = sa.create_engine(server.database)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.select(table).where(*where)))
    finally:
        engine.dispose()


def old_complaint(server) -> int:
    """A hotline complaint received 40 days ago at main and never answered: 10 days overdue (term 30 days)."""
    received = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=40)
    due = received.astimezone(KYIV).date() + dt.timedelta(days=30)
    engine = sa.create_engine(server.database)
    try:
        with engine.begin() as conn:
            return conn.execute(sa.insert(complaints).values(
                office="main", channel="written", text="Лист: третій тиждень не видають довідку", received_at=received, due=due,
                status="received", entered_by="user:iryna",
            )).inserted_primary_key[0]  # fmt: skip
    finally:
        engine.dispose()


def test_the_register_the_desks_outcome_dates_and_the_import(browser, server) -> None:
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    olena = add_user(server, "olena", "operator", "main")
    add_user(server, "iryna", "supervisor", "main")
    head = add_user(server, "head", "manager")
    overdue = old_complaint(server)
    late = (dt.datetime.now(KYIV).date() - rows(server, complaints, complaints.c.id == overdue)[0].due).days
    # a visit of a service with a term (residence-register: 10 working days), served by olena at a registration desk
    call(server, "POST", "/desks/main-17/open", olena)
    ticket = call(server, "POST", "/offices/main/tickets", kiosk, {"service": "residence-register", "print": False})
    call(server, "POST", "/desks/main-17/call-next", olena)
    call(server, "POST", "/desks/main-17/start", olena, {})
    call(server, "POST", "/desks/main-17/finish", olena, {})

    # the manager: the network's overdue list names it, with its days
    manager = logged_in(browser, server, "head", "/complaints")
    manager.wait_for_selector(f"#network-table tr[data-id='{overdue}']")
    assert f"Прострочено на {late} днів" in manager.inner_text(f"#network-table tr[data-id='{overdue}']")
    assert_accessible(manager, "the complaints page (a manager)")

    # the supervisor: the register, the overdue one first and marked
    page = logged_in(browser, server, "iryna", "/complaints")
    page.wait_for_selector("#complaints[data-state=ready]")
    first = page.locator("#register-list > li").first
    assert first.get_attribute("data-id") == str(overdue) and first.get_attribute("data-overdue") == "yes"
    assert f"Прострочено на {late} днів" in first.inner_text() and "відповісти до" in first.inner_text()
    # entering a hotline complaint: a double tap enters it once
    page.check("input[name=channel][value=hotline]")
    page.select_option("#enter-desk", "main-17")
    page.fill("#enter-text", "Дзвінок: у вікні 17 не пояснили, які документи потрібні")
    page.dblclick("#enter-submit")
    page.wait_for_selector("#notice:has-text('внесено')")
    entered = rows(server, complaints, complaints.c.channel == "hotline")
    assert [(row.desk, row.status, row.entered_by) for row in entered] == [("main-17", "received", "user:iryna")]
    new = entered[0].id
    page.wait_for_selector(f"#complaint-{new}")
    assert "Гаряча лінія" in page.inner_text(f"#complaint-{new}") and "вікно: Вікно 17" in page.inner_text(f"#complaint-{new}")
    assert_accessible(page, "the complaints page (a supervisor)")
    screenshot(page, "complaints-register")
    # answering it: once, then it leaves the open list
    page.fill(f"#answer-{new}", "Перетелефонували, пояснили перелік документів")
    page.dblclick(f"#complaint-{new} button[data-action=answer]")
    page.wait_for_selector(f"#complaint-{new}", state="detached")
    answered = rows(server, complaints, complaints.c.id == new)[0]
    assert (answered.status, answered.answer) == ("answered", "Перетелефонували, пояснили перелік документів")
    assert len(rows(server, audit_log, audit_log.c.action == "answer_complaint")) == 1
    # a refusal in words: the overdue one is answered elsewhere meanwhile; withdrawing it here is refused
    call(server, "POST", f"/offices/main/complaints/{overdue}/answer", head, {"text": "Довідку видано"})
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f"#complaint-{overdue} button[data-action=withdraw]")
    page.wait_for_selector("#message:has-text('Скаргу вже закрито')")
    assert "«Надано відповідь»" in page.inner_text("#message")
    page.reload()
    page.wait_for_selector("#complaints[data-state=ready]")
    assert page.inner_text("#register-summary") == "Скарг немає."
    page.select_option("#status-filter", "answered")
    page.wait_for_selector(f"#complaint-{new} .answer-text")
    assert page.locator("#register-list > li").count() == 2
    assert page.errors == [] and manager.errors == []

    # the desk console: olena records the outcome date of the request she served
    desk = logged_in(browser, server, "olena", "/desk")
    desk.wait_for_selector(f"#outcomes-list tr[data-ticket='{ticket['id']}']")
    row = f"#outcomes-list tr[data-ticket='{ticket['id']}']"
    assert ticket["number"] in desk.inner_text(row) and "Реєстрація місця проживання" in desk.inner_text(row)
    desk.fill(f"{row} input[type=date]", "2000-01-01")
    desk.click(f"{row} button")
    desk.wait_for_selector(f"{row} .said.error")
    assert "не раніше дня візиту" in desk.inner_text(f"{row} .said")
    today = dt.datetime.now(KYIV).date().isoformat()
    desk.fill(f"{row} input[type=date]", today)
    desk.dblclick(f"{row} button")
    desk.wait_for_selector(f"{row} .said.notice")
    assert [(row_.outcome_date.isoformat(), row_.source) for row_ in rows(server, request_outcomes)] == [(today, "desk")]
    assert len(rows(server, audit_log, audit_log.c.action == "outcome_recorded")) == 1
    assert_accessible(desk, "the desk console's outcome dates", context="#outcomes-card")
    screenshot(desk, "desk-outcome-dates")
    desk.reload()
    desk.wait_for_selector(f"{row}.recorded")
    assert desk.input_value(f"{row} input[type=date]") == today and desk.inner_text(f"{row} button") == "Змінити"
    assert desk.errors == []

    # the manager's import: one row already recorded, one with no such ticket
    manager.goto(server.url + "/outcomes")
    csv_text = f"office,day,ticket_number,service,outcome_date\nmain,{today},{ticket['number']},,{today}\nmain,{today},А999,,{today}\n"
    manager.set_input_files("#import-file", files=[{"name": "листопад.csv", "mimeType": "text/csv", "buffer": csv_text.encode("utf-8")}])
    manager.dblclick("#import-submit")
    manager.wait_for_selector("#rejected tr[data-line='3']")
    assert manager.inner_text("#result-summary") == "Додано: 0. Змінено: 0. Уже були: 1. Відхилено рядків: 1."
    assert "Немає талона з таким номером того дня" in manager.inner_text("#rejected tr[data-line='3']")
    assert manager.locator("#rejected tbody tr").count() == 1
    assert_accessible(manager, "the outcomes' import page")
    screenshot(manager, "outcomes-import")
    assert manager.errors == []

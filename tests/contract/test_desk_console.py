"""The administrator's desk console in headless Chromium against a real server."""

from __future__ import annotations

import time

import pytest
import requests

from browser import screenshot
from desk_pages import console
from live_server import cherga

pytestmark = pytest.mark.contract
PASSWORD = "password-1"


@pytest.fixture
def people(server):
    """A kiosk, two operators of the main office and one of the veterans' office."""
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    for name, office in (("olena", "main"), ("taras", "main"), ("petro", "vet")):
        cherga("user", "add", name, "--role", "operator", "--office", office, "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    return kiosk


def issue(server, kiosk: str, service: str = "consultation") -> dict:
    answer = requests.post(
        f"{server.url}/api/v1/offices/main/tickets", json={"service": service, "print": False}, headers={"Authorization": f"Bearer {kiosk}"}, timeout=10
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def queue(server) -> dict:
    return requests.get(f"{server.url}/api/v1/offices/main/queue", timeout=10).json()


def state_of(page) -> tuple[str, str]:
    return page.get_attribute("#console", "data-status"), page.get_attribute("#console", "data-visitor")


def wait_state(page, status: str, visitor: str = "") -> None:
    try:
        page.wait_for_selector(f"#console[data-status='{status}'][data-visitor='{visitor}'][data-busy='']", state="attached", timeout=5000)
    except Exception as error:
        shown = page.get_attribute("#console", "data-status"), page.get_attribute("#console", "data-visitor"), page.inner_text("#message")
        raise AssertionError(f"wanted {status}/{visitor}, the console shows {shown}") from error


def test_a_wrong_password_is_refused_on_the_form(browser, server, people) -> None:
    page = browser.new_page()
    try:
        page.goto(server.url + "/desk")
        screenshot(page, "desk-console-login")
        page.fill("#username", "olena")
        page.fill("#password", "not-the-password")
        page.click("#login-form button")
        page.wait_for_selector("#login-error:text('Неправильне ім')")
        assert page.locator("#console").count() == 0
    finally:
        page.close()


def test_a_login_before_the_words_arrive_is_answered_in_words(browser, server, people) -> None:
    """The form is the page's at once: a slow catalogue neither lets the form submit natively nor shows a key."""
    page = browser.new_page()
    held = []
    page.route("**/i18n/*.json", lambda route: held.append(route))
    try:
        page.goto(server.url + "/desk", wait_until="domcontentloaded")
        page.fill("#username", "olena")
        page.fill("#password", "not-the-password")
        with page.expect_response("**/api/v1/auth/login"):
            page.click("#login-form button")
        assert held, "the catalogue was not asked for"
        for route in held:
            route.continue_()
        page.wait_for_selector("#login-error:text('Неправильне ім')")
        assert page.url == server.url + "/desk"
    finally:
        page.close()


def test_an_administrator_works_a_day_at_the_desk(browser, server, people) -> None:
    first, second = issue(server, people), issue(server, people)
    page = console(browser, server, "olena")
    try:
        wait_state(page, "closed")
        assert page.inner_text("#desk-title") == "Вікно 3"
        page.click("#open")
        wait_state(page, "open")
        assert page.locator("#waiting-list tr").count() == 2
        screenshot(page, "desk-console-open")

        page.keyboard.press("n")  # the shortcut of «Викликати наступного»
        wait_state(page, "open", "called")
        assert page.inner_text("#visitor-number") == first["number"]
        assert page.inner_text("#visitor-service") == "Консультація адміністратора"
        page.click("#start")
        wait_state(page, "open", "serving")
        time.sleep(2.2)
        assert page.inner_text("#visitor-timer") != "0:00", page.evaluate("[Date.now(), document.getElementById('visitor-timer').textContent, document.getElementById('console').dataset.visitor]")  # the visitor's timer runs
        screenshot(page, "desk-console-serving")

        page.click("#transfer")
        page.select_option("#transfer-desk", "main-11")
        page.fill("#transfer-note", "Потрібна ID-картка")
        page.click("#transfer-ok")
        wait_state(page, "open")
        moved = next(t for t in queue(server)["waiting"] if t["number"] == first["number"])
        assert moved["target_desk"] == "main-11"

        page.click("#call-next")
        wait_state(page, "open", "called")
        assert page.inner_text("#visitor-number") == second["number"]
        page.keyboard.press("s")
        wait_state(page, "open", "serving")
        page.keyboard.press("f")
        wait_state(page, "open")
        page.wait_for_selector("#served:text-is('1')", timeout=5000)

        page.click("#pause")
        page.click("#pause-reasons button[data-reason=lunch]")
        wait_state(page, "paused")
        assert page.inner_text("#desk-state") == "Перерва: Обід"
        screenshot(page, "desk-console-break")
        page.click("#resume")
        wait_state(page, "open")
        page.click("#close")  # confirmed in the dialog
        wait_state(page, "closed")
        assert page.errors == []
    finally:
        page.context.close()


def test_two_consoles_work_one_queue_at_the_same_time(browser, server, people) -> None:
    tickets = [issue(server, people)["number"] for _ in range(6)]
    olena = console(browser, server, "olena", "Вікно 3")
    taras = console(browser, server, "taras", "Вікно 4")
    try:
        for page in (olena, taras):
            page.click("#open")
            wait_state(page, "open")
        served: list[str] = []
        for _ in range(3):
            for page in (olena, taras):  # both press at once
                page.evaluate("document.getElementById('call-next').click()")
            for page in (olena, taras):
                wait_state(page, "open", "called")
            numbers = [page.inner_text("#visitor-number") for page in (olena, taras)]
            assert numbers[0] != numbers[1]
            served += numbers
            for page in (olena, taras):
                page.click("#start")
                wait_state(page, "open", "serving")
                page.click("#finish")
                wait_state(page, "open")
        assert sorted(served) == sorted(tickets)  # every visitor once, nobody twice
        for page in (olena, taras):
            page.wait_for_selector("#nobody:not([hidden])")
            page.wait_for_selector("#served:text-is('3')", timeout=5000)
        screenshot(olena, "desk-console-two-desks")
        assert olena.errors == [] and taras.errors == []
    finally:
        olena.context.close()
        taras.context.close()


def test_out_of_turn_and_a_ticket_another_desk_took_meanwhile(browser, server, people) -> None:
    first, second = issue(server, people), issue(server, people)
    olena = console(browser, server, "olena", "Вікно 3")
    taras = console(browser, server, "taras", "Вікно 4")
    try:
        for page in (olena, taras):
            page.click("#open")
            wait_state(page, "open")
        olena.click(f"#waiting-list tr[data-ticket='{second['id']}'] button")  # out of turn, with a reason
        olena.fill("#out-of-turn-reason", "Ветеран, поспішає до лікаря")
        olena.click("#out-of-turn-form button[type=submit]")
        wait_state(olena, "open", "called")
        assert olena.inner_text("#visitor-number") == second["number"]
        olena.click("#start")
        wait_state(olena, "open", "serving")
        olena.click("#finish")
        wait_state(olena, "open")

        olena.click(f"#waiting-list tr[data-ticket='{first['id']}'] button")  # olena is about to call the first one…
        olena.fill("#out-of-turn-reason", "Повторне звернення")
        taras.click("#call-next")  # …when taras calls it
        wait_state(taras, "open", "called")
        assert taras.inner_text("#visitor-number") == first["number"]
        olena.click("#out-of-turn-form button[type=submit]")
        olena.wait_for_selector("#message:has-text('інше вікно')", timeout=5000)
        wait_state(olena, "open")  # nothing changed at olena's desk
        assert olena.locator(f"#waiting-list tr[data-ticket='{first['id']}']").count() == 0
        screenshot(olena, "desk-console-refused")
    finally:
        olena.context.close()
        taras.context.close()


def test_the_console_keeps_its_desk_and_visitor_across_a_server_restart(browser, server, people) -> None:
    ticket = issue(server, people)
    page = console(browser, server, "olena")
    try:
        page.click("#open")
        wait_state(page, "open")
        page.click("#call-next")
        wait_state(page, "open", "called")
        server.kill()
        page.wait_for_selector("#offline:not([hidden])", timeout=15000)
        server.start()
        page.wait_for_selector("#offline", state="hidden", timeout=30000)
        page.click("#start")
        wait_state(page, "open", "serving")
        assert page.inner_text("#visitor-number") == ticket["number"]
        page.reload()  # the desk is remembered, the session too
        wait_state(page, "open", "serving")
        assert page.inner_text("#desk-title") == "Вікно 3"
    finally:
        page.context.close()


def test_a_console_never_shows_another_office(browser, server, people) -> None:
    issue(server, people)
    page = console(browser, server, "petro", desk=None)
    try:
        page.wait_for_selector("#choose:not([hidden])")
        desks = page.locator("#desk-choice button").all_inner_texts()
        assert desks and all(name.startswith(("Вікно", "Кабінет")) for name in desks)
        offices = page.evaluate("JSON.parse(document.getElementById('offices').textContent).map(o => o.code)")
        assert offices == ["vet"]
        answer = page.evaluate("fetch('/api/v1/offices/main/desks/state').then(r => r.status)")
        assert answer == 403
    finally:
        page.context.close()


def test_the_figures_of_the_day_show_the_latest_answer_when_answers_cross(browser, server, people) -> None:
    """Two events ask for the figures twice; the older answer, arriving last, must not win."""
    issue(server, people), issue(server, people)
    page = console(browser, server, "olena")
    try:
        page.click("#open")
        wait_state(page, "open")
        page.keyboard.press("n")
        wait_state(page, "open", "called")
        page.keyboard.press("s")
        wait_state(page, "open", "serving")
        held = []  # the answer asked after «finish» is held back until the one asked after the next call is shown

        def hold_the_first(route) -> None:
            if not held:
                held.append(route)
            else:
                route.continue_()

        page.route("**/api/v1/desks/*/today", hold_the_first)
        page.keyboard.press("f")
        wait_state(page, "open")
        page.wait_for_function("() => document.querySelectorAll('#waiting-list tr').length === 1")
        page.keyboard.press("n")
        wait_state(page, "open", "called")
        page.wait_for_function("() => document.getElementById('served').textContent === '1'", timeout=10000)
        assert held, "the console did not ask for its figures after «finish»"
        stale = '{"served": 0, "no_shows": 0, "average_service_minutes": null, "average_wait_minutes": null}'
        held[0].fulfill(status=200, content_type="application/json", body=stale)
        time.sleep(0.5)
        assert page.inner_text("#served") == "1"
    finally:
        page.context.close()

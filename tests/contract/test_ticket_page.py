"""The visitor's ticket page (the QR's address) on a phone-sized headless Chromium, live."""

from __future__ import annotations

import pytest
import requests

from browser import screenshot
from live_server import cherga

pytestmark = pytest.mark.contract


def post(server, path: str, token: str, body: dict | None = None) -> requests.Response:
    return requests.post(f"{server.url}{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)


@pytest.fixture
def staff(server):
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    cherga("user", "add", "olena", "--role", "operator", "--office", "main", "--password-stdin", database=server.database, stdin="password-1\n")
    operator = requests.post(f"{server.url}/api/v1/auth/login", json={"username": "olena", "password": "password-1"}, timeout=10).json()["token"]
    return kiosk, operator


def test_the_page_follows_the_ticket_from_waiting_to_rating(browser, server, staff) -> None:
    kiosk, operator = staff
    first = post(server, "/api/v1/offices/main/tickets", kiosk, {"service": "consultation", "print": False}).json()
    mine = post(server, "/api/v1/offices/main/tickets", kiosk, {"service": "consultation", "print": False}).json()
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(mine["status_url"])
        assert page.inner_text("#number") == mine["number"]
        assert page.inner_text("#ahead") == "1"
        assert page.inner_text("#status") == "Очікуйте виклику"
        page.evaluate("navigator.vibrate = (pattern) => { window.vibrated = pattern; return true; }")
        screenshot(page, "ticket-phone-waiting")

        assert post(server, "/api/v1/desks/main-34/open", operator).status_code == 200
        assert post(server, "/api/v1/desks/main-34/call-next", operator).json()["number"] == first["number"]
        post(server, "/api/v1/desks/main-34/finish", operator)
        page.wait_for_selector("#status:has-text('Ви наступні')", timeout=10000)
        assert page.inner_text("#ahead") == "0"

        called = post(server, "/api/v1/desks/main-34/call-next", operator).json()
        assert called["number"] == mine["number"]
        page.wait_for_selector("#go-to:has-text('Вікно 34')", timeout=10000)
        assert page.evaluate("window.vibrated") == [300, 150, 300]
        screenshot(page, "ticket-phone-called")

        post(server, "/api/v1/desks/main-34/finish", operator)
        page.wait_for_selector("#rating:not([hidden])", timeout=10000)
        page.click("#survey-score label:has(input[value='5'])")
        page.fill("#survey-comment", "Дуже швидко, дякую!")
        page.click("#survey-send")
        page.wait_for_selector("#survey-result:has-text('Дякуємо')")
        screenshot(page, "ticket-phone-rated")
        again = post(server, f"/api/v1/tickets/{mine['token']}/rating", kiosk, {"score": 1})
        assert again.status_code == 409
        page.reload()
        assert page.is_hidden("#rating") and "Дякуємо" in page.inner_text("#survey-result")
        assert errors == []
    finally:
        page.close()


def follows_the_call_once_the_server_is_back(page, server, operator) -> None:  # type: ignore[no-untyped-def]
    """Started again, the server is followed as if nothing happened: the banner goes and the call comes live."""
    server.start()
    page.wait_for_selector("#offline", state="hidden", timeout=30000)
    post(server, "/api/v1/desks/main-34/open", operator)
    post(server, "/api/v1/desks/main-34/call-next", operator)
    page.wait_for_selector("#go-to:has-text('Window 34')", timeout=15000)


def test_the_page_says_when_it_lost_the_server_and_recovers(browser, server, staff) -> None:
    kiosk, operator = staff
    mine = post(server, "/api/v1/offices/main/tickets", kiosk, {"service": "consultation", "print": False, "lang": "en"}).json()
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(mine["status_url"])
        assert page.inner_text("#status") == "You are next: have your documents ready"
        server.kill()
        # 5 s of grace on the page, then the banner: a loaded machine's Chromium may take far longer to get there
        page.wait_for_selector("#offline:not([hidden])", timeout=30000)
        assert "No connection" in page.inner_text("#offline")
        follows_the_call_once_the_server_is_back(page, server, operator)
    finally:
        page.close()


def test_a_server_lost_while_the_page_loads_its_words_is_shown_lost_and_the_page_comes_back(browser, server, staff) -> None:
    """The page is rendered with its status; its words for the scripts come after it. A server gone in between used to leave the page silent for good."""
    kiosk, operator = staff
    mine = post(server, "/api/v1/offices/main/tickets", kiosk, {"service": "consultation", "print": False, "lang": "en"}).json()
    page = browser.new_page(viewport={"width": 390, "height": 844})
    held: list = []
    page.route("**/i18n/*.json", lambda route: held.append(route))  # the words do not arrive before the server is gone
    try:
        page.goto(mine["status_url"])
        server.kill()
        for route in held:
            route.abort()
        page.unroute("**/i18n/*.json")
        page.wait_for_selector("#offline:not([hidden])", timeout=30000)
        follows_the_call_once_the_server_is_back(page, server, operator)
    finally:
        page.close()


def test_an_unknown_ticket_gets_a_clear_404_page(browser, server) -> None:
    page = browser.new_page()
    try:
        response = page.goto(f"{server.url}/t/no-such-ticket")
        assert response.status == 404
        assert "Талон не знайдено" in page.inner_text("h1")
        assert "Ticket not found" in page.inner_text("h2")
    finally:
        page.close()


def test_a_call_names_the_desk_once_and_the_rating_asks_for_a_score(browser, server, staff) -> None:
    kiosk, operator = staff
    mine = post(server, "/api/v1/offices/main/tickets", kiosk, {"service": "consultation", "print": False}).json()
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page.goto(mine["status_url"])
        assert page.inner_text("#wait") == "Зараз жодне вікно не працює — час очікування невідомий"  # no desk open yet
        post(server, "/api/v1/desks/main-34/open", operator)
        page.wait_for_selector("#wait:has-text('хв')", timeout=10000)
        assert post(server, "/api/v1/desks/main-34/call-next", operator).json()["number"] == mine["number"]
        page.wait_for_selector("#go-to:has-text('Вікно 34')", timeout=10000)
        assert page.inner_text("#go-to") == "Підійдіть до: Вікно 34"
        assert page.inner_text("main").count("Вікно 34") == 1
        page.reload()  # the page as the server renders it says it once too
        assert page.inner_text("main").count("Вікно 34") == 1 and page.inner_text("#status") == "Вас викликано!"

        post(server, "/api/v1/desks/main-34/finish", operator)
        page.wait_for_selector("#rating:not([hidden])", timeout=10000)
        assert page.inner_text("#survey-score-legend").startswith("Наскільки ви задоволені обслуговуванням?")
        page.click("#survey-send")
        assert page.inner_text("#survey-error").startswith("Оберіть, наскільки ви задоволені")
        assert page.is_visible("#rating")
        screenshot(page, "ticket-phone-rating-without-a-score")
        page.click("#survey-score label:has(input[value='4'])")
        assert page.inner_text("#survey-error") == ""
        page.click("#survey-send")
        page.wait_for_selector("#survey-result:has-text('Дякуємо')")
    finally:
        page.close()

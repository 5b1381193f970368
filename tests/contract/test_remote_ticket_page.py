"""A remote ticket's page on a phone-sized headless Chromium: not confirmed, «Час іти», the door's QR code, called.

The server runs the bundled network with its main office open round the
clock and "come now" at one person ahead, so the test does not depend on
the hour it runs at (it would only fail in the minute before midnight,
Kyiv time, when the office "closes").
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from browser import screenshot
from live_server import Server, cherga, round_the_clock_config

pytestmark = pytest.mark.contract

@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The usual real server, on the round-the-clock copy of the bundled network, with no cut-off for remote tickets at `main`."""
    config = tmp_path / "config"
    round_the_clock_config(config)
    offices = config / "offices.toml"
    text = offices.read_text(encoding="utf-8")
    text = text.replace('[offices.main]\nkind = "main"', '[offices.main]\nkind = "main"\nremote_tickets = { come_now_ahead = 1, cutoff_minutes = 0 }', 1)
    offices.write_text(text, encoding="utf-8")
    running = Server(database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}", log_path=tmp_path / "server.log", environment={"CHERGA_CONFIG_DIR": str(config)})
    running.start()
    yield running
    failed = getattr(request.node, "rep_call", None)
    running.kill()
    if failed is not None and failed.failed:
        print(f"\n----- server log -----\n{running.log()}")


def post(server, path: str, token: str | None, body: dict | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(f"{server.url}{path}", json=body, headers=headers, timeout=10)


def test_a_remote_ticket_from_not_confirmed_to_come_now_to_the_door_to_called(browser, server) -> None:
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    cherga("user", "add", "olena", "--role", "operator", "--office", "main", "--password-stdin", database=server.database, stdin="password-1\n")
    operator = requests.post(f"{server.url}/api/v1/auth/login", json={"username": "olena", "password": "password-1"}, timeout=10).json()["token"]
    walk_ins = [post(server, "/api/v1/offices/main/tickets", kiosk, {"service": "consultation", "print": False}).json() for _ in range(3)]
    taken = post(server, "/api/v1/offices/main/remote-tickets", None, {"service": "consultation", "phone": "067 123 45 67"})
    assert taken.status_code == 201, taken.text
    mine = taken.json()
    door_url = cherga("door-qr", "main", "--url", server.url, database=server.database).strip().splitlines()[-1]

    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(mine["status_url"])
        assert page.inner_text("#remote-waiting") == "Не підтверджено — підтвердіть прибуття на кіоску або QR-кодом біля входу"
        assert page.inner_text("#code") == mine["code"] and page.inner_text("#ahead") == "3"
        assert page.is_hidden("#come-now") and page.is_hidden("#remote-arrived")
        screenshot(page, "remote-ticket-not-confirmed")

        assert post(server, "/api/v1/desks/main-34/open", operator).status_code == 200
        for expected in walk_ins[:2]:
            assert post(server, "/api/v1/desks/main-34/call-next", operator).json()["number"] == expected["number"]
            post(server, "/api/v1/desks/main-34/finish", operator)
        page.wait_for_selector("#come-now:not([hidden])", timeout=10000)
        assert page.inner_text("#come-now") == "Час іти — перед вами 1 особа"
        screenshot(page, "remote-ticket-come-now")

        page.goto(door_url)  # the poster at the entrance: the phone remembers its remote ticket
        page.wait_for_url(f"**/t/{mine['token']}", timeout=10000)
        page.wait_for_selector("#remote-arrived:not([hidden])", timeout=10000)
        assert page.inner_text("#remote-arrived") == "Прибуття підтверджено — очікуйте виклику"
        assert page.is_hidden("#remote-waiting") and page.is_hidden("#remote-code") and page.inner_text("#door-error") == ""
        assert page.is_hidden("#come-now")  # here already: nothing to hurry for
        screenshot(page, "remote-ticket-arrived")

        assert post(server, "/api/v1/desks/main-34/call-next", operator).json()["number"] == walk_ins[2]["number"]
        post(server, "/api/v1/desks/main-34/finish", operator)
        assert post(server, "/api/v1/desks/main-34/call-next", operator).json()["number"] == mine["number"]
        page.wait_for_selector("#go-to:has-text('Вікно 34')", timeout=10000)
        assert page.is_hidden("#remote-arrived") and page.is_hidden("#come-now")
        screenshot(page, "remote-ticket-called")
        assert errors == []
    finally:
        page.close()


def test_the_door_code_on_a_phone_without_a_remote_ticket_says_what_to_do(browser, server) -> None:
    door_url = cherga("door-qr", "main", "--url", server.url, database=server.database).strip().splitlines()[-1]
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page.goto(door_url)
        page.wait_for_selector("#door-help:not([hidden])", timeout=10000)
        assert "введіть код на кіоску" in page.inner_text("#door-help")
        screenshot(page, "remote-door-no-ticket")
    finally:
        page.close()


def test_a_wrong_door_code_is_said_on_the_tickets_page(browser, server) -> None:
    mine = post(server, "/api/v1/offices/main/remote-tickets", None, {"service": "consultation", "phone": "0501234567", "lang": "en"}).json()
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page.goto(mine["status_url"] + "?door=made-up")
        page.wait_for_selector("#door-error:not(:empty)", timeout=10000)
        assert "did not confirm your arrival" in page.inner_text("#door-error")
        assert page.inner_text("#come-now") == "Time to come: you are next"
        assert page.inner_text("#remote-waiting").startswith("Not confirmed")
        assert page.evaluate("window.location.search") == ""  # a reload does not send the key again
        screenshot(page, "remote-ticket-wrong-door")
    finally:
        page.close()

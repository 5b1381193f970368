"""Two administrators, two browsers: a desk open by one is not the other's until taken over.

Also: the console brings an administrator back to the desk they have open,
and its figures are written in the page's language (a decimal comma in
Ukrainian).
"""

from __future__ import annotations

import re
import time

import pytest
import requests

from browser import screenshot
from desk_pages import console
from live_server import cherga

pytestmark = pytest.mark.contract
PASSWORD = "password-1"


@pytest.fixture
def kiosk(server) -> str:
    token = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    for name in ("olena", "taras"):
        cherga("user", "add", name, "--role", "operator", "--office", "main", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    return token


def issue(server, kiosk: str) -> dict:
    answer = requests.post(
        f"{server.url}/api/v1/offices/main/tickets", json={"service": "consultation", "print": False},
        headers={"Authorization": f"Bearer {kiosk}"}, timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def logged_in(browser, server, username: str):
    """A fresh browser of its own (cookies, storage), logged in through the form, at no desk yet."""
    return console(browser, server, username, desk=None)


def at_desk(page, desk: str = "Вікно 3"):
    page.wait_for_selector("#choose:not([hidden])")
    page.click(f"#desk-choice button:text-is('{desk}')")
    page.wait_for_selector("#desk-state[data-status]")
    return page


def wait_for(page, selector: str) -> None:
    try:
        page.wait_for_selector(selector, state="attached", timeout=6000)
    except Exception as error:
        shown = page.evaluate("JSON.stringify(document.getElementById('console').dataset)"), page.inner_text("#work")[:400]
        raise AssertionError(f"wanted {selector}; the console shows {shown}") from error


def shown_until(page, selector: str, wanted, timeout: float = 6.0) -> str:
    """The element's text once `wanted(text)` (the page's CSP forbids evaluated predicates)."""
    deadline = time.monotonic() + timeout
    while True:
        text = page.inner_text(selector)
        if wanted(text) or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def test_a_desk_open_by_a_colleague_is_taken_over_explicitly_and_its_holder_is_told(browser, server, kiosk) -> None:
    ticket = issue(server, kiosk)
    olena = at_desk(logged_in(browser, server, "olena"))
    taras = None
    try:
        olena.click("#open")
        wait_for(olena, "#console[data-status='open'][data-busy='']")
        olena.click("#call-next")
        wait_for(olena, "#console[data-visitor='called'][data-busy='']")

        taras = logged_in(browser, server, "taras")  # the neighbouring desk's administrator, in his own browser
        taras.wait_for_selector("#choose:not([hidden])")
        taras.wait_for_selector(".desk-choice[data-desk='main-3'][data-operator='olena']")
        assert taras.inner_text(".desk-choice[data-desk='main-3'] .desk-holder") == "відкрите: olena"
        assert taras.inner_text(".desk-choice[data-desk='main-4'] .desk-holder") == "вільне"
        screenshot(taras, "desk-owner-picker")

        at_desk(taras)
        wait_for(taras, "#console[data-taken='olena']")
        assert "olena" in taras.inner_text("#desk-state")
        assert taras.is_visible("#take-over")
        for action in ("call-next", "start", "recall", "no-show", "transfer", "hold", "pause", "close", "open"):
            assert not taras.is_visible(f"#{action}"), action
        refused = taras.evaluate(
            "fetch('/api/v1/desks/main-3/start', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json',"
            " 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content}, body: '{}'}).then(r => r.json().then(b => [r.status, b.error.code]))"
        )
        assert refused == [409, "desk_taken"]
        screenshot(taras, "desk-owner-taken")

        taras.click("#take-over")  # confirmed in the dialog
        wait_for(taras, "#console[data-taken=''][data-visitor='called'][data-busy='']")
        assert taras.inner_text("#visitor-number") == ticket["number"]
        taras.click("#start")
        wait_for(taras, "#console[data-visitor='serving'][data-busy='']")

        wait_for(olena, "#console[data-taken='taras']")  # olena's console learns it lost the desk
        assert "taras" in olena.inner_text("#notice")
        assert not olena.is_visible("#finish") and olena.is_visible("#take-over")
        screenshot(olena, "desk-owner-lost")

        olena.click("#language")  # and says so in English too
        olena.wait_for_selector("#desk-state:has-text('This desk is open by taras')")
        assert olena.errors == [] and taras.errors == []
    finally:
        olena.context.close()
        if taras is not None:
            taras.context.close()


def test_an_administrator_is_brought_back_to_the_desk_they_have_open_on_any_browser(browser, server, kiosk) -> None:
    first = at_desk(logged_in(browser, server, "taras"), "Вікно 4")
    try:
        first.click("#open")
        wait_for(first, "#console[data-status='open'][data-busy='']")
    finally:
        first.context.close()
    other = logged_in(browser, server, "taras")  # another browser: nothing remembered there
    try:
        wait_for(other, "#work:not([hidden]) #desk-state[data-status='open']")
        assert other.inner_text("#desk-title") == "Вікно 4"
        assert other.is_visible("#call-next")
        other.click("#change-desk")
        other.wait_for_selector(".desk-choice[data-desk='main-4'] .desk-holder:text-is('відкрите вами')")
    finally:
        other.context.close()


def test_the_console_writes_its_figures_with_a_decimal_comma_in_ukrainian(browser, server, kiosk) -> None:
    issued = time.monotonic()
    issue(server, kiosk)
    page = at_desk(logged_in(browser, server, "olena"))
    try:
        page.click("#open")
        wait_for(page, "#console[data-status='open'][data-busy='']")
        time.sleep(max(0.0, 7.5 - (time.monotonic() - issued)))  # a wait of a fraction of a minute: 0,1 or more
        page.click("#call-next")
        wait_for(page, "#console[data-visitor='called'][data-busy='']")
        assert re.fullmatch(r"\d+,\d", shown_until(page, "#avg-wait", lambda text: text != "—"))
        page.click("#language")
        assert re.fullmatch(r"\d+\.\d", shown_until(page, "#avg-wait", lambda text: "," not in text))
    finally:
        page.context.close()


def test_a_supervisor_takes_over_a_desk_and_the_log_says_from_whom(browser, server, kiosk) -> None:
    cherga("user", "add", "iryna", "--role", "supervisor", "--office", "main", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")

    def token(name: str) -> str:
        return requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10).json()["token"]

    def post(name: str, path: str) -> requests.Response:
        return requests.post(f"{server.url}/api/v1/desks/main-3/{path}", json={}, headers={"Authorization": f"Bearer {token(name)}"}, timeout=10)

    assert post("olena", "open").status_code == 200
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="uk-UA", timezone_id="Europe/Kyiv")
    page = context.new_page()
    try:
        page.goto(server.url + "/supervisor")
        page.fill("#username", "iryna")
        page.fill("#password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_selector("#supervisor[data-ready=true]", timeout=10000)
        page.wait_for_selector("#desks tr[data-desk='main-3'][data-status='open']", state="attached", timeout=10000)
        assert "olena" in page.inner_text("#desks tr[data-desk='main-3']")
        taken = post("iryna", "take-over")
        assert taken.status_code == 200 and taken.json()["operator"] == "iryna"
        page.wait_for_selector("#desks tr[data-desk='main-3'] td:text-is('iryna')", timeout=5000)  # live, from desk.taken_over
        page.click(".tabs [data-tab=log]")
        row = page.locator("#log tbody tr[data-action='take_over']")
        row.wait_for(timeout=5000)
        assert row.locator("td.action").inner_text() == "перейняв відкрите вікно"
        assert "у кого: olena" in row.locator("td.details").inner_text()
    finally:
        context.close()

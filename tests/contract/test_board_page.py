"""Hall boards and desk displays in headless Chromium against a real server: live, announced, self-healing."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
import requests

from browser import screenshot
from live_server import Server, cherga, round_the_clock_config

pytestmark = pytest.mark.contract


def post(server, path: str, token: str, body: dict | None = None) -> requests.Response:
    answer = requests.post(f"{server.url}{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code in (200, 201), answer.text
    return answer


@pytest.fixture
def staff(server):
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    operators = []
    for name in ("olena", "taras"):
        cherga("user", "add", name, "--role", "operator", "--office", "main", "--password-stdin", database=server.database, stdin="password-1\n")
        answer = requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": "password-1"}, timeout=10)
        operators.append(answer.json()["token"])
    return kiosk, operators


def issue(server, kiosk: str, service: str = "consultation") -> dict:
    return post(server, "/api/v1/offices/main/tickets", kiosk, {"service": service, "print": False}).json()


def open_board(browser, server, path: str, width: int = 1920, height: int = 1080, token: str | None = None):
    page = browser.new_page(viewport={"width": width, "height": height})
    if token is not None:  # a board paired before: its token is in the browser's storage
        page.add_init_script(f"localStorage.setItem('cherga.display.main', {token!r})")
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(server.url + path)
    page.wait_for_selector("#idle:not([hidden]), #calls:not([hidden])", timeout=10000)
    page.wait_for_selector("#board[data-live=yes]", state="attached", timeout=10000)  # the office's picture has come
    return page


def announcements(page) -> list[dict]:
    return page.evaluate("window.ChergaBoard.announcements.map(a => Object.assign({}, a))")


def wait_spoken(page, count: int, timeout: float = 30) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        said = announcements(page)
        if len(said) >= count and all(entry["ended"] for entry in said[:count]):
            return said
        time.sleep(0.2)
    raise AssertionError(f"announcements did not finish: {announcements(page)}")


def test_a_call_appears_within_a_second_flashes_and_is_spoken_in_turn(browser, server, staff) -> None:
    kiosk, (olena, taras) = staff
    first, second = issue(server, kiosk), issue(server, kiosk)
    post(server, "/api/v1/desks/main-3/open", olena)
    post(server, "/api/v1/desks/main-4/open", taras)
    page = open_board(browser, server, "/display/main")
    try:
        assert page.is_visible("#idle") and page.inner_text("#title") == "Головний офіс ЦНАП «Віза»"
        screenshot(page, "board-landscape-waiting")
        post(server, "/api/v1/desks/main-3/call-next", olena)
        page.wait_for_selector(f"#newest-number:text-is('{first['number']}')", timeout=1000)  # within a second
        assert page.inner_text("#newest-desk") == "Вікно 3" and page.inner_text("#newest-desk-en") == "Window 3"
        assert "flash" in page.get_attribute("#newest", "class")
        post(server, "/api/v1/desks/main-4/call-next", taras)  # a second call at once: it waits its turn to be spoken
        page.wait_for_selector(f"#newest-number:text-is('{second['number']}')", timeout=1000)
        assert page.locator("#recent li").all_inner_texts() == [f"{first['number']}\n→ Вікно 3"]
        said = wait_spoken(page, 2)
        assert [(entry["number"], entry["desk"]) for entry in said] == [(first["number"], "main-3"), (second["number"], "main-4")]
        assert all(entry["outcome"] == "spoken" and entry["volume"] == 0.8 for entry in said), said
        assert said[1]["started"] >= said[0]["ended"]  # never over each other
        assert said[0]["ended"] - said[0]["started"] > 1500  # a real chime and voice were played
        screenshot(page, "board-landscape-two-calls")

        flashes = int(page.get_attribute("#board", "data-flashes"))
        post(server, "/api/v1/desks/main-3/recall", olena)  # the first visitor did not come: called again
        page.wait_for_selector(f"#newest-number:text-is('{first['number']}')", timeout=2000)  # back on top
        assert int(page.get_attribute("#board", "data-flashes")) == flashes + 1
        said = wait_spoken(page, 3)
        assert said[2]["number"] == first["number"] and said[2]["reason"] == "recall"

        post(server, "/api/v1/desks/main-4/start", taras)
        post(server, "/api/v1/desks/main-4/finish", taras)  # a finished visit leaves the board
        page.wait_for_function(f"() => !document.getElementById('board').innerText.includes('{second['number']}')", timeout=5000)
        assert page.errors == []
    finally:
        page.close()


def test_the_board_survives_a_server_restart_and_shows_the_right_calls(browser, server, staff) -> None:
    kiosk, (olena, taras) = staff
    tickets = [issue(server, kiosk) for _ in range(3)]
    post(server, "/api/v1/desks/main-3/open", olena)
    post(server, "/api/v1/desks/main-4/open", taras)
    post(server, "/api/v1/desks/main-3/call-next", olena)
    page = open_board(browser, server, "/display/main/main-hall")
    try:
        page.wait_for_selector(f"#newest-number:text-is('{tickets[0]['number']}')")
        assert page.inner_text("#title") == "Головний зал" and "QR" in page.inner_text("#ticker")
        screenshot(page, "board-landscape-main-hall")
        server.kill()
        page.wait_for_selector("#offline:not([hidden])", timeout=15000)  # after 5 s without the server
        assert "Немає зв'язку" in page.inner_text("#offline")
        screenshot(page, "board-landscape-no-connection")
        server.start()
        post(server, "/api/v1/desks/main-3/finish", olena)  # changes made while the board reconnects
        post(server, "/api/v1/desks/main-4/call-next", taras)
        post(server, "/api/v1/desks/main-3/call-next", olena)
        page.wait_for_selector("#offline", state="hidden", timeout=30000)
        page.wait_for_selector(f"#newest-number:text-is('{tickets[2]['number']}')", timeout=10000)
        assert page.locator("#recent li").all_inner_texts() == [f"{tickets[1]['number']}\n→ Вікно 4"]
        assert tickets[0]["number"] not in page.inner_text("#board")
        assert page.errors == []
    finally:
        page.close()


def test_a_portrait_board_shows_only_its_desks_and_services(browser, server, staff) -> None:
    kiosk, (olena, taras) = staff
    passport = issue(server, kiosk, "id-card-first")
    other = issue(server, kiosk, "consultation")
    post(server, "/api/v1/desks/main-11/open", olena)
    post(server, "/api/v1/desks/main-3/open", taras)
    display = cherga("device", "add", "--kind", "display", "--office", "main", "--name", "passport-board", database=server.database).splitlines()[-1]
    page = open_board(browser, server, "/display/main/main-passports", width=1080, height=1920, token=display)
    try:
        assert "portrait" in page.evaluate("document.body.className")
        assert "Паспорти" in page.inner_text("#title")
        called = post(server, "/api/v1/desks/main-11/call-next", olena).json()
        assert called["number"] == passport["number"]
        assert post(server, "/api/v1/desks/main-3/call-next", taras).json()["number"] == other["number"]  # not this board's
        page.wait_for_selector(f"#newest-number:text-is('{passport['number']}')", timeout=2000)
        assert page.inner_text("#newest-desk") == "Вікно 11"
        time.sleep(0.5)
        assert other["number"] not in page.inner_text("#board")
        screenshot(page, "board-portrait-passports")
    finally:
        page.close()


PAIRED_BOARD = """
[boards.main-office-tv]
office = "main"
name = "Службовий телевізор"
name_en = "Staff room TV"
paired = true
muted = true

[boards.main-quiet]
office = "main"
quiet_hours = "{quiet}"
"""


def quiet_hours_around_now() -> str:
    """Two hours of quiet around the office's present time, whatever the time the test runs."""
    now = dt.datetime.now(ZoneInfo("Europe/Kyiv"))
    start, end = now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
    return f"{start:%H:%M}-{end:%H:%M}"


@pytest.fixture
def paired_server(tmp_path):
    """A server whose configuration adds a paired, muted board to the bundled network."""
    folder = tmp_path / "config"
    round_the_clock_config(folder)
    with open(folder / "boards.toml", "a", encoding="utf-8") as boards:
        boards.write(PAIRED_BOARD.format(quiet=quiet_hours_around_now()))
    running = Server(database=f"sqlite:///{tmp_path / 'paired.sqlite3'}", log_path=tmp_path / "paired.log", environment={"CHERGA_CONFIG_DIR": str(folder)})
    running.start()
    yield running
    running.kill()


def test_a_paired_board_asks_for_its_token_once_and_a_muted_one_stays_silent(browser, paired_server) -> None:
    server = paired_server
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(server.url + "/display/main/main-office-tv")
        page.wait_for_selector("#pair:not([hidden])")
        assert requests.get(f"{server.url}/api/v1/offices/main/boards/main-office-tv", timeout=10).status_code == 401
        other = cherga("device", "add", "--kind", "display", "--office", "vet", "--name", "vet-board", database=server.database).splitlines()[-1]
        page.fill("#pair-token", other)
        page.click("#pair-form button")
        page.wait_for_selector("#pair-error:not([hidden])")  # another office's token is refused
        mine = cherga("device", "add", "--kind", "display", "--office", "main", "--name", "hall-board", database=server.database).splitlines()[-1]
        page.fill("#pair-token", mine)
        page.click("#pair-form button")
        page.wait_for_selector("#idle:not([hidden])")
        page.reload()
        page.wait_for_selector("#idle:not([hidden])")  # remembered
        assert page.inner_text("#title") == "Службовий телевізор"

        kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
        cherga("user", "add", "olena", "--role", "operator", "--office", "main", "--password-stdin", database=server.database, stdin="password-1\n")
        olena = requests.post(f"{server.url}/api/v1/auth/login", json={"username": "olena", "password": "password-1"}, timeout=10).json()["token"]
        ticket = issue(server, kiosk)
        post(server, "/api/v1/desks/main-3/open", olena)
        post(server, "/api/v1/desks/main-3/call-next", olena)
        page.wait_for_selector(f"#newest-number:text-is('{ticket['number']}')", timeout=2000)
        assert [entry["outcome"] for entry in wait_spoken(page, 1)] == ["silent"]  # muted: the flash alone
        assert int(page.get_attribute("#board", "data-flashes")) == 1
    finally:
        page.close()


def test_in_quiet_hours_a_board_flashes_but_does_not_speak(browser, paired_server) -> None:
    server = paired_server
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    cherga("user", "add", "olena", "--role", "operator", "--office", "main", "--password-stdin", database=server.database, stdin="password-1\n")
    olena = requests.post(f"{server.url}/api/v1/auth/login", json={"username": "olena", "password": "password-1"}, timeout=10).json()["token"]
    page = open_board(browser, server, "/display/main/main-quiet")
    try:
        ticket = issue(server, kiosk)
        post(server, "/api/v1/desks/main-3/open", olena)
        post(server, "/api/v1/desks/main-3/call-next", olena)
        page.wait_for_selector(f"#newest-number:text-is('{ticket['number']}')", timeout=2000)
        assert [entry["outcome"] for entry in wait_spoken(page, 1)] == ["silent"]
        assert int(page.get_attribute("#board", "data-flashes")) == 1
    finally:
        page.close()


def test_an_unknown_board_says_so(browser, server) -> None:
    page = browser.new_page()
    try:
        page.goto(server.url + "/display/main/no-such-board")
        page.wait_for_selector("#unknown:not([hidden])")
        assert "немає в налаштуваннях" in page.inner_text("#unknown")
    finally:
        page.close()


def test_the_desk_display_follows_its_desk(browser, server, staff) -> None:
    kiosk, (olena, _) = staff
    ticket = issue(server, kiosk)
    page = browser.new_page(viewport={"width": 800, "height": 480})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(server.url + "/display/desk/main-3")
        page.wait_for_selector("#state-closed:not([hidden])")
        assert page.inner_text("#name").startswith("Вікно 3")
        screenshot(page, "desk-display-closed")
        post(server, "/api/v1/desks/main-3/open", olena)
        page.wait_for_selector("#state-free:not([hidden])", timeout=2000)
        post(server, "/api/v1/desks/main-3/call-next", olena)
        page.wait_for_selector(f"#ticket:text-is('{ticket['number']}')", timeout=2000)
        screenshot(page, "desk-display-called")
        post(server, "/api/v1/desks/main-3/start", olena)
        post(server, "/api/v1/desks/main-3/finish", olena)
        page.wait_for_selector("#state-free:not([hidden])", timeout=2000)
        assert page.inner_text("#ticket") == ""
        post(server, "/api/v1/desks/main-3/pause", olena, {"reason": "lunch"})
        page.wait_for_selector("#state-break:not([hidden])", timeout=2000)
        screenshot(page, "desk-display-break")
        post(server, "/api/v1/desks/main-3/close", olena)
        page.wait_for_selector("#state-closed:not([hidden])", timeout=2000)
        page.goto(server.url + "/display/desk/main-999")
        page.wait_for_selector("#state-unknown:not([hidden])")
        assert errors == []
    finally:
        page.close()

"""An air-raid alert on the public screens, in headless Chromium against a real server.

A supervisor starts the alert through the API: the hall board turns into the
shelter message and says it (Ukrainian, then English), a board loaded during
the alert comes up on it, the desk display and the kiosk show it, the kiosk's
ticket is refused with 409 air_raid, the visitor's page says «Пауза — ваше
місце збережено». When it ends, everything comes back and the desk calls the
same queue in the order it had before.
"""

from __future__ import annotations

import io
import time
import wave
from pathlib import Path

import pytest
import requests

from browser import screenshot
from kiosk_helpers import open_kiosk, screen
from live_server import Server, cherga, round_the_clock_config

pytestmark = pytest.mark.contract
PASSWORD = "password-1"
MAIN_SHELTER = "Укриття: підвал будівлі, вхід з двору праворуч від головного входу. Сходи — за вікном 36."
MAIN_SHELTER_EN = "Shelter: the basement, entrance from the courtyard to the right of the main door. Stairs are past desk 36."


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest):
    """The bundled network open round the clock, and the hall board keeps no quiet hours: it speaks at any hour the test runs."""
    folder = round_the_clock_config(tmp_path / "config")
    boards = folder / "boards.toml"
    text = boards.read_text(encoding="utf-8")
    assert text.count('quiet_hours = "20:00-08:00"\nenglish = true') >= 1
    boards.write_text(text.replace('quiet_hours = "20:00-08:00"\nenglish = true', "english = true", 1), encoding="utf-8")
    running = Server(database=f"sqlite:///{tmp_path / 'alert.sqlite3'}", log_path=tmp_path / "server.log", environment={"CHERGA_CONFIG_DIR": str(folder)})
    running.start()
    yield running
    running.kill()
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        print(f"\n----- server log -----\n{running.log()}")


def login(server: Server, name: str, role: str) -> str:
    cherga("user", "add", name, "--role", role, "--office", "main", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    answer = requests.post(f"{server.url}/api/v1/auth/login", json={"username": name, "password": PASSWORD}, timeout=10)
    return str(answer.json()["token"])


def post(server: Server, path: str, token: str, body: dict | None = None) -> requests.Response:
    return requests.post(f"{server.url}{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def issue(server: Server, kiosk: str, lang: str = "uk") -> dict:
    answer = post(server, "/api/v1/offices/main/tickets", kiosk, {"service": "consultation", "print": False, "lang": lang})
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def seconds(sound: bytes) -> float:
    with wave.open(io.BytesIO(sound)) as audio:
        return audio.getnframes() / audio.getframerate()


def new_page(browser, width: int, height: int, **options):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": height}, **options)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def spoken(page, reason: str, timeout: float = 40) -> dict:  # type: ignore[no-untyped-def]
    """The board's announcement for `reason` once it has been played to its end."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        said = [entry for entry in page.evaluate("window.ChergaBoard.announcements.map(a => Object.assign({}, a))") if entry["reason"] == reason]
        if said and said[0]["ended"]:
            return dict(said[0])
        time.sleep(0.2)
    raise AssertionError(f"no finished {reason}: {page.evaluate('window.ChergaBoard.announcements')}")


@pytest.mark.slow  # it hears the alert spoken in both languages: among the longest, so started first
def test_an_alert_turns_the_public_screens_to_the_shelter_and_the_queue_resumes_in_order(browser, server) -> None:
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    olena = login(server, "olena", "operator")
    iryna = login(server, "iryna", "supervisor")
    tickets = [issue(server, kiosk), issue(server, kiosk, "en"), issue(server, kiosk), issue(server, kiosk)]
    assert post(server, "/api/v1/desks/main-34/open", olena).status_code == 200
    assert post(server, "/api/v1/desks/main-34/call-next", olena).json()["number"] == tickets[0]["number"]

    board = new_page(browser, 1920, 1080)
    board.goto(f"{server.url}/display/main/main-hall")
    board.wait_for_selector(f"#newest-number:text-is('{tickets[0]['number']}')", timeout=10000)
    muted = new_page(browser, 1080, 1920)  # the land rooms' board is muted: it shows the alert and keeps quiet
    muted.goto(f"{server.url}/display/main/main-land")
    muted.wait_for_selector("#board[data-live=yes]", state="attached", timeout=10000)
    desk = new_page(browser, 1280, 720)
    desk.goto(f"{server.url}/display/desk/main-34")
    desk.wait_for_selector(f"#ticket:text-is('{tickets[0]['number']}')", timeout=10000)
    kiosk_page = open_kiosk(browser, server, kiosk)
    kiosk_page.wait_for_selector("body[data-alert=off]", state="attached", timeout=10000)  # it follows the office
    visitor = new_page(browser, 390, 844, is_mobile=True, has_touch=True)
    visitor.goto(tickets[2]["status_url"])
    visitor_en = new_page(browser, 390, 844, is_mobile=True, has_touch=True)
    visitor_en.goto(tickets[1]["status_url"])
    pages = (board, muted, desk, kiosk_page, visitor, visitor_en)
    try:
        assert visitor.is_hidden("#paused") and "хв" in visitor.inner_text("#wait")

        started = post(server, "/api/v1/offices/main/alert", iryna, {"active": True})
        assert started.status_code == 200 and started.json()["active"] is True

        # the hall board: the whole screen is the shelter message, said once, Ukrainian then English
        board.wait_for_selector("#alert:not([hidden])", timeout=5000)
        assert board.is_hidden("#calls") and board.is_hidden("header")
        assert board.inner_text("#alert-shelter") == MAIN_SHELTER and board.inner_text("#alert-shelter-en") == MAIN_SHELTER_EN
        assert "Повітряна тривога" in board.text_content("#alert") and "Air-raid alert" in board.text_content("#alert")
        assert board.inner_text("#alert-since").count(":") == 1
        said = spoken(board, "alert.start")
        assert said["outcome"] == "spoken" and said["volume"] == 0.8, said
        both = requests.get(f"{server.url}/api/v1/offices/main/boards/main-hall/alert.wav?state=start", timeout=30).content
        ukrainian = requests.get(f"{server.url}/api/v1/offices/main/boards/default/alert.wav?state=start", timeout=30).content
        assert seconds(both) > seconds(ukrainian) + 1.5  # the hall board's words go on in English
        assert (said["ended"] - said["started"]) / 1000 > seconds(both) - 0.5  # and the hall heard all of it
        screenshot(board, "alert-board")

        muted.wait_for_selector("#alert:not([hidden])", timeout=5000)
        assert spoken(muted, "alert.start")["outcome"] == "silent"

        # a board that (re)loads during the alert comes up on the shelter screen, without saying it again
        reloaded = new_page(browser, 1080, 1920)
        reloaded.goto(f"{server.url}/display/main")
        reloaded.wait_for_selector("#alert:not([hidden])", timeout=10000)
        assert reloaded.is_hidden("#calls") and reloaded.is_hidden("#idle")
        assert reloaded.evaluate("window.ChergaBoard.announcements.length") == 0
        screenshot(reloaded, "alert-board-portrait")
        reloaded.close()

        # the desk display says the same
        desk.wait_for_selector("#alert:not([hidden])", timeout=5000)
        assert desk.is_hidden("#desk") and MAIN_SHELTER in desk.inner_text("#alert")
        screenshot(desk, "alert-desk-display")

        # the kiosk: the shelter screen, nothing to tap; the API refuses a ticket meanwhile
        kiosk_page.wait_for_selector("#screen-alert:not([hidden])", timeout=5000)
        assert screen(kiosk_page) == "alert" and kiosk_page.is_hidden("#tiles")
        assert kiosk_page.locator("#screen-alert button").count() == 0
        assert kiosk_page.inner_text("#alert-shelter") == MAIN_SHELTER
        assert "ваше місце в черзі збережено" in kiosk_page.inner_text("#screen-alert")
        screenshot(kiosk_page, "alert-kiosk-uk")
        kiosk_page.click("#language")
        kiosk_page.wait_for_function("() => document.querySelector('#screen-alert h2').textContent === 'Air-raid alert'", timeout=5000)
        assert kiosk_page.inner_text("#alert-shelter") == MAIN_SHELTER_EN
        screenshot(kiosk_page, "alert-kiosk-en")
        kiosk_page.click("#language")
        refused = post(server, "/api/v1/offices/main/tickets", kiosk, {"service": "consultation", "print": False})
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "air_raid"
        assert post(server, "/api/v1/desks/main-34/call-next", olena).status_code == 409

        # the visitor's page: the pause, the way to the shelter, no countdown
        visitor.wait_for_selector("#paused:not([hidden])", timeout=5000)
        assert "Пауза — ваше місце збережено" in visitor.inner_text("#paused")
        assert MAIN_SHELTER in visitor.inner_text("#paused")
        assert visitor.get_attribute("#paused-news", "aria-live") == "assertive"
        assert visitor.inner_text("#wait") == "на паузі"
        screenshot(visitor, "alert-ticket-uk")
        visitor_en.wait_for_selector("#paused:not([hidden])", timeout=5000)
        assert "Paused — your place is kept" in visitor_en.inner_text("#paused") and MAIN_SHELTER_EN in visitor_en.inner_text("#paused")
        screenshot(visitor_en, "alert-ticket-en")
        # a page opened during the alert shows the pause at once
        fresh = new_page(browser, 390, 844, is_mobile=True)
        fresh.goto(tickets[3]["status_url"])
        assert fresh.is_visible("#paused") and fresh.inner_text("#wait") == "на паузі"
        fresh.close()

        ended = post(server, "/api/v1/offices/main/alert", iryna, {"active": False})
        assert ended.status_code == 200 and ended.json()["active"] is False

        # everything comes back: the board to the same calls, and says so
        board.wait_for_selector("#calls:not([hidden])", timeout=5000)
        assert board.inner_text("#newest-number") == tickets[0]["number"] and board.is_hidden("#alert")
        assert spoken(board, "alert.end")["outcome"] == "spoken"
        desk.wait_for_selector(f"#ticket:text-is('{tickets[0]['number']}')", timeout=5000)
        assert desk.is_hidden("#alert")
        kiosk_page.wait_for_selector("#screen-services:not([hidden])", timeout=5000)
        visitor.wait_for_selector("#paused", state="hidden", timeout=5000)
        visitor.wait_for_function("() => document.getElementById('wait').textContent.includes('хв')", timeout=5000)

        # the desk calls the queue in the order it had before the alert, and the board shows each call
        for ticket in tickets[1:]:
            assert post(server, "/api/v1/desks/main-34/finish", olena).status_code == 200
            called = post(server, "/api/v1/desks/main-34/call-next", olena)
            assert called.status_code == 200 and called.json()["number"] == ticket["number"]
            board.wait_for_selector(f"#newest-number:text-is('{ticket['number']}')", timeout=5000)
        assert all(page.errors == [] for page in pages), [page.errors for page in pages]
    finally:
        for page in pages:
            page.close()

"""The kiosk without sight, from a wheelchair, with more time: its accessible mode in headless Chromium.

One real server, one portrait kiosk (1080×1920), one walk by keyboard
alone: the bar within a seated visitor's reach, tiles that grow, the focus
on each screen's heading, the arrow keys in a list, the idle warning and
«Ще час», the sentences the page asked the server to speak (the requests
for /kiosk-speech.wav it really made), axe-core on every screen, and a call
for help that reaches the supervisor's page.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest

from accessibility import assert_accessible
from browser import screenshot
from desk_pages import supervisor_page
from kiosk_helpers import BEYOND_A_DOUBLE_TAP, add_kiosk, open_kiosk
from live_server import cherga
from web import PASSWORD

pytestmark = pytest.mark.contract

PORTRAIT = 1920


def spoken(requests: list[str]) -> list[str]:
    return [parse_qs(urlparse(url).query)["text"][0] for url in requests]


def box(page, selector: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not on the screen"
    return found


def focused(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("() => { const n = document.activeElement; return n.tagName + ':' + n.textContent.trim(); }")


def heading_focused(page, screen: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "(screen) => { const n = document.activeElement; return n.tagName === 'H2' && n.closest('#screen-' + screen) !== null; }",
        arg=screen,
        timeout=5000,
    )


def arrow_to(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Down the list by the arrow key until the focus is on the tile that says `text`."""
    for _ in range(30):
        if focused(page).endswith(":" + text):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no tile {text!r} by the arrow keys; the focus is on {focused(page)}")


def wait_for_speech(page, said: list[str], words: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 20  # a sentence waits for the one before it to be said
    while time.monotonic() < deadline:
        if any(words in text for text in spoken(said)):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the kiosk never asked to say {words!r}; it asked for {spoken(said)}; console {getattr(page, 'console', None)}")


def supervisor_of_main(browser, server):  # type: ignore[no-untyped-def]
    """The supervisor of main on their page, in another browser context (the kiosk knows no staff session)."""
    cherga("user", "add", "iryna", "--role", "supervisor", "--office", "main", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    return supervisor_page(browser, server, locale="uk-UA", timezone_id="Europe/Kyiv")


def test_a_visitor_who_cannot_see_takes_a_ticket_by_keyboard_and_hears_it(browser, server) -> None:
    token = add_kiosk(server)
    supervisor = supervisor_of_main(browser, server)
    pairing = browser.new_page(viewport={"width": 1080, "height": PORTRAIT})
    pairing.goto(f"{server.url}/kiosk/main")
    heading_focused(pairing, "pair")
    assert_accessible(pairing, "kiosk pairing")
    pairing.close()
    page = open_kiosk(browser, server, token, idle=4)  # 12 s in accessible mode: the warning after 9 s
    said: list[str] = []
    page.on("request", lambda request: said.append(request.url) if "/kiosk-speech.wav" in request.url else None)
    try:
        # within reach: the bar's buttons in the lowest fifth of a 1920 px portrait screen, in either mode
        for selector in ("#accessible", "#language", "#help"):
            assert box(page, selector)["y"] > PORTRAIT * 0.8, selector
        assert_accessible(page, "kiosk start")
        screenshot(page, "kiosk-start-bar-within-reach")
        tile_before = box(page, "#tiles button")
        assert said == []  # silent until the visitor asks for the voice

        page.focus("#accessible")
        page.keyboard.press("Enter")
        assert page.get_attribute("#accessible", "aria-pressed") == "true"
        wait_for_speech(page, said, "Доступний режим увімкнено")
        tile_after = box(page, "#tiles button")
        assert tile_after["height"] >= tile_before["height"] * 1.4 and tile_after["width"] > tile_before["width"]
        for selector in ("#accessible", "#language", "#help"):
            assert box(page, selector)["y"] > PORTRAIT * 0.75, selector
        assert box(page, "#tiles button")["y"] > PORTRAIT * 0.2  # the choices come down within reach too
        screenshot(page, "kiosk-accessible-start")
        assert_accessible(page, "kiosk start, accessible mode")

        # by keyboard: Tab into the tiles, the arrow keys down the list, Enter chooses; each screen's heading takes the focus
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        arrow_to(page, "Паспортні документи")
        wait_for_speech(page, said, "Паспортні документи")
        page.keyboard.press("Enter")
        heading_focused(page, "services")
        time.sleep(BEYOND_A_DOUBLE_TAP)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        arrow_to(page, "ID-картка")
        page.keyboard.press("Enter")
        heading_focused(page, "services")
        time.sleep(BEYOND_A_DOUBLE_TAP)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        arrow_to(page, "Оформлення ID-картки вперше (з 14 років)")
        page.keyboard.press(" ")
        page.wait_for_selector("#screen-priority:not([hidden])")
        heading_focused(page, "priority")
        wait_for_speech(page, said, "Ви належите до пільгової категорії?")
        assert_accessible(page, "kiosk priority, accessible mode")

        # the idle time, three times as long in accessible mode, warns first; «Ще час» keeps the screen
        # the warning stands for the last quarter (3 s here): what is checked while it stands is quick, the
        # rest (what it said) after «Ще час»
        page.wait_for_selector("#idle-warning:not([hidden])", timeout=15000)
        assert focused(page) == "BUTTON:Ще час"
        assert_accessible(page, "kiosk idle warning", context="#idle-warning")
        screenshot(page, "kiosk-accessible-idle-warning")
        page.keyboard.press("Enter")
        page.wait_for_selector("#idle-warning", state="hidden")
        wait_for_speech(page, said, "Вам потрібно більше часу?")
        assert page.is_visible("#screen-priority")
        heading_focused(page, "priority")

        page.keyboard.press("Tab")
        assert focused(page) == "BUTTON:Ні, звичайна черга"
        page.keyboard.press("Enter")
        page.wait_for_selector("#screen-ticket:not([hidden])")
        heading_focused(page, "ticket")
        number = page.inner_text("#ticket-number")
        wait_for_speech(page, said, f"Ваш номер {number}")
        assert page.get_attribute("#ticket-qr", "alt") == "QR-код: відкрийте, щоб стежити за чергою"
        screenshot(page, "kiosk-accessible-ticket")
        assert_accessible(page, "kiosk ticket, accessible mode")
        order = spoken(said)
        assert order.index("Ваш талон") < next(i for i, text in enumerate(order) if text.startswith(f"Ваш номер {number}"))

        # «Покличте працівника до мене»: the supervisor's page shows the kiosk and the time; «Я підійду» answers it
        assert supervisor.is_hidden("#help-calls")
        page.focus("#help")
        page.keyboard.press("Enter")
        page.wait_for_selector("#help-state:has-text('Працівника покликано')")
        wait_for_speech(page, said, "Працівника покликано")
        call = supervisor.wait_for_selector("#help-calls li", timeout=10000)
        assert call.inner_text().startswith("kiosk-1 · ")
        screenshot(supervisor, "kiosk-help-on-the-supervisor-page")
        assert_accessible(supervisor, "supervisor with a call for help", context="#help-calls")
        supervisor.click("#help-calls li button")
        supervisor.wait_for_selector("#help-calls", state="hidden")

        # «Я записаний(а)»: its heading takes the focus; Space presses a key of the code, as Enter does
        page.keyboard.press("Shift")  # a key keeps the ticket on the screen (or takes the idle warning away)
        if page.is_visible("#screen-ticket"):
            page.click("#screen-ticket .home")
        page.wait_for_selector("#screen-services:not([hidden])")
        time.sleep(BEYOND_A_DOUBLE_TAP)
        page.focus("#checkin-open")
        page.keyboard.press("Enter")
        heading_focused(page, "checkin")
        wait_for_speech(page, said, "Я записаний(а) на прийом")
        time.sleep(BEYOND_A_DOUBLE_TAP)
        page.focus("#checkin-keys button")
        page.keyboard.press(" ")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        assert page.get_attribute("#checkin-code", "data-code") == "23"
        assert_accessible(page, "kiosk check-in, accessible mode")
        assert page.errors == []
    finally:
        page.close()
        supervisor.context.close()

"""Driving the kiosk page in Chromium as a visitor does: pair, tap through, read the queue."""

from __future__ import annotations

import time

import requests

from live_server import cherga


def add_kiosk(server, name: str = "kiosk-1") -> str:  # type: ignore[no-untyped-def]
    """A kiosk device of the main office, made with the real CLI; returns its token."""
    return cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", name, database=server.database).splitlines()[-1]


def add_agent(server, name: str = "kiosk-1") -> str:  # type: ignore[no-untyped-def]
    """The print agent paired with kiosk `name`; returns its token."""
    return cherga("device", "add", "--kind", "agent", "--office", "main", "--name", name, database=server.database).splitlines()[-1]


def open_kiosk(browser, server, token, *, width=1080, height=1920, idle=60):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console = []
    page.on("console", lambda message: page.console.append(message.text))
    page.goto(f"{server.url}/kiosk/main?idle={idle}")
    page.fill("#pair-token", token)
    page.click("#pair-form button")
    page.wait_for_selector("#screen-services:not([hidden])")
    page.errors = errors
    return page


def take_ticket(page, category="Паспортні документи", sub="ID-картка", service="Оформлення ID-картки вперше (з 14 років)", priority="Ні, звичайна черга"):  # type: ignore[no-untyped-def]
    page.click(f"#tiles >> text={category}")
    if sub:
        page.click(f"#tiles >> text={sub}")
    page.click(f"#tiles >> text={service}")
    page.wait_for_selector("#screen-priority:not([hidden])")
    page.click(f"#priorities >> text={priority}")


BEYOND_A_DOUBLE_TAP = 0.6  # seconds: longer than the kiosk's settling time, shorter than any reading


def double_tap(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Two quick touches at the same spot, as a finger that bounces: the second lands on what is there then."""
    page.locator(selector).element_handle().wait_for_element_state("enabled")  # as the visitor sees the screen ready
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.mouse.click(x, y)
    time.sleep(BEYOND_A_DOUBLE_TAP)


def screen(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("() => document.getElementById('kiosk').dataset.screen")


def queue(server) -> dict:  # type: ignore[no-untyped-def]
    return requests.get(f"{server.url}/api/v1/offices/main/queue", timeout=10).json()


def wait_for_agent(agent, timeout: float = 20) -> None:  # type: ignore[no-untyped-def]
    """Until the agent process has said hello to the server: the kiosk then expects paper, not «no agent»."""
    deadline = time.monotonic() + timeout
    while "connected to" not in agent.log():
        if time.monotonic() > deadline:
            raise AssertionError(f"the agent did not connect:\n{agent.log()}")
        time.sleep(0.1)

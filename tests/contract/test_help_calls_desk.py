"""A visitor's call for help on the desk console, beside the supervisor's page: one real server, two browsers.

A call made before the console opens is on it at once; one made after
arrives live on both pages; «Я підійду» at the desk takes it off the
supervisor's page too, and the supervisor's answer takes the other off the
desk's. (The kiosk's side, and the supervisor's page alone, are in
test_kiosk_access.py.)
"""

from __future__ import annotations

import pytest
import requests

from accessibility import assert_accessible
from browser import screenshot
from desk_pages import PASSWORD, console, supervisor_page
from kiosk_helpers import add_kiosk
from live_server import Server, cherga, staff_token

pytestmark = pytest.mark.contract


def call_for_help(server: Server, kiosk_token: str) -> int:
    answer = requests.post(f"{server.url}/api/v1/offices/main/help-requests", json={}, headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["id"])


def calls_on(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all("#help-calls li", "items => items.map(item => item.dataset.call)")


def test_the_desk_console_shows_the_calls_for_help_and_answers_them_with_the_supervisor(browser, server) -> None:
    for name, role in (("olena", "operator"), ("iryna", "supervisor")):
        cherga("user", "add", name, "--role", role, "--office", "main", "--password-stdin", database=server.database, stdin=PASSWORD + "\n")
    first_kiosk, second_kiosk = add_kiosk(server), add_kiosk(server, name="kiosk-2")
    before = call_for_help(server, first_kiosk)

    desk = console(browser, server, "olena")
    supervisor = supervisor_page(browser, server)
    try:
        desk.wait_for_selector("#help-calls:not([hidden])", timeout=10000)  # asked before the console opened
        assert calls_on(desk) == [str(before)]
        assert desk.inner_text("#help-calls li").startswith("kiosk-1 · ")
        assert desk.inner_text("#help-calls h2") == "Відвідувач просить допомоги"

        after = call_for_help(server, second_kiosk)  # live, on both pages
        desk.wait_for_selector(f"#help-calls li[data-call='{after}']", timeout=10000)
        supervisor.wait_for_selector(f"#help-calls li[data-call='{after}']", timeout=10000)
        assert calls_on(supervisor) == [str(before), str(after)]
        screenshot(desk, "desk-console-calls-for-help")
        assert_accessible(desk, "desk console with calls for help", context="#help-calls")

        desk.click(f"#help-calls li[data-call='{before}'] button")  # «Я підійду» at the desk
        supervisor.wait_for_selector(f"#help-calls li[data-call='{before}']", state="detached", timeout=10000)
        assert calls_on(desk) == [str(after)]

        supervisor.click(f"#help-calls li[data-call='{after}'] button")
        desk.wait_for_selector("#help-calls", state="hidden", timeout=10000)
        supervisor.wait_for_selector("#help-calls", state="hidden", timeout=10000)
        listed = requests.get(f"{server.url}/api/v1/offices/main/help-requests", timeout=10,
                              headers={"Authorization": f"Bearer {staff_token(server, 'olena', PASSWORD)}"})
        assert listed.json() == []
        assert desk.errors == []
    finally:
        desk.context.close()
        supervisor.context.close()


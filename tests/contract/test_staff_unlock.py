"""A supervisor unlocks a locked-out operator from the staff tab, in headless Chromium against a real server."""

from __future__ import annotations

import pytest
import requests

from live_server import cherga

pytestmark = pytest.mark.contract
PASSWORD = "password-1"


def login(server, username: str, password: str = PASSWORD) -> requests.Response:
    return requests.post(f"{server.url}/api/v1/auth/login", json={"username": username, "password": password}, timeout=10)


def test_a_supervisor_unlocks_an_operator_from_the_staff_tab(browser, server) -> None:
    for name, role in (("olena", "operator"), ("iryna", "supervisor")):
        cherga("user", "add", name, "--role", role, "--office", "main", database=server.database, stdin=PASSWORD + "\n")
    assert [login(server, "olena", "wrong-password").status_code for _ in range(10)][-1] == 423
    assert login(server, "olena").status_code == 423  # locked from this computer
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="uk-UA")
    try:
        page.goto(server.url + "/supervisor#staff")
        page.fill("#username", "iryna")
        page.fill("#password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_selector("#staff tr[data-user='olena'] button:has-text('Розблокувати')", timeout=10000)
        page.click("#staff tr[data-user='olena'] button:has-text('Розблокувати')")
        page.wait_for_selector("#confirm-dialog[open]")
        assert page.inner_text("#confirm-title") == "Розблокувати вхід для olena?"
        page.click("#confirm-yes")
        page.wait_for_function("() => !document.getElementById('confirm-dialog').open", timeout=5000)
        assert login(server, "olena").status_code == 200
        page.click(".tabs [data-tab=log]")
        page.wait_for_selector("#log tr[data-action='account_unlocked']", timeout=5000)
        entry = page.inner_text("#log tr[data-action='account_unlocked']")
        assert "iryna" in entry and "розблокував вхід" in entry
    finally:
        page.close()

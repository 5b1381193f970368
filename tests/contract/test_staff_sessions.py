"""Staff sessions across a restart of the demo, in headless Chromium against the real `cherga demo`.

The demo keeps the key that signs sessions beside its database, so a
restart logs nobody out; a server with another key ends every session, and
the page says so instead of silently showing the login form.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from live_server import Server
from queue_server.demo import DEMO_PASSWORD

pytestmark = pytest.mark.contract


class DemoServer(Server):
    """`cherga demo` as a person trying Cherga runs it: no CHERGA_SECRET_KEY in the environment."""

    def _spawn(self, log: Any) -> subprocess.Popen[bytes]:
        environment = {key: value for key, value in os.environ.items() if key != "CHERGA_SECRET_KEY"}
        environment.update(
            CHERGA_ASYNC_MODE=self.async_mode,
            CHERGA_HEARTBEAT_SECONDS="1",
            CHERGA_VOICE_CACHE_DIR=str(self.log_path.parent / "voice-cache"),
            **self.environment,
        )
        return subprocess.Popen(
            [sys.executable, "-m", "queue_server.cli", "demo", "--host", "127.0.0.1", "--port", str(self.port), "--database", self.database,
             "--no-simulation"],  # the sessions are the subject here; the simulated day has its own tests (tests/simulation)
            stdout=log, stderr=subprocess.STDOUT, env=environment,
        )


@pytest.fixture
def demo(tmp_path, request):
    running = DemoServer(database=f"sqlite:///{tmp_path / 'var' / 'cherga.sqlite3'}", log_path=tmp_path / "demo.log")
    running.start()
    yield running
    running.kill()
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        print(f"\n----- demo log -----\n{running.log()}")


# When the page tries to reach the server's Socket.IO (a WebSocket, or an HTTP poll), by the page's own clock.
RECORD_TRIES = """
window.socketTries = [];
const OwnWebSocket = window.WebSocket;
window.WebSocket = function (url, protocols) {
  if (String(url).indexOf("/socket.io/") >= 0) window.socketTries.push(Date.now());
  return protocols === undefined ? new OwnWebSocket(url) : new OwnWebSocket(url, protocols);
};
Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3, prototype: OwnWebSocket.prototype });
const ownOpen = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, url) {
  if (String(url).indexOf("/socket.io/") >= 0 && String(url).indexOf("sid=") < 0) window.socketTries.push(Date.now());
  return ownOpen.apply(this, arguments);
};
"""


def at_the_desk(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="uk-UA")
    context.add_init_script(RECORD_TRIES)
    page = context.new_page()
    page.goto(server.url + "/desk")
    page.fill("#username", "operator1")
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login-form button")
    page.wait_for_selector("#console", timeout=30000)
    page.wait_for_selector("#choose:not([hidden])")
    page.click("#desk-choice button:text-is('Вікно 3')")
    page.wait_for_selector("#desk-state[data-status]")
    return page


def me(page) -> int:
    return int(page.evaluate("fetch('/api/v1/auth/me', {credentials: 'same-origin'}).then(answer => answer.status)"))


def test_a_restart_of_the_demo_keeps_staff_logged_in_and_the_desk_is_back_at_once(browser, demo, tmp_path) -> None:
    secret = tmp_path / "var" / "secret-key"
    kept = secret.read_text() if secret.exists() else None
    page = at_the_desk(browser, demo)
    try:
        demo.kill()
        gone = time.time() * 1000
        page.wait_for_selector("#offline:not([hidden])", timeout=15000)
        page.wait_for_timeout(12000)  # long enough for a long back-off, were there one
        demo.start()
        back = time.monotonic()
        page.wait_for_selector("#offline", state="hidden", timeout=30000)
        tries = [gone] + [moment for moment in page.evaluate("window.socketTries") if moment > gone]
        longest = max(later - earlier for earlier, later in zip(tries, tries[1:])) / 1000
        assert longest < 3.5, f"the page waited {longest:.1f} s between tries: «Немає зв'язку» long after the server is back"
        assert time.monotonic() - back < 4
        assert me(page) == 200 and page.is_visible("#console")
        assert kept is not None and secret.read_text() == kept and stat.S_IMODE(secret.stat().st_mode) == 0o600  # made once
        page.reload()
        page.wait_for_selector("#desk-state[data-status]", timeout=10000)  # still logged in, at the same desk
        assert page.locator("#login-form").count() == 0
    finally:
        page.context.close()


def test_a_session_ended_by_a_new_key_is_said_on_the_page(browser, demo) -> None:
    page = at_the_desk(browser, demo)
    try:
        demo.kill()
        demo.environment["CHERGA_SECRET_KEY"] = "another-key-" + "x" * 40  # every session signed before ends
        demo.start()
        page.wait_for_selector("#login-notice:not([hidden])", timeout=15000)
        assert page.inner_text("#login-notice") == "Сеанс завершено — увійдіть знову"
        assert page.is_visible("#login-form")
        page.fill("#username", "operator1")
        page.fill("#password", DEMO_PASSWORD)
        page.click("#login-form button")
        page.wait_for_selector("#console", timeout=30000)
        assert me(page) == 200
    finally:
        page.context.close()


def test_the_demo_key_is_made_once_and_kept_private(tmp_path) -> None:
    from queue_server.demo import kept_secret_key
    from queue_server.settings import Settings

    settings = Settings.from_env({}, database_url=f"sqlite:///{tmp_path / 'state' / 'cherga.sqlite3'}")
    first = kept_secret_key(settings)
    assert len(first) == 64 and kept_secret_key(settings) == first
    path = Path(tmp_path / "state" / "secret-key")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

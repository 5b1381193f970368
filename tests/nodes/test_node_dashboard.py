"""The centre's dashboard marks the office its node serves, and says when the node is out of touch.

A centre and a node as two real processes (node_network.py); the centre
counts a node offline after six of its sync periods, one second here
(CHERGA_NODE_SYNC_SECONDS), so the link cut shows within seconds. A manager
follows the network's table in headless Chromium: the «Вузол» badge, the
offline chip while the link is cut, in Ukrainian and in English, and the
chip gone once the link is mended and the office's tickets have arrived.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from node_network import OFFICE, PASSWORD, NodeNetwork

from browser import screenshot
from live_server import cherga

pytestmark = pytest.mark.slow  # two servers and a browser: started first (tests/conftest.py)

ROW = f"tr.office-row[data-office='{OFFICE}']"
CHIP = ROW + " .chip[data-kind='node_offline']"
FULL_READ = 45000  # ms: the page reads every office again every half minute (dashboard.js)


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[NodeNetwork]:
    """The network of node_network.py, its centre counting a node offline after 6 × 1 s of silence."""
    started = NodeNetwork.start(tmp_path, centre_environment={"CHERGA_NODE_SYNC_SECONDS": "1"})
    yield started
    started.stop()


def dashboard(browser, nodes: NodeNetwork):  # type: ignore[no-untyped-def]
    """A manager at the centre's /dashboard, logged in through the form."""
    cherga("user", "add", "maria", "--role", "manager", "--password-stdin", database=nodes.centre.database, stdin=PASSWORD + "\n")
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(nodes.centre.url + "/dashboard")
    page.fill("#username", "maria")
    page.fill("#password", PASSWORD)
    page.click("#login-form button")
    page.wait_for_selector("#dashboard[data-ready=true]", state="attached", timeout=30000)
    return page


def said_waiting(nodes: NodeNetwork, count: int) -> None:
    """As if the node's last batch had said `count` events were still to come (a node cut while catching up)."""
    with sqlite3.connect(nodes.centre.database.removeprefix("sqlite:///")) as db:
        db.execute("UPDATE office_nodes SET waiting = ? WHERE office = ?", (count, OFFICE))


def out_of_touch(nodes: NodeNetwork, timeout: float = 20) -> None:
    """Until the centre's dashboard counts the node out of touch (six sync periods of silence)."""
    token = nodes.login(nodes.centre, "maria")
    deadline = time.monotonic() + timeout
    while not requests.get(f"{nodes.centre.url}/api/v1/dashboard/{OFFICE}", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()["node"]["offline"]:
        assert time.monotonic() < deadline, "the centre never counted the node out of touch"
        time.sleep(0.3)


def test_the_dashboard_says_when_the_office_node_is_out_of_touch(browser, nodes: NodeNetwork) -> None:
    nodes.wait_synced()
    page = dashboard(browser, nodes)
    try:
        badge = page.wait_for_selector(ROW + " .node-badge", timeout=10000)
        assert badge.inner_text() == "Вузол" and "http://127.0.0.1:1" in (badge.get_attribute("title") or "")
        assert page.query_selector(CHIP) is None  # heard every second: online
        assert page.eval_on_selector_all("tr.office-row .node-badge", "badges => badges.map(b => b.closest('tr').dataset.office)") == [OFFICE]
        assert page.eval_on_selector_all("tr.office-row", "rows => rows.length") > 1  # the centre serves the others itself

        nodes.link.cut()
        for _ in range(3):
            nodes.issue(nodes.node)
        out_of_touch(nodes)
        office = page.context.new_page()  # read afresh: out of touch, and nothing said waiting (the node had sent all)
        office.goto(nodes.centre.url + f"/dashboard/{OFFICE}")
        office.wait_for_selector("#office-node:not([hidden])", timeout=10000)
        banner = office.inner_text("#office-node")
        assert banner.startswith("Офіс поза зв'язком з ") and "подій чекають" not in banner, banner
        screenshot(office, "node-dashboard-office-offline-uk")
        office.close()

        # the centre knows only what the node said last; a node cut in the middle of a catch-up said 12
        said_waiting(nodes, 12)
        chip = page.wait_for_selector(CHIP + "[data-waiting='12']", timeout=FULL_READ)  # at the page's next full read
        assert chip.inner_text().startswith("Офіс поза зв'язком з ") and chip.inner_text().endswith(" · 12 подій чекають"), chip.inner_text()
        assert page.get_attribute(ROW, "data-node-offline") == "yes"
        assert page.get_attribute(ROW + " .node-badge", "data-offline") == "yes"
        screenshot(page, "node-dashboard-offline-uk")

        page.click("#language")
        page.wait_for_function(f"() => document.querySelector(\"{CHIP}\").textContent.startsWith('Office offline since ')")
        assert page.inner_text(CHIP).endswith(" · 12 events waiting"), page.inner_text(CHIP)
        assert page.inner_text(ROW + " .node-badge") == "Node"
        screenshot(page, "node-dashboard-offline-en")
        page.click("#language")

        said_waiting(nodes, 0)
        nodes.link.mend()
        nodes.wait_synced()  # the three tickets' events reach the centre: the office's stream says so
        page.wait_for_selector(CHIP, state="detached", timeout=FULL_READ)
        assert page.get_attribute(ROW, "data-node-offline") == ""
        assert page.query_selector(ROW + " .node-badge") is not None
        assert page.errors == []
    finally:
        page.context.close()

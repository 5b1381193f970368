"""The office's kiosk, hall board and desk console keep working against its node while the centre is stopped.

Headless Chromium on the node's address, as the office's devices are set
up: a visitor takes a ticket at the kiosk, the hall board shows and speaks
the call the desk console makes, and the day reaches the centre once it is
back.
"""

from __future__ import annotations

import pytest
from node_network import NodeNetwork

from browser import screenshot
from desk_pages import console
from kiosk_helpers import open_kiosk, take_ticket

pytestmark = pytest.mark.slow  # two servers and a browser: started first (tests/conftest.py)


def open_board(browser, server):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(server.url + "/display/main")
    page.wait_for_selector("#board[data-live=yes]", state="attached", timeout=10000)
    return page


def test_kiosk_board_and_desk_work_at_the_node_with_the_centre_stopped(browser, nodes: NodeNetwork) -> None:
    nodes.centre.kill()
    node = nodes.node
    kiosk = open_kiosk(browser, node, nodes.kiosk)
    board = open_board(browser, node)
    desk = console(browser, node, "olena", desk="Вікно 1")
    try:
        take_ticket(kiosk)
        kiosk.wait_for_selector("#screen-ticket:not([hidden])")
        number = kiosk.inner_text("#ticket-number")
        kiosk.wait_for_function("() => document.getElementById('ticket-qr').naturalWidth > 0")  # the ticket's page, from the node
        screenshot(kiosk, "node-kiosk-ticket-centre-down")

        desk.click("#open")
        desk.wait_for_selector("#console[data-status='open'][data-busy='']", state="attached", timeout=5000)
        desk.click("#call-next")
        desk.wait_for_selector(f"#visitor-number:text-is('{number}')", timeout=5000)
        board.wait_for_selector(f"#newest-number:text-is('{number}')", timeout=3000)
        assert board.inner_text("#newest-desk") == "Вікно 1"
        board.wait_for_function("() => window.ChergaBoard.announcements.some(a => a.ended && a.outcome === 'spoken')", timeout=30000)
        screenshot(board, "node-board-call-centre-down")
        screenshot(desk, "node-desk-call-centre-down")
        assert kiosk.errors == [] and board.errors == [] and desk.errors == []
    finally:
        for page in (kiosk, board, desk):
            page.close()

    nodes.centre.start()
    nodes.wait_synced()
    called = [ticket for ticket in nodes.rows(nodes.centre, "tickets") if ticket["number"] == number]
    assert len(called) == 1 and called[0]["status"] == "called" and called[0]["desk"] == "main-1"

"""The kiosk print agent as it runs on a kiosk PC: a real server, a real agent process,
a real network-printer socket on 127.0.0.1."""

from __future__ import annotations

import time

import pytest
import socketio

from agent_process import KioskWatcher, issue, wait_until
from escpos_reader import read
from live_server import Agent, cherga
from network_printer import PAPER_OUT, NetworkPrinter

pytestmark = pytest.mark.contract


@pytest.fixture
def devices(server):
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    agent = cherga("device", "add", "--kind", "agent", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    return kiosk, agent


def test_a_kiosk_ticket_is_printed_once_and_the_kiosk_hears_it(server, devices, tmp_path) -> None:
    kiosk, agent_token = devices
    printer = NetworkPrinter()
    agent = Agent(server, agent_token, printer.uri, tmp_path)
    watcher = KioskWatcher(server.url, kiosk)
    try:
        ticket = issue(server.url, kiosk)
        assert ticket["print_job"]
        assert watcher.wait(1) and watcher.results[0]["status"] == "printed", agent.log()
        assert watcher.results[0]["number"] == ticket["number"]
        assert wait_until(lambda: printer.jobs >= 1), agent.log()
        paper = read(bytes(printer.received))
        assert ticket["number"] in paper.lines and paper.qr_codes == [ticket["status_url"]] and paper.cuts == 1
    finally:
        watcher.client.disconnect()
        agent.stop()
        printer.close()


def test_a_refusing_printer_the_kiosk_hears_why_and_the_ticket_is_not_printed_late(server, devices, tmp_path) -> None:
    kiosk, agent_token = devices
    printer = NetworkPrinter()
    closed_uri = printer.uri
    printer.close()  # nothing listens there now
    agent = Agent(server, agent_token, closed_uri, tmp_path)
    watcher = KioskWatcher(server.url, kiosk)
    repaired = None
    try:
        failed = issue(server.url, kiosk)
        assert watcher.wait(1) and watcher.results[0]["status"] == "failed", agent.log()
        assert "cannot reach the printer" in watcher.results[0]["reason"]
        repaired = NetworkPrinter(port=printer.port)  # the printer comes back at the same address
        second = issue(server.url, kiosk)
        assert watcher.wait(2)[1]["status"] == "printed", agent.log()
        assert wait_until(lambda: repaired.jobs == 1)
        time.sleep(1)
        lines = read(bytes(repaired.received)).lines
        assert second["number"] in lines and failed["number"] not in lines  # the failed one is not printed late
        assert repaired.jobs == 1
    finally:
        watcher.client.disconnect()
        agent.stop()
        if repaired is not None:
            repaired.close()


def test_the_agent_survives_a_server_restart_and_never_prints_twice(server, devices, tmp_path) -> None:
    kiosk, agent_token = devices
    printer = NetworkPrinter()
    agent = Agent(server, agent_token, printer.uri, tmp_path)
    try:
        issue(server.url, kiosk)
        assert wait_until(lambda: printer.jobs == 1), agent.log()
        server.kill()  # kill -9
        server.start()
        second = issue(server.url, kiosk)  # the agent is still reconnecting: the job waits for it
        assert wait_until(lambda: printer.jobs == 2, timeout=40), agent.log()
        assert second["number"] in read(bytes(printer.received)).lines
        agent.stop()  # and a restarted agent, which the server greets with no pending job
        agent = Agent(server, agent_token, printer.uri, tmp_path)
        time.sleep(2)
        assert printer.jobs == 2
    finally:
        agent.stop()
        printer.close()


def test_the_paper_running_out_reaches_the_staff_stream(server, devices, tmp_path) -> None:
    _, agent_token = devices
    printer = NetworkPrinter()
    staff = socketio.Client(reconnection=False)
    heard: list[dict] = []
    staff.on("event", lambda message: heard.append(message))
    staff.connect(server.url, transports=["websocket"], wait_timeout=10)
    staff.call("subscribe", {"office": "main"}, timeout=10)
    agent = Agent(server, agent_token, printer.uri, tmp_path)
    try:
        assert wait_until(lambda: any(m["type"] == "printer.status" and m["data"]["state"] == "ready" for m in heard)), agent.log()
        printer.status = dict(PAPER_OUT)
        assert wait_until(lambda: any(m["type"] == "printer.status" and m["data"]["state"] == "paper_out" for m in heard)), agent.log()
    finally:
        staff.disconnect()
        agent.stop()
        printer.close()

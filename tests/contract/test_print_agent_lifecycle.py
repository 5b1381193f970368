"""The print agent's life on a kiosk PC, with real processes: it starts before the
server, outlives a replaced database, and comes back late without printing
tickets that are long gone."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from pathlib import Path

import pytest
import requests

from agent_process import AgentProcess, KioskWatcher, issue, wait_until
from escpos_reader import read
from live_server import Server, cherga, free_port
from network_printer import NetworkPrinter

pytestmark = pytest.mark.contract


def register(database: str) -> tuple[str, str]:
    """The kiosk `kiosk-1` of the main office and its print agent; returns their tokens."""
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=database).splitlines()[-1]
    agent = cherga("device", "add", "--kind", "agent", "--office", "main", "--name", "kiosk-1", database=database).splitlines()[-1]
    return kiosk, agent


@pytest.fixture
def printer():
    network_printer = NetworkPrinter()
    yield network_printer
    network_printer.close()


def test_an_agent_started_before_the_server_retries_one_line_at_a_time_then_prints(tmp_path: Path, printer) -> None:
    port = free_port()
    agent = None
    server = Server(database=f"sqlite:///{tmp_path / 'cherga.sqlite3'}", log_path=tmp_path / "server.log", port=port)
    try:
        cherga("device", "list", database=server.database)  # the database exists before the server does
        kiosk, agent_token = register(server.database)
        agent = AgentProcess(server.url, agent_token, printer.uri, tmp_path, "--journal", str(tmp_path / "journal.jsonl"))
        assert wait_until(lambda: len(agent.lines("cannot connect")) >= 2, timeout=10), agent.log()
        assert agent.process.poll() is None, agent.log()  # no server is no reason to stop
        server.start()
        ticket = issue(server.url, kiosk)
        assert wait_until(lambda: printer.jobs == 1, timeout=30), agent.log()
        assert ticket["number"] in read(bytes(printer.received)).lines
        failures = agent.lines("cannot connect")
        assert all(f"cannot connect to {server.url}: " in line and "next attempt in" in line for line in failures)
        assert "Traceback" not in agent.log()
        # one line per failed attempt and nothing else: attempts back off 1, 2, 4 … seconds
        quiet = [line for line in agent.log().splitlines() if line.strip() and "cannot connect" not in line]
        assert all("cherga.kiosk_agent" in line for line in quiet), agent.log()
    finally:
        if agent is not None:
            assert agent.stop() == 0, agent.log()  # SIGTERM: a clean stop
        server.kill(signal.SIGTERM)


def test_a_restored_database_numbers_jobs_from_one_again_and_the_agent_still_prints_them(server: Server, tmp_path: Path, printer) -> None:
    """A restore from a backup taken before any ticket: the same devices, job ids reused, the same running agent."""
    kiosk, agent_token = register(server.database)
    database_file = server.database.removeprefix("sqlite:///")
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(database_file) as source, sqlite3.connect(backup) as copy:
        source.backup(copy)
    journal = tmp_path / "journal.jsonl"
    agent = AgentProcess(server.url, agent_token, printer.uri, tmp_path, "--journal", str(journal))
    try:
        first = issue(server.url, kiosk)
        assert wait_until(lambda: printer.jobs == 1), agent.log()
        server.kill(signal.SIGTERM)
        for suffix in ("", "-wal", "-shm"):
            Path(database_file + suffix).unlink(missing_ok=True)
        backup.rename(database_file)
        time.sleep(1.5)  # the server is away for a while: the agent keeps trying
        server.start()
        second = issue(server.url, kiosk)
        assert second["print_job"] == first["print_job"] == 1  # the restored database's numbering
        assert wait_until(lambda: printer.jobs == 2, timeout=40), agent.log()
        assert second["number"] in read(bytes(printer.received)).lines[-40:]
        assert agent.lines("lost the connection") and agent.lines("cannot connect") and "Traceback" not in agent.log()
    finally:
        agent.stop()


def test_a_fresh_server_with_the_same_journal_prints_its_first_ticket(tmp_path: Path, printer) -> None:
    """A new server on a new database, a new kiosk and agent token, the kiosk PC's journal kept, with lines of older agents in it."""
    journal = tmp_path / "state" / "journal.jsonl"
    journal.parent.mkdir()
    journal.write_text(json.dumps({"job": 1, "state": "printed", "reason": None}) + "\n", encoding="utf-8")  # an older agent's line
    for generation in ("old", "new"):
        folder = tmp_path / generation
        folder.mkdir()
        server = Server(database=f"sqlite:///{folder / 'cherga.sqlite3'}", log_path=folder / "server.log")
        cherga("device", "list", database=server.database)
        kiosk, agent_token = register(server.database)
        server.start()
        agent = AgentProcess(server.url, agent_token, printer.uri, folder, "--journal", str(journal))
        watcher = KioskWatcher(server.url, kiosk)
        try:
            printed_before = printer.jobs
            ticket = issue(server.url, kiosk)
            assert ticket["print_job"] == 1
            assert watcher.wait(1) and watcher.results[0]["status"] == "printed", agent.log()
            assert wait_until(lambda: printer.jobs == printed_before + 1), agent.log()
        finally:
            watcher.close()
            agent.stop()
            server.kill(signal.SIGTERM)
    assert printer.jobs == 2


def test_an_agent_back_late_does_not_print_a_ticket_already_called(server: Server, tmp_path: Path, printer) -> None:
    kiosk, agent_token = register(server.database)
    cherga("user", "add", "olena", "--role", "operator", "--office", "main", "--password-stdin", database=server.database,
           stdin="password-12345\n")
    login = requests.post(server.url + "/api/v1/auth/login", json={"username": "olena", "password": "password-12345"}, timeout=10)
    staff = {"Authorization": f"Bearer {login.json()['token']}"}
    watcher = KioskWatcher(server.url, kiosk)
    agent = None
    try:
        served = issue(server.url, kiosk)  # no agent: the job waits
        assert requests.post(server.url + "/api/v1/desks/main-1/open", headers=staff, timeout=10).status_code == 200
        called = requests.post(server.url + "/api/v1/desks/main-1/call-next", headers=staff, timeout=10)
        assert called.status_code == 200 and called.json()["number"] == served["number"], called.text
        agent = AgentProcess(server.url, agent_token, printer.uri, tmp_path, "--journal", str(tmp_path / "journal.jsonl"))
        assert wait_until(lambda: agent.lines("connected to")), agent.log()
        assert "0 job(s) pending" in agent.lines("connected to")[0]
        assert watcher.wait(1)[0]["status"] == "expired" and "no longer waiting" in watcher.results[0]["reason"]
        fresh = issue(server.url, kiosk)  # the agent itself is well
        assert wait_until(lambda: printer.jobs == 1), agent.log()
        lines = read(bytes(printer.received)).lines
        assert fresh["number"] in lines and served["number"] not in lines
    finally:
        watcher.close()
        if agent is not None:
            agent.stop()


def test_the_agent_refuses_a_job_older_than_its_own_max_age(server: Server, tmp_path: Path, printer) -> None:
    """Belt and braces: a server that would still send it (its own limit is longer), an agent that says no."""
    kiosk, agent_token = register(server.database)
    watcher = KioskWatcher(server.url, kiosk)
    agent = None
    try:
        old = issue(server.url, kiosk)
        time.sleep(1.5)
        agent = AgentProcess(server.url, agent_token, printer.uri, tmp_path, "--journal", str(tmp_path / "journal.jsonl"),
                             "--max-age-seconds", "1")
        assert watcher.wait(1) and watcher.results[0]["status"] == "failed", agent.log()
        assert watcher.results[0]["number"] == old["number"] and "not printed late" in watcher.results[0]["reason"]
        time.sleep(0.5)
        assert printer.jobs == 0
    finally:
        watcher.close()
        if agent is not None:
            agent.stop()


def test_a_refused_token_is_one_line_per_attempt_with_the_servers_reason(server: Server, tmp_path: Path) -> None:
    agent = AgentProcess(server.url, "not-a-token", "dummy://", tmp_path, "--journal", str(tmp_path / "journal.jsonl"))
    try:
        assert wait_until(lambda: len(agent.lines("cannot connect")) >= 2, timeout=10), agent.log()
        assert agent.process.poll() is None
        assert all("the server refused the agent: " in line for line in agent.lines("cannot connect")), agent.log()
        assert "Traceback" not in agent.log()
    finally:
        agent.stop()

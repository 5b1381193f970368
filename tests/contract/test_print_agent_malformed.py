"""A print job that does not match the protocol reaches the agent's log and the server as a clear failure,
never a job left "started": a real server, a real agent process, a real network-printer socket."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from agent_process import KioskWatcher, issue, wait_until
from escpos_reader import read
from live_server import Agent, cherga
from network_printer import NetworkPrinter
from queue_server.store import printing as print_store
from queue_server.store.schema import print_jobs

pytestmark = pytest.mark.contract


def rename_in_stored_job(database: str, ticket_id: int, old: str, new: str) -> None:
    """What another version of the server might have left: the job's payload with one key spelled otherwise."""
    engine = sa.create_engine(database if "://" in database else f"sqlite:///{database}")
    try:
        with engine.begin() as conn:
            job = print_store.by_ticket(conn, ticket_id)
            assert job is not None and old in job.payload
            payload = {(new if key == old else key): value for key, value in job.payload.items()}
            conn.execute(print_jobs.update().where(print_jobs.c.id == job.id).values(payload=payload))
    finally:
        engine.dispose()


def test_a_job_with_a_renamed_key_is_reported_failed_and_the_next_one_prints(server, tmp_path) -> None:
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    agent_token = cherga("device", "add", "--kind", "agent", "--office", "main", "--name", "kiosk-1", database=server.database).splitlines()[-1]
    watcher = KioskWatcher(server.url, kiosk)
    printer = NetworkPrinter()
    agent = None
    try:
        malformed = issue(server.url, kiosk)  # no agent yet: the job waits in the database
        rename_in_stored_job(server.database, malformed["id"], "number", "numbr")
        agent = Agent(server, agent_token, printer.uri, tmp_path)  # its hello gets the waiting job
        assert watcher.wait(1) and watcher.results[0]["job"] == malformed["print_job"], agent.log()
        assert watcher.results[0]["status"] == "failed"
        assert watcher.results[0]["reason"] == "malformed print job: number is missing"
        assert "malformed print job: number is missing" in agent.log()
        assert "Traceback" not in agent.log()
        journal = tmp_path / "journal.jsonl"
        assert not journal.exists() or all(json.loads(line)["job"] != malformed["print_job"] for line in journal.read_text().splitlines())
        second = issue(server.url, kiosk)  # the agent lives on and prints the next, well-formed job
        assert watcher.wait(2)[1]["status"] == "printed", agent.log()
        assert wait_until(lambda: printer.jobs == 1), agent.log()
        lines = read(bytes(printer.received)).lines
        assert second["number"] in lines and malformed["number"] not in lines
    finally:
        watcher.client.disconnect()
        if agent is not None:
            agent.stop()
        printer.close()

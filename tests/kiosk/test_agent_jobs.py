"""The agent checks every job with the device protocol before its journal sees it: the agent's own objects,
a real journal file and the dummy printer, with no server to answer (its report is then one warning line;
tests/contract/test_print_agent_malformed.py follows the report to a real server and kiosk)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.agent import PrintAgent
from kiosk.journal import Journal
from printers.profiles import PROFILES
from printers.transports import DummyTransport
from protocol import LABEL_KEYS

JOB = {
    "job": 7, "key": "k" * 32, "age_seconds": 0.5, "ticket_id": 3,
    "office": "ЦНАП", "number": "А001", "service": "Паспорт", "issued_at": "24.11.2026 10:15", "people_ahead": 0,
    "estimated_wait_minutes": 5, "status_url": "http://127.0.0.1:9/t/x", "labels": {key: key for key in LABEL_KEYS},
    "lang": "uk", "priority": None,
}


@pytest.fixture
def agent(tmp_path: Path):
    return PrintAgent("http://127.0.0.1:9", "token", DummyTransport(), PROFILES["epson-58"], Journal(tmp_path / "journal.jsonl"))


def renamed(old: str, new: str) -> dict:
    return {(new if key == old else key): value for key, value in JOB.items()}


@pytest.mark.parametrize(
    ("job", "reason"),
    [
        (renamed("number", "numbr"), "malformed print job: number is missing"),
        (renamed("key", "journal_key"), "malformed print job: key is missing"),
        ({**JOB, "people_ahead": "three"}, "malformed print job: people_ahead must be a whole number"),
        ({**JOB, "labels": {"number": "N"}}, "malformed print job: labels: issued is missing"),
    ],
)
def test_a_malformed_job_is_reported_failed_and_never_journaled(agent, tmp_path, caplog, job, reason) -> None:
    with caplog.at_level(logging.INFO, logger="cherga.kiosk_agent"):
        agent.handle_job(job)
    assert f"job 7 not printed: {reason}" in caplog.text
    assert "could not report job 7" in caplog.text  # it tried to tell the server (none listens here)
    assert agent.printer.printed == []
    assert not (tmp_path / "journal.jsonl").exists() or (tmp_path / "journal.jsonl").read_text() == ""


def test_a_job_that_names_no_job_is_logged_only(agent, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="cherga.kiosk_agent"):
        agent.handle_job({key: value for key, value in JOB.items() if key != "job"})
        agent.handle_job("not an object")
    assert "could not report" not in caplog.text and agent.printer.printed == []
    assert caplog.text.count("it names no job") == 2 and "job is missing" in caplog.text


def test_a_well_formed_job_prints_with_its_labels(agent, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="cherga.kiosk_agent"):
        agent.handle_job(JOB)
    assert "printed ticket А001 (job 7)" in caplog.text and len(agent.printer.printed) == 1
    assert "next".encode() in agent.printer.printed[0]  # the label it was given, not a text of its own

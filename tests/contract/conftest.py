"""Fixtures for tests against a real server process (see live_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from live_server import Credentials, Server, cherga


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    database = f"sqlite:///{tmp_path / 'cherga.sqlite3'}"
    running = Server(database=database, log_path=tmp_path / "server.log")
    running.start()
    yield running
    failed = getattr(request.node, "rep_call", None)
    running.kill()  # its data goes with the test: no gentle stop, which has tests of its own (test_server_stop_and_storage.py)
    if failed is not None and failed.failed:
        print(f"\n----- server log -----\n{running.log()}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def credentials(server: Server) -> Credentials:
    """A kiosk and two operators of the main office, made with the real CLI."""
    kiosk = cherga("device", "add", "--kind", "kiosk", "--office", "main", "--name", "kiosk-1", database=server.database).strip().splitlines()[-1]
    operators = []
    for name in ("olena", "taras"):
        cherga("user", "add", name, "--role", "operator", "--office", "main", "--password-stdin", database=server.database, stdin="password-1\n")
        answer = requests.post(server.url + "/api/v1/auth/login", json={"username": name, "password": "password-1"}, timeout=10)
        operators.append(answer.json()["token"])
    return Credentials(kiosk=kiosk, operators=operators)

"""Fixtures of the office-node tests: a centre and a node of their own per test (node_network.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from node_network import NodeNetwork


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[NodeNetwork]:
    started = NodeNetwork.start(tmp_path)
    yield started
    started.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A failed test shows both servers' logs."""
    outcome = yield
    report = outcome.get_result()
    network = getattr(item, "funcargs", {}).get("nodes")
    if report.when == "call" and report.failed and network is not None:
        report.sections.append(("the centre's and the node's logs", network.logs()))

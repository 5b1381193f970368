"""Fixtures of the multi-process tests: one PostgreSQL database, a Redis of the tests' own, several `cherga serve`.

Skipped, with the reason, where PostgreSQL, redis-server or the Redis client
is missing (tests/cluster.py). Starting the processes is what costs, so the
folder's tests share one cluster; each test works in an office of its own,
and a test that kills a process or Redis brings it back before it ends. A
test that needs the servers' own heartbeat, or that kills one for good,
takes a `pair` of its own instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cluster import Cluster, Launch, running_cluster

PROCESSES = 3


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with running_cluster(tmp_path_factory.mktemp("cluster"), PROCESSES) as running:
        yield running


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Cluster]:
    """Two processes of this test's own, on the servers' own heartbeat."""
    with running_cluster(tmp_path, 2, Launch(heartbeat_seconds=None)) as running:
        yield running


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A failed test shows the servers' logs."""
    outcome = yield
    report = outcome.get_result()
    used = getattr(item, "funcargs", {})
    if report.when == "call" and report.failed:
        for name in ("cluster", "pair"):
            if name in used:
                report.sections.append((f"servers' logs ({name})", used[name].logs()))

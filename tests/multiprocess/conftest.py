"""Fixtures of the multi-process tests: one PostgreSQL database, a Redis of the tests' own, several `cherga serve`.

Skipped, with the reason, where PostgreSQL, redis-server or the Redis client
is missing (tests/cluster.py). Starting the processes is what costs, so the
folder's tests share one cluster; each test works in an office of its own,
and a test that kills a process or Redis brings it back before it ends.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cluster import Cluster, running_cluster

PROCESSES = 3


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with running_cluster(tmp_path_factory.mktemp("cluster"), PROCESSES) as running:
        yield running


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A failed test shows the servers' logs."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "cluster" in getattr(item, "funcargs", {}):
        report.sections.append(("servers' logs", item.funcargs["cluster"].logs()))

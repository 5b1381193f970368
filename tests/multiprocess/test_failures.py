"""A process killed or Redis restarted in the middle of a load loses no event for any client.

Kiosks and desks on every process go on; the clients of a killed process
reconnect to another one and ask for what they missed by `seq`; while Redis
is away, events are committed but not fanned out, and the heartbeat's `seq`
(through Redis again once it is back) makes every client ask for them.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from follower import assert_every_event_once_in_order, close, followers
from load import Load

from cluster import Cluster

pytestmark = [pytest.mark.contract, pytest.mark.slow]


def wait_for(condition, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the load did not get that far"
        time.sleep(0.02)


def assert_each_ticket_called_once(outbox: list[tuple[int, str, object]]) -> None:
    issued = [ticket for _, kind, ticket in outbox if kind == "ticket.issued"]
    called = [ticket for _, kind, ticket in outbox if kind == "ticket.called"]
    assert len(set(issued)) == len(issued) > 0
    assert Counter(called) == Counter(issued), "each ticket called exactly once"


def test_a_process_killed_mid_load_loses_nothing(cluster: Cluster) -> None:
    office = cluster.staff("inhul-1", operators=3)
    victim = cluster.servers[2]
    found = followers(cluster, office.code, office.desks[0][1])
    on_victim = [follower for follower in found if follower.url == victim.url]
    load = Load(cluster, office, tickets_per_kiosk=9)

    def kill_midway() -> None:
        wait_for(lambda: load.issued >= 9)
        victim.kill()  # SIGKILL: commands in flight there are cut, committed or not

    try:
        load.run(kiosks=3, during=kill_midway)
        outbox = assert_every_event_once_in_order(cluster, office.code, found)
        assert all(follower.failovers >= 1 for follower in on_victim)
    finally:
        close(found)
        if victim.process is None:
            victim.start()  # the next test has its three processes again
    assert_each_ticket_called_once(outbox)
    assert len([kind for _, kind, _ in outbox if kind == "ticket.issued"]) >= load.issued  # a cut issue may have been done too


def test_redis_restarted_mid_load_loses_nothing(cluster: Cluster) -> None:
    office = cluster.staff("metal-1", operators=3)
    found = followers(cluster, office.code, office.desks[0][1])
    load = Load(cluster, office, tickets_per_kiosk=9)
    during_outage: list[int] = []

    def restart_redis_midway() -> None:
        wait_for(lambda: load.issued >= 6)
        cluster.redis.kill()  # as a crash would: its connections drop at once
        before = load.issued
        wait_for(lambda: load.issued >= before + 6, timeout=30)  # commands go on while Redis is away
        during_outage.append(load.issued - before)
        cluster.redis.start()

    try:
        load.run(kiosks=3, during=restart_redis_midway)
        outbox = assert_every_event_once_in_order(cluster, office.code, found)
    finally:
        close(found)
        if cluster.redis.process is None:
            cluster.redis.start()
    assert during_outage and during_outage[0] >= 6
    # what the outage cost each follower was asked for again (a gap, or a heartbeat ahead), not heard live
    assert all(follower.resubscribes >= 1 for follower in found), [follower.resubscribes for follower in found]
    assert_each_ticket_called_once(outbox)

"""Three `cherga serve` processes on one PostgreSQL and one Redis serve as one server.

Events reach every subscriber whichever process it is connected to and
whichever process handled the command, and a subscriber ends up holding
every event of its office once, in `seq` order, the same on every process
and the same as the database's outbox. Desks on different processes drain
one queue without a double call or a duplicate number.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from follower import Follower, assert_every_event_once_in_order, close, followers
from load import Load

from cluster import Cluster

pytestmark = pytest.mark.contract


def test_a_ticket_issued_on_one_process_is_heard_live_on_every_other(cluster: Cluster) -> None:
    office = cluster.staff("dovh-1", operators=1)
    token = office.desks[0][1]
    live = followers(cluster, office.code, token, failover=False, catch_up=False)  # only what Redis brings
    try:
        for number in range(6):
            office.issue(cluster.servers[number % len(cluster.servers)])
            for follower in live:  # heard everywhere before the next: a process's own next event cannot overtake it
                follower.wait_until(number + 1, timeout=10)
        for follower in live:
            assert follower.seqs() == [1, 2, 3, 4, 5, 6]
            assert [kind for _, kind, _ in follower.held()] == ["ticket.issued"] * 6
    finally:
        close(live)


@pytest.mark.slow
def test_desks_on_every_process_drain_one_queue_and_every_subscriber_hears_every_event(cluster: Cluster) -> None:
    office = cluster.staff("main", operators=3)
    found = followers(cluster, office.code, office.desks[0][1], per_process=2)
    try:
        load = Load(cluster, office, tickets_per_kiosk=10)
        load.run(kiosks=3)
        outbox = assert_every_event_once_in_order(cluster, office.code, found)
    finally:
        close(found)
    issued = [ticket for _, kind, ticket in outbox if kind == "ticket.issued"]
    called = [ticket for _, kind, ticket in outbox if kind == "ticket.called"]
    assert len(issued) == load.issued == 30 and len(set(issued)) == 30
    assert Counter(called) == Counter(issued), "each ticket called exactly once"
    numbers = [event["data"]["number"] for event in found[0].events if event["type"] == "ticket.issued"]
    assert len(set(numbers)) == 30, "no duplicate number"
    desks = Counter(event["data"]["desk"] for event in found[0].events if event["type"] == "ticket.called")
    assert len(desks) == 3, f"every process's desk called: {desks}"
    assert not load.errors, load.errors


def test_replay_across_processes(cluster: Cluster) -> None:
    """A subscriber of process A leaves; events are made on A; it comes back on B with `since` and gets exactly what it missed."""
    office = cluster.staff("dovh-2", operators=1)
    token = office.desks[0][1]
    a, b, c = cluster.servers
    first = Follower([a.url], office.code, token=token, failover=False)
    try:
        for _ in range(3):
            office.issue(a)
        first.wait_until(3)
    finally:
        first.close()
    for _ in range(4):
        office.issue(a)
    again = Follower([b.url], office.code, token=token, since=3, failover=False, catch_up=False)
    try:
        again.wait_until(7, timeout=10)
        assert again.seqs() == [4, 5, 6, 7]
        assert again.snapshots == 0
        office.issue(c)
        again.wait_until(8, timeout=10)
        time.sleep(0.3)  # nothing more, nothing twice
        assert again.seqs() == [4, 5, 6, 7, 8]
        assert again.held() == cluster.outbox(office.code)[3:]
    finally:
        again.close()

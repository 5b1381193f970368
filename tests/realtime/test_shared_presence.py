"""The boards' and print agents' presence shared through the machine's Redis: two registers stand for two server processes.

Each register is what one `cherga serve` process keeps; they share one Redis
and one key prefix (this test's own). The expiry runs on a wall clock the
test moves, so a process that "dies" (stops renewing) is seen going dark
without waiting for it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from queue_server.domain.boards import Board
from queue_server.realtime.shared_presence import (
    RedisAgentPresence,
    RedisBoardPresence,
    SharedPresence,
    redis_client,
    shares_presence,
)
from redis_service import machine_redis

T0 = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone.utc)
TTL = 5.0
HALL = Board(code="hall", office="alpha")


class Wall:
    """The real time the expiry is counted in, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def shared():
    yield from machine_redis()


@pytest.fixture
def wall() -> Wall:
    return Wall()


def boards(shared, wall: Wall) -> RedisBoardPresence:
    client, prefix = shared
    return RedisBoardPresence(client, T0, ttl=TTL, prefix=prefix, wall=wall)


def agents(shared, wall: Wall) -> RedisAgentPresence:
    client, prefix = shared
    return RedisAgentPresence(client, T0, ttl=TTL, prefix=prefix, wall=wall)


def test_a_board_connected_to_one_process_is_seen_by_the_other(shared, wall) -> None:
    a, b = boards(shared, wall), boards(shared, wall)
    assert b.seen(HALL).never_seen
    assert a.hello("page-1", "hall", T0) is True  # its only page: it came back
    assert a.hello("page-1", "hall", T0) is False  # said twice on one connection
    assert b.hello("page-2", "hall", T0) is False  # a second page, on the other process
    assert (a.seen(HALL).pages, b.seen(HALL).pages) == (2, 2)
    assert a.gone("page-1", T0 + dt.timedelta(minutes=1)) is None  # page-2 still shows it
    left = T0 + dt.timedelta(minutes=2)
    assert b.gone("page-2", left) == ("hall", left)
    assert a.still_dark("hall", left)  # asked on the process that did not see it leave
    seen = a.seen(HALL)
    assert (seen.pages, seen.last_seen, seen.never_seen) == (0, left, False)
    assert b.gone("page-2", left) is None  # gone once only
    assert a.gone("a-kiosk", left) is None  # a connection that never said hello
    b.hello("page-3", "hall", left + dt.timedelta(seconds=1))
    assert not a.still_dark("hall", left)


def test_a_page_that_shows_another_board_leaves_the_first(shared, wall) -> None:
    a, b = boards(shared, wall), boards(shared, wall)
    a.hello("page", "hall", T0)
    assert a.hello("page", "side", T0 + dt.timedelta(minutes=1)) is True
    assert b.still_dark("hall", T0 + dt.timedelta(minutes=1))
    assert b.seen(Board(code="side", office="alpha")).pages == 1


def test_the_pages_of_a_process_that_stops_renewing_go_dark_after_the_ttl(shared, wall) -> None:
    a, b = boards(shared, wall), boards(shared, wall)
    a.hello("page", "hall", T0)
    said_hello = wall.now
    wall.now += TTL - 1
    a.refresh()  # a heartbeat of the living process
    renewed = wall.now
    wall.now += TTL - 1
    assert b.seen(HALL).pages == 1  # past the first expiry, but renewed
    wall.now += 2  # the process died after its last heartbeat: nobody renews
    seen = b.seen(HALL)
    assert seen.pages == 0 and not seen.never_seen
    assert seen.last_seen is not None and abs(seen.last_seen.timestamp() - renewed) < 1e-3  # dark since its last renewal
    assert seen.last_seen.timestamp() > said_hello
    assert b.still_dark("hall", seen.last_seen)


def test_a_restarted_redis_gets_the_living_connections_back_at_the_next_beat(shared, wall) -> None:
    client, prefix = shared
    a, b = boards(shared, wall), boards(shared, wall)
    a_agents, b_agents = agents(shared, wall), agents(shared, wall)
    a.hello("page", "hall", T0)
    a_agents.hello("alpha", "kiosk-1", "agent-1", T0)
    client.delete(*client.scan_iter(match=prefix + "*"))  # what a restart of a Redis without persistence leaves
    assert b.seen(HALL).pages == 0 and not b_agents.connected("alpha", "kiosk-1")
    a.refresh()
    a_agents.refresh()
    assert b.seen(HALL).pages == 1 and b_agents.connected("alpha", "kiosk-1")


def test_an_agent_on_one_process_is_connected_for_the_other_until_it_leaves(shared, wall) -> None:
    a, b = agents(shared, wall), agents(shared, wall)
    assert not b.connected("alpha", "kiosk-1")
    assert b.seen("alpha", "kiosk-1").last_hello is None
    a.hello("alpha", "kiosk-1", "agent-1", T0)
    assert b.connected("alpha", "kiosk-1") and not b.connected("alpha", "kiosk-2") and not b.connected("beta", "kiosk-1")
    seen = b.seen("alpha", "kiosk-1")
    assert (seen.connected, seen.last_hello) == (True, T0)
    a.gone("agent-1")  # a clean disconnect: at once
    assert not b.connected("alpha", "kiosk-1")
    assert b.seen("alpha", "kiosk-1").last_hello == T0  # when it was last heard stays


def test_an_agent_of_a_dead_process_counts_no_more_after_the_ttl(shared, wall) -> None:
    a, b = agents(shared, wall), agents(shared, wall)
    a.hello("alpha", "kiosk-1", "agent-1", T0)
    wall.now += TTL - 1
    a.refresh()
    wall.now += TTL - 1
    assert b.connected("alpha", "kiosk-1")
    wall.now += 2
    assert not b.connected("alpha", "kiosk-1")


def test_a_connection_the_socket_layer_says_closed_counts_no_more(shared, wall) -> None:
    a, b = agents(shared, wall), agents(shared, wall)
    a.hello("alpha", "kiosk-1", "agent-1", T0)
    a.alive = lambda connection: connection != "agent-1"
    assert not a.connected("alpha", "kiosk-1")
    assert not b.connected("alpha", "kiosk-1")  # dropped from Redis by the process that holds it


def test_without_redis_nobody_is_connected_and_nothing_fails(caplog) -> None:
    pytest.importorskip("redis", reason="the Python package redis is not installed")
    from live_server import free_port

    client = redis_client(f"redis://127.0.0.1:{free_port()}/0")  # nobody listens there
    board, agent = RedisBoardPresence(client, T0, ttl=TTL), RedisAgentPresence(client, T0, ttl=TTL)
    assert board.hello("page", "hall", T0) is False
    assert board.seen(HALL).pages == 0 and board.gone("page", T0) is None and not board.still_dark("hall", T0)
    board.refresh()
    agent.hello("alpha", "kiosk-1", "agent-1", T0)
    assert not agent.connected("alpha", "kiosk-1") and agent.seen("alpha", "kiosk-1").last_hello is None
    assert "Redis did not answer" in caplog.text


def test_only_a_redis_message_queue_shares_the_presence(shared) -> None:
    assert shares_presence("redis://127.0.0.1:6379/0") and shares_presence("rediss://cache:6380")
    assert not shares_presence(None) and not shares_presence("amqp://guest@rabbit//")
    _client, prefix = shared
    presence = SharedPresence("redis://127.0.0.1:6379/0", heartbeat_seconds=15, prefix=prefix)(T0)
    assert isinstance(presence.boards, RedisBoardPresence) and presence.boards.ttl == 47 and presence.agents.started_at == T0


def test_the_boards_of_a_dead_process_are_handed_once_to_whoever_announces_them(shared, wall) -> None:
    a, b = boards(shared, wall), boards(shared, wall)
    a.hello("page-1", "hall", T0)
    a.hello("page-2", "side", T0)
    b.hello("page-3", "side", T0)
    renewed = wall.now
    assert b.expired(["hall", "side", "entrance"]) == []
    b.gone("page-3", T0 + dt.timedelta(seconds=1))  # a clean goodbye: its own process tells, not the chores
    wall.now += TTL + 1  # a died without a word
    assert b.expired(["hall", "side", "entrance"]) == [
        ("hall", dt.datetime.fromtimestamp(renewed, dt.timezone.utc)),
        ("side", dt.datetime.fromtimestamp(renewed, dt.timezone.utc)),
    ]
    assert b.expired(["hall", "side"]) == []  # once
    c = boards(shared, wall)
    c.hello("page-4", "hall", T0)
    assert c.gone("page-4", T0 + dt.timedelta(minutes=1)) is not None
    assert b.expired(["hall"]) == []  # a clean goodbye is not an expiry

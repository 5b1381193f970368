"""The lock on the network's chores, on the machine's Redis and PostgreSQL: two contenders, one wins; the holder dies, the other takes over."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from postgres_databases import fresh_database
from queue_server.realtime.network_lock import AdvisoryLock, RedisLock, SingleProcess, network_lock
from queue_server.store.engine import make_engine
from redis_service import machine_redis


@pytest.fixture
def shared():
    yield from machine_redis()


@pytest.fixture
def postgres_url():
    with fresh_database() as url:
        yield url


def test_one_of_two_redis_contenders_holds_the_chores_and_keeps_them(shared) -> None:
    client, prefix = shared
    a, b = RedisLock(client, ttl=5, key=prefix + "chores"), RedisLock(client, ttl=5, key=prefix + "chores")
    assert a.hold() is True
    assert b.hold() is False
    for _ in range(3):  # beat after beat
        assert (a.hold(), b.hold()) == (True, False)
    a.release()  # a clean stop
    assert b.hold() is True and a.hold() is False


def test_the_redis_lock_of_a_holder_that_died_expires(shared) -> None:
    client, prefix = shared
    a, b = RedisLock(client, ttl=0.3, key=prefix + "chores"), RedisLock(client, ttl=0.3, key=prefix + "chores")
    assert a.hold() and not b.hold()
    time.sleep(0.2)
    assert a.hold() and not b.hold()  # renewed in time
    time.sleep(0.45)  # a dies: no more renewals
    assert b.hold() is True
    assert a.hold() is False  # back too late: b holds them now
    assert 0 < client.pttl(prefix + "chores") <= 300


def test_one_of_two_postgresql_contenders_holds_the_chores_until_its_connection_ends(postgres_url) -> None:
    a, b = AdvisoryLock(postgres_url, key=7_001), AdvisoryLock(postgres_url, key=7_001)
    try:
        assert a.hold() is True
        assert b.hold() is False
        assert (a.hold(), b.hold()) == (True, False)
        assert a.connection is not None
        holder = a.connection.execute(sa.text("SELECT pg_backend_pid()")).scalar()
        with sa.create_engine(postgres_url, poolclass=sa.pool.NullPool).connect() as admin:  # the holder's process is killed:
            admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": holder})  # its connection ends with it
        deadline = time.monotonic() + 10  # the backend is told to end; it lets the lock go as it exits, a moment later
        while not b.hold() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b.hold() is True
        assert a.hold() is False  # finds its connection gone, and the chores taken
    finally:
        a.release()
        b.release()
    c = AdvisoryLock(postgres_url, key=7_001)
    assert c.hold() is True  # b's clean release let it go
    c.release()


def test_each_setup_gets_its_lock(tmp_path, postgres_url) -> None:
    sqlite = make_engine(f"sqlite:///{tmp_path / 'one.db'}")
    assert isinstance(network_lock(sqlite, None, 15), SingleProcess)
    assert SingleProcess().hold()
    assert isinstance(network_lock(make_engine(postgres_url), "redis://127.0.0.1:6379/0", 15), AdvisoryLock)  # the store's, when it can
    pytest.importorskip("redis", reason="the Python package redis is not installed")
    lock = network_lock(sqlite, "redis://127.0.0.1:6379/0", 15)
    assert isinstance(lock, RedisLock) and lock.ttl_ms == 50_000

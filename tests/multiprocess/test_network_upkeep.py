"""The heartbeat's network chores run in one process of the network; each process beats for its own connections.

Two `cherga serve` on one PostgreSQL and one Redis: one of them takes the
chores (its log says so), a ticket left from yesterday is cancelled once, not
once per process; when the holder is killed the other takes the chores over
and closes the next day left over. A subscriber hears one heartbeat a beat,
from the process it is connected to, not one from each process.
"""

from __future__ import annotations

import signal
import time

import pytest
import requests
import sqlalchemy as sa
from listener import Listener, wait_until

pytestmark = [pytest.mark.contract, pytest.mark.slow]  # two server processes each: about 20 s a test
RUNS = "this process runs the network's chores"


def holders(pair) -> list[str]:
    return [name for name, server in (("a", pair.servers[0]), ("b", pair.servers[1])) if server.process is not None and RUNS in server.log()]


def left_from_yesterday(pair, engine: sa.Engine, kiosk: str) -> str:
    """A ticket issued now, then moved to yesterday in the database, as if the office had closed with it waiting."""
    answer = requests.post(f"{pair.servers[0].url}/api/v1/offices/main/tickets", json={"service": "consultation", "print": False}, headers={"Authorization": f"Bearer {kiosk}"}, timeout=10)
    assert answer.status_code == 201, answer.text
    number = answer.json()["number"]
    with engine.begin() as conn:
        moved = conn.execute(sa.text("UPDATE tickets SET day = day - 1 WHERE office = 'main' AND number = :number AND day = (SELECT max(day) FROM tickets)"), {"number": number})
        assert moved.rowcount == 1
    return number


def cancelled(engine: sa.Engine, number: str) -> int:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT data FROM events WHERE office = 'main' AND type = 'ticket.cancelled'")).all()
    return sum(1 for (data,) in rows if data["number"] == number)


def test_one_process_runs_the_chores_and_the_other_takes_them_when_it_dies(pair) -> None:
    engine = sa.create_engine(pair.database, poolclass=sa.pool.NullPool)
    try:
        kiosk = pair.device("kiosk")
        assert wait_until(lambda: holders(pair), timeout=5), pair.logs()
        time.sleep(2)  # a few more beats of both
        [holder] = holders(pair)
        first = left_from_yesterday(pair, engine, kiosk)
        assert wait_until(lambda: cancelled(engine, first), timeout=10), pair.logs()
        time.sleep(2)
        assert cancelled(engine, first) == 1

        dying, other = (pair.servers[0], pair.servers[1]) if holder == "a" else (pair.servers[1], pair.servers[0])
        assert RUNS not in other.log()
        dying.kill(signal.SIGKILL)  # its connection to PostgreSQL ends with it, and the lock with it
        assert wait_until(lambda: RUNS in other.log(), timeout=10), pair.logs()
        second = left_from_yesterday(pair, engine, kiosk) if other is pair.servers[0] else None
        if second is not None:
            assert wait_until(lambda: cancelled(engine, second), timeout=10), pair.logs()
            assert cancelled(engine, second) == 1
    finally:
        engine.dispose()


def test_a_subscriber_hears_the_heartbeat_of_its_own_process_only(pair) -> None:
    listener = Listener(pair.servers[0])
    try:
        assert listener.call("subscribe", {"office": "main"})["ok"]
        time.sleep(1.5)
        before = len([beat for beat in listener.got("heartbeat") if beat["office"] == "main"])
        time.sleep(4)
        beats = len([beat for beat in listener.got("heartbeat") if beat["office"] == "main"]) - before
        assert 1 <= beats <= 5, beats  # one process beats once a second; two through the queue would make about eight
    finally:
        listener.close()

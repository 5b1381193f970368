"""Which server process runs the network's chores: one process of the network at a time.

Every process has a heartbeat, but the day close, the missed bookings, the
visitors' data past retention and the pruning of old events are the
network's, not the process's: run by each of N processes they cost N times
as much and race one another. So each beat asks its `NetworkLock` whether
this process holds the chores; the holder keeps them as long as it lives,
and another process takes them over at its next beat once it is gone.

- PostgreSQL store: a session advisory lock on a connection of its own,
  kept open by the holder. PostgreSQL releases it the moment that
  connection ends, a killed process's included.
- SQLite store with a Redis message queue: a Redis key with an expiry,
  renewed at each beat by the holder; a process that dies renews nothing
  and the key expires after `ttl`.
- SQLite alone: one process, which always holds the chores.
"""

from __future__ import annotations

import logging
import secrets
from typing import Protocol

import sqlalchemy as sa

try:
    import redis
except ImportError:  # a one-process server needs no Redis client
    redis = None  # type: ignore[assignment]

from .shared_presence import redis_client, shares_presence

log = logging.getLogger(__name__)

# pg_try_advisory_lock's key: any 64-bit number the network's database uses for nothing else ("cherga" in ASCII)
ADVISORY_KEY = 0x636865726761
REDIS_KEY = "cherga:network-chores"

# Renews the key only while this process holds it. KEYS: the lock; ARGV: the holder's token, ttl (ms).
RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
# Deletes the key only while this process holds it.
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class NetworkLock(Protocol):
    def hold(self) -> bool:
        """Whether this process runs the network's chores now: keeps the lock, or takes it if nobody holds it."""
        ...

    def release(self) -> None:
        """Let another process take the chores (at a clean stop)."""
        ...


class SingleProcess:
    """One server process on its own store: it always runs the chores."""

    def hold(self) -> bool:
        return True

    def release(self) -> None:
        pass


class AdvisoryLock:
    """A PostgreSQL session advisory lock, held on a connection of its own (outside the store's pool) while this process lives."""

    def __init__(self, url: sa.URL | str, key: int = ADVISORY_KEY) -> None:
        self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT")
        self.key = key
        self.connection: sa.Connection | None = None

    def hold(self) -> bool:
        if self.connection is not None:
            try:
                self.connection.execute(sa.text("SELECT 1"))  # the lock lives as long as this connection
                return True
            except sa.exc.DBAPIError as error:
                log.warning("the network's chores: lost the connection that held them (%s)", error)
                self._close()
        try:
            connection = self.engine.connect()
        except sa.exc.DBAPIError as error:
            log.warning("the network's chores: cannot reach the database to take them (%s)", error)
            return False
        try:
            taken = bool(connection.execute(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar())
        except sa.exc.DBAPIError:
            connection.close()
            raise
        if not taken:
            connection.close()
            return False
        self.connection = connection
        log.info("this process runs the network's chores (day close, bookings, pruning)")
        return True

    def release(self) -> None:
        if self.connection is not None:
            try:
                self.connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            except sa.exc.DBAPIError:
                pass  # the connection is gone, and the lock with it
            self._close()
        self.engine.dispose()

    def _close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.close()
            except sa.exc.DBAPIError:
                pass


class RedisLock:
    """A Redis key naming its holder, with an expiry the holder renews at each beat."""

    def __init__(self, client: redis.Redis, ttl: float, key: str = REDIS_KEY) -> None:
        self.client = client
        self.ttl_ms = max(1, int(ttl * 1000))
        self.key = key
        self.token = secrets.token_hex(16)
        self.held = False
        self._renew = client.register_script(RENEW)
        self._release = client.register_script(RELEASE)

    def hold(self) -> bool:
        try:
            if self.held and self._renew(keys=[self.key], args=[self.token, self.ttl_ms]):
                return True
            taken = bool(self.client.set(self.key, self.token, nx=True, px=self.ttl_ms))
        except redis.RedisError as error:
            log.warning("the network's chores: Redis did not answer (%s)", error)
            self.held = False
            return False
        if taken != self.held:
            log.info("this process %s the network's chores (day close, bookings, pruning)", "runs" if taken else "no longer runs")
        self.held = taken
        return taken

    def release(self) -> None:
        if self.held:
            try:
                self._release(keys=[self.key], args=[self.token])
            except redis.RedisError:
                pass  # it expires by itself
            self.held = False


def network_lock(engine: sa.Engine, message_queue: str | None, heartbeat_seconds: float) -> NetworkLock:
    """The lock for this server's setup: PostgreSQL's when the store is, else Redis's when the message queue is one."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine.url)
    if message_queue and shares_presence(message_queue):
        return RedisLock(redis_client(message_queue), ttl=3 * heartbeat_seconds + 5)
    return SingleProcess()

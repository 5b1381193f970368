"""The boards' pages and the print agents' connections, shared by every server process through Redis.

With several `cherga serve` processes behind one Redis message queue, a
board's page or a kiosk's print agent is connected to one of them while the
dashboard or the kiosk asking about it may be served by another: what
`presence.py` keeps in one process's memory is kept here in Redis.

Each board and each agent has a sorted set of its connections (Socket.IO
session ids, unique across the processes) scored by the moment the entry
expires. The process holding the connection renews that moment at each of
its heartbeats (`refresh`) and removes the entry as soon as the connection
closes; a process that dies without a word renews nothing, so its pages and
agents stop counting after `ttl` (three heartbeats and a little). Whoever
reads next drops the expired entries; when they were a board's last pages,
the board counts as dark since the last renewal. The moment a board's last
page left and an agent's last hello are plain keys beside the sets.

Each process also remembers its own connections (to renew them, and to
find the board of a closing connection), so after a Redis restart the
next heartbeat puts them back. When Redis cannot be reached the registers
say so in the log and answer "nobody connected" rather than fail the
request that asked.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, Generic, TypeVar

try:
    import redis
except ImportError:  # a one-process server needs no Redis client (the `scale` extra brings it)
    redis = None  # type: ignore[assignment]

from ..domain.alerts import AgentSeen, BoardSeen
from ..domain.boards import Board
from ..domain.model import LocalizedText
from ..reads.presence import board_title
from .presence import LivePresence, every_connection_open

log = logging.getLogger(__name__)
Answer = TypeVar("Answer")
Entry = TypeVar("Entry")

PREFIX = "cherga:presence:"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")

# Drops the expired pages of a board; when they were its last, the board is dark since their last renewal,
# and it is put among the boards gone dark with a dead process, for the network's chores to announce.
# KEYS: the board's pages, the moment its last page left, the boards gone dark. ARGV: now, ttl (seconds), the board.
SWEEP = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES')
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
  if redis.call('ZCARD', KEYS[1]) == 0 then
    local last = tonumber(expired[#expired]) - tonumber(ARGV[2])
    local left = tonumber(redis.call('GET', KEYS[2]) or '0')
    if last > left then
      redis.call('SET', KEYS[2], tostring(last))
      redis.call('HSET', KEYS[3], ARGV[3], tostring(last))
    end
  end
end
return {redis.call('ZCARD', KEYS[1]), redis.call('GET', KEYS[2])}
"""


def shares_presence(message_queue: str | None) -> bool:
    """Whether the server's message queue is a Redis, where the processes' presence can be shared."""
    return message_queue is not None and message_queue.startswith(REDIS_SCHEMES)


def presence_ttl(heartbeat_seconds: float) -> float:
    """How long a connection counts without its process renewing it: three heartbeats and a margin."""
    return 3 * heartbeat_seconds + 2


def moment(value: Any) -> dt.datetime | None:
    """A moment kept in Redis (seconds since the epoch, as text) as an aware datetime."""
    if value is None:
        return None
    return dt.datetime.fromtimestamp(float(value), dt.timezone.utc)


def seconds(at: dt.datetime) -> str:
    return repr(at.timestamp())


class RedisRegister(ABC, Generic[Entry]):
    """What the board and the agent registers share: the Redis client, an entry's expiry, and this process's own connections.

    Each connection of this process is remembered with its entry (a board's
    code, an agent's office and name), so that each heartbeat renews it
    (`refresh`) and a Redis restarted meanwhile gets it back.
    """

    def __init__(
        self,
        client: redis.Redis,
        started_at: dt.datetime,
        *,
        ttl: float,
        prefix: str = PREFIX,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.started_at = started_at
        self.ttl = ttl
        self.prefix = prefix
        self.wall = wall  # the expiry is the machines' real time, whatever clock the commands run on
        self._lock = threading.Lock()
        self._mine: dict[str, Entry] = {}  # this process's connections → their entry

    @abstractmethod
    def key_of(self, entry: Entry) -> str:
        """The sorted set of the entry's connections."""

    def refresh(self) -> None:
        with self._lock:
            mine = dict(self._mine)
        if not mine:
            return
        expires = self.wall() + self.ttl
        try:
            with self.client.pipeline(transaction=False) as pipe:
                for connection, entry in mine.items():
                    pipe.zadd(self.key_of(entry), {connection: expires})
                pipe.execute()
        except Exception as error:
            unreachable(error, None)


class RedisBoardPresence(RedisRegister[str]):
    """Which pages show which named boards, in Redis for every process (the `BoardRegister` of several processes)."""

    def __init__(self, client: redis.Redis, started_at: dt.datetime, **options: Any) -> None:
        super().__init__(client, started_at, **options)
        self._sweep = client.register_script(SWEEP)

    def key_of(self, entry: str) -> str:
        return self.pages_key(entry)

    def pages_key(self, board: str) -> str:
        return f"{self.prefix}board:{board}"

    def left_key(self, board: str) -> str:
        return f"{self.prefix}board-left:{board}"

    def dark_key(self) -> str:
        return f"{self.prefix}boards-gone-dark"

    def _swept(self, board: str) -> tuple[int, dt.datetime | None]:
        """The board's pages counted once the expired ones are dropped, and when its last page left."""
        pages, left = self._sweep(keys=[self.pages_key(board), self.left_key(board), self.dark_key()], args=[self.wall(), self.ttl, board])
        return int(pages), moment(left)

    def _sweep_in(self, pipeline: Any, board: str) -> None:
        """The same sweep, queued in `pipeline` (its answer comes with the pipeline's)."""
        self._sweep(keys=[self.pages_key(board), self.left_key(board), self.dark_key()], args=[self.wall(), self.ttl, board], client=pipeline)

    def expired(self, boards: list[str]) -> list[tuple[str, dt.datetime]]:
        """The boards whose last pages expired since last asked (their process died), with the moment they went dark.

        Asked by the one process running the network's chores, which tells
        the offices' staff as a clean disconnect's process would have.
        """
        try:
            with self.client.pipeline(transaction=False) as sweeping:
                for board in boards:
                    self._sweep_in(sweeping, board)
                sweeping.execute()
            with self.client.pipeline(transaction=True) as pipe:
                pipe.hgetall(self.dark_key())
                pipe.delete(self.dark_key())
                gone, _deleted = pipe.execute()
        except Exception as error:
            return unreachable(error, [])
        return sorted((code.decode(), moment(left) or self.started_at) for code, left in gone.items())

    def hello(self, connection: str, board: str, now: dt.datetime) -> bool:
        with self._lock:
            previous = self._mine.get(connection)
            if previous == board:
                return False
            self._mine[connection] = board
        try:
            if previous is not None:
                self._leave(connection, previous, now)
            self.client.zadd(self.pages_key(board), {connection: self.wall() + self.ttl})
            pages, _left = self._swept(board)
        except Exception as error:
            return unreachable(error, False)
        return pages == 1

    def gone(self, connection: str, now: dt.datetime) -> tuple[str, dt.datetime] | None:
        with self._lock:
            board = self._mine.pop(connection, None)
        if board is None:
            return None
        try:
            return (board, now) if self._leave(connection, board, now) else None
        except Exception as error:
            return unreachable(error, None)

    def _leave(self, connection: str, board: str, now: dt.datetime) -> bool:
        """The page leaves; True when it was the board's last page anywhere (its leaving moment is kept)."""
        self.client.zrem(self.pages_key(board), connection)
        pages, _left = self._swept(board)
        if pages > 0:
            return False
        self.client.set(self.left_key(board), seconds(now))
        return True

    def still_dark(self, board: str, left_at: dt.datetime) -> bool:
        try:
            pages, left = self._swept(board)
        except Exception as error:
            return unreachable(error, False)
        return pages == 0 and left is not None and abs((left - left_at).total_seconds()) < 1e-3

    def seen(self, board: Board, office_name: LocalizedText | None = None) -> BoardSeen:
        try:
            pages, left = self._swept(board.code)
        except Exception as error:
            pages, left = unreachable(error, (0, None))
        name, name_en = board_title(board, office_name)
        return BoardSeen(board.code, name, name_en, pages, left, self.started_at)



class RedisAgentPresence(RedisRegister[tuple[str, str]]):
    """The print agents' connections, in Redis for every process (the `AgentRegister` of several processes).

    `alive` is this process's Socket.IO check of its own connections, as in
    `presence.AgentPresence`: a connection of this process that closed
    without a disconnect handled is dropped when next asked about.
    """

    def __init__(self, client: redis.Redis, started_at: dt.datetime, **options: Any) -> None:
        super().__init__(client, started_at, **options)
        self.alive: Callable[[str], bool] = every_connection_open

    def key_of(self, entry: tuple[str, str]) -> str:
        return self.connections_key(*entry)

    def connections_key(self, office: str, name: str) -> str:
        return f"{self.prefix}agent:{office}:{name}"

    def hello_key(self, office: str, name: str) -> str:
        return f"{self.prefix}agent-hello:{office}:{name}"

    def hello(self, office: str, name: str, connection: str, now: dt.datetime) -> None:
        with self._lock:
            self._mine[connection] = (office, name)
        try:
            with self.client.pipeline(transaction=False) as pipe:
                pipe.zadd(self.connections_key(office, name), {connection: self.wall() + self.ttl})
                pipe.set(self.hello_key(office, name), seconds(now))
                pipe.execute()
        except Exception as error:
            unreachable(error, None)

    def gone(self, connection: str) -> None:
        with self._lock:
            agent = self._mine.pop(connection, None)
        if agent is None:
            return
        try:
            self.client.zrem(self.connections_key(*agent), connection)
        except Exception as error:
            unreachable(error, None)

    def connected(self, office: str, name: str) -> bool:
        with self._lock:
            closed = [c for c, agent in self._mine.items() if agent == (office, name) and not self.alive(c)]
        for connection in closed:
            self.gone(connection)
        key = self.connections_key(office, name)
        try:
            with self.client.pipeline(transaction=False) as pipe:
                pipe.zremrangebyscore(key, "-inf", self.wall())
                pipe.zcard(key)
                _removed, count = pipe.execute()
        except Exception as error:
            return unreachable(error, False)
        return int(count) > 0

    def seen(self, office: str, name: str) -> AgentSeen:
        connected = self.connected(office, name)
        try:
            last_hello = moment(self.client.get(self.hello_key(office, name)))
        except Exception as error:
            last_hello = unreachable(error, None)
        return AgentSeen(name, connected, last_hello, self.started_at)

def unreachable(error: Exception, answer: Answer) -> Answer:
    """Redis did not answer: one line in the log, and the answer of a register that knows nothing."""
    if not isinstance(error, redis.RedisError):
        raise error
    log.warning("presence: Redis did not answer (%s); boards and agents count as away meanwhile", error)
    return answer


def redis_client(url: str) -> redis.Redis:
    """A client for the message queue's Redis, with timeouts: a Redis away must not hang a request."""
    if redis is None:
        raise RuntimeError(f"the message queue {url} needs the Python package redis: pip install 'cherga[scale]'")
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30)


class SharedPresence:
    """Makes the processes' shared presence at the server's start (`presence.live_presence`)."""

    def __init__(self, url: str, heartbeat_seconds: float, prefix: str = PREFIX) -> None:
        self.url = url
        self.ttl = presence_ttl(heartbeat_seconds)
        self.prefix = prefix

    def __call__(self, started_at: dt.datetime) -> LivePresence:
        client = redis_client(self.url)
        return LivePresence(
            started_at,
            RedisBoardPresence(client, started_at, ttl=self.ttl, prefix=self.prefix),
            RedisAgentPresence(client, started_at, ttl=self.ttl, prefix=self.prefix),
        )

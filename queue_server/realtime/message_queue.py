"""The message queue that carries events between server processes (Redis), checked before the server serves.

With `CHERGA_MESSAGE_QUEUE` set, every event a process publishes goes
through Redis to the subscribers of every process. A queue that cannot be
used does not stop Flask-SocketIO: it logs "Cannot publish to redis... giving
up" for every event, and the subscribers of the other processes never hear
it. So `cherga serve` asks first: the Redis client is installed (the `scale`
extra brings it) and the queue answers a PING within a few seconds; if not,
one line and exit status 2, before anything is created or says "serves".

Once the server runs, a Redis that goes away and comes back loses no event
for a client: the events are in the outbox, and the heartbeat's `seq` makes
every client ask for what it missed.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..settings import message_queue_problem, redacted

PING_SECONDS = 3.0


class MessageQueueUnusable(Exception):
    """The message queue cannot be used as configured; the message says why in one line."""


def check_message_queue(url: str | None, *, timeout: float = PING_SECONDS) -> None:
    """Refuse a message queue whose client is missing or that does not answer a PING; no queue (one process) is fine."""
    if url is None:
        return
    problem = message_queue_problem(url)
    if problem is not None:
        raise MessageQueueUnusable(problem)
    try:
        redis: Any = importlib.import_module("redis")
    except ImportError:
        raise MessageQueueUnusable(
            f"CHERGA_MESSAGE_QUEUE is set ({redacted(url)}) but the Redis client is not installed: pip install 'cherga[scale]'"
        ) from None
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    except ValueError as error:
        raise MessageQueueUnusable(f"CHERGA_MESSAGE_QUEUE={redacted(url)!r} is not a Redis URL: {error}") from None
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        raise MessageQueueUnusable(
            f"the message queue {redacted(url)} does not answer: {_first_line(error)} "
            "(start Redis there, or leave CHERGA_MESSAGE_QUEUE unset for a single process)"
        ) from None
    finally:
        client.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__

"""The served process's publisher: a command hands its committed messages over and answers at once.

Publishing already happens after the write lock is let go
(`CommandContext._publish_in_order`), but in the request that committed: its
answer waited for the emit to every subscriber of the office's rooms (with
5,000 subscribers of one office, tens of milliseconds an event). Here the
committing request only queues its messages; one background task of the
process emits them, one batch after the other, in the order they were
handed over — which `_publish_in_order` keeps in commit order, so each
office's events still go out in `seq` order. A message the process could
not send before it stopped is in the outbox: clients catch up by `seq`.

Only `cherga serve` puts it in front of the relay (server.py); in-process
tests keep the relay that sends before the command returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_socketio import SocketIO

from ..commands.context import DeviceMessage, Publisher, send_committed


class HandedOver:
    """Queues what `relay` is to send; a background task of `socketio`'s mode sends it, oldest first."""

    def __init__(self, relay: Publisher, socketio: SocketIO) -> None:
        self.relay = relay
        self._queue: Any = socketio.server.eio.create_queue()
        socketio.start_background_task(self._send_forever)

    def publish(self, messages: Sequence[dict[str, Any]]) -> None:
        self._queue.put((list(messages), []))

    def deliver(self, messages: Sequence[DeviceMessage]) -> None:
        self._queue.put(([], list(messages)))

    def _send_forever(self) -> None:
        while True:
            send_committed(self.relay, *self._queue.get())

"""The served process's publisher: the committing command does not wait for the fan-out, and the order is kept."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from flask import Flask
from flask_socketio import SocketIO

from queue_server.commands.context import DeviceMessage
from queue_server.realtime.handover import HandedOver


class SlowRelay:
    """A relay that sends only when the test lets it, and keeps what it sent, in order."""

    def __init__(self) -> None:
        self.sent: list[Any] = []
        self.go = threading.Event()
        self.all_sent = threading.Event()
        self.expected = 0

    def publish(self, messages: Sequence[dict[str, Any]]) -> None:
        self.go.wait(10)
        if messages and messages[0].get("fail"):
            raise RuntimeError("the relay broke")
        self.sent.extend(message["seq"] for message in messages)
        if len(self.sent) >= self.expected:
            self.all_sent.set()

    def deliver(self, messages: Sequence[DeviceMessage]) -> None:
        self.sent.extend(message.event for message in messages)


def test_a_command_answers_before_its_fan_out_and_the_order_is_kept() -> None:
    relay = SlowRelay()
    relay.expected = 60
    handed = HandedOver(relay, SocketIO(Flask(__name__), async_mode="threading"))
    for seq in range(1, 61, 3):
        handed.publish([{"seq": seq}, {"seq": seq + 1}, {"seq": seq + 2}])  # returns although the relay is held
    assert relay.sent == []
    relay.go.set()
    assert relay.all_sent.wait(10)
    assert relay.sent == list(range(1, 61))


def test_a_failed_send_does_not_stop_the_next() -> None:
    relay = SlowRelay()
    relay.expected = 2
    relay.go.set()
    handed = HandedOver(relay, SocketIO(Flask(__name__), async_mode="threading"))
    handed.publish([{"seq": 1, "fail": True}])
    handed.deliver([DeviceMessage(kind="kiosk", office="alpha", name="k-1", event="print.job", data={})])
    handed.publish([{"seq": 2}])
    assert relay.all_sent.wait(10)
    assert relay.sent == ["print.job", 2]

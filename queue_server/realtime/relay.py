"""Publishes committed events to the office rooms, each stream in its own form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_socketio import SocketIO

from protocol import events

from ..commands.accounts import DEVICE_REVOKED
from ..commands.context import DeviceMessage
from ..domain.events import public_view
from .revocation import close_device
from .rooms import Stream, device_room, office_room

EVENT = events.EVENT


def public_message(message: dict[str, Any]) -> dict[str, Any]:
    return {**message, "data": public_view(message["data"])}


class SocketRelay:
    """The `Publisher` of a server: in-process rooms, or Redis when `message_queue` is set."""

    def __init__(self, socketio: SocketIO) -> None:
        self.socketio = socketio

    def publish(self, messages: Sequence[dict[str, Any]]) -> None:
        for message in messages:
            office = message["office"]
            self.socketio.emit(EVENT, message, to=office_room(office, Stream.STAFF))
            self.socketio.emit(EVENT, public_message(message), to=office_room(office, Stream.PUBLIC))

    def deliver(self, messages: Sequence[DeviceMessage]) -> None:
        for message in messages:
            if message.event == DEVICE_REVOKED:  # told and closed here; other processes at their heartbeat
                close_device(self.socketio, int(message.data["device"]))
                continue
            self.socketio.emit(message.event, message.data, to=device_room(message.kind, message.office, message.name))

"""The kiosk pages: a kiosk hears the outcome of its own tickets' print jobs.

    kiosk.watch   {}  → the kiosk page hears `print.result` of its tickets (sent by the relay to the kiosk's room)
"""

from __future__ import annotations

from typing import Any

from flask_socketio import join_room

from protocol import events

from ..commands.access import require_device
from ..commands.context import DeviceKind
from ..domain.errors import InvalidRequest
from .answers import MessageHandler
from .connections import Connections
from .rooms import device_room


def empty_payload(payload: Any) -> None:
    """`kiosk.watch` takes no fields: nothing, or an empty object."""
    if payload is None:
        return
    if not isinstance(payload, dict):
        raise InvalidRequest("expected an object")
    if payload:
        raise InvalidRequest(f"unknown field(s): {', '.join(sorted(map(str, payload)))}")


class KioskPages:
    """The kiosk page's one message; the page is a registered kiosk device."""

    def __init__(self, connections: Connections) -> None:
        self.connections = connections

    def handlers(self) -> dict[str, MessageHandler]:
        return {events.KIOSK_WATCH: self.watch}

    def forget(self, connection: str) -> None:
        """Nothing to forget: Socket.IO leaves a closed connection's rooms by itself."""

    def watch(self, payload: Any) -> dict[str, Any]:
        empty_payload(payload)
        kiosk = require_device(self.connections.current(), DeviceKind.KIOSK)
        join_room(device_room("kiosk", kiosk.offices[0], kiosk.name))
        return {"ok": True, "kiosk": kiosk.name}

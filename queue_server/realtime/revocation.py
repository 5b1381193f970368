"""A revoked device's live connections are told why and closed, not left to run until they reconnect.

Each device's connection joins the room of its device id when it connects.
The server that revokes a device closes that room's connections right after
the commit (`close_device`, from the relay's `device.revoked` message); a
revocation made by the CLI or by another server process is found by each
server's heartbeat (`close_revoked`), which asks the database about the
devices connected to this process. Before the close the connection hears
`device.revoked`, so its page can say «Пристрій відкликано» rather than go
quiet; a revoked token is then refused at connect with the same reason.
"""

from __future__ import annotations

import logging

from flask_socketio import SocketIO

from ..commands.accounts import DEVICE_REVOKED, revoked_among
from ..commands.context import CommandContext
from .rooms import DEVICE_ID_ROOM_PREFIX, NAMESPACE, device_id_room

log = logging.getLogger(__name__)
REVOKED_REASON = "revoked"  # the refusal at connect and the reason heard before the close


def close_device(socketio: SocketIO, device_id: int) -> int:
    """Tell this process's connections of the device that it is revoked, then close them; returns how many."""
    room = device_id_room(device_id)
    participants = [sid for sid, _ in socketio.server.manager.get_participants(NAMESPACE, room)]
    for sid in participants:
        socketio.emit(DEVICE_REVOKED, {"device": device_id, "reason": REVOKED_REASON}, to=sid)
        socketio.server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)
    if participants:
        log.info("device %d revoked: %d live connection(s) closed", device_id, len(participants))
    return len(participants)


def connected_devices(socketio: SocketIO) -> set[int]:
    rooms = socketio.server.manager.rooms.get(NAMESPACE, {})
    return {int(room[len(DEVICE_ID_ROOM_PREFIX):]) for room in list(rooms) if isinstance(room, str) and room.startswith(DEVICE_ID_ROOM_PREFIX)}


def close_revoked(socketio: SocketIO, ctx: CommandContext) -> int:
    """Close the connections of devices revoked elsewhere (the CLI, another process); returns how many."""
    live = connected_devices(socketio)
    if not live:
        return 0
    return sum(close_device(socketio, device_id) for device_id in revoked_among(ctx, live))

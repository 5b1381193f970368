"""A shared snapshot sent as one Socket.IO packet, encoded once for every subscriber it goes to.

`emit` builds and encodes its packet for each call; for a snapshot that is
python-socketio's walk of the whole payload looking for binary parts, then
the JSON, about two thirds of the server's CPU for a subscriber that
connects (profiled with 300 subscribers connecting at once). A room's emit
encodes once and hands the same Engine.IO packet to each participant
(`socketio.Manager.emit`); this does the same for the subscribers of one
office that subscribe, one after the other, at the same `seq`. It sends
straight to the connection being answered, which is always of this process,
also when a message queue (Redis) carries the rooms' events.
"""

from __future__ import annotations

import threading
from typing import Any

from engineio import packet as eio_packet  # type: ignore[import-untyped]
from flask_socketio import SocketIO
from socketio import packet  # type: ignore[import-untyped]

from ..reads.shared_snapshots import KeptSnapshot
from .rooms import NAMESPACE, Stream


class SnapshotPackets:
    """The encoded packet of each office's kept snapshot, in each stream's form."""

    def __init__(self, socketio: SocketIO, event: str) -> None:
        self.socketio = socketio
        self.event = event
        self._encoded: dict[tuple[str, Stream], tuple[KeptSnapshot, Any]] = {}
        self._lock = threading.Lock()

    def send(self, connection: str, snapshot: KeptSnapshot, stream: Stream) -> None:
        """Send `snapshot` in `stream`'s form to `connection` (a Socket.IO session id of this process)."""
        server = self.socketio.server
        eio_sid = server.manager.eio_sid_from_sid(connection, NAMESPACE)
        if eio_sid is None:  # gone meanwhile
            return
        # the library's own way to send one encoded packet (what a room's emit does for each participant)
        server._send_eio_packet(eio_sid, self._packet(snapshot, stream))

    def _packet(self, snapshot: KeptSnapshot, stream: Stream) -> Any:
        key = (snapshot.office.code, stream)
        with self._lock:
            kept = self._encoded.get(key)
            if kept is not None and kept[0] is snapshot:
                return kept[1]
        form = snapshot.staff if stream is Stream.STAFF else snapshot.public
        encoded = self.socketio.server.packet_class(packet.EVENT, namespace=NAMESPACE, data=[self.event, form]).encode()
        made = eio_packet.Packet(eio_packet.MESSAGE, encoded)
        with self._lock:
            self._encoded[key] = (snapshot, made)
        return made

"""The subscribers of an office's stream: any page that follows an office (boards, desks, dashboards, visitors).

    subscribe   {"office", "since"?, "stream"?}  → joins the office's room; a replay since `since`, else a snapshot
    unsubscribe {"office"}                       → leaves the office's rooms

A subscriber joins its room *before* the snapshot or the replay is read, so
no event falls between the two; an event that arrives twice is recognised by
its `seq` (a client ignores any `seq` it has already seen). The snapshot is
read once per office and `seq` and shared by everyone who subscribes at that
`seq` (reads/shared_snapshots.py), and encoded once (snapshot_packets.py):
after a restart every board and phone subscribes at once.
"""

from __future__ import annotations

from typing import Any

from flask_socketio import SocketIO, emit, join_room, leave_room

from protocol import events

from ..commands.access import may_watch_staff_stream
from ..commands.context import CommandContext
from ..domain.errors import AccessDenied
from ..reads import queries
from ..reads.shared_snapshots import SharedSnapshots
from .answers import MessageHandler
from .connections import Connections, current_connection
from .protocol import parse_subscribe, parse_unsubscribe
from .relay import public_message
from .rooms import Stream, office_room
from .snapshot_packets import SnapshotPackets


class Subscribers:
    """Follows offices for any connection: the staff stream for the office's staff, the public one for everyone."""

    def __init__(self, socketio: SocketIO, ctx: CommandContext, connections: Connections, *, max_replay: int) -> None:
        self.ctx = ctx
        self.connections = connections
        self.max_replay = max_replay
        self.snapshots = SharedSnapshots(ctx)  # a snapshot read once per office and seq, for all who subscribe at it
        self.packets = SnapshotPackets(socketio, events.SNAPSHOT)  # and encoded once per stream

    def handlers(self) -> dict[str, MessageHandler]:
        return {events.SUBSCRIBE: self.subscribe, events.UNSUBSCRIBE: self.unsubscribe}

    def forget(self, connection: str) -> None:
        """Nothing to forget: Socket.IO leaves a closed connection's rooms by itself."""

    def subscribe(self, payload: Any) -> dict[str, Any]:
        wanted = parse_subscribe(payload)
        office = self.ctx.office(wanted.office)
        staff_allowed = may_watch_staff_stream(self.connections.current(), office.code)
        if wanted.stream is Stream.STAFF and not staff_allowed:
            raise AccessDenied(f"the staff stream of office {office.code} needs a staff token of that office")
        stream = wanted.stream or (Stream.STAFF if staff_allowed else Stream.PUBLIC)
        join_room(office_room(office.code, stream))
        if wanted.since is not None:
            missed = queries.events_since(self.ctx, office.code, wanted.since, self.max_replay)
            if missed is not None:
                for message in missed:
                    emit(events.EVENT, message if stream is Stream.STAFF else public_message(message))
                seq = missed[-1]["seq"] if missed else wanted.since
                return {"ok": True, "office": office.code, "stream": stream.value, "replayed": len(missed), "seq": seq}
        snapshot = self.snapshots.current(office.code)
        self.packets.send(current_connection(), snapshot, stream)
        return {"ok": True, "office": office.code, "stream": stream.value, "snapshot": True, "seq": snapshot.seq}

    def unsubscribe(self, payload: Any) -> dict[str, Any]:
        office = self.ctx.office(parse_unsubscribe(payload)).code
        for stream in Stream:
            leave_room(office_room(office, stream))
        return {"ok": True, "office": office}

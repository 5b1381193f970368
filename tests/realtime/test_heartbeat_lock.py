"""The heartbeat runs the network's chores only while its process holds the network lock; it beats for its own clients either way."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from queue_server.commands.context import Actor
from queue_server.commands.issuing import issue_ticket
from queue_server.realtime.heartbeat import run_forever
from queue_server.store import tickets as ticket_store

KIOSK = Actor(kind="device", name="kiosk", role="kiosk", offices=("alpha",), device_id=1)


class OneBeat(Exception):
    """Ends `run_forever` at its first sleep."""


class RecordingSocketIO:
    """What the heartbeat emits, and a sleep that ends the loop after one beat."""

    def __init__(self) -> None:
        self.emitted: list[tuple[str, dict, str, bool]] = []
        self.server = SimpleNamespace(manager=SimpleNamespace(rooms={}))  # no device connected: nothing to revoke

    def emit(self, event: str, message: dict, *, to: str, ignore_queue: bool = False) -> None:
        self.emitted.append((event, message, to, ignore_queue))

    def sleep(self, seconds: float) -> None:
        raise OneBeat

    def start_background_task(self, *args: object) -> None:
        raise AssertionError("nothing to tell in one process")


class Lock:
    def __init__(self, held: bool) -> None:
        self.held = held
        self.asked = 0

    def hold(self) -> bool:
        self.asked += 1
        return self.held

    def release(self) -> None:
        self.held = False


def one_beat(socketio: RecordingSocketIO, ctx, lock: Lock) -> None:
    try:
        run_forever(socketio, ctx, 1, dt.timedelta(days=30), lock=lock)  # type: ignore[arg-type]
    except OneBeat:
        pass


def status(ctx, number: str) -> str:
    with ctx.reading() as conn:
        [ticket] = [t for t in ticket_store.live_before(conn, "alpha", dt.date(2100, 1, 1)) if t.number == number] or [None]
    return ticket.status.value if ticket else "closed"


def test_without_the_lock_the_day_stays_open_and_the_clients_still_hear_the_beat(ctx, clock) -> None:
    ticket = issue_ticket(ctx, "alpha", "passport", actor=KIOSK).ticket
    clock.advance(24 * 60)  # the next day: yesterday's ticket is left waiting
    socketio, elsewhere = RecordingSocketIO(), Lock(held=False)
    one_beat(socketio, ctx, elsewhere)
    assert elsewhere.asked == 1
    assert status(ctx, ticket.number) == "waiting"  # another process closes the day
    beats = [(to, local) for event, _message, to, local in socketio.emitted if event == "heartbeat"]
    assert beats and all(local for _to, local in beats)  # each process to its own clients, not through the message queue
    one_beat(RecordingSocketIO(), ctx, Lock(held=True))
    assert status(ctx, ticket.number) == "closed"  # the holder closed it

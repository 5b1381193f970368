"""The heartbeat: every few seconds each office room hears the office's current `seq`.

The same loop runs the network's chores: it closes each office's past day
(`commands.day_close`), marks the bookings of past days never checked in as
missed (`commands.booking`), erases visitors' data past its retention (for
each office at its midnight and every fourth beat: `UpkeepSchedule`), and
forgets events past their retention (hourly). With several server processes only the
one holding the `NetworkLock` (`network_lock.py`) runs them; what is each
process's own runs in every process at every beat: its boards' and agents'
presence renewed (`presence.py`), its connections of revoked devices closed,
and the heartbeat emitted to the rooms of its own connections (each process
to its own: through the message queue every client would hear each
process's).

A client that missed an event (a lost packet, a failed publish) sees a `seq`
ahead of its own and asks for a replay; a client that hears nothing for a
while knows its link is down and says so on screen.
"""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from flask_socketio import SocketIO

from protocol import events

from ..commands.booking import forget_visitors, mark_missed
from ..commands.context import CommandContext
from ..commands.day_close import close_past_days
from ..domain.alerts import board_grace
from ..domain.events import timestamp
from ..domain.numbering import day_bounds, office_day
from ..store import outbox
from ..store.schema import office_sequences
from ..store.storage_trouble import detail, storage_trouble
from .boards import announce_expired
from .network_lock import NetworkLock, SingleProcess
from .presence import LivePresence
from .revocation import close_revoked
from .rooms import Stream, office_room

log = logging.getLogger(__name__)
HEARTBEAT = events.HEARTBEAT
PRUNE_EVERY = dt.timedelta(hours=1)
UPKEEP_RECHECK = dt.timedelta(minutes=1)
UPKEEP_EVERY_BEATS = 4  # the run loop's recheck: once a minute at the default beat


def beat(socketio: SocketIO, ctx: CommandContext) -> None:
    with ctx.reading() as conn:
        known = {row.office: row.last_seq for row in conn.execute(sa.select(office_sequences))}
    at = timestamp(ctx.clock())
    for office in ctx.network.offices:
        message = {"office": office, "seq": known.get(office, 0), "at": at}
        for stream in Stream:
            socketio.emit(HEARTBEAT, message, to=office_room(office, stream), ignore_queue=True)  # this process's clients


def prune(ctx: CommandContext, retention: dt.timedelta) -> int:
    with ctx.transaction() as tx:
        return outbox.prune(tx.connection, tx.now - retention)


def upkeep(ctx: CommandContext, booking_retention: dt.timedelta, schedule: UpkeepSchedule | None = None) -> None:
    """What the beats keep up in every office: past days closed, bookings never checked in missed, old visitors' data erased.

    With a `schedule`, only the offices it says are due, each marked done
    once its chores ran (an office that failed is due again at the next beat).
    """
    now = ctx.clock()
    for code, office in ctx.network.offices.items():
        if schedule is not None and not schedule.due(code, now):
            continue
        close_past_days(ctx, code)
        mark_missed(ctx, code)  # bookings of a past day never checked in
        forget_visitors(ctx, code, booking_retention)  # names and phones past their retention
        if schedule is not None:
            schedule.done(code, office.timezone, now)


class UpkeepSchedule:
    """When each office's upkeep is due next: at the office's next midnight, and meanwhile every `recheck`.

    What the upkeep finds comes with a new day (yesterday's leftovers,
    bookings never checked in) or slowly (a past day left open by an
    air-raid alert that has ended, visitors' data passing its retention).
    Run at every beat for every office it was 117 reading transactions a
    beat, most of an idle server's CPU (9 % of a core with the tests' beat
    of a second); at midnight and every fourth beat (once a minute at the
    default beat of 15 s) it is what a day needs.
    """

    def __init__(self, recheck: dt.timedelta = UPKEEP_RECHECK) -> None:
        self.recheck = recheck
        self._next: dict[str, dt.datetime] = {}

    def due(self, office: str, now: dt.datetime) -> bool:
        following = self._next.get(office)
        return following is None or now >= following

    def done(self, office: str, timezone: str, now: dt.datetime) -> None:
        midnight = day_bounds(office_day(now, timezone), timezone)[1]
        self._next[office] = min(now + self.recheck, midnight)

    def forget(self) -> None:
        """Every office due at once: for a process that takes the chores over (another one ran them meanwhile)."""
        self._next.clear()


def network_chores(
    ctx: CommandContext,
    retention: dt.timedelta,
    booking_retention: dt.timedelta,
    last_prune: dt.datetime | None,
    schedule: UpkeepSchedule | None = None,
) -> dt.datetime | None:
    """The network's chores of one beat; when the events were last pruned."""
    now = ctx.clock()
    if last_prune is None or now - last_prune >= PRUNE_EVERY:
        removed = prune(ctx, retention)
        last_prune = now
        if removed:
            log.info("pruned %d old events", removed)
    upkeep(ctx, booking_retention, schedule)
    return last_prune


def process_beat(socketio: SocketIO, ctx: CommandContext) -> None:
    """What each process does for its own connections at every beat."""
    if isinstance(ctx.presence, LivePresence):
        ctx.presence.refresh()  # this process's pages and agents are still here
    close_revoked(socketio, ctx)  # devices revoked by the CLI or another server process
    beat(socketio, ctx)


def run_forever(
    socketio: SocketIO,
    ctx: CommandContext,
    interval: float,
    retention: dt.timedelta,
    booking_retention: dt.timedelta = dt.timedelta(days=90),
    lock: NetworkLock | None = None,
) -> None:
    lock = lock or SingleProcess()
    last_prune: dt.datetime | None = None
    schedule = UpkeepSchedule(recheck=dt.timedelta(seconds=UPKEEP_EVERY_BEATS * interval))
    while True:
        try:
            if lock.hold():
                last_prune = network_chores(ctx, retention, booking_retention, last_prune, schedule)
                if isinstance(ctx.presence, LivePresence):  # the boards of a process that died, told once for the network
                    announce_expired(socketio, ctx, ctx.presence.boards, board_grace(interval))
            else:
                last_prune = None  # another process prunes; if this one takes over, it prunes at once
                schedule.forget()  # and keeps every office up at once
        except Exception as error:
            failed(error)
        try:
            process_beat(socketio, ctx)
        except Exception as error:  # keep beating: a board must never be left without it
            failed(error)
        socketio.sleep(interval)


def failed(error: Exception) -> None:
    if storage_trouble(error) is None:
        log.exception("heartbeat failed")
    else:  # a full or failing disk: one line a beat, not a traceback
        log.error("heartbeat could not write: %s", detail(error))

"""The heartbeat: every few seconds each office room hears the office's current `seq`.

The same loop closes each office's past day (`commands.day_close`), marks
the bookings of past days never checked in as missed (`commands.booking`),
and forgets events past their retention.

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
from ..domain.events import timestamp
from ..store import outbox
from ..store.schema import office_sequences
from ..store.storage_trouble import detail, storage_trouble
from .revocation import close_revoked
from .rooms import Stream, office_room

log = logging.getLogger(__name__)
HEARTBEAT = events.HEARTBEAT
PRUNE_EVERY = dt.timedelta(hours=1)


def beat(socketio: SocketIO, ctx: CommandContext) -> None:
    with ctx.reading() as conn:
        known = {row.office: row.last_seq for row in conn.execute(sa.select(office_sequences))}
    at = timestamp(ctx.clock())
    for office in ctx.network.offices:
        message = {"office": office, "seq": known.get(office, 0), "at": at}
        for stream in Stream:
            socketio.emit(HEARTBEAT, message, to=office_room(office, stream))


def prune(ctx: CommandContext, retention: dt.timedelta) -> int:
    with ctx.transaction() as tx:
        return outbox.prune(tx.connection, tx.now - retention)


def upkeep(ctx: CommandContext, booking_retention: dt.timedelta) -> None:
    """What each beat keeps up in every office: past days closed, bookings never checked in missed, old visitors' data erased."""
    for office in ctx.network.offices:
        close_past_days(ctx, office)
        mark_missed(ctx, office)  # bookings of a past day never checked in
        forget_visitors(ctx, office, booking_retention)  # names and phones past their retention


def run_forever(
    socketio: SocketIO,
    ctx: CommandContext,
    interval: float,
    retention: dt.timedelta,
    booking_retention: dt.timedelta = dt.timedelta(days=90),
) -> None:
    last_prune: dt.datetime | None = None
    while True:
        try:
            now = ctx.clock()
            if last_prune is None or now - last_prune >= PRUNE_EVERY:
                removed = prune(ctx, retention)
                last_prune = now
                if removed:
                    log.info("pruned %d old events", removed)
            upkeep(ctx, booking_retention)
            close_revoked(socketio, ctx)  # devices revoked by the CLI or another server process
            beat(socketio, ctx)
        except Exception as error:  # keep beating: a board must never be left without it
            if storage_trouble(error) is None:
                log.exception("heartbeat failed")
            else:  # a full or failing disk: one line a beat, not a traceback
                log.error("heartbeat could not write: %s", detail(error))
        socketio.sleep(interval)

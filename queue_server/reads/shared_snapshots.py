"""An office's snapshot read once per `seq` and shared by every subscriber that asks at that `seq`.

After a restart every board and phone of the network subscribes again at
once, each without a `since` it can replay from, so each used to read the
whole snapshot of its office: 5,000 subscribers were 5,000 reads of the
same few tables (issue 15). Everything a snapshot shows changes only by a
command that writes an event, and the event's `seq` is taken in the same
transaction: a snapshot read at the office's current `seq` is the snapshot of
every later subscriber until the `seq` moves. So the kept snapshot is keyed
by that `seq`: a subscriber reads the current `seq` (one indexed row) and
gets the kept snapshot when it is of that `seq`, or reads a new one, once for
all the subscribers that wait for it (a lock per office). Nothing has to
forget a snapshot: the next event moves the `seq` and the next subscriber
reads afresh. Each process keeps its own; they all key by the shared
database's `seq`, so several processes stay right.

The staff form and the public one (`public_snapshot`) are both kept, made
from the same read. Kept snapshots are shared objects: a caller must not
change them (the subscriber only sends them).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from ..commands.context import CommandContext
from ..domain.model import Office
from ..domain.projection import public_snapshot
from ..store import outbox
from .queries import snapshot_in


@dataclass(frozen=True)
class KeptSnapshot:
    """One office's snapshot at one `seq`, in both forms, and the office's configuration it was built from."""

    office: Office
    seq: int
    staff: dict[str, Any]
    public: dict[str, Any]


class SharedSnapshots:
    """The latest snapshot read of each office, by its `seq`."""

    def __init__(self, ctx: CommandContext) -> None:
        self.ctx = ctx
        self.reads = 0  # snapshots read from the database, for the tests and the curious
        self._kept: dict[str, KeptSnapshot] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def current(self, office_code: str) -> KeptSnapshot:
        """The office's snapshot at its current `seq`: the kept one when it is of that `seq`, else a fresh read."""
        office = self.ctx.office(office_code)
        with self.ctx.reading() as conn:
            seq = outbox.current_seq(conn, office.code)
        kept = self._fresh(office, seq)
        if kept is not None:
            return kept
        with self._lock_of(office.code):  # the first subscriber at a new seq reads; the others wait for its read
            kept = self._fresh(office, seq)
            if kept is not None:
                return kept
            with self.ctx.reading() as conn:
                staff = snapshot_in(conn, office, outbox.current_seq(conn, office.code))
            self.reads += 1
            read = KeptSnapshot(office, staff["seq"], staff, public_snapshot(staff))
            self._kept[office.code] = read
            return read

    def _fresh(self, office: Office, seq: int) -> KeptSnapshot | None:
        """The kept snapshot when it is of `seq` exactly (a `seq` is never assumed to only grow) and of this configuration of the office."""
        kept = self._kept.get(office.code)
        if kept is None or kept.office is not office or kept.seq != seq:
            return None
        return kept

    def _lock_of(self, office: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(office, threading.Lock())

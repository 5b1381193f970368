"""The kiosk printers' last reports, read from the outbox (the `printer.status` events).

All that is kept is read the first time, then only the events after the
last seq read, so no table is needed and a report made through another
process is seen too. Kept in this process's memory, per database.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from collections.abc import Mapping, Sequence

import sqlalchemy as sa

from ..commands.context import CommandContext
from ..domain.alerts import PrinterReport
from ..store import dashboard as store


class PrinterMemory:
    """Each kiosk printer's last report, from the outbox: in full once per office, then the events after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read_up_to: dict[str, int] = {}  # office → the last seq read
        self._latest: dict[str, dict[str, PrinterReport]] = defaultdict(dict)  # office → kiosk → report

    def reports(self, conn: sa.Connection, offices: Sequence[str], last_seqs: Mapping[str, int]) -> dict[str, list[PrinterReport]]:
        """The last report of each kiosk of `offices`; `last_seqs`: each office's last seq, read in the same transaction."""
        with self._lock:
            seqs = dict(last_seqs)
            fresh = [office for office in offices if office not in self._read_up_to]
            after = {
                office: self._read_up_to[office]
                for office in offices
                if office in self._read_up_to and seqs.get(office, 0) > self._read_up_to[office]
            }
            for event in store.printer_events(conn, fresh, after):
                kiosk = str(event.data.get("kiosk") or event.data.get("agent") or "")
                state, detail = str(event.data.get("state") or "unknown"), str(event.data.get("detail") or "")
                self._latest[event.office][kiosk] = PrinterReport(kiosk, state, detail, event.at)
                seqs[event.office] = max(seqs.get(event.office, 0), event.seq)
            for office in offices:
                self._read_up_to[office] = max(self._read_up_to.get(office, 0), seqs.get(office, 0))
            return {office: list(self._latest[office].values()) for office in offices}


_memories: weakref.WeakKeyDictionary[sa.Engine, PrinterMemory] = weakref.WeakKeyDictionary()
_memories_lock = threading.Lock()


def printer_memory(ctx: CommandContext) -> PrinterMemory:
    """This process's printer reports for the context's database; made on first use."""
    with _memories_lock:
        memory = _memories.get(ctx.engine)
        if memory is None:
            memory = _memories[ctx.engine] = PrinterMemory()
        return memory

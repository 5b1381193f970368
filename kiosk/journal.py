"""The agent's journal of print jobs, on the kiosk PC's disk: what makes printing at-most-once.

A job is written as `started` before its bytes go to the printer and as
`printed` or `failed` after. When the server sends a job again (the
acknowledgement was lost, the agent or the server restarted), the journal
answers instead of the printer. A job found `started` was interrupted
mid-print: it is reported as failed and never printed again, because a
second paper ticket is worse than a ticket on the kiosk's screen.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

STARTED, PRINTED, FAILED = "started", "printed", "failed"


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.entries: dict[int, dict[str, Any]] = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self.entries[int(entry["job"])] = entry
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a power failure

    def get(self, job: int) -> dict[str, Any] | None:
        with self.lock:
            return self.entries.get(job)

    def write(self, job: int, state: str, reason: str | None = None) -> None:
        entry = {"job": job, "state": state, "reason": reason}
        with self.lock:
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            self.entries[job] = entry

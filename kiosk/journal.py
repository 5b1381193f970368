"""The agent's journal of print jobs, on the kiosk PC's disk: what makes printing at-most-once.

A job is written as `started` before its bytes go to the printer and as
`printed` or `failed` after. When the server sends a job again (the
acknowledgement was lost, the agent or the server restarted), the journal
answers instead of the printer. A job found `started` was interrupted
mid-print: it is reported as failed and never printed again, because a
second paper ticket is worse than a ticket on the kiosk's screen.

Jobs are remembered by the `key` the server gives each job (drawn from the
ticket's unguessable token), never by the job's number alone: a new or
restored database numbers its jobs from 1 again, and a journal keyed by
number would answer the new tickets as "already printed" while no paper
comes out. Lines written by older agents (a number, no key) are ignored for
the same reason.

The journal lives in the agent's state directory (see `agent_cli.py`), not
in whatever directory the agent happened to be started from.
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
        self.entries: dict[str, dict[str, Any]] = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                    key = entry["key"]
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a power failure, or an old line keyed by number only
                if isinstance(key, str) and key:
                    self.entries[key] = entry

    def get(self, key: str) -> dict[str, Any] | None:
        with self.lock:
            return self.entries.get(key)

    def write(self, key: str, job: int, state: str, reason: str | None = None) -> None:
        """Append one line and make it durable before anything else happens (a power cut may follow)."""
        entry = {"key": key, "job": job, "state": state, "reason": reason}
        with self.lock:
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            self.entries[key] = entry

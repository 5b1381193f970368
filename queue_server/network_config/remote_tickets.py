"""Remote-ticket settings: the network's `[remote_tickets]` table and an office's `remote_tickets = { … }`.

The network gives every office's default; an office may change any key for
itself (a small office lowers the cap, a busy one switches remote tickets
off). Each number has bounds, so a stray digit cannot mean a cap nobody
reaches or a grace of days. What the settings mean is in
docs/remote-tickets.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain.model import RemoteTicketTerms
from .reader import Reader, path_of

REMOTE_KEYS = ("enabled", "daily_cap", "cutoff_minutes", "come_now_ahead", "arrival_grace_minutes")
DAILY_CAP = (0, 1000)  # 0: remote tickets are on, but none is left today (a cap reached from the start)
CUTOFF_MINUTES = (0, 720)
COME_NOW_AHEAD = (0, 100)
ARRIVAL_GRACE_MINUTES = (1, 240)


def read_remote_terms(reader: Reader, table: Any, key: str, defaults: RemoteTicketTerms) -> RemoteTicketTerms | None:
    """The terms of `table` (at `key`), a key left out keeping its value in `defaults`; None after any problem."""
    if not reader.keys(table, key, REMOTE_KEYS):
        return None
    before = len(reader.problems)
    enabled = reader.get(table, key, "enabled", bool, defaults.enabled)
    cap = _whole(reader, table, key, "daily_cap", DAILY_CAP, defaults.daily_cap)
    cutoff = _whole(reader, table, key, "cutoff_minutes", CUTOFF_MINUTES, _minutes(defaults.cutoff))
    ahead = _whole(reader, table, key, "come_now_ahead", COME_NOW_AHEAD, defaults.come_now_ahead)
    grace = _whole(reader, table, key, "arrival_grace_minutes", ARRIVAL_GRACE_MINUTES, _minutes(defaults.arrival_grace))
    if len(reader.problems) != before or enabled is None or cap is None or cutoff is None or ahead is None or grace is None:
        return None
    return RemoteTicketTerms(enabled, cap, dt.timedelta(minutes=cutoff), ahead, dt.timedelta(minutes=grace))


def read_office_remote_terms(reader: Reader, entry: dict[str, Any], key: str, defaults: RemoteTicketTerms) -> RemoteTicketTerms | None:
    """An office's `remote_tickets = { … }`: the network's terms with the keys the office gives."""
    if "remote_tickets" not in entry:
        return defaults
    return read_remote_terms(reader, entry["remote_tickets"], path_of(key, "remote_tickets"), defaults)


def _minutes(span: dt.timedelta) -> int:
    return int(span.total_seconds() // 60)


def _whole(reader: Reader, table: dict[str, Any], key: str, name: str, bounds: tuple[int, int], default: int) -> int | None:
    value = reader.get(table, key, name, int, default)
    low, high = bounds
    if value is not None and not low <= value <= high:
        reader.problem(path_of(key, name), f"must be from {low} to {high}, not {value}")
        return None
    return value

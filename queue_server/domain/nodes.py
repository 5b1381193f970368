"""Office nodes as the centre sees them: which node serves an office, and whether it is out of touch.

A node sends the centre a batch every `node_sync_seconds` (empty when
nothing happened), so a silence of several periods means the link, or the
node, is down (docs/nodes.md, docs/dashboard.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .views import timestamp

# A node is offline once it has missed this many of its batches: 30 s at the default 5 s.
OFFLINE_AFTER_SYNCS = 6


def offline_after(sync_seconds: int) -> dt.timedelta:
    """How long a node may stay silent before the centre counts its office offline."""
    return dt.timedelta(seconds=OFFLINE_AFTER_SYNCS * sync_seconds)


OFFLINE_AFTER = offline_after(5)  # at the default `node_sync_seconds`


@dataclass(frozen=True)
class NodeSeen:
    """An adopted office's node as the centre last heard it."""

    office: str
    name: str
    address: str
    last_contact_at: dt.datetime | None  # None: not heard since the office was adopted
    waiting: int  # events the node said it had not sent yet

    def offline(self, now: dt.datetime, after: dt.timedelta) -> bool:
        return self.last_contact_at is None or now - self.last_contact_at > after


def node_json(node: NodeSeen | None, now: dt.datetime, after: dt.timedelta) -> dict[str, Any] | None:
    """An office row's `node`: None for an office the centre serves itself."""
    if node is None:
        return None
    return {
        "name": node.name,
        "address": node.address,
        "last_contact_at": timestamp(node.last_contact_at),
        "waiting": node.waiting,
        "offline": node.offline(now, after),
    }

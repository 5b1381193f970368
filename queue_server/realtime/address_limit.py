"""How many live Socket.IO connections one client address may hold at once.

Every connection is a socket and a file descriptor of the one server process,
and each costs a little on every event; one misbehaving client (500
connections from one address were accepted) slowed every request to
seconds. An office's devices share the office's address behind its NAT, so
the limit (CHERGA_MAX_SOCKETS_PER_ADDRESS) is set for a whole office, not
for one device. The address is the one the rest of the server sees: from
`X-Forwarded-For` only behind a trusted proxy (http_security.py).
"""

from __future__ import annotations

import threading
from collections import Counter


class ConnectionsPerAddress:
    """The live connections per address, by session id: a slot is taken on connect and freed on disconnect."""

    def __init__(self) -> None:
        self._address_of: dict[str, str] = {}
        self._count: Counter[str] = Counter()
        self._lock = threading.Lock()  # the threading mode runs handlers in threads

    def take(self, sid: str, address: str, limit: int) -> bool:
        """Take a slot for `sid`; False when `address` already holds `limit` connections."""
        with self._lock:
            if sid in self._address_of:
                return True
            if self._count[address] >= limit:
                return False
            self._address_of[sid] = address
            self._count[address] += 1
            return True

    def release(self, sid: str) -> None:
        with self._lock:
            address = self._address_of.pop(sid, None)
            if address is None:
                return
            self._count[address] -= 1
            if self._count[address] <= 0:
                del self._count[address]

    def held_by(self, address: str) -> int:
        with self._lock:
            return self._count[address]

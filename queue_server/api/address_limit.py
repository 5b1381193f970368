"""A per-address limit of attempts for public operations that write (remote tickets).

Kept in the process's memory, per application: it exists to slow one
address that tries many phones or floods an office with tickets, not to
count exactly; a server restart forgets it, and behind several server
processes each counts its own. Every attempt counts, refused ones too, so
a refusal cannot be used to probe which phones hold a ticket.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import deque
from dataclasses import dataclass, field

from ..domain.errors import TooManyAttempts


@dataclass
class AddressLimit:
    """At most `attempts` in any `window` from one address."""

    attempts: int
    window: dt.timedelta
    _seen: dict[str, deque[dt.datetime]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, address: str, now: dt.datetime) -> None:
        """Count an attempt of `address`, or refuse it (429, with when to come back) when it has had its share."""
        with self._lock:
            seen = self._seen.setdefault(address, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) >= self.attempts:
                wait = seen[0] + self.window - now
                raise TooManyAttempts(
                    "too many remote tickets asked from this address; try again later",
                    retry_after=max(1, math.ceil(wait.total_seconds())),
                )
            seen.append(now)
            if len(self._seen) > 10_000:  # many addresses once: forget those quiet for a whole window
                for quiet in [key for key, times in self._seen.items() if not times or times[-1] <= now - self.window]:
                    del self._seen[quiet]

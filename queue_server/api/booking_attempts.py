"""How many bookings one address may attempt: the login's address limit, applied to booking.

A script trying codes or filling every slot from one place is slowed the
way failed logins are (CHERGA_LOGIN_ADDRESS_LIMIT attempts within
CHERGA_LOGIN_ADDRESS_WINDOW_MINUTES), and the offices' own networks
(CHERGA_TRUSTED_NETWORKS) are never counted. Unlike the logins' it counts
every attempt, made or refused, and in this process's memory: a booking
leaves a row of its own, and a limit that forgets on restart costs nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import defaultdict, deque

from ..commands.logins import LoginLimits
from ..domain.errors import TooManyAttempts

MAX_ADDRESSES = 10_000  # more addresses than this, and those quiet for a window are forgotten


class BookingAttempts:
    """The recent booking attempts of each address; `attempt` refuses the one over the limit with 429."""

    def __init__(self) -> None:
        self._times: defaultdict[str, deque[dt.datetime]] = defaultdict(deque)
        self._lock = threading.Lock()

    def attempt(self, address: str | None, now: dt.datetime, limits: LoginLimits) -> None:
        if not address or limits.trusts(address):
            return
        with self._lock:
            if len(self._times) > MAX_ADDRESSES:
                self._forget_before(now - limits.address_window)
            times = self._times[address]
            while times and times[0] <= now - limits.address_window:
                times.popleft()
            if len(times) >= limits.address_limit:
                wait = (times[0] + limits.address_window - now).total_seconds()
                raise TooManyAttempts("too many booking attempts from this address; wait and try again", retry_after=max(1, math.ceil(wait)))
            times.append(now)

    def _forget_before(self, moment: dt.datetime) -> None:
        """Drop the addresses whose last attempt is older than the window, so the memory stays small."""
        for address in [address for address, times in self._times.items() if not times or times[-1] <= moment]:
            del self._times[address]

"""How many live connections one process holds, so that kiosks and desks are served when boards and phones fill it.

Each live connection holds a file descriptor for as long as it lasts, and a
process may hold `LimitNOFILE` (the soft `RLIMIT_NOFILE`) of them. A process
that reaches the limit accepts nothing more: not a kiosk's ticket, not a
desk's call, not a reply from the database. So a share of the descriptors is
kept for everything that is not a live connection (HTTP requests, the
database and Redis connections, files), and a further share for the
connections of staff and devices (desk consoles, kiosks and their print
agents, boards with a token); the anonymous ones (visitors' phones, open
boards) take the rest. A connection past its share is refused with
`server_full`, and the pages try again a few seconds later.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass

NOT_LIVE_SHARE = 16  # 1/16 of the descriptors, at least MIN_KEPT, for what is not a live connection
STAFF_SHARE = 8  # 1/8 more, at least MIN_KEPT, for staff and devices only
MIN_KEPT = 32
UNLIMITED = 1 << 20  # what an unlimited RLIMIT_NOFILE is taken for


@dataclass(frozen=True)
class Capacity:
    """Live connections this process takes: `everyone` in all, of which at most `public` anonymous ones."""

    everyone: int
    public: int

    @classmethod
    def of_descriptors(cls, limit: int) -> Capacity:
        everyone = max(1, limit - max(MIN_KEPT, limit // NOT_LIVE_SHARE))
        return cls(everyone=everyone, public=max(1, everyone - max(MIN_KEPT, limit // STAFF_SHARE)))


def process_capacity() -> Capacity:
    """The capacity of this process, from its soft descriptor limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return Capacity.of_descriptors(UNLIMITED if soft == resource.RLIM_INFINITY else soft)

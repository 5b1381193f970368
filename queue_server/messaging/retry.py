"""When a message that could not be sent is tried again: sooner at first, then less often.

The first retry waits 30 seconds (a gateway's hiccup), each next twice as
long, never more than 30 minutes; a message whose useful life ends first is
dropped by the outbox rather than sent late.
"""

from __future__ import annotations

import datetime as dt

FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(minutes=30)


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed attempt (1 for the first)."""
    if attempts < 1:
        raise ValueError(f"attempts={attempts}: a retry follows at least one attempt")
    return min(FIRST_RETRY * (1 << min(attempts - 1, 16)), LONGEST_WAIT)

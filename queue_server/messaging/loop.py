"""The delivery loop: a round every few seconds, in the background, for as long as the server runs.

A round that raises (a sender's bug, a database busy for too long) is
logged and the loop goes on: the messages it left are still in the outbox
and the next round takes them. The clock of the rounds and the pause
between them are given, so tests run the loop without waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


def run_forever(
    deliver_round: Callable[[], object],
    *,
    interval: float,
    sleep: Callable[[float], object],
    running: Callable[[], bool] = lambda: True,
) -> None:
    while running():
        try:
            deliver_round()
        except Exception:  # keep delivering: the outbox keeps what this round left
            log.exception("a round of message delivery failed")
        sleep(interval)

"""The simulator's timeline: actions in time order on a pool of workers, and a stop that drops what is left."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from queue_server.simulation.timeline import WORKERS, Timeline


def test_actions_run_in_the_order_they_fall_due() -> None:
    done: list[str] = []
    timeline = Timeline(speed=60.0, on_fault=lambda: None)  # a simulated minute is a real second
    timeline.after(dt.timedelta(seconds=12), lambda: done.append("late"))
    timeline.after(dt.timedelta(seconds=3), lambda: done.append("early"))
    timeline.play(between=lambda: None)
    assert done == ["early", "late"]


def test_a_stop_drops_the_actions_the_pool_still_holds() -> None:
    """Ctrl-C in the middle: the actions already running finish, the ones waiting for a worker are not played."""
    played: list[int] = []
    lock = threading.Lock()

    def act(n: int) -> None:
        time.sleep(0.3)
        with lock:
            played.append(n)

    timeline = Timeline(speed=1.0, on_fault=lambda: None)
    for n in range(WORKERS + 4):
        timeline.after(dt.timedelta(0), lambda n=n: act(n))
    taken = 0

    def between() -> None:
        nonlocal taken
        taken += 1
        if taken > WORKERS + 1:  # every worker busy and one more action waiting in the pool
            raise KeyboardInterrupt

    time.sleep(0.1)  # all of them due
    with pytest.raises(KeyboardInterrupt):
        timeline.play(between=between)
    assert timeline.stopped.is_set()
    assert len(played) == WORKERS

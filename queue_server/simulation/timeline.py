"""The simulator's timeline: actions due at real moments, taken in order and handed to a pool of workers.

One loop takes every action in time order from a heap of (when, action) and
hands it to a small pool of workers, so a slow answer for one desk holds up
no other. Simulated durations are divided by `speed` into real ones; once
the run's bound is reached (`wind_down`), whatever is still planned plays
out within a second.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

log = logging.getLogger("cherga.simulate")
SHORTEST_REAL_GAP = 0.05  # seconds: a fast run never polls the server harder than this
WIND_DOWN_SECONDS = 1.0  # after the bound, the longest real wait of any action left
WORKERS = 16  # requests in flight at once: a kiosk or a console waits for its answer, the others do not
Action = Callable[[], None]


@dataclass(frozen=True)
class Bounds:
    """Where a run ends: after so many simulated minutes or so many visitors, whichever comes first."""

    minutes: float | None = None  # of the simulated day
    visitors: int | None = None

    def reached(self, simulated_minutes: float, issued: int) -> bool:
        return (self.minutes is not None and simulated_minutes >= self.minutes) or (self.visitors is not None and issued >= self.visitors)


class Timeline:
    def __init__(self, speed: float, on_fault: Callable[[], None]) -> None:
        self.speed = speed
        self.stopped = threading.Event()
        self.ending = False
        self._on_fault = on_fault  # counts a mistake of the simulator's own
        self._heap: list[tuple[float, int, Action]] = []
        self._lock = threading.Lock()
        self._in_flight = 0
        self._order = itertools.count()

    def after(self, delay: dt.timedelta, action: Action) -> None:
        """Run `action` after a simulated `delay`."""
        real = max(delay.total_seconds() / self.speed, SHORTEST_REAL_GAP)
        if self.ending:  # the bound is reached: what is left (a visit at a desk, a rating) is only played out
            real = min(real, WIND_DOWN_SECONDS)
        with self._lock:
            heapq.heappush(self._heap, (time.monotonic() + real, next(self._order), action))

    def wind_down(self) -> None:
        """From now on nothing waits longer than WIND_DOWN_SECONDS: what was planned for later plays out now."""
        self.ending = True
        with self._lock:
            soon = time.monotonic() + WIND_DOWN_SECONDS
            self._heap = [(min(due, soon), order, action) for due, order, action in self._heap]
            heapq.heapify(self._heap)

    def play(self, between: Callable[[], None]) -> None:
        """Take the actions as they fall due until none is left or `stopped` is set; `between` runs between them."""
        with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="cherga-simulate") as pool:
            try:
                self._take_in_order(pool, between)
            finally:
                self.stopped.set()  # before the pool is waited for: what it still holds is dropped, not played (Ctrl-C)

    def _take_in_order(self, pool: ThreadPoolExecutor, between: Callable[[], None]) -> None:
        while not self.stopped.is_set():
            between()
            with self._lock:
                if not self._heap and not self._in_flight:
                    return
                due = self._heap[0][0] if self._heap else time.monotonic() + 0.1
                action = heapq.heappop(self._heap)[2] if due <= time.monotonic() else None
                if action is not None:
                    self._in_flight += 1
            if action is None:
                self.stopped.wait(min(max(due - time.monotonic(), 0.01), 0.5))
                continue
            pool.submit(self._act, action)

    def _act(self, action: Action) -> None:
        """One action in a worker; a mistake of the simulator's own is said and the run goes on."""
        try:
            if not self.stopped.is_set():
                action()
        except Exception:  # noqa: BLE001 - the simulator's own mistake must not stop the day
            log.exception("simulate: an action failed")
            self._on_fault()
        finally:
            with self._lock:
                self._in_flight -= 1

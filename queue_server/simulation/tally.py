"""What happened in a simulation, and how far the wait estimates were from it.

Pure. Each ticket's estimate is the one the kiosk was given at issue
(`estimated_wait_minutes`); its wait is from its issue to its first call, by
the server's own timestamps. The error is in real minutes: at a speed above
1 the server learns the shortened service times, so its estimates shrink
with them. Tickets still waiting when the simulation ends are left out (their
wait is not known), and so are those issued with no figure (no desk open).
"""

from __future__ import annotations

import statistics
import threading
from collections import Counter
from dataclasses import dataclass, field

GOAL_MINUTES = 3.0  # the median absolute error the estimates aim at


@dataclass
class Tally:
    issued: int = 0
    called: int = 0
    served: int = 0
    no_show: int = 0
    rated: int = 0
    breaks: int = 0
    without_estimate: int = 0
    simulator_faults: int = 0  # the simulator's own mistakes (logged), not the server's
    refused: Counter[str] = field(default_factory=Counter)  # by the server's error code
    server_errors: int = 0  # answers of 500 and above
    events_heard: Counter[str] = field(default_factory=Counter)  # Socket.IO events, by type
    errors_minutes: list[float] = field(default_factory=list)  # estimate minus the actual wait
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, name: str) -> None:
        """One more of a figure; the driver's workers and the Socket.IO listener count at once."""
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)

    def refuse(self, code: str) -> None:
        with self._lock:
            self.refused[code] += 1

    def heard(self, event_type: str) -> None:
        with self._lock:
            self.events_heard[event_type] += 1

    def waited(self, estimate_minutes: int, waited_seconds: float) -> None:
        with self._lock:
            self.errors_minutes.append(estimate_minutes - waited_seconds / 60)

    def median_error(self) -> float | None:
        """The median absolute error of the estimates, in minutes; None before any ticket was called."""
        if not self.errors_minutes:
            return None
        return statistics.median(abs(error) for error in self.errors_minutes)

    def report(self, *, elapsed_seconds: float, speed: float, waiting: int) -> str:
        """The figures as a few lines of text (printed at the end, and on SIGUSR1)."""
        lines = [
            f"simulated {elapsed_seconds * speed / 60:.1f} min of the day in {elapsed_seconds / 60:.1f} min (speed {speed:g})",
            f"tickets: {self.issued} issued, {self.called} called, {self.served} served, {self.no_show} no-shows, "
            f"{waiting} still waiting; {self.rated} rated; {self.breaks} breaks",
        ]
        if self.refused:
            lines.append("refused by the server: " + ", ".join(f"{code} {count}" for code, count in sorted(self.refused.items())))
        lines.append(f"server errors (5xx): {self.server_errors}" + (f"; the simulator's own faults: {self.simulator_faults} (see its log)" if self.simulator_faults else ""))
        with self._lock:
            heard = sum(self.events_heard.values())
            calls = self.events_heard["ticket.called"]
        lines.append(f"Socket.IO: {heard} events heard, {calls} of them calls")
        median = self.median_error()
        if median is None:
            lines.append("wait estimates: no ticket with an estimate was called yet")
        else:
            errors = sorted(abs(error) for error in self.errors_minutes)
            p90 = errors[min(len(errors) - 1, int(len(errors) * 0.9))]
            bias = statistics.fmean(self.errors_minutes)
            verdict = "within" if median <= GOAL_MINUTES else "over"
            lines.append(
                f"wait estimates vs actual waits ({len(errors)} tickets, {self.without_estimate} without a figure): "
                f"median absolute error {median:.1f} min ({verdict} the goal of {GOAL_MINUTES:g}), "
                f"90th percentile {p90:.1f} min, mean signed error {bias:+.1f} min (+: the wait was shorter than said)"
            )
            if speed != 1:
                lines.append(
                    f"  (real minutes; in the simulated day's minutes the median is {median * speed:.0f}: the estimates are whole "
                    "minutes rounded up, so the goal is measured at speed 1)"
                )
        return "\n".join(lines)

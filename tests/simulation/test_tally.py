"""The simulation's figures: counts, and the estimates' error against the actual waits."""

from __future__ import annotations

from queue_server.simulation.tally import Tally


def test_the_median_absolute_error_and_the_report() -> None:
    tally = Tally()
    assert tally.median_error() is None
    for estimate, waited in ((5, 240), (10, 900), (0, 30), (3, 180)):  # errors +1, -5, -0.5, 0 minutes
        tally.waited(estimate, waited)
    for name in ("issued", "issued", "called", "served", "no_show"):
        tally.count(name)
    tally.refuse("office_closed")
    tally.heard("ticket.called")
    assert tally.median_error() == 0.75
    report = tally.report(elapsed_seconds=120, speed=1, waiting=1)
    assert "2 issued, 1 called, 1 served, 1 no-shows, 1 still waiting" in report
    assert "median absolute error 0.8 min (within the goal of 3)" in report
    assert "office_closed 1" in report and "server errors (5xx): 0" in report and "1 of them calls" in report
    fast = tally.report(elapsed_seconds=120, speed=60, waiting=1)
    assert "simulated 120.0 min of the day in 2.0 min (speed 60)" in fast and "the goal is measured at speed 1" in fast

"""The programme's four indicators of one office or the network, each beside its target and benchmark.

Pure, like the other figures. Each indicator is taken from the report that
already defines it, never computed a second way, so the dashboard's panel,
the annual summary and the files agree with the reports they sit beside
(docs/reports.md, «The programme's four indicators»):

- deadlines: `deadlines.Share.percent` (the deadlines report);
- complaints: `complaints_per_1000` of the complaints report's rows, the
  network's made the same way from their sums;
- satisfaction: the summary's `satisfaction_share` as a percentage;
- load: the operators report's rows, Σ serving minutes / Σ logged-in
  minutes of the administrators of the office (or of the network), in %.

The verdict compares the value as shown (rounded) with the target, so a
reader who checks it by eye agrees with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.programme import BETTER, INDICATORS, Indicator, Programme
from .deadlines import Share
from .figures import Figures

UNITS: Mapping[Indicator, str] = {
    Indicator.DEADLINES: "percent",
    Indicator.COMPLAINTS: "per_1000",
    Indicator.SATISFACTION: "percent",
    Indicator.LOAD: "percent",
}


@dataclass(frozen=True)
class Reading:
    """An indicator's value and what it was counted from (None where the report gives no count)."""

    value: float | None
    numerator: float | None
    denominator: float


def deadlines(share: Share) -> Reading:
    """Violated over counted requests, % to 0.1."""
    return Reading(share.percent, share.violated, share.counted)


def complaints(received: int, issued: int, per_1000: float | None) -> Reading:
    """Complaints of the register per 1,000 tickets issued, to 0.01, as the complaints report gives it."""
    return Reading(per_1000, received, issued)


def satisfaction(figures: Figures) -> Reading:
    """The share of ratings of 4 or 5 (to 0.0001) as a percentage, to 0.01: no second rounding."""
    share = figures.satisfaction_share
    return Reading(None if share is None else round(100 * share, 2), None, figures.ratings)


def load(operators: Iterable[Mapping[str, Any]]) -> Reading:
    """Σ serving minutes / Σ logged-in minutes of the operators report's rows, % to 0.1; None with no logged-in time."""
    rows = list(operators)
    serving = round(sum(row["serving_minutes"] or 0 for row in rows), 1)
    logged_in = round(sum(row["logged_in_minutes"] or 0 for row in rows), 1)
    return Reading(round(100 * serving / logged_in, 1) if logged_in else None, serving, logged_in)


def indicators(readings: Mapping[Indicator, Reading], programme: Programme) -> list[dict[str, Any]]:
    """The four, in the programme's order: value, unit, which way is better, target, benchmark, verdict."""
    found = []
    for indicator in INDICATORS:
        reading = readings[indicator]
        target = programme.target(indicator)
        found.append(
            {
                "indicator": str(indicator),
                "value": reading.value,
                "unit": UNITS[indicator],
                "better": str(BETTER[indicator]),
                "target_min": target.at_least,
                "target_max": target.at_most,
                "benchmark": programme.benchmark.get(indicator),
                "verdict": str(target.verdict(reading.value, BETTER[indicator])),
                "numerator": reading.numerator,
                "denominator": reading.denominator,
            }
        )
    return found

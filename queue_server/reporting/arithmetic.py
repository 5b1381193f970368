"""The reports' arithmetic: nearest-rank percentiles, minutes and shares, rounded as docs/reports.md says."""

from __future__ import annotations

from collections.abc import Sequence

from .visits import MINUTE_MS


def percentile(ordered: Sequence[int], percent: int) -> int | None:
    """The nearest-rank percentile of values sorted ascending: the value at rank ⌈percent/100 × n⌉.

    It is always one of the values measured (the p90 wait is a wait some
    visitor had), and at least `percent` % of the values are at or below it.
    Integer arithmetic: no rounding of the rank.
    """
    if not ordered:
        return None
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[rank - 1]


def minutes(milliseconds: int | None) -> float | None:
    return None if milliseconds is None else round(milliseconds / MINUTE_MS, 1)


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None

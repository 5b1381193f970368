"""Visitors turned away (a daily cap, the stop-issuing time, …): counted per office, service and reason.

Pure, like the figures: the counts come from `store.caps.turned_away_counts`
(read in the report's transaction), keyed by (office, service, reason), for
the office days of the period. A refusal has no administrator, hour filter
or ticket, so only the office and the service narrow them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

Counts = Mapping[tuple[str, str, str], int]
TURNED_AWAY_GROUPS = ("office", "service")


def total(counts: Counts) -> dict[str, int]:
    """The period's turned away: `total`, and by reason (`sold_out`, `stop_issuing`, …)."""
    by_reason: Counter[str] = Counter()
    for (_, _, reason), count in counts.items():
        by_reason[reason] += count
    return {"total": sum(by_reason.values()), **dict(sorted(by_reason.items()))}


def by(group: str, counts: Counts) -> dict[str, int]:
    """The turned away of each office or each service."""
    index = {"office": 0, "service": 1}[group]
    found: Counter[str] = Counter()
    for key, count in counts.items():
        found[key[index]] += count
    return dict(found)


def table(counts: Counts) -> list[tuple[str, str, str, int]]:
    """One row per office, service and reason, in that order: the export files' table."""
    return [(office, service, reason, count) for (office, service, reason), count in sorted(counts.items())]

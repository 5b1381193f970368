"""A row per visit for the SQLite export, measured exactly as the figures measure it (`figures.Report`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .figures import OTHER, SERVED, UNMEASURED, WITHIN, Report
from .visits import DAY_MS, EPOCH, HOUR_MS, MINUTE_MS

VISIT_TABLE = (
    "ticket", "number", "office", "service", "operator", "status", "day", "hour", "weekday",
    "wait_minutes", "paused_minutes", "service_minutes", "within_target", "score", "complaint",
)  # fmt: skip


def visit_table(report: Report, numbers: Mapping[int, str]) -> list[tuple[Any, ...]]:
    """A row per visit (columns `VISIT_TABLE`) for the SQLite export, measured as the figures measure it.

    Nothing about the visitor (Cherga records nothing about them), no token;
    `numbers` gives each ticket's printed number. `wait_minutes` is the wait
    without the time the office spent in air-raid alerts, `paused_minutes`
    that time (0 for a visit whose wait no alert touched).
    """
    visits, ready = report.visits, report.prepared
    days: dict[int, str] = {}
    rows = []
    for i, code in enumerate(ready.codes):
        complaint, rest = divmod(code, 54)
        outcome, aim = rest % 3, rest // 3 % 3
        wait, spent, local = visits.wait_ms[i], visits.service_ms[i], visits.local_ms[i]
        day = local // DAY_MS
        if day not in days:
            days[day] = (EPOCH + dt.timedelta(days=day)).isoformat()
        rows.append(
            (
                visits.ticket[i],
                numbers.get(visits.ticket[i]),
                visits.office[i],
                visits.service[i],
                visits.operator[i],
                visits.status[i],
                days[day],
                local // HOUR_MS % 24,
                (day + 3) % 7 + 1,
                round(wait / MINUTE_MS, 2) if outcome != OTHER and wait is not None else None,
                round(visits.paused(i) / MINUTE_MS, 2) if outcome != OTHER and wait is not None else None,
                round(spent / MINUTE_MS, 2) if outcome == SERVED and spent is not None else None,
                None if aim == UNMEASURED else int(aim == WITHIN),
                visits.score[i],
                complaint,
            )
        )
    return rows

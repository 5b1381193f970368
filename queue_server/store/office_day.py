"""Read-only: an office's events of one day, for the figures that fold them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa

from .schema import events


def events_between(
    conn: sa.Connection, office: str, start: dt.datetime, end: dt.datetime, types: Collection[str]
) -> list[tuple[str, dt.datetime, dict[str, Any]]]:
    """`(type, at, data)` of the office's events of these types with `start <= at < end`, in `seq` order."""
    rows = conn.execute(
        sa.select(events.c.type, events.c.at, events.c.data)
        .where(
            (events.c.office == office)
            & (events.c.at >= start)
            & (events.c.at < end)
            & events.c.type.in_(sorted(types))
        )
        .order_by(events.c.seq)
    )
    return [(row.type, row.at, row.data) for row in rows]

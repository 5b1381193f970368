"""The bookings' figures as one table for the files: the total, then each office's, then each service's.

The API gives them nested (`bookings` of the summary and of the rows by
office and by service); a spreadsheet or a SQL table needs them flat, with
the same field names.
"""

from __future__ import annotations

from typing import Any

from ..bookings import BOOKING_FIELDS, BOOKING_GROUPS
from ..queries import ReportData
from .csv_export import total_labels

BOOKING_TABLE = ("group", "key", "label", "label_en", *BOOKING_FIELDS)


def booking_table(data: ReportData) -> list[tuple[Any, ...]]:
    """Rows in `BOOKING_TABLE` order: `total` first, then the groupings by office and by service that were asked for."""
    scope = data.query.office or "network"
    total = data.summary["bookings"]
    rows: list[tuple[Any, ...]] = [("total", scope, *total_labels(data), *(total[name] for name in BOOKING_FIELDS))]
    for group in BOOKING_GROUPS:
        for row in data.groups.get(group, []):
            figures = row["bookings"]
            rows.append((group, row["key"], row["label"], row["label_en"], *(figures[name] for name in BOOKING_FIELDS)))
    return rows

"""The figures as one CSV table: the total first, then each grouping's rows.

UTF-8 with a byte-order mark, so that a spreadsheet opened by double-click
shows the Ukrainian names right; a `group` column says which grouping a row
belongs to (`total` for the first). The total row's `key` is the scope
(`network` or the office's code), its labels say in words what it totals
(«Усього по мережі», «Network total»), as every other row's labels do.
The bookings' figures close each row (`bookings_made`, `bookings_kept`, …):
filled in the total and the rows by office and by service, empty in the
others (a booking has no administrator). `alert_hours`, the hours the
offices spent in air-raid alerts, ends the total row and the rows by office.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ...i18n import both, translate
from ..bookings import BOOKING_FIELDS
from ..figures import SUMMARY_FIELDS
from ..queries import ReportData
from ..visits import GROUPS
from . import GROUP_COLUMNS

BOOKING_COLUMNS = tuple(f"bookings_{name}" for name in BOOKING_FIELDS)
COLUMNS = ("group", *GROUP_COLUMNS, *BOOKING_COLUMNS, "alert_hours")


def render(data: ReportData, groups: Sequence[str] = GROUPS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    scope = data.query.office or "network"
    totals = [_cell(data.summary[name]) for name in SUMMARY_FIELDS]
    writer.writerow(["total", scope, *total_labels(data), *totals, *_bookings(data.summary), _cell(data.summary.get("alert_hours"))])
    for group in groups:
        for row in data.groups[group]:
            writer.writerow([group, *(_cell(row[name]) for name in GROUP_COLUMNS), *_bookings(row), _cell(row.get("alert_hours"))])
    return out.getvalue().encode("utf-8-sig")


def total_labels(data: ReportData) -> tuple[str, str]:
    """The total row's label and English label: the network's, or the office's by its name."""
    office = data.query.office
    if office is None:
        return both("reports.total.network")
    named = next((row for row in data.groups.get("office", []) if row["key"] == office), None)
    if named is None:
        return both("reports.total.office")
    return translate("reports.total.named", "uk", name=named["label"]), translate("reports.total.named", "en", name=named["label_en"] or named["label"])


def _bookings(row: dict[str, object]) -> list[object]:
    figures = row.get("bookings")
    return [_cell(figures[name]) if isinstance(figures, dict) else "" for name in BOOKING_FIELDS]


def _cell(value: object) -> object:
    return "" if value is None else value

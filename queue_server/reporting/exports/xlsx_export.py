"""The figures as a workbook: a summary sheet, a sheet per grouping, one for the administrators.

Every sheet has one header row (the API's field names), frozen so it stays
in view, and number formats by kind of figure: counts whole, minutes to
0.1, shares as percentages, the average rating and complaints per 1,000
to 0.01. An empty figure is an empty cell, never a zero. The `Bookings`
sheet has the bookings' figures: the total, by office and by service; the
`By step` sheet the figures of each step: of every visit, then of each package.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from ..figures import SUMMARY_FIELDS
from ..queries import ReportData
from ..visits import GROUPS
from . import GROUP_COLUMNS, GROUP_TITLES, OPERATOR_COLUMNS
from .booking_table import BOOKING_TABLE, booking_table
from .step_table import STEP_TABLE, step_table

SUMMARY_SHEET = "Summary"
OPERATORS_SHEET = "Administrators"
BOOKINGS_SHEET = "Bookings"
STEPS_SHEET = "By step"
TURNED_AWAY_SHEET = "Turned away"  # visitors refused a ticket by a cap or the cut-off: office, service, reason, count
TURNED_AWAY_COLUMNS = ("office", "service", "reason", "visitors")
SUMMARY_COLUMNS = ("office", "from", "to", "service", "operator", "hour", "weekday", *SUMMARY_FIELDS, "alert_hours")
COUNT, MINUTES, PERCENT, HUNDREDTHS = "#,##0", "0.0", "0.0%", "0.00"


def number_format(column: str) -> str | None:
    if column.endswith("_share") or column == "utilisation":
        return PERCENT
    if column.endswith("_minutes"):
        return MINUTES
    if column.endswith("_hours"):
        return MINUTES  # to 0.1, as minutes are
    if column in ("made", "kept", "late", "cancelled", "missed", "still_booked"):
        return COUNT
    if column in ("average_rating", "complaints_per_1000"):
        return HUNDREDTHS
    if column in ("average_steps_done",):
        return HUNDREDTHS
    if column in ("issued", "served", "no_show", "complaints", "ratings", "breaks", "visits", "packages", "services_provided", "skipped"):
        return COUNT
    if column.startswith("breaks_"):
        return COUNT
    return None


def _sheet(workbook: Workbook, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(list(row))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(10, min(40, len(column) + 2))
        fmt = number_format(column)
        if fmt is not None:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = fmt


def operator_columns(data: ReportData) -> tuple[str, ...]:
    """The fixed columns, then a count and the minutes of each break reason that occurs."""
    reasons = sorted({reason for row in data.operators for reason in row["breaks_by_reason"]})
    return (*OPERATOR_COLUMNS, *(f"{kind}_{reason}" for reason in reasons for kind in ("breaks", "break_minutes")))


def operator_row(row: dict[str, Any], columns: Sequence[str]) -> list[Any]:
    values: list[Any] = [", ".join(row["offices"]) if name == "offices" else row.get(name) for name in OPERATOR_COLUMNS]
    for column in columns[len(OPERATOR_COLUMNS):]:
        kind, reason = ("breaks", column.removeprefix("breaks_")) if column.startswith("breaks_") else ("minutes", column.removeprefix("break_minutes_"))
        tally = row["breaks_by_reason"].get(reason)
        values.append((tally["count"] if kind == "breaks" else tally["minutes"]) if tally else 0)
    return values


def render(data: ReportData, groups: Sequence[str] = GROUPS) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, SUMMARY_SHEET, SUMMARY_COLUMNS, [[data.summary.get(name) for name in SUMMARY_COLUMNS]])
    for group in groups:
        shown: tuple[str, ...] = (*GROUP_COLUMNS, "alert_hours") if group == "office" else GROUP_COLUMNS
        _sheet(workbook, GROUP_TITLES[group], shown, [[row.get(name) for name in shown] for row in data.groups[group]])
    _sheet(workbook, STEPS_SHEET, STEP_TABLE, step_table(data))
    _sheet(workbook, BOOKINGS_SHEET, BOOKING_TABLE, booking_table(data))
    _sheet(workbook, TURNED_AWAY_SHEET, TURNED_AWAY_COLUMNS, data.turned_away)
    columns = operator_columns(data)
    _sheet(workbook, OPERATORS_SHEET, columns, [operator_row(row, columns) for row in data.operators])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

"""The programme's four indicators as a file: one row per scope and indicator, as CSV or as a workbook.

Long rather than wide: every row has the same columns (the API's field
names), so a spreadsheet filters by indicator or office without knowing
how many offices there are. The first four rows are the total (`scope`
`network`, or the office asked for), then four per office.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

KPI_COLUMNS = (
    "from", "to", "scope", "office", "label", "label_en", "indicator", "value", "unit", "better",
    "target_min", "target_max", "benchmark", "benchmark_name", "verdict", "numerator", "denominator",
)  # fmt: skip
SHEET = "Programme indicators"


def kpi_rows(report: dict[str, Any]) -> Iterator[list[Any]]:
    """The rows of `kpi_report.kpi_report`'s answer, in `KPI_COLUMNS` order."""
    benchmark = report["benchmark"]["name_en"] if report["benchmark"] else None
    scopes = [("total", report["total"])] + [("office", row) for row in report["by_office"]]
    for scope, row in scopes:
        for item in row["indicators"]:
            yield [
                report["from"], report["to"], scope, row["office"] or "network", row["label"], row["label_en"],
                item["indicator"], item["value"], item["unit"], item["better"], item["target_min"], item["target_max"],
                item["benchmark"], benchmark if item["benchmark"] is not None else None, item["verdict"],
                item["numerator"], item["denominator"],
            ]  # fmt: skip


def csv_file(report: dict[str, Any]) -> bytes:
    """UTF-8 with a byte-order mark, as the other report files, so a spreadsheet shows the Ukrainian names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(KPI_COLUMNS)
    for row in kpi_rows(report):
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_file(report: dict[str, Any]) -> bytes:
    """One sheet, the header frozen; an empty value is an empty cell, never a zero."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(KPI_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in kpi_rows(report):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

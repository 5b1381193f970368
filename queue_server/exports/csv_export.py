"""The figures as one CSV table: the total first, then each grouping's rows.

UTF-8 with a byte-order mark, so that a spreadsheet opened by double-click
shows the Ukrainian names right; a `group` column says which grouping a row
belongs to (`total` for the first).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..commands.reports import ReportData
from ..domain.report_visits import GROUPS
from ..domain.reports import SUMMARY_FIELDS
from . import GROUP_COLUMNS

COLUMNS = ("group", *GROUP_COLUMNS)


def render(data: ReportData, groups: Sequence[str] = GROUPS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    scope = data.query.office or "network"
    writer.writerow(["total", scope, scope, scope, *(_cell(data.summary[name]) for name in SUMMARY_FIELDS)])
    for group in groups:
        for row in data.groups[group]:
            writer.writerow([group, *(_cell(row[name]) for name in GROUP_COLUMNS)])
    return out.getvalue().encode("utf-8-sig")


def _cell(value: object) -> object:
    return "" if value is None else value

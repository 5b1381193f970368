"""Report files: CSV, XLSX (openpyxl) and SQLite (sqlite-utils, for Datasette).

Each module turns a `reporting.queries.ReportData` into a file and nothing
else: no query, no access check (the command did both). The columns are
the API's field names, so a figure reads the same in JSON, in a
spreadsheet and in SQL.
"""

from __future__ import annotations

from ..figures import SUMMARY_FIELDS

GROUP_TITLES = {
    "office": "By office",
    "service": "By service",
    "operator": "By administrator",
    "day": "By day",
    "hour": "By hour",
    "weekday": "By weekday",
    "month": "By month",
    "package": "By package",
}
GROUP_COLUMNS = ("key", "label", "label_en", *SUMMARY_FIELDS)
OPERATOR_COLUMNS = (
    "operator", "offices", "served", "serving_minutes", "logged_in_minutes", "utilisation", "breaks", "break_minutes",
)  # fmt: skip

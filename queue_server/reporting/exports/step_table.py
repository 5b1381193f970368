"""The figures of each step as one table for the files: the total's steps, then each package's.

The API gives them nested (`by_step` of the summary and of the rows by
package); a spreadsheet or a SQL table needs them flat, with the same field
names and a `package` column (`total` for the summary's own steps, empty for
the visits of no package).
"""

from __future__ import annotations

from typing import Any

from ..figures import STEP_FIELDS
from ..queries import ReportData

STEP_TABLE = ("package", "label", "label_en", *STEP_FIELDS)


def step_table(data: ReportData) -> list[tuple[Any, ...]]:
    """Rows in `STEP_TABLE` order: the summary's steps, then those of each package if that grouping was asked for."""
    rows: list[tuple[Any, ...]] = [
        ("total", "", "", *(step[name] for name in STEP_FIELDS)) for step in data.summary["by_step"]
    ]
    for row in data.groups.get("package", []):
        for step in row["by_step"]:
            rows.append((row["key"], row["label"], row["label_en"], *(step[name] for name in STEP_FIELDS)))
    return rows

"""The period as a SQLite database (sqlite-utils), to open in Datasette or any SQL tool.

Tables: `visits` (one row per ticket: office, service, administrator,
status, local day, hour and weekday, wait and service minutes; no token,
no note: nothing about the visitor, whom Cherga never records), `ratings`
(score and comment, kept because the comments are the complaints; the
rating form asks for no name or contact, though a visitor may type one into
a comment; the survey's «would you recommend» 0–10 as `recommend`, its
reasons' codes space-separated as `reasons`, and `channel`, ticket_page or
desk_qr; all three empty for a rating of the old form), `summary` (one row), a `figures_by_<grouping>` table per
grouping, `figures_by_step` (each step: of every visit, then of each
package), `operators`, and `bookings`: the bookings' figures of the total,
each office and each service (the summary's row has them too, as
`bookings_made`, `bookings_kept`, …), and `turned_away`: the visitors
refused a ticket by a daily cap or the cut-off, by office, service and
reason (the summary's `turned_away` is their total). No visitor's name or phone: the
figures count bookings, they do not list them. `summary` and
`figures_by_office` have `alert_hours`, the hours in air-raid alerts; a
visit's `paused_minutes` is the alert time taken out of its wait.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ..bookings import BOOKING_COUNTS
from ..figures import SUMMARY_FIELDS
from ..queries import ReportData
from ..visit_table import VISIT_TABLE
from ..visits import GROUPS
from .booking_table import BOOKING_TABLE, booking_table
from .step_table import STEP_TABLE, step_table

COUNTS = frozenset({"issued", "served", "no_show", "complaints", "ratings", "visits", "packages", "services_provided"})
VISIT_TYPES: dict[str, type] = dict(
    zip(VISIT_TABLE, (int, str, str, str, str, str, str, int, int, float, float, float, int, int, int))
)
RATING_TYPES: dict[str, type] = {"ticket": int, "score": int, "comment": str, "rated_at": str, "recommend": int, "reasons": str, "channel": str}
OPERATOR_TYPES: dict[str, type] = {
    "operator": str, "offices": str, "served": int, "serving_minutes": float, "logged_in_minutes": float,
    "utilisation": float, "breaks": int, "break_minutes": float, "breaks_by_reason": str,
}  # fmt: skip
BOOKING_TYPES: dict[str, type] = {
    name: str if name in ("group", "key", "label", "label_en") else int if name in BOOKING_COUNTS else float for name in BOOKING_TABLE
}


TURNED_AWAY_TYPES: dict[str, type] = {"office": str, "service": str, "reason": str, "visitors": int}
STEP_COUNTS = ("step", "services_provided", "skipped")
STEP_TYPES: dict[str, type] = {
    name: str if name in ("package", "label", "label_en") else int if name in STEP_COUNTS else float for name in STEP_TABLE
}


def write(data: ReportData, path: Path) -> Path:
    """Write the database to `path` (a new file) and return it."""
    db = sqlite_utils.Database(path)
    try:
        summary = {name: value for name, value in data.summary.items() if name not in ("bookings", "by_step", "turned_away")}
        summary["turned_away"] = data.summary["turned_away"]["total"]
        db.table("summary").insert(summary | {f"bookings_{name}": value for name, value in data.summary["bookings"].items()})
        db.table("turned_away").create(TURNED_AWAY_TYPES)
        db.table("turned_away").insert_all([dict(zip(TURNED_AWAY_TYPES, row)) for row in data.turned_away])
        visits = db.table("visits")
        visits.create(VISIT_TYPES, pk="ticket")
        rated = db.table("ratings")
        rated.create(RATING_TYPES, pk="ticket", foreign_keys=[("ticket", "visits", "ticket")])
        with db.conn:  # half a million rows: one transaction, plain executemany (5× sqlite-utils' insert_all)
            db.conn.executemany(_insert("visits", VISIT_TYPES), data.visits)
            db.conn.executemany(_insert("ratings", RATING_TYPES), data.ratings)
        for column in ("office", "service", "operator", "day"):
            visits.create_index([column])
        for group in GROUPS:
            table = db.table(f"figures_by_{group}")
            table.create(_figure_columns(int if group in ("hour", "weekday") else str) | ({"alert_hours": float} if group == "office" else {}))
            table.insert_all({name: value for name, value in row.items() if name not in ("bookings", "by_step", "turned_away")} for row in data.groups[group])
        steps = db.table("figures_by_step")
        steps.create(STEP_TYPES)
        with db.conn:
            db.conn.executemany(_insert("figures_by_step", STEP_TYPES), step_table(data))
        operators = db.table("operators")
        operators.create(OPERATOR_TYPES, pk="operator")
        operators.insert_all(data.operators)
        bookings = db.table("bookings")
        bookings.create(BOOKING_TYPES)
        with db.conn:
            db.conn.executemany(_insert("bookings", BOOKING_TYPES), booking_table(data))
    finally:
        db.close()
    return path


def _figure_columns(key: type) -> dict[str, type]:
    return {"key": key, "label": str, "label_en": str, **{name: int if name in COUNTS else float for name in SUMMARY_FIELDS}}


def _insert(table: str, columns: dict[str, type]) -> str:
    return f"INSERT INTO [{table}] ({', '.join(f'[{name}]' for name in columns)}) VALUES ({', '.join('?' * len(columns))})"

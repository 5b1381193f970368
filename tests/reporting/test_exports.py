"""The export files, opened back with the tools a reader would use: csv, openpyxl, sqlite-utils."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils

from reporting.expected import KYIV, TARGETS, figures, first_service
from web import bearer

PERIOD = "from=2026-01-01&to=2026-03-31"
GROUPS = ("office", "service", "operator", "day", "hour", "weekday", "month", "package")
SHEETS = [
    "Summary", "By office", "By service", "By administrator", "By day", "By hour", "By weekday", "By month", "By package",
    "By step", "Bookings", "Turned away", "Administrators",
]  # fmt: skip


def download(client, tokens, path: str) -> tuple[bytes, str]:
    answer = client.get(path, headers=bearer(tokens["manager"]))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.get_data(), answer.headers["Content-Disposition"]


def api(client, tokens, path: str):
    return client.get(path, headers=bearer(tokens["manager"])).get_json()


def test_the_csv_has_the_total_then_every_grouping(reader, shared_tokens, shared_loaded) -> None:
    content, disposition = download(reader, shared_tokens, f"/api/v1/reports/export.csv?office=alpha&{PERIOD}")
    assert disposition == 'attachment; filename="cherga-alpha-2026-01-01-2026-03-31.csv"'
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM, for spreadsheets
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    summary = api(reader, shared_tokens, f"/api/v1/reports/summary?office=alpha&{PERIOD}")
    assert rows[0]["group"] == "total" and int(rows[0]["issued"]) == summary["issued"]
    assert float(rows[0]["wait_p90_minutes"]) == summary["wait_p90_minutes"]
    for group in GROUPS:
        mine = [row for row in rows if row["group"] == group]
        want = api(reader, shared_tokens, f"/api/v1/reports/figures?office=alpha&{PERIOD}&group={group}")
        assert [row["key"] for row in mine] == [str(row["key"]) if row["key"] is not None else "" for row in want]
        assert [int(row["served"]) for row in mine] == [row["served"] for row in want]
        assert [float(row["within_target_share"]) if row["within_target_share"] else None for row in mine] == [
            row["within_target_share"] for row in want
        ]


def test_the_csv_of_one_grouping(reader, shared_tokens, shared_loaded) -> None:
    content, _ = download(reader, shared_tokens, f"/api/v1/reports/export.csv?{PERIOD}&group=service")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row["group"] for row in rows] == ["total", "service", "service", "service"]
    assert rows[0]["key"] == "network"


def test_the_workbook_has_a_sheet_per_grouping_with_the_api_s_values(reader, shared_tokens, shared_loaded) -> None:
    content, disposition = download(reader, shared_tokens, f"/api/v1/reports/export.xlsx?{PERIOD}")
    assert disposition == 'attachment; filename="cherga-network-2026-01-01-2026-03-31.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
    summary_sheet = book["Summary"]
    header = [cell.value for cell in summary_sheet[1]]
    values = dict(zip(header, [cell.value for cell in summary_sheet[2]]))
    summary = api(reader, shared_tokens, f"/api/v1/reports/summary?{PERIOD}")
    for name in ("issued", "served", "no_show", "wait_p50_minutes", "within_target_share", "average_rating", "complaints_per_1000"):
        assert values[name] == summary[name], name
    shares = header.index("within_target_share") + 1
    assert summary_sheet.cell(row=2, column=shares).number_format == "0.0%"
    assert summary_sheet.cell(row=2, column=header.index("wait_p50_minutes") + 1).number_format == "0.0"
    for group, title in zip(GROUPS, SHEETS[1:]):
        sheet = book[title]
        header = [cell.value for cell in sheet[1]]
        assert header[:3] == ["key", "label", "label_en"]
        rows = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]
        want = api(reader, shared_tokens, f"/api/v1/reports/figures?{PERIOD}&group={group}")
        assert rows == [{name: value for name, value in row.items() if name not in ("bookings", "by_step", "turned_away")} for row in want], group
    people = book["Administrators"]
    header = [cell.value for cell in people[1]]
    rows = [dict(zip(header, (cell.value for cell in row))) for row in people.iter_rows(min_row=2)]
    want = api(reader, shared_tokens, f"/api/v1/reports/operators?{PERIOD}")
    assert [row["operator"] for row in rows] == [row["operator"] for row in want]
    for row, expected in zip(rows, want):
        assert (row["served"], row["logged_in_minutes"], row["utilisation"]) == (expected["served"], expected["logged_in_minutes"], expected["utilisation"])
        assert row["break_minutes_lunch"] == expected["breaks_by_reason"].get("lunch", {}).get("minutes", 0)


def test_the_sqlite_database_opens_with_its_tables(reader, shared_tokens, shared_loaded, tmp_path: Path) -> None:
    content, disposition = download(reader, shared_tokens, f"/api/v1/reports/export.sqlite?office=beta&{PERIOD}")
    assert disposition == 'attachment; filename="cherga-beta-2026-01-01-2026-03-31.sqlite"'
    path = tmp_path / "export.sqlite"
    path.write_bytes(content)
    db = sqlite_utils.Database(path)
    tables = set(db.table_names())
    assert {"visits", "ratings", "summary", "operators", *(f"figures_by_{group}" for group in GROUPS)} <= tables
    beta = [v for v in shared_loaded.visits if v.office == "beta"]
    assert db["visits"].count == len(beta)
    assert db["ratings"].count == sum(1 for v in beta if v.score is not None)
    assert "token" not in db["visits"].columns_dict and "note" not in db["visits"].columns_dict
    assert db["ratings"].foreign_keys[0].other_table == "visits"
    want = figures(beta, TARGETS)
    served = db.execute("select count(*) from visits where status = 'done'").fetchone()[0]
    complaints = db.execute("select count(*) from ratings where score <= 2 and trim(coalesce(comment, '')) != ''").fetchone()[0]
    within = db.execute("select avg(within_target) from visits where status = 'done'").fetchone()[0]
    assert (served, complaints) == (want["served"], want["complaints"])
    assert round(within, 4) == want["within_target_share"]
    assert db.execute("select served, issued from summary").fetchone() == (want["served"], want["issued"])
    by_service = dict(db.execute("select key, served from figures_by_service").fetchall())
    assert by_service == {"passport": want["served"]}
    assert db["operators"].count == 2
    db.close()


@pytest.mark.parametrize("kind", ["csv", "xlsx", "sqlite"])
def test_an_empty_period_still_gives_a_file(client, tokens, kind, tmp_path: Path) -> None:
    content, _ = download(client, tokens, f"/api/v1/reports/export.{kind}?office=alpha&from=2025-01-01&to=2025-01-31")
    if kind == "sqlite":
        (tmp_path / "empty.sqlite").write_bytes(content)
        db = sqlite_utils.Database(tmp_path / "empty.sqlite")
        assert db["visits"].count == 0 and "wait_minutes" in db["visits"].columns_dict
        db.close()
    elif kind == "xlsx":
        assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames == SHEETS
    else:
        assert content.decode("utf-8-sig").count("\r\n") == 2  # header and total


def test_filters_narrow_the_exported_figures(reader, shared_tokens, shared_loaded) -> None:
    content, _ = download(reader, shared_tokens, f"/api/v1/reports/export.csv?{PERIOD}&service=social&weekday=2&group=office")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    visits = [v for v in shared_loaded.visits if first_service(v) == "social" and v.issued_at.astimezone(KYIV).isoweekday() == 2]
    assert int(rows[0]["issued"]) == len(visits) > 0

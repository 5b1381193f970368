"""Visitors turned away by a cap or the cut-off in the reports: the summary, by office and service, the year, the files."""

from __future__ import annotations

import io

import openpyxl
import pytest
import sqlite_utils

from commands.test_caps import with_caps
from factories import visit_network
from web import bearer

DAY = "from=2026-11-24&to=2026-11-24"


@pytest.fixture
def network():
    return with_caps(visit_network())


def test_each_refusal_is_counted_by_office_service_and_reason(client, tokens, app_ctx, tmp_path) -> None:
    kiosk, manager = bearer(tokens["kiosk"]), bearer(tokens["manager"])
    outcomes = [client.post("/api/v1/offices/alpha/tickets", json={"service": "passport"}, headers=kiosk).status_code for _ in range(5)]
    outcomes += [client.post("/api/v1/offices/alpha/tickets", json={"service": "social"}, headers=kiosk).status_code for _ in range(3)]
    assert outcomes == [201, 201, 201, 409, 409, 201, 409, 409]
    beta = bearer(tokens["kiosk_beta"])
    assert [client.post("/api/v1/offices/beta/tickets", json={"service": "passport"}, headers=beta).status_code for _ in range(2)] == [201, 409]

    summary = client.get(f"/api/v1/reports/summary?{DAY}", headers=manager).get_json()
    assert summary["turned_away"] == {"total": 5, "sold_out": 5}
    by_office = {row["key"]: row["turned_away"] for row in client.get(f"/api/v1/reports/figures?group=office&{DAY}", headers=manager).get_json()}
    assert by_office == {"alpha": 4, "beta": 1}
    by_service = {row["key"]: row["turned_away"] for row in client.get(f"/api/v1/reports/figures?group=service&office=alpha&{DAY}", headers=manager).get_json()}
    assert by_service["passport"] == 2 and by_service["social"] == 2
    only = client.get(f"/api/v1/reports/summary?office=alpha&service=social&{DAY}", headers=manager).get_json()
    assert only["turned_away"]["total"] == 2
    year = client.get("/api/v1/reports/annual?year=2026", headers=manager).get_json()
    assert {row["office"]: row["turned_away"] for row in year["offices"]} == {"alpha": 4, "beta": 1}

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/api/v1/reports/export.xlsx?{DAY}", headers=manager).get_data()))
    rows = list(book["Turned away"].iter_rows(values_only=True))
    assert rows == [("office", "service", "reason", "visitors"), ("alpha", "passport", "sold_out", 2), ("alpha", "social", "sold_out", 2), ("beta", "passport", "sold_out", 1)]
    path = tmp_path / "report.sqlite"
    path.write_bytes(client.get(f"/api/v1/reports/export.sqlite?{DAY}", headers=manager).get_data())
    db = sqlite_utils.Database(path)
    assert db.execute("select sum(visitors) from turned_away").fetchone()[0] == 5
    assert db.execute("select turned_away from summary").fetchone()[0] == 5

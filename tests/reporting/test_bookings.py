"""The bookings' figures of the reports API against the same figures recomputed from the synthetic history."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlite_utils

from queue_server.reporting.bookings import BOOKING_FIELDS
from reporting.expected import FIRST, KYIV, LAST, booking_figures, booking_in_period, bookings_grouped
from reporting.synthetic import Booking
from web import bearer

PERIOD = "from=2026-01-01&to=2026-03-31"


def get(client, tokens, path: str) -> Any:
    answer = client.get(path, headers=bearer(tokens["manager"]))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.get_json()


def period_bookings(history, first: dt.date = FIRST, last: dt.date = LAST, **where: Any) -> list[Booking]:
    return [
        b for b in history.bookings
        if booking_in_period(b, first, last) and all(getattr(b, name) == value for name, value in where.items())
    ]  # fmt: skip


def test_the_history_has_every_kind_of_booking(shared_loaded) -> None:
    """The synthetic data set measures what it should: every fate, early and late calls, edges outside the period."""
    mine = period_bookings(shared_loaded)
    want = booking_figures(mine)
    assert all(want[name] > 10 for name in ("kept", "late", "cancelled", "missed", "still_booked"))
    assert 0 < want["called_within_5_minutes_share"] < 1
    called_early = [b for b in mine if b.ticket and b.ticket.appointment_at and b.ticket.called_at < b.start]  # type: ignore[operator]
    assert called_early
    assert len(mine) < len(shared_loaded.bookings)  # the local midnights outside the period are left out


def test_the_network_summary_has_the_period_s_bookings(reader, shared_tokens, shared_loaded) -> None:
    answer = get(reader, shared_tokens, f"/api/v1/reports/summary?{PERIOD}")
    assert answer["bookings"] == booking_figures(period_bookings(shared_loaded))
    assert answer["bookings"]["made"] > 500


@pytest.mark.parametrize("group", ["office", "service"])
def test_bookings_by_office_and_by_service(reader, shared_tokens, shared_loaded, group) -> None:
    rows = get(reader, shared_tokens, f"/api/v1/reports/figures?{PERIOD}&group={group}")
    want = bookings_grouped(period_bookings(shared_loaded), group)
    assert {row["key"]: row["bookings"] for row in rows} == want


@pytest.mark.parametrize("group", ["operator", "day", "hour", "weekday", "month"])
def test_other_groupings_have_no_bookings(reader, shared_tokens, shared_loaded, group) -> None:
    rows = get(reader, shared_tokens, f"/api/v1/reports/figures?{PERIOD}&group={group}")
    assert rows and all("bookings" not in row for row in rows)


@pytest.mark.parametrize(
    ("query", "where"),
    [("office=alpha&service=residence", {"office": "alpha", "service": "residence"}), ("office=beta", {"office": "beta"})],
)
def test_the_office_and_service_filters_narrow_the_bookings(reader, shared_tokens, shared_loaded, query, where) -> None:
    answer = get(reader, shared_tokens, f"/api/v1/reports/summary?{PERIOD}&{query}")
    assert answer["bookings"] == booking_figures(period_bookings(shared_loaded, **where))


def test_an_administrator_filter_leaves_the_bookings_whole(reader, shared_tokens, shared_loaded) -> None:
    """A booking has no administrator: `operator=` narrows the tickets' figures, not the bookings'."""
    answer = get(reader, shared_tokens, f"/api/v1/reports/summary?{PERIOD}&office=alpha&operator=alpha-1-a")
    assert answer["bookings"] == booking_figures(period_bookings(shared_loaded, office="alpha"))


@pytest.mark.parametrize(("hour", "weekday"), [(9, None), (None, 2), (11, 4)])
def test_hour_and_weekday_are_those_of_the_booked_time(reader, shared_tokens, shared_loaded, hour, weekday) -> None:
    query = "&".join(f"{name}={value}" for name, value in (("hour", hour), ("weekday", weekday)) if value is not None)
    answer = get(reader, shared_tokens, f"/api/v1/reports/summary?{PERIOD}&{query}")
    mine = [
        b for b in period_bookings(shared_loaded)
        if (hour is None or b.start.astimezone(KYIV).hour == hour) and (weekday is None or b.start.astimezone(KYIV).isoweekday() == weekday)
    ]  # fmt: skip
    assert mine and answer["bookings"] == booking_figures(mine)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("2026-01-01", "2026-01-01"),  # 00:30 local on the 1st is in: 22:30 UTC on 31 December
        ("2026-03-31", "2026-03-31"),  # 23:30 local is in; 00:30 on 1 April (21:30 UTC the same UTC day) is out
        ("2026-03-29", "2026-03-29"),  # the change to summer time: 02:30 (UTC+2) and 04:30 (UTC+3) local
        ("2025-12-31", "2025-12-31"),  # outside the history but for its 23:30 edge
        ("2026-04-01", "2026-04-01"),
    ],
)
def test_the_days_of_bookings_are_the_office_s_own(reader, shared_tokens, shared_loaded, first, last) -> None:
    answer = get(reader, shared_tokens, f"/api/v1/reports/summary?from={first}&to={last}")
    mine = period_bookings(shared_loaded, dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    assert mine, "the edge bookings fall on this day"
    assert answer["bookings"] == booking_figures(mine)


def test_the_dst_day_s_bookings_keep_their_local_hours(reader, shared_tokens, shared_loaded) -> None:
    day = "2026-03-29"
    for hour in (2, 4):
        answer = get(reader, shared_tokens, f"/api/v1/reports/summary?from={day}&to={day}&hour={hour}")
        mine = [b for b in period_bookings(shared_loaded, dt.date(2026, 3, 29), dt.date(2026, 3, 29)) if b.start.astimezone(KYIV).hour == hour]
        assert len(mine) >= 2  # one edge booking per office
        assert answer["bookings"] == booking_figures(mine)


def test_an_empty_period_has_no_bookings(reader, shared_tokens, shared_loaded) -> None:
    answer = get(reader, shared_tokens, "/api/v1/reports/summary?from=2025-06-01&to=2025-06-30")
    assert answer["bookings"] == {
        "made": 0, "kept": 0, "late": 0, "cancelled": 0, "missed": 0, "still_booked": 0, "kept_share": None,
        "lead_p50_hours": None, "lead_p90_hours": None, "called_within_5_minutes_share": None,
    }  # fmt: skip


# The files: each opened back with its own reader


def download(client, tokens, path: str) -> bytes:
    answer = client.get(path, headers=bearer(tokens["manager"]))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.get_data()


def flat(group: str, key: Any, figures: dict[str, Any]) -> dict[str, Any]:
    return {"group": group, "key": key, **figures}


def expected_table(history, office: str | None = None) -> list[dict[str, Any]]:
    """The bookings' table of a file: the total, each office, each service (as the API orders them)."""
    where = {"office": office} if office else {}
    mine = period_bookings(history, **where)
    rows = [flat("total", office or "network", booking_figures(mine))]
    by_office, by_service = bookings_grouped(mine, "office"), bookings_grouped(mine, "service")
    rows += [flat("office", key, by_office[key]) for key in ("alpha", "beta") if key in by_office]
    rows += [flat("service", key, by_service[key]) for key in ("passport", "residence", "social") if key in by_service]
    return rows


def test_the_csv_has_the_bookings_columns(reader, shared_tokens, shared_loaded) -> None:
    content = download(reader, shared_tokens, f"/api/v1/reports/export.csv?{PERIOD}")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    want = {(row["group"], row["key"]): row for row in expected_table(shared_loaded)}
    seen = 0
    for row in rows:
        expected = want.get((row["group"], row["key"]))
        figures = {name: row[f"bookings_{name}"] for name in BOOKING_FIELDS}
        if expected is None:
            assert set(figures.values()) == {""}, row["group"]  # days, hours, administrators: no bookings
            continue
        seen += 1
        for name in BOOKING_FIELDS:
            value = expected[name]
            assert figures[name] == ("" if value is None else str(value)), (row["group"], row["key"], name)
    assert seen == len(want)


def test_the_workbook_has_a_bookings_sheet(reader, shared_tokens, shared_loaded) -> None:
    content = download(reader, shared_tokens, f"/api/v1/reports/export.xlsx?{PERIOD}&office=alpha")
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Bookings"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["group", "key", "label", "label_en", *BOOKING_FIELDS]
    rows = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]
    assert [{name: row[name] for name in ("group", "key", *BOOKING_FIELDS)} for row in rows] == expected_table(shared_loaded, "alpha")
    assert rows[1]["label"] == "Альфа"
    assert sheet.cell(row=2, column=header.index("kept_share") + 1).number_format == "0.0%"
    assert sheet.cell(row=2, column=header.index("lead_p50_hours") + 1).number_format == "0.0"


def test_the_sqlite_database_has_a_bookings_table(reader, shared_tokens, shared_loaded, tmp_path: Path) -> None:
    path = tmp_path / "export.sqlite"
    path.write_bytes(download(reader, shared_tokens, f"/api/v1/reports/export.sqlite?office=beta&{PERIOD}"))
    db = sqlite_utils.Database(path)
    try:
        rows = [{name: row[name] for name in ("group", "key", *BOOKING_FIELDS)} for row in db["bookings"].rows]
        assert rows == expected_table(shared_loaded, "beta")
        summary = next(db["summary"].rows)
        assert {name: summary[f"bookings_{name}"] for name in BOOKING_FIELDS} == booking_figures(period_bookings(shared_loaded, office="beta"))
        assert "bookings" not in db["figures_by_office"].columns_dict
        assert not {"name", "phone", "person", "token", "code"} & set(db["bookings"].columns_dict)
    finally:
        db.close()

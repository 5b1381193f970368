"""A network whose offices keep different clocks: each office's days are its own."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from factories import small_network
from queue_server.domain.model import OfficeCode
from reporting.synthetic import History, Visit
from reporting.synthetic_store import insert
from web import bearer

LONDON = ZoneInfo("Europe/London")
KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def network():
    """The test network with office beta moved to London (two hours behind Kyiv in winter)."""
    found = small_network()
    beta = dataclasses.replace(found.offices[OfficeCode("beta")], timezone="Europe/London")
    return dataclasses.replace(found, offices={**found.offices, beta.code: beta})


def served(ticket: int, office: str, local: dt.datetime) -> Visit:
    issued = local.astimezone(dt.timezone.utc)
    called = issued + dt.timedelta(minutes=4)
    return Visit(ticket, office, "passport", f"{office}-1", f"{office}-person", "done", issued, called, called, called + dt.timedelta(minutes=6))


def test_the_network_s_day_is_each_office_s_day(app_ctx, client, tokens) -> None:
    visits = [
        served(1, "alpha", dt.datetime(2026, 2, 10, 23, 30, tzinfo=KYIV)),  # 21:30 UTC: in
        served(2, "alpha", dt.datetime(2026, 2, 11, 0, 30, tzinfo=KYIV)),  # 22:30 UTC on the 10th: out
        served(3, "beta", dt.datetime(2026, 2, 10, 23, 30, tzinfo=LONDON)),  # 23:30 UTC: in
        served(4, "beta", dt.datetime(2026, 2, 10, 0, 30, tzinfo=LONDON)),  # in
        served(5, "beta", dt.datetime(2026, 2, 9, 23, 30, tzinfo=LONDON)),  # 01:30 Kyiv time on the 10th, but out
    ]
    insert(app_ctx.engine, app_ctx.network, History(visits=visits))
    headers = bearer(tokens["manager"])
    summary = client.get("/api/v1/reports/summary?from=2026-02-10&to=2026-02-10", headers=headers).get_json()
    assert summary["served"] == 3
    offices = client.get("/api/v1/reports/figures?from=2026-02-10&to=2026-02-10&group=office", headers=headers).get_json()
    assert [(row["key"], row["served"]) for row in offices] == [("alpha", 1), ("beta", 2)]
    hours = client.get("/api/v1/reports/figures?from=2026-02-09&to=2026-02-11&group=hour", headers=headers).get_json()
    assert {row["key"]: row["served"] for row in hours} == {23: 3, 0: 2}  # local hours of each office

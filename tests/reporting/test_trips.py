"""The trips report: one row per trip of a mobile office, its tickets recomputed here from the rows inserted."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from factories import small_network
from queue_server.commands.accounts import staff_actor
from queue_server.domain.errors import AccessDenied, InvalidRequest
from queue_server.domain.model import LocalizedText, Network, OfficeCode, OfficeKind
from queue_server.domain.trips import Trip
from queue_server.reporting import queries as reports
from queue_server.reporting.period import period
from queue_server.reporting.queries import ReportQuery
from queue_server.store.accounts import UserRecord
from reporting.synthetic import History, Visit
from reporting.synthetic_store import insert

KYIV = ZoneInfo("Europe/Kyiv")
UTC = dt.timezone.utc
RAKHMANIVKA = LocalizedText("с. Рахманівка, біля сільради", "Rakhmanivka village, by the village council")
HLEIUVATKA = LocalizedText("с. Глеюватка, біля школи", "Hleiuvatka village, by the school")
TRIPS = (
    Trip(dt.date(2026, 10, 27), RAKHMANIVKA, dt.time(10), dt.time(14)),  # two days after the clocks went back (25 October): Kyiv at UTC+2 again
    Trip(dt.date(2026, 11, 10), HLEIUVATKA, dt.time(9), dt.time(12)),
    Trip(dt.date(2026, 11, 10), RAKHMANIVKA, dt.time(12, 30), dt.time(15)),
    Trip(dt.date(2026, 11, 12), HLEIUVATKA, dt.time(9), dt.time(12)),  # no ticket
    Trip(dt.date(2026, 12, 8), RAKHMANIVKA, dt.time(10), dt.time(14)),  # after the period
)
AUTUMN = period(dt.date(2026, 10, 1), dt.date(2026, 11, 30))
MANAGER = staff_actor(UserRecord(3, "head", "x", "manager", True, ()))


@pytest.fixture
def network() -> Network:
    """The test network with `beta` a van that made the trips above."""
    found = small_network()
    van = replace(found.offices[OfficeCode("beta")], kind=OfficeKind.MOBILE, trips=TRIPS)
    return replace(found, offices={**found.offices, van.code: van})


def visits(seed: int = 7) -> list[Visit]:
    """Tickets of both offices on the trips' dates (and the days around), from 07:00 to 18:00 Kyiv time, whole seconds."""
    rng = random.Random(seed)
    found: list[Visit] = []
    for day in (dt.date(2026, 10, 26), dt.date(2026, 10, 27), dt.date(2026, 11, 10), dt.date(2026, 11, 11)):
        for office in ("beta", "beta", "alpha"):
            for _ in range(25):
                local = dt.datetime.combine(day, dt.time(7), tzinfo=KYIV) + dt.timedelta(seconds=rng.randrange(11 * 3600))
                issued = local.astimezone(UTC)
                status = rng.choice(("done", "done", "done", "no_show", "cancelled"))
                visit = Visit(len(found) + 1, office, "passport", None, None, status, issued)
                if status != "cancelled":
                    visit.desk, visit.operator = f"{office}-1", "olena"
                    visit.called_at = issued + dt.timedelta(seconds=rng.randrange(40 * 60))
                if status == "done":
                    visit.started_at = visit.called_at
                    visit.finished_at = visit.called_at + dt.timedelta(minutes=rng.randrange(3, 15))  # type: ignore[operator]
                    if rng.random() < 0.6:
                        visit.score, visit.rated_at = rng.randint(1, 5), visit.finished_at
                found.append(visit)
    # on the very edges of the first trip of 10 November: 09:00:00 is in it, 12:00:00 is not
    for ticket, moment in ((10_001, dt.time(9)), (10_002, dt.time(12))):
        found.append(Visit(ticket, "beta", "passport", None, None, "cancelled", dt.datetime.combine(dt.date(2026, 11, 10), moment, tzinfo=KYIV).astimezone(UTC)))
    return found


def expected(trip: Trip, listed: list[Visit]) -> dict:
    """The trip's figures from the visits, by plain date and time arithmetic on the Kyiv wall clock."""
    mine = [
        v for v in listed if v.office == "beta" and (local := v.issued_at.astimezone(KYIV)).date() == trip.date and trip.start <= local.time() < trip.end
    ]
    waits = [(v.called_at - v.issued_at).total_seconds() / 60 for v in mine if v.status in ("done", "no_show") and v.called_at]
    scores = [v.score for v in mine if v.score is not None]
    return {
        "office": "beta",
        "date": trip.date.isoformat(),
        "stop": trip.stop.uk,
        "stop_en": trip.stop.en,
        "start": trip.start.strftime("%H:%M"),
        "end": trip.end.strftime("%H:%M"),
        "issued": len(mine),
        "served": sum(v.status == "done" for v in mine),
        "no_show": sum(v.status == "no_show" for v in mine),
        "wait_mean_minutes": round(sum(waits) / len(waits), 1) if waits else None,
        "wait_max_minutes": round(max(waits), 1) if waits else None,
        "ratings": len(scores),
        "average_rating": round(sum(scores) / len(scores), 2) if scores else None,
    }


def test_each_trip_counts_the_tickets_of_its_date_and_hours_and_nothing_else(ctx) -> None:
    listed = visits()
    insert(ctx.engine, ctx.network, History(visits=listed))
    rows = reports.trips(ctx, ReportQuery(office="beta", period=AUTUMN), actor=MANAGER)
    assert rows == [expected(trip, listed) for trip in TRIPS[:4]]
    assert rows[1]["issued"] > 5 and rows[1]["served"] and rows[1]["no_show"] and rows[1]["ratings"]
    assert rows[3]["issued"] == 0 and rows[3]["wait_mean_minutes"] is None and rows[3]["average_rating"] is None
    # the whole network: the vans' trips only (alpha has none), the same rows
    assert reports.trips(ctx, ReportQuery(office=None, period=AUTUMN), actor=MANAGER) == rows
    assert reports.trips(ctx, ReportQuery(office="alpha", period=AUTUMN), actor=MANAGER) == []
    november_10 = reports.trips(ctx, ReportQuery(office="beta", period=period(dt.date(2026, 11, 10), dt.date(2026, 11, 10))), actor=MANAGER)
    assert [row["start"] for row in november_10] == ["09:00", "12:30"]


def test_the_supervisor_of_the_van_reads_it_and_no_one_else_below_a_manager(ctx) -> None:
    query = ReportQuery(office="beta", period=AUTUMN)
    own = staff_actor(UserRecord(5, "bohdan", "x", "supervisor", True, ("beta",)))
    assert [row["date"] for row in reports.trips(ctx, query, actor=own)] == ["2026-10-27", "2026-11-10", "2026-11-10", "2026-11-12"]
    for actor in (staff_actor(UserRecord(6, "iryna", "x", "supervisor", True, ("alpha",))), staff_actor(UserRecord(1, "petro", "x", "operator", True, ("beta",)))):
        with pytest.raises(AccessDenied):
            reports.trips(ctx, query, actor=actor)
    with pytest.raises(AccessDenied):
        reports.trips(ctx, ReportQuery(office=None, period=AUTUMN), actor=own)  # the whole network: managers and admins
    with pytest.raises(InvalidRequest):
        reports.trips(ctx, ReportQuery(office="nowhere", period=AUTUMN), actor=MANAGER)

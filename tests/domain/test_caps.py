"""Daily caps and the cut-off decided as pure functions: any moment, any counts."""

from __future__ import annotations

import dataclasses
import datetime as dt

from factories import T0, small_network
from queue_server.domain import caps
from queue_server.domain.caps import Issued, LiveCap, SoldOut, StopIssuing
from queue_server.domain.hours import OpeningHours
from queue_server.domain.model import CapRules, OfficeCode, ServiceCaps, ServiceCode

ALPHA = small_network().offices[OfficeCode("alpha")]  # open 08:00-20:00 Kyiv; T0 is 10:00 there (08:00 UTC)
PASSPORT, SOCIAL = ServiceCode("passport"), ServiceCode("social")
CLOSES = dt.datetime(2026, 11, 24, 18, 0, tzinfo=dt.timezone.utc)  # 20:00 Kyiv


def test_the_daily_cap_refuses_the_ticket_past_it_and_names_the_service_and_office() -> None:
    limit = ServiceCaps(daily=3)
    assert caps.decide(ALPHA, PASSPORT, limit, Issued(2, 2), T0) is None
    refusal = caps.decide(ALPHA, PASSPORT, limit, Issued(3, 0), T0)
    assert isinstance(refusal, SoldOut) and refusal.code == "sold_out"
    assert refusal.details["service"] == "passport" and refusal.details["office"] == "alpha"
    assert refusal.details["limit"] == "daily" and refusal.details["cap"] == 3


def test_the_hourly_cap_counts_the_clock_hour_and_says_when_the_next_are_issued() -> None:
    limit = ServiceCaps(daily=100, hourly=5)
    assert caps.decide(ALPHA, PASSPORT, limit, Issued(40, 4), T0) is None
    refusal = caps.decide(ALPHA, PASSPORT, limit, Issued(40, 5), T0 + dt.timedelta(minutes=35))
    assert isinstance(refusal, SoldOut) and refusal.details["limit"] == "hourly"
    assert refusal.details["from"] == "2026-11-24T09:00:00Z"  # 11:00 Kyiv
    assert caps.hour_of(T0 + dt.timedelta(minutes=35), "Europe/Kyiv") == (T0, T0 + dt.timedelta(hours=1))


def test_the_cut_off_stops_issuing_before_closing_whatever_is_left() -> None:
    limit = ServiceCaps(daily=100, stop_issuing=dt.timedelta(minutes=30))
    assert caps.stop_time(limit, ALPHA, T0) == CLOSES - dt.timedelta(minutes=30)
    assert caps.decide(ALPHA, PASSPORT, limit, Issued(), CLOSES - dt.timedelta(minutes=31)) is None
    refusal = caps.decide(ALPHA, PASSPORT, limit, Issued(), CLOSES - dt.timedelta(minutes=30))
    assert isinstance(refusal, StopIssuing) and refusal.code == "stop_issuing"
    assert "19:30" in refusal.message  # the office's own clock
    assert caps.decide(ALPHA, PASSPORT, limit, Issued(), CLOSES) is None  # closed: the opening hours' rule, not the cut-off's


def test_an_exempt_priority_visitor_is_never_refused() -> None:
    limit = ServiceCaps(daily=1, hourly=1, stop_issuing=dt.timedelta(minutes=30))
    assert caps.decide(ALPHA, PASSPORT, limit, Issued(9, 9), CLOSES, exempt=True) is None


def test_a_visit_counts_against_the_cap_of_each_capped_step_and_is_refused_by_any() -> None:
    limits = {SOCIAL: ServiceCaps(daily=2)}
    counts = {PASSPORT: Issued(50, 5), SOCIAL: Issued(2, 1)}
    refusal = caps.decide_visit(ALPHA, [PASSPORT, SOCIAL], limits, counts, T0)
    assert isinstance(refusal, SoldOut) and refusal.details["service"] == "social"
    assert caps.decide_visit(ALPHA, [PASSPORT], limits, counts, T0) is None  # an uncapped service is never refused


def test_a_supervisors_change_replaces_the_counts_and_keeps_the_cut_off() -> None:
    configured = ServiceCaps(daily=60, hourly=10, stop_issuing=dt.timedelta(minutes=30))
    today = caps.effective(configured, LiveCap(daily=5, hourly=None))
    assert today == ServiceCaps(daily=5, hourly=None, stop_issuing=dt.timedelta(minutes=30))
    assert caps.effective(configured, None) == configured
    assert caps.left(today, Issued(3, 3)) == 2
    assert caps.left(ServiceCaps(daily=10, hourly=4), Issued(3, 3)) == 1
    assert caps.left(ServiceCaps(daily=2), Issued(5, 0)) == 0
    assert caps.left(ServiceCaps(stop_issuing=dt.timedelta(minutes=5)), Issued(5, 0)) is None


def test_an_office_change_wins_over_the_service_own_caps() -> None:
    rules = CapRules(
        services={PASSPORT: ServiceCaps(daily=60)},
        offices={OfficeCode("alpha"): {PASSPORT: ServiceCaps(daily=120)}},
    )
    assert rules.of(OfficeCode("alpha"), PASSPORT).daily == 120
    assert rules.of(OfficeCode("beta"), PASSPORT).daily == 60
    assert rules.of(OfficeCode("beta"), SOCIAL) == ServiceCaps()


def test_no_cut_off_on_a_day_without_hours() -> None:
    closed = dataclasses.replace(ALPHA, hours=OpeningHours({}))
    assert caps.stop_time(ServiceCaps(stop_issuing=dt.timedelta(minutes=30)), closed, T0) is None

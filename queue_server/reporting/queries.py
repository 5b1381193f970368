"""Reports over a period: who may read them, and the figures put together from the store's rows.

Reads only, in one read-only transaction each (`ctx.reading()`), so a
report of a year never holds the write lock the desks need. The figures are
defined in `figures.py`, the administrators' hours in
`desk_hours.py`; here the period becomes each office's UTC bounds,
the rows are fetched once, and every grouping asked for is made from them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa

from ..commands.access import require_record_reader
from ..commands.context import Actor, CommandContext
from ..domain.errors import InvalidRequest
from ..domain.model import Office
from ..domain.trips import in_period
from ..i18n import both
from ..store import air_raids as air_raid_store
from ..store.caps import turned_away_counts
from . import store as report_store
from . import turned_away as refusals
from .bookings import BOOKING_GROUPS, BookingFigures, booking_figures, bookings_by, local_bookings, without_alerts
from .desk_hours import administrators, desk_hours
from .figures import Figures, Report
from .labels import describe, sort_keys
from .pauses import NO_PAUSES, Pauses
from .period import Period
from .store import Scope
from .trips import trip_rows
from .visit_table import visit_table
from .visits import GROUPS, Visits, WallClock, epoch_ms, visits_from_rows

MAX_OPERATOR_NAME = 60


@dataclass(frozen=True)
class ReportQuery:
    """What a report covers: an office (None: the whole network), a period, and optional filters."""

    office: str | None
    period: Period
    service: str | None = None
    operator: str | None = None  # the administrator's user name, as tickets' `served_by` has it
    hour: int | None = None  # local hour of issue, 0–23
    weekday: int | None = None  # local weekday of issue, 1–7, Monday 1

    @property
    def stem(self) -> str:
        """A file name without its extension: `cherga-main-2026-01-01-2026-12-31`."""
        return f"cherga-{self.office or 'network'}-{self.period.first.isoformat()}-{self.period.last.isoformat()}"

    def header(self) -> dict[str, Any]:
        return {"office": self.office, "from": self.period.first.isoformat(), "to": self.period.last.isoformat()}

    def filters(self) -> dict[str, Any]:
        found = {"service": self.service, "operator": self.operator, "hour": self.hour, "weekday": self.weekday}
        return {name: value for name, value in found.items() if value is not None}


def check_query(ctx: CommandContext, query: ReportQuery) -> ReportQuery:
    """Every value known and in range, or a 400 that names it."""
    if query.office is not None and query.office not in ctx.network.offices:
        raise InvalidRequest(f"unknown office {query.office!r}", field="office")
    if query.service is not None and query.service not in ctx.network.services:
        raise InvalidRequest(f"unknown service {query.service!r}", field="service")
    if query.operator is not None and not 1 <= len(query.operator) <= MAX_OPERATOR_NAME:
        raise InvalidRequest(f"operator must have 1 to {MAX_OPERATOR_NAME} characters", field="operator")
    if query.hour is not None and not 0 <= query.hour <= 23:
        raise InvalidRequest(f"hour must be from 0 to 23, not {query.hour}", field="hour")
    if query.weekday is not None and not 1 <= query.weekday <= 7:
        raise InvalidRequest(f"weekday must be from 1 (Monday) to 7 (Sunday), not {query.weekday}", field="weekday")
    return query


def offices_of(ctx: CommandContext, query: ReportQuery) -> list[Office]:
    if query.office is not None:
        return [ctx.network.offices[query.office]]  # type: ignore[index]
    return list(ctx.network.offices.values())


def _scopes(period: Period, offices: Sequence[Office], *, every_office: bool = False) -> list[Scope]:
    """The offices grouped by time zone, each group with the period's UTC bounds in that zone.

    The whole network in one time zone is one scope of every office (None),
    which the store reads with a plain scan instead of the office index.
    """
    by_zone: dict[str, list[str]] = {}
    for office in offices:
        by_zone.setdefault(office.timezone, []).append(office.code)
    if every_office and len(by_zone) == 1:
        return [(None, *period.bounds(next(iter(by_zone))))]
    return [(codes, *period.bounds(zone)) for zone, codes in by_zone.items()]


def _query_scopes(ctx: CommandContext, query: ReportQuery) -> list[Scope]:
    return _scopes(query.period, offices_of(ctx, query), every_office=query.office is None)


def _targets_ms(ctx: CommandContext) -> dict[str, int]:
    return {code: int(service.target_wait.total_seconds() * 1000) for code, service in ctx.network.services.items()}


def _pauses(ctx: CommandContext, conn: sa.Connection, query: ReportQuery) -> Pauses:
    """The air-raid alerts of the query's offices that overlap its period (one still on lasting until now)."""
    scopes = _query_scopes(ctx, query)
    start, end = min(scope[1] for scope in scopes), max(scope[2] for scope in scopes)
    alerts = air_raid_store.overlapping(conn, None if query.office is None else [query.office], start, end)
    return Pauses.of(alerts, epoch_ms(ctx.clock())) if alerts else NO_PAUSES


def alert_hours(ctx: CommandContext, query: ReportQuery, pauses: Pauses) -> dict[str, float]:
    """Each office's hours in air-raid alerts within the period (its own days, up to now), for every office in view."""
    now = epoch_ms(ctx.clock())
    found: dict[str, float] = {}
    for office in offices_of(ctx, query):
        start, end = query.period.bounds(office.timezone)
        found[office.code] = pauses.hours(office.code, epoch_ms(start), min(epoch_ms(end), now))
    return found


def _visits(ctx: CommandContext, conn: sa.Connection, query: ReportQuery, pauses: Pauses | None = None) -> Visits:
    """The query's visits, each wait without the time its office spent in air-raid alerts."""
    offices = offices_of(ctx, query)
    rows = report_store.visit_rows(conn, _query_scopes(ctx, query), service=query.service, operator=query.operator)
    pauses = _pauses(ctx, conn, query) if pauses is None else pauses
    visits = visits_from_rows(rows, {office.code: office.timezone for office in offices}, pauses.within if pauses else None)
    return visits.only(hour=query.hour, weekday=query.weekday, service=query.service, operator=query.operator)


def trips(ctx: CommandContext, query: ReportQuery, *, actor: Actor) -> list[dict[str, Any]]:
    """One row per trip of the period of the office (or of every mobile office): its tickets' figures (`trips.py`)."""
    require_record_reader(actor, query.office)
    check_query(ctx, query)
    first, last = query.period.first, query.period.last
    listed = [(office, trip) for office in offices_of(ctx, query) for trip in in_period(office.trips, first, last)]
    if not listed:
        return []
    offices = list({office.code: office for office, _ in listed}.values())
    with ctx.reading() as conn:
        rows = report_store.visit_rows(conn, _scopes(query.period, offices))
        pauses = _pauses(ctx, conn, query)
    visits = visits_from_rows(rows, {office.code: office.timezone for office in offices}, pauses.within if pauses else None)
    return trip_rows(((office.code, trip) for office, trip in listed), visits)


def _bookings(ctx: CommandContext, conn: sa.Connection, query: ReportQuery, pauses: Pauses = NO_PAUSES) -> list[Any]:
    """The period's bookings (by booked time) with the office, service, hour and weekday filters;
    a booking has no administrator, so the `operator` filter does not narrow them."""
    offices = offices_of(ctx, query)
    rows = report_store.booking_rows(conn, _query_scopes(ctx, query), service=query.service)
    local = local_bookings(rows, {office.code: office.timezone for office in offices}, hour=query.hour, weekday=query.weekday)
    return without_alerts(local, pauses.within if pauses else None)


def turned_away(ctx: CommandContext, conn: sa.Connection, query: ReportQuery) -> refusals.Counts:
    """The visitors turned away in the period's office days, narrowed by office and service only."""
    counts = turned_away_counts(conn, [office.code for office in offices_of(ctx, query)], query.period.first, query.period.last)
    return {key: count for key, count in counts.items() if query.service is None or key[1] == query.service}


def report_and_pauses(ctx: CommandContext, query: ReportQuery) -> tuple[Report, Pauses]:
    with ctx.reading() as conn:
        pauses = _pauses(ctx, conn, query)
        visits = _visits(ctx, conn, query, pauses)
    return Report(visits, _targets_ms(ctx)), pauses


def _grouped(
    ctx: CommandContext,
    report: Report,
    group: str,
    bookings: Sequence[Any] = (),
    hours: Mapping[str, float] | None = None,
    turned: refusals.Counts | None = None,
) -> list[dict[str, Any]]:
    """Each key's figures; by office and by service each row also has its `bookings` and its
    `turned_away` (a key with bookings or turned away but no ticket is listed too, with its ticket
    counts 0), by package its figures `by_step`, by office its `alert_hours` (`hours`; an office
    with alert hours but no ticket is listed too)."""
    found = report.by(group)
    booked = bookings_by(bookings, group) if group in BOOKING_GROUPS else None
    away = refusals.by(group, turned) if turned is not None and group in refusals.TURNED_AWAY_GROUPS else None
    keys = set(found) | set(booked or ()) | set(away or ())
    if group == "office" and hours is not None:  # an office in an alert is listed, visitors or not
        keys |= {code for code, spent in hours.items() if spent}
    rows = []
    for key in sort_keys(group, keys, ctx.network):
        shown, label, label_en = describe(group, key, ctx.network, words=both)
        row = {"key": shown, "label": label, "label_en": label_en, **found.get(key, Figures()).as_dict()}
        if booked is not None:
            row["bookings"] = booked.get(key, BookingFigures()).as_dict()
        if away is not None:
            row["turned_away"] = away.get(str(key), 0)
        if group == "package":
            row["by_step"] = report.by_step(key)
        if group == "office" and hours is not None:
            row["alert_hours"] = hours.get(str(key), 0.0)
        rows.append(row)
    return rows


def summary(ctx: CommandContext, query: ReportQuery, *, actor: Actor) -> dict[str, Any]:
    """The period's figures as one set (see `figures.py` for each definition)."""
    require_record_reader(actor, query.office)
    check_query(ctx, query)
    with ctx.reading() as conn:
        pauses = _pauses(ctx, conn, query)
        visits = _visits(ctx, conn, query, pauses)
        bookings = _bookings(ctx, conn, query, pauses)
        turned = turned_away(ctx, conn, query)
    report = Report(visits, _targets_ms(ctx))
    return _summary(report, bookings, query, alert_hours(ctx, query, pauses), turned)


def _summary(
    report: Report, bookings: Sequence[Any], query: ReportQuery, hours: Mapping[str, float], turned: refusals.Counts
) -> dict[str, Any]:
    return {
        **report.total().as_dict(),
        "by_step": report.by_step(),
        "bookings": booking_figures(bookings).as_dict(),
        "alert_hours": round(sum(hours.values()), 2),
        "turned_away": refusals.total(turned),
        **query.header(),
        **query.filters(),
    }


def figures(ctx: CommandContext, query: ReportQuery, group: str, *, actor: Actor) -> list[dict[str, Any]]:
    """The period's figures of each office, service, administrator, day, hour, weekday, month or package."""
    require_record_reader(actor, query.office)
    check_query(ctx, query)
    if group not in GROUPS:
        raise InvalidRequest(f"group must be one of {', '.join(GROUPS)}, not {group!r}", field="group")
    with ctx.reading() as conn:
        pauses = _pauses(ctx, conn, query)
        visits = _visits(ctx, conn, query, pauses)
        bookings = _bookings(ctx, conn, query, pauses) if group in BOOKING_GROUPS else []
        turned = turned_away(ctx, conn, query) if group in refusals.TURNED_AWAY_GROUPS else None
    hours = alert_hours(ctx, query, pauses) if group == "office" else None
    return _grouped(ctx, Report(visits, _targets_ms(ctx)), group, bookings, hours, turned)


def _operators(ctx: CommandContext, conn: sa.Connection, query: ReportQuery, visits: Visits) -> list[dict[str, Any]]:
    offices = offices_of(ctx, query)
    now = epoch_ms(ctx.clock())
    clocks = {office.code: WallClock(office.timezone) for office in offices}
    bounds = {office.code: query.period.bounds(office.timezone) for office in offices}
    hours = desk_hours(
        report_store.desk_actions(conn, _query_scopes(ctx, query)),
        starts={code: epoch_ms(start) for code, (start, _) in bounds.items()},
        ends={code: min(epoch_ms(end), now) for code, (_, end) in bounds.items()},
        midnight_after=lambda office, at: clocks[office].next_midnight_ms(at),  # type: ignore[index]
    )
    rows = administrators(visits, hours, list(ctx.network.offices))
    return [row for row in rows if query.operator is None or row["operator"] == query.operator]


def operators(ctx: CommandContext, query: ReportQuery, *, actor: Actor) -> list[dict[str, Any]]:
    """Each administrator's served visits, serving and logged-in time, utilisation and breaks.

    Only the office, the period and the administrator narrow it: logged-in
    time has no service, so a service, hour or weekday filter would make the
    utilisation meaningless.
    """
    require_record_reader(actor, query.office)
    query = check_query(ctx, replace(query, service=None, hour=None, weekday=None))
    with ctx.reading() as conn:
        return _operators(ctx, conn, query, _visits(ctx, conn, query))


@dataclass
class ReportData:
    """Everything an export file holds: the summary, each grouping, the administrators; visits on request."""

    query: ReportQuery
    summary: dict[str, Any]
    groups: dict[str, list[dict[str, Any]]]
    operators: list[dict[str, Any]]
    visits: list[tuple[Any, ...]] = field(default_factory=list)  # columns `visit_table.VISIT_TABLE`
    ratings: list[tuple[Any, ...]] = field(default_factory=list)  # ticket, score, comment, rated_at, recommend, reasons, channel
    turned_away: list[tuple[str, str, str, int]] = field(default_factory=list)  # office, service, reason, count


def export_data(ctx: CommandContext, query: ReportQuery, *, actor: Actor, with_visits: bool = False) -> ReportData:
    """All the figures of the period in one read; `with_visits` adds a row per ticket and per rating."""
    require_record_reader(actor, query.office)
    check_query(ctx, query)
    unfiltered = replace(query, service=None, hour=None, weekday=None)
    with ctx.reading() as conn:
        pauses = _pauses(ctx, conn, query)
        visits = _visits(ctx, conn, query, pauses)
        bookings = _bookings(ctx, conn, query, pauses)
        turned = turned_away(ctx, conn, query)
        report = Report(visits, _targets_ms(ctx))
        hours = alert_hours(ctx, query, pauses)
        whole = visits if unfiltered == query else _visits(ctx, conn, unfiltered, pauses)
        people = _operators(ctx, conn, unfiltered, whole)
        rows: list[tuple[Any, ...]] = []
        rated: list[tuple[Any, ...]] = []
        if with_visits:
            scopes = _query_scopes(ctx, query)
            numbers = report_store.ticket_numbers(conn, scopes, service=query.service, operator=query.operator)
            rows = visit_table(report, numbers)
            kept = set(visits.ticket)
            rated = [
                (row.ticket_id, row.score, row.comment, row.rated_at.isoformat(), row.recommend, row.reasons, row.channel)
                for row in report_store.rating_rows(conn, scopes, service=query.service, operator=query.operator)
                if row.ticket_id in kept
            ]
    return ReportData(
        query=query,
        summary=_summary(report, bookings, query, hours, turned),
        groups={group: _grouped(ctx, report, group, bookings, hours, turned) for group in GROUPS},
        operators=people,
        visits=rows,
        ratings=rated,
        turned_away=refusals.table(turned),
    )

"""Reports over a period: the figures, by grouping, per administrator, the annual report, and files.

Read-only. A manager or an admin reads any office or the whole network; a
supervisor only their own office(s). Every parameter is checked before
anything is read: a date that is not a date, `from` after `to`, a period
longer than three years, an unknown office, service or grouping, an hour
outside 0–23 are each a 400 that names the parameter.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from flask import Blueprint, Response, jsonify

from ..commands.access import AUDIT_READER, OfficeFrom
from ..commands.context import Actor
from ..domain.errors import InvalidRequest
from ..reporting import complaint_rate
from ..reporting import queries as reports
from ..reporting.annual import annual_report
from ..reporting.deadline_report import deadline_report
from ..reporting.exports import csv_export, kpi_table, sqlite_export, xlsx_export
from ..reporting.kpi_report import annual_kpis, kpi_report
from ..reporting.period import period
from ..reporting.queries import ReportQuery
from ..reporting.survey_report import survey_report
from ..reporting.visits import GROUPS
from .actors import command_context
from .parameters import (
    AnnualQuery,
    DeadlinesQuery,
    ExportQuery,
    FiguresQuery,
    OperatorsQuery,
    ReportPeriod,
    SummaryQuery,
)
from .registry import operation

blueprint = Blueprint("reports_api", __name__)
TAG = "reports"
RESPONSES = {
    200: "OK",
    400: "A malformed or unknown parameter, `from` after `to`, a period too long, an unknown office or service",
    401: "No token",
    403: "Not a supervisor of the office, a manager or an admin",
}
# A token first (401), then the right to read the office asked for (403), then a known office (400):
# who may not read reports learns nothing from the query, not even whether the office named in it exists.
READER = AUDIT_READER.at(OfficeFrom.QUERY)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _known_office(office: str | None) -> None:
    """The office asked for is known: a 400, since the caller's right to it was checked first."""
    if office is not None and office not in command_context().network.offices:
        raise InvalidRequest(f"unknown office {office[:40]!r}", field="office")


def report_query(query: OperatorsQuery | SummaryQuery) -> ReportQuery:
    """The report's office, period and filters: the office known, the period one a report may cover."""
    _known_office(query.office)
    filters = query if isinstance(query, SummaryQuery) else None
    return ReportQuery(
        office=query.office,
        period=period(query.first, query.last),
        service=filters.service if filters else None,
        operator=query.operator,
        hour=filters.hour if filters else None,
        weekday=filters.weekday if filters else None,
    )


def _download(content: bytes | Iterator[bytes], filename: str, content_type: str) -> Response:
    """A file to save; `content_type` is sent as given (a `mimetype` would get a second charset for text/*)."""
    return Response(content, content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@operation(
    blueprint,
    "/reports/summary",
    "GET",
    summary="The period's figures: issued, served, no-shows, waits, service times, within target, ratings, complaints",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=SummaryQuery,
)
def summary(actor: Actor, query: SummaryQuery) -> Any:
    return jsonify(reports.summary(command_context(), report_query(query), actor=actor))


@operation(
    blueprint,
    "/reports/figures",
    "GET",
    summary="The period's figures of each office, service, administrator, day, hour, weekday or month",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=FiguresQuery,
)
def figures(actor: Actor, query: FiguresQuery) -> Any:
    return jsonify(reports.figures(command_context(), report_query(query), query.group, actor=actor))


@operation(
    blueprint,
    "/reports/deadlines",
    "GET",
    summary="The share of violated statutory deadlines over the period, by office and by service (docs/reports.md)",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=DeadlinesQuery,
)
def deadlines(actor: Actor, query: DeadlinesQuery) -> Any:
    _known_office(query.office)
    wanted = ReportQuery(office=query.office, period=period(query.first, query.last), service=query.service)
    return jsonify(deadline_report(command_context(), wanted, actor=actor))


@operation(
    blueprint,
    "/reports/operators",
    "GET",
    summary="Each administrator: served, serving and logged-in minutes, utilisation, breaks by reason",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=OperatorsQuery,
)
def operators(actor: Actor, query: OperatorsQuery) -> Any:
    return jsonify(reports.operators(command_context(), report_query(query), actor=actor))


@operation(
    blueprint,
    "/reports/export.csv",
    "GET",
    summary="The figures as CSV: the total, then every grouping's rows (or one grouping's)",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=ExportQuery,
    media="text/csv",
)
def export_csv(actor: Actor, query: ExportQuery) -> Any:
    wanted = report_query(query)
    data = reports.export_data(command_context(), wanted, actor=actor)
    content = csv_export.render(data, (query.group,) if query.group else GROUPS)
    return _download(content, f"{wanted.stem}.csv", "text/csv; charset=utf-8")


@operation(
    blueprint,
    "/reports/export.xlsx",
    "GET",
    summary="The figures as a workbook: a summary sheet, a sheet per grouping, the administrators",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=SummaryQuery,
    media=XLSX,
)
def export_xlsx(actor: Actor, query: SummaryQuery) -> Any:
    wanted = report_query(query)
    data = reports.export_data(command_context(), wanted, actor=actor)
    return _download(xlsx_export.render(data), f"{wanted.stem}.xlsx", XLSX)


@operation(
    blueprint,
    "/reports/export.sqlite",
    "GET",
    summary="The period as a SQLite database for Datasette: visits, ratings, figures per grouping, administrators",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=SummaryQuery,
    media="application/vnd.sqlite3",
)
def export_sqlite(actor: Actor, query: SummaryQuery) -> Any:
    wanted = report_query(query)
    data = reports.export_data(command_context(), wanted, actor=actor, with_visits=True)
    with tempfile.TemporaryDirectory(prefix="cherga-export-") as folder:
        path = sqlite_export.write(data, Path(folder) / f"{wanted.stem}.sqlite")
        size = path.stat().st_size
        handle = path.open("rb")
        os.unlink(path)  # the open handle keeps the file readable until the answer is sent
    response = _download(_chunks(handle), f"{wanted.stem}.sqlite", "application/vnd.sqlite3")
    response.headers["Content-Length"] = str(size)
    return response


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    """The file in pieces, closed when sent (or when the client goes away and the server closes the answer)."""
    with handle:
        while chunk := handle.read(1 << 16):
            yield chunk


@operation(
    blueprint,
    "/reports/annual",
    "GET",
    summary="The year in the shape of the city's annual public report (the printable page is made from it)",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=AnnualQuery,
)
def annual(actor: Actor, query: AnnualQuery) -> Any:
    _known_office(query.office)
    report = annual_report(command_context(), query.office, query.year, actor=actor)
    return jsonify({**report, "kpis": annual_kpis(command_context(), query.office, query.year, actor=actor)})


@operation(
    blueprint,
    "/reports/trips",
    "GET",
    summary="Each trip of a mobile office in the period: its stop and hours, the tickets issued there, served, no-shows, waits, ratings",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=ReportPeriod,
)
def trips(actor: Actor, query: ReportPeriod) -> Any:
    _known_office(query.office)
    return jsonify(reports.trips(command_context(), ReportQuery(office=query.office, period=period(query.first, query.last)), actor=actor))


@operation(
    blueprint,
    "/reports/complaints",
    "GET",
    summary="Complaints per 1,000 requests of each office in the period, counted from the register of complaints",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=ReportPeriod,
)
def complaints(actor: Actor, query: ReportPeriod) -> Any:
    _known_office(query.office)
    return jsonify(complaint_rate.rows(command_context(), query.office, period(query.first, query.last), actor=actor))


@operation(
    blueprint,
    "/reports/survey",
    "GET",
    summary="The survey over the period: satisfaction, the average, the loyalty index, the reasons, by office, desk and administrator",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=ReportPeriod,
)
def survey(actor: Actor, query: ReportPeriod) -> Any:
    _known_office(query.office)
    return jsonify(survey_report(command_context(), ReportQuery(office=query.office, period=period(query.first, query.last)), actor=actor))


@operation(
    blueprint,
    "/reports/kpis",
    "GET",
    summary="The programme's four indicators of the period, with their targets, the benchmark and whether each is met (docs/reports.md)",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=ReportPeriod,
)
def kpis(actor: Actor, query: ReportPeriod) -> Any:
    _known_office(query.office)
    return jsonify(kpi_report(command_context(), query.office, period(query.first, query.last), actor=actor))


def _kpi_stem(query: ReportPeriod) -> str:
    return f"cherga-kpis-{query.office or 'network'}-{query.first.isoformat()}-{query.last.isoformat()}"


@operation(
    blueprint,
    "/reports/kpis.csv",
    "GET",
    summary="The programme's four indicators as CSV: one row per scope (the total, then each office) and indicator",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=ReportPeriod,
    media="text/csv",
)
def kpis_csv(actor: Actor, query: ReportPeriod) -> Any:
    _known_office(query.office)
    report = kpi_report(command_context(), query.office, period(query.first, query.last), actor=actor)
    return _download(kpi_table.csv_file(report), f"{_kpi_stem(query)}.csv", "text/csv; charset=utf-8")


@operation(
    blueprint,
    "/reports/kpis.xlsx",
    "GET",
    summary="The programme's four indicators as a workbook: the rows of kpis.csv on one sheet",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    query=ReportPeriod,
    media=XLSX,
)
def kpis_xlsx(actor: Actor, query: ReportPeriod) -> Any:
    _known_office(query.office)
    report = kpi_report(command_context(), query.office, period(query.first, query.last), actor=actor)
    return _download(kpi_table.xlsx_file(report), f"{_kpi_stem(query)}.xlsx", XLSX)

"""Reports over a period: the figures, by grouping, per administrator, the annual report, and files.

Read-only. A manager or an admin reads any office or the whole network; a
supervisor only their own office(s). Every parameter is checked before
anything is read: a date that is not a date, `from` after `to`, a period
longer than three years, an unknown office, service or grouping, an hour
outside 0–23 are each a 400 that names the parameter.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from collections.abc import Iterator
from typing import Any, BinaryIO

from flask import Blueprint, Response, jsonify, request

from ..commands.access import AUDIT_READER, OfficeFrom
from ..commands.context import Actor
from ..domain.errors import InvalidRequest
from ..reporting import queries as reports
from ..reporting.exports import csv_export, sqlite_export, xlsx_export
from ..reporting.figures import MAX_DAYS, period
from ..reporting.queries import MAX_OPERATOR_NAME, ReportQuery
from ..reporting.visits import GROUPS
from .actors import command_context
from . import parameters
from .registry import ParameterLike, operation

blueprint = Blueprint("reports_api", __name__)
TAG = "reports"
DATE = parameters.REPORT_DAY  # the document's pattern: ASCII digits, years 2000 to 2100

OFFICE = parameters.code("office", "office code; without it, the whole network (managers and admins only)")
PERIOD = (
    parameters.day("from", "first day, YYYY-MM-DD, in the office's time zone", required=True, example="2026-01-01"),
    parameters.day("to", f"last day, YYYY-MM-DD, included (at most {MAX_DAYS} days from `from`, not before it)", required=True, example="2026-01-31"),
)
FILTERS = (
    parameters.code("service", "only tickets of this service (code)"),
    parameters.text("operator", "only tickets called by this administrator (user name)", MAX_OPERATOR_NAME),
    parameters.whole("hour", "only tickets issued in this local hour, 0 to 23", 0, 23),
    parameters.whole("weekday", "only tickets issued on this weekday, 1 (Monday) to 7 (Sunday)", 1, 7),
)
GROUP = parameters.choice("group", "the grouping of the rows", GROUPS, required=True)
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


def _check_names(accepted: tuple[ParameterLike, ...]) -> None:
    """The office asked for is known (a 400: the caller's right to it was checked first), and no unknown parameter is sent."""
    office = request.args.get("office")
    if office is not None and office not in command_context().network.offices:
        raise InvalidRequest(f"unknown office {office[:40]!r}", field="office")
    unknown = sorted(set(request.args) - {name for name, _, _ in accepted})
    if unknown:
        raise InvalidRequest(f"unknown parameter(s): {', '.join(unknown)}", parameters=unknown)


def _date(name: str) -> dt.date:
    raw = request.args.get(name)
    if raw is None:
        raise InvalidRequest(f"{name}: a date YYYY-MM-DD is required", field=name)
    try:
        if not DATE.fullmatch(raw):
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidRequest(f"{name}: expected a date YYYY-MM-DD from 2000 to 2100, not {raw[:40]!r}", field=name) from None


def _whole(name: str, minimum: int, maximum: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise InvalidRequest(f"{name}: expected a whole number from {minimum} to {maximum}, not {raw[:40]!r}", field=name)
    return int(raw)


def _text(name: str) -> str | None:
    raw = request.args.get(name)
    if raw is not None and not raw.strip():
        raise InvalidRequest(f"{name}: must not be empty", field=name)
    return raw


def report_query(accepted: tuple[ParameterLike, ...]) -> ReportQuery:
    """The request's office, period and filters, each checked."""
    _check_names(accepted)
    return ReportQuery(
        office=_text("office"),
        period=period(_date("from"), _date("to")),
        service=_text("service"),
        operator=_text("operator"),
        hour=_whole("hour", 0, 23),
        weekday=_whole("weekday", 1, 7),
    )


def _group(required: bool) -> str | None:
    group = request.args.get("group")
    if group is None and required:
        raise InvalidRequest(f"group: one of {', '.join(GROUPS)} is required", field="group")
    if group is not None and group not in GROUPS:
        raise InvalidRequest(f"group: expected one of {', '.join(GROUPS)}, not {group[:40]!r}", field="group")
    return group


def _download(content: bytes | Iterator[bytes], filename: str, content_type: str) -> Response:
    """A file to save; `content_type` is sent as given (a `mimetype` would get a second charset for text/*)."""
    return Response(content, content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


SUMMARY_PARAMETERS = (OFFICE, *PERIOD, *FILTERS)


@operation(
    blueprint,
    "/reports/summary",
    "GET",
    summary="The period's figures: issued, served, no-shows, waits, service times, within target, ratings, complaints",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    parameters=SUMMARY_PARAMETERS,
)
def summary(actor: Actor) -> Any:
    return jsonify(reports.summary(command_context(), report_query(SUMMARY_PARAMETERS), actor=actor))


FIGURES_PARAMETERS = (*SUMMARY_PARAMETERS, GROUP)


@operation(
    blueprint,
    "/reports/figures",
    "GET",
    summary="The period's figures of each office, service, administrator, day, hour, weekday or month",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    parameters=FIGURES_PARAMETERS,
)
def figures(actor: Actor) -> Any:
    query = report_query(FIGURES_PARAMETERS)
    group = _group(required=True)
    assert group is not None
    return jsonify(reports.figures(command_context(), query, group, actor=actor))


OPERATOR_PARAMETERS = (OFFICE, *PERIOD, FILTERS[1])


@operation(
    blueprint,
    "/reports/operators",
    "GET",
    summary="Each administrator: served, serving and logged-in minutes, utilisation, breaks by reason",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    parameters=OPERATOR_PARAMETERS,
)
def operators(actor: Actor) -> Any:
    return jsonify(reports.operators(command_context(), report_query(OPERATOR_PARAMETERS), actor=actor))


EXPORT_PARAMETERS = (*SUMMARY_PARAMETERS, parameters.choice("group", "CSV only: just this grouping", GROUPS))


@operation(
    blueprint,
    "/reports/export.csv",
    "GET",
    summary="The figures as CSV: the total, then every grouping's rows (or one grouping's)",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    parameters=EXPORT_PARAMETERS,
    media="text/csv",
)
def export_csv(actor: Actor) -> Any:
    query = report_query(EXPORT_PARAMETERS)
    group = _group(required=False)
    data = reports.export_data(command_context(), query, actor=actor)
    content = csv_export.render(data, (group,) if group else GROUPS)
    return _download(content, f"{query.stem}.csv", "text/csv; charset=utf-8")


@operation(
    blueprint,
    "/reports/export.xlsx",
    "GET",
    summary="The figures as a workbook: a summary sheet, a sheet per grouping, the administrators",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    parameters=SUMMARY_PARAMETERS,
    media=XLSX,
)
def export_xlsx(actor: Actor) -> Any:
    query = report_query(SUMMARY_PARAMETERS)
    data = reports.export_data(command_context(), query, actor=actor)
    return _download(xlsx_export.render(data), f"{query.stem}.xlsx", XLSX)


@operation(
    blueprint,
    "/reports/export.sqlite",
    "GET",
    summary="The period as a SQLite database for Datasette: visits, ratings, figures per grouping, administrators",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    parameters=SUMMARY_PARAMETERS,
    media="application/vnd.sqlite3",
)
def export_sqlite(actor: Actor) -> Any:
    query = report_query(SUMMARY_PARAMETERS)
    data = reports.export_data(command_context(), query, actor=actor, with_visits=True)
    with tempfile.TemporaryDirectory(prefix="cherga-export-") as folder:
        path = sqlite_export.write(data, Path(folder) / f"{query.stem}.sqlite")
        size = path.stat().st_size
        handle = path.open("rb")
        os.unlink(path)  # the open handle keeps the file readable until the answer is sent
    response = _download(_chunks(handle), f"{query.stem}.sqlite", "application/vnd.sqlite3")
    response.headers["Content-Length"] = str(size)
    return response


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    """The file in pieces, closed when sent (or when the client goes away and the server closes the answer)."""
    with handle:
        while chunk := handle.read(1 << 16):
            yield chunk


ANNUAL_PARAMETERS = (OFFICE, parameters.whole("year", "the calendar year", 2000, 2100, required=True, example=2026))


@operation(
    blueprint,
    "/reports/annual",
    "GET",
    summary="The year in the shape of the city's annual public report (the printable page is made from it)",
    tag=TAG,
    auth=READER,
    responses=RESPONSES,
    parameters=ANNUAL_PARAMETERS,
)
def annual(actor: Actor) -> Any:
    _check_names(ANNUAL_PARAMETERS)
    year = _whole("year", 2000, 2100)
    if year is None:
        raise InvalidRequest("year: a year such as 2026 is required", field="year")
    return jsonify(reports.annual(command_context(), _text("office"), year, actor=actor))

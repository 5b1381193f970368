"""The reports page `/reports` and the printable annual summary `/reports/annual`.

The reports page is only a view: its script reads the reports API with the
session cookie, and the API checks the role and the office again, so what
the page offers is a courtesy and never the protection. It is served with
the offices and services of the staff member's scope only: a supervisor is
never offered another office, nor the whole network.

The annual summary is rendered here, on the server, from the same command
the API's `/reports/annual` answers with: a page meant for paper needs no
script to show its figures, and prints the same whatever the browser.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import g, make_response, render_template, request

from ..api.actors import command_context
from ..commands.context import Actor, StaffRole
from ..domain.errors import AccessDenied, InvalidRequest
from ..domain.model import OfficeCode
from ..i18n import translate
from ..reporting.annual import annual_report
from ..reporting.kpi_report import annual_kpis
from . import blueprint
from .desk_console import session_staff

REPORT_ROLES = frozenset({StaffRole.SUPERVISOR, StaffRole.MANAGER, StaffRole.ADMIN})
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the API's bounds of an annual report


def _page(template: str, status: int = 200, **context: Any) -> Any:
    """The page, never cached: it holds the session's CSRF token and figures for this reader only."""
    response = make_response(render_template(template, **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


def report_offices(actor: Actor) -> list[Any]:
    """Every office for a manager or an admin; a supervisor's own office(s) only."""
    network = command_context().network
    codes = list(network.offices) if actor.network_wide else [OfficeCode(code) for code in actor.offices]
    return [network.offices[code] for code in codes if code in network.offices]


def _page_data(actor: Actor, offices: list[Any], office: str | None) -> dict[str, Any]:
    """What the page's script needs to draw the filters: the scope's offices and their services."""
    network = command_context().network
    offered = {code for item in offices for code in item.services}
    return {
        "network": actor.network_wide,
        "network_name": network.name.uk,
        "network_name_en": network.name.en,
        "office": office,
        "timezone": offices[0].timezone if offices else "Europe/Kyiv",
        "offices": [{"code": item.code, "name": item.name.uk, "name_en": item.name.en} for item in offices],
        "services": [
            {"code": service.code, "name": service.name.uk, "name_en": service.name.en}
            for service in network.services.values()
            if service.code in offered
        ],
    }


def _refusal(actor: Actor | None) -> Any:
    """No session: the login form; an operator: told the reports are for supervisors and managers."""
    if actor is None:
        return _page("reports.html", actor=None)
    return _page("reports.html", 403, actor=actor, refused_role=True)


@blueprint.get("/reports")
def reports_page() -> Any:
    actor = session_staff()
    g.lang = "uk"
    if actor is None or not actor.has_role(*REPORT_ROLES):
        return _refusal(actor)
    offices = report_offices(actor)
    if not offices:  # a supervisor of no office has nothing to read
        return _page("reports.html", 403, actor=actor, refused_role=True)
    codes = [item.code for item in offices]
    wanted = request.args.get("office") or None
    refused = wanted if wanted is not None and wanted not in codes else None  # named in a message, nothing of it is sent
    if wanted in codes:
        chosen = wanted
    else:
        chosen = None if actor.network_wide else codes[0]  # None: the whole network
    return _page("reports.html", actor=actor, data=_page_data(actor, offices, chosen), refused_office=refused)


# The annual summary


def _year(raw: str | None, default: int) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise InvalidRequest(f"year: expected a year from {FIRST_YEAR} to {LAST_YEAR}, not {raw[:20]!r}", field="year")
    return int(raw)


@blueprint.get("/reports/annual")
def annual_page() -> Any:
    actor = session_staff()
    lang = "en" if request.args.get("lang") == "en" else "uk"
    g.lang = lang
    if actor is None or not actor.has_role(*REPORT_ROLES):
        return _refusal(actor)
    offices = report_offices(actor)
    if not offices:
        return _page("reports.html", 403, actor=actor, refused_role=True)
    codes = [item.code for item in offices]
    office = request.args.get("office") or None
    if office is None and not actor.network_wide:
        office = codes[0]  # the whole network's year is for managers; a supervisor's is their office's
    now = command_context().clock().astimezone(ZoneInfo(offices[0].timezone))
    try:
        year = _year(request.args.get("year"), now.year)
        if office is not None and office not in command_context().network.offices:
            raise InvalidRequest(f"unknown office {office[:40]!r}", field="office")
        report = annual_report(command_context(), office, year, actor=actor)
        report["kpis"] = annual_kpis(command_context(), office, year, actor=actor)
    except AccessDenied:
        return _page("reports.html", 403, actor=actor, refused_annual=True)
    except InvalidRequest as error:
        return _page("reports.html", 400, actor=actor, bad_request=str(error))
    return _page(
        "annual_report.html",
        actor=actor,
        report=report,
        lang=lang,
        fmt=Formats(lang),
        generated=now,
        current_year=now.year,
        network_reader=actor.network_wide,
        network_name=command_context().network.name.en if lang == "en" else command_context().network.name.uk,
        offices=[{"code": item.code, "name": item.name.en if lang == "en" else item.name.uk} for item in offices],
    )


class Formats:
    """Numbers as the printed report shows them: Ukrainian separators by default, a dash for "nothing to measure"."""

    DASH = "—"

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.decimal = "," if lang == "uk" else "."
        self.thousands = "\u202f" if lang == "uk" else ","  # a narrow no-break space, as Ukrainian typography has it

    def _number(self, value: float, places: int) -> str:
        text = f"{value:,.{places}f}"
        return text.replace(",", "\x00").replace(".", self.decimal).replace("\x00", self.thousands)

    def count(self, value: int | None) -> str:
        return self.DASH if value is None else self._number(value, 0)

    def decimal_places(self, value: float | None, places: int = 2) -> str:
        return self.DASH if value is None else self._number(value, places)

    def minutes(self, value: float | None) -> str:
        if value is None:
            return self.DASH
        return f"{self._number(value, 1)}\u00a0{translate('reports.unit.minutes', self.lang)}"

    def percent(self, share: float | None) -> str:
        if share is None:
            return self.DASH
        return f"{self._number(share * 100, 1)}\u00a0%" if self.lang == "uk" else f"{self._number(share * 100, 1)}%"

    def rating(self, value: float | None) -> str:
        return self.DASH if value is None else self._number(value, 2)

    def label(self, item: dict[str, Any]) -> str:
        return str(item.get("label_en") if self.lang == "en" and item.get("label_en") else item.get("label", ""))

    def date(self, day: dt.date | dt.datetime) -> str:
        return day.strftime("%d.%m.%Y") if self.lang == "uk" else day.strftime("%d %b %Y")

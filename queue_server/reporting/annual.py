"""The year in the shape of the city's annual public report: months, offices, the most asked services.

The printable page (`/reports/annual`) and the API's answer are both made
from this; the figures are the period reports' own (`queries.py`), over the
calendar year of the offices' zones.
"""

from __future__ import annotations

from typing import Any

from ..commands.access import require_record_reader
from ..commands.context import Actor, CommandContext
from ..domain.errors import InvalidRequest
from ..i18n import both
from . import turned_away as refusals
from .arithmetic import share
from .figures import Figures
from .labels import describe
from .period import year_period
from .queries import ReportQuery, alert_hours, check_query, offices_of, report_and_pauses, turned_away

TOP_SERVICES = 10


def annual_report(ctx: CommandContext, office: str | None, year: int, *, actor: Actor) -> dict[str, Any]:
    """The year in the shape of the city's annual public report (the printable page is made from it)."""
    require_record_reader(actor, office)
    if not 2000 <= year <= 2100:
        raise InvalidRequest(f"year must be from 2000 to 2100, not {year}", field="year")
    query = check_query(ctx, ReportQuery(office, year_period(year)))
    report, pauses = report_and_pauses(ctx, query)
    hours = alert_hours(ctx, query, pauses)
    with ctx.reading() as conn:
        turned_by_office = refusals.by("office", turned_away(ctx, conn, query))
    total = report.total()
    months = report.by("month")
    month_keys = [year * 100 + month for month in range(1, 13)]
    offices_shown = offices_of(ctx, query)
    by_office = report.by("office")
    office_months = report.served_by(list(zip(report.visits.office, report.visits.keys("month"))))
    by_service = report.by("service")
    top = sorted(by_service, key=lambda code: (-by_service[code].served, str(code)))[:TOP_SERVICES]
    empty = Figures()
    network = ctx.network
    return {
        "year": year,
        **query.header(),
        "title": (network.offices[office].name.uk if office else network.name.uk),  # type: ignore[index]
        "title_en": (network.offices[office].name.en if office else network.name.en),  # type: ignore[index]
        "totals": total.as_dict(),
        "months": [
            dict(zip(("month", "label", "label_en"), describe("month", key, network, words=both))) | months.get(key, empty).as_dict()
            for key in month_keys
        ],
        "offices": [
            {
                "office": shown.code,
                "label": shown.name.uk,
                "label_en": shown.name.en,
                "issued": by_office.get(shown.code, empty).issued,
                "served": by_office.get(shown.code, empty).served,
                "served_by_month": [office_months[(shown.code, key)] for key in month_keys],
                "wait_p50_minutes": by_office.get(shown.code, empty).wait_p50_minutes,
                "within_target_share": by_office.get(shown.code, empty).within_target_share,
                "average_rating": by_office.get(shown.code, empty).average_rating,
                "satisfaction_share": by_office.get(shown.code, empty).satisfaction_share,
                "complaints_per_1000": by_office.get(shown.code, empty).complaints_per_1000,
                "alert_hours": hours.get(shown.code, 0.0),
                "turned_away": turned_by_office.get(shown.code, 0),
            }
            for shown in offices_shown
        ],
        "top_services": [
            {
                "service": code,
                "label": describe("service", code, network, words=both)[1],
                "label_en": describe("service", code, network, words=both)[2],
                "served": by_service[code].served,
                "share_of_served": share(by_service[code].served, total.served),
                "wait_p50_minutes": by_service[code].wait_p50_minutes,
            }
            for code in top
        ],
        "wait": {
            "p50_minutes": total.wait_p50_minutes,
            "p90_minutes": total.wait_p90_minutes,
            "max_minutes": total.wait_max_minutes,
            "within_target_share": total.within_target_share,
        },
        "satisfaction": {
            "ratings": total.ratings,
            "average_rating": total.average_rating,
            "satisfaction_share": total.satisfaction_share,
        },
        "complaints": {"count": total.complaints, "per_1000": total.complaints_per_1000},
        "alert_hours": round(sum(hours.values()), 2),
    }

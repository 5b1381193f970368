"""The programme's four indicators over a period, for the network (or one office) and by office.

Each figure is made by the code of the report that defines it (the
deadlines report, the complaints report, the summary's figures by office,
the operators report of each office) and handed to `kpis.py`, which sets
it beside the programme's target and benchmark from the network's
configuration. The period's visits are read once and each office's taken
out of them: forty reads of a month of the network (one per office and
one for the network) took several times as long as the summary.
"""

from __future__ import annotations

from typing import Any

from ..commands.access import require_record_reader
from ..commands.context import Actor, CommandContext
from ..domain.programme import Indicator
from ..i18n import both
from . import complaint_rate, kpis
from . import queries as reports
from .deadline_report import deadline_report
from .deadlines import Share
from .figures import Figures, Report
from .period import Period, year_period
from .queries import ReportQuery, check_query
from .visits import Visits, visits_from_rows


def visits_by_office(visits: Visits) -> dict[str, Visits]:
    """Each office's visits (and their steps), as `queries` would read them for that office alone.

    One pass over the rows: taking each office out of the whole with a mask
    would walk every column once per office.
    """
    rows: dict[str, list[int]] = {}
    for index, code in enumerate(visits.office):
        rows.setdefault(code, []).append(index)
    step_rows: dict[str, list[int]] = {}
    for index, code in enumerate(visits.steps.office):
        step_rows.setdefault(code, []).append(index)
    names = [name for name in visits.__dataclass_fields__ if name != "steps" and (name != "paused_ms" or visits.paused_ms)]
    found = {}
    for code, kept in rows.items():
        columns: dict[str, Any] = {name: [getattr(visits, name)[index] for index in kept] for name in names}
        wanted = set(step_rows.get(code, ()))
        found[code] = Visits(**columns, steps=visits.steps.only([index in wanted for index in range(len(visits.steps))]))
    return found


def _share(found: dict[str, Any]) -> Share:
    return Share(found["counted"], found["violated"], found["pending"])


def kpi_report(ctx: CommandContext, office: str | None, period: Period, *, actor: Actor) -> dict[str, Any]:
    """The four of the office (or the network) as `total`, and of each office in view as `by_office`."""
    require_record_reader(actor, office)
    query = check_query(ctx, ReportQuery(office, period))
    network = ctx.network
    codes = [office] if office is not None else list(network.offices)  # in the configuration's order, as the dashboard lists them
    deadline = deadline_report(ctx, query, actor=actor)
    deadline_by = {row["office"]: _share(row) for row in deadline["by_office"]}
    complaint_rows = {row["office"]: row for row in complaint_rate.rows(ctx, office, period, actor=actor)}
    with ctx.reading() as conn:  # as reports.summary and reports.operators read them, once for every office
        visits = reports._visits(ctx, conn, query)
        split = visits_by_office(visits)
        empty = visits_from_rows([], {})  # an office without a visit in the period
        load_by = {code: reports._operators(ctx, conn, ReportQuery(code, period), split.get(code, empty)) for code in codes}
        network_load = reports._operators(ctx, conn, query, visits) if office is None else load_by[codes[0]]
    report = Report(visits, reports._targets_ms(ctx))
    figures_by = report.by("office")

    def readings(code: str | None) -> dict[Indicator, kpis.Reading]:
        if code is None:
            received = sum(row["complaints"] for row in complaint_rows.values())
            issued = sum(row["issued"] for row in complaint_rows.values())
            return {
                Indicator.DEADLINES: kpis.deadlines(_share(deadline)),
                Indicator.COMPLAINTS: kpis.complaints(received, issued, complaint_rate.per_thousand(received, issued)),
                Indicator.SATISFACTION: kpis.satisfaction(report.total()),
                Indicator.LOAD: kpis.load(network_load),
            }
        row = complaint_rows[code]
        return {
            Indicator.DEADLINES: kpis.deadlines(deadline_by.get(code, Share(0, 0, 0))),
            Indicator.COMPLAINTS: kpis.complaints(row["complaints"], row["issued"], row["complaints_per_1000"]),
            Indicator.SATISFACTION: kpis.satisfaction(figures_by.get(code, Figures())),
            Indicator.LOAD: kpis.load(load_by[code]),
        }

    programme = network.programme
    name = programme.benchmark_name
    by_office: list[dict[str, Any]] = [
        {
            "office": code,
            "label": network.offices[code].name.uk,  # type: ignore[index]
            "label_en": network.offices[code].name.en,  # type: ignore[index]
            "indicators": kpis.indicators(readings(code), programme),
        }
        for code in codes
    ]
    if office is None:
        label, label_en = both("reports.total.network")
        total: dict[str, Any] = {"office": None, "label": label, "label_en": label_en, "indicators": kpis.indicators(readings(None), programme)}
    else:
        total = {**by_office[0], "office": office}
    return {
        **query.header(),
        "today": deadline["today"],
        "benchmark": None if name is None else {"name": name.uk, "name_en": name.en},
        "total": total,
        "by_office": by_office,
    }


def annual_kpis(ctx: CommandContext, office: str | None, year: int, *, actor: Actor) -> dict[str, Any]:
    """The four over the calendar year, for the annual summary (after `annual.annual_report` has checked the year)."""
    return kpi_report(ctx, office, year_period(year), actor=actor)

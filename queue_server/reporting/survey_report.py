"""The survey's report: satisfaction, the average, the loyalty index and the reasons, by office, desk and administrator.

docs/reports.md («The survey») defines each figure; `survey_figures.py`
computes them. The answers counted are those given in the period (their
`rated_at` in the office's local days), from the ticket's page and the
desk's QR code alike; a rating given before the questionnaire had its
0–10 question counts in satisfaction and the average, not in the index.
"""

from __future__ import annotations

from typing import Any

from ..commands.access import require_record_reader
from ..commands.context import Actor, CommandContext
from ..store import ratings as store
from .queries import ReportQuery, check_query
from .survey_figures import SurveyRow, figures, grouped


def _rows(ctx: CommandContext, query: ReportQuery) -> list[SurveyRow]:
    offices = [ctx.network.offices[query.office]] if query.office else sorted(ctx.network.offices.values(), key=lambda item: item.code)  # type: ignore[index]
    found: list[SurveyRow] = []
    with ctx.reading() as conn:
        for office in offices:
            since, until = query.period.bounds(office.timezone)
            for row in store.answers_between(conn, office.code, since, until):
                reasons = tuple(row.reasons.split()) if row.reasons else ()
                found.append(SurveyRow(row.office, row.desk, row.served_by, row.score, row.recommend, reasons, row.channel))
    return found


def survey_report(ctx: CommandContext, query: ReportQuery, *, actor: Actor) -> dict[str, Any]:
    """The period's figures over every answer, then by office, by desk and by administrator."""
    require_record_reader(actor, query.office)
    check_query(ctx, query)
    rows = _rows(ctx, query)
    desk_office = {row.desk: row.office for row in rows}
    return {
        **query.header(),
        **figures(rows),
        "by_office": [{"office": key, **found} for key, found in grouped(rows, lambda row: row.office)],
        "by_desk": [{"desk": key, "office": desk_office[key], **found} for key, found in grouped(rows, lambda row: row.desk) if key is not None],
        "by_administrator": [{"administrator": key, **found} for key, found in grouped(rows, lambda row: row.served_by)],
    }

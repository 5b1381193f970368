"""The report of violated deadlines: the requests read in one read-only transaction, the figure made by deadlines.py.

docs/reports.md defines the figure. The office, the service and the period
narrow it; a service without a term is refused, since it has no deadline
to violate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from typing import Any

from ..commands.access import require_record_reader
from ..commands.context import Actor, CommandContext
from ..domain import numbering
from ..domain.errors import InvalidRequest
from ..domain.model import StatutoryTerm
from ..store import outcomes as store
from . import deadlines
from .queries import ReportQuery, check_query


def deadline_report(ctx: CommandContext, query: ReportQuery, *, actor: Actor) -> dict[str, Any]:
    """The share of violated deadlines over the period, and by office and by service."""
    require_record_reader(actor, query.office)
    check_query(ctx, query)
    terms: dict[str, StatutoryTerm] = {str(code): service.term for code, service in ctx.network.services.items() if service.term is not None}
    if query.service is not None:
        if query.service not in terms:
            raise InvalidRequest(f"service {query.service!r} has no statutory term", field="service")
        terms = {query.service: terms[query.service]}
    offices = [ctx.network.offices[query.office]] if query.office else list(ctx.network.offices.values())  # type: ignore[index]
    holidays: dict[str, Container[dt.date]] = {str(office.code): office.hours.holidays for office in offices}
    today = numbering.office_day(ctx.clock(), offices[0].timezone)  # the network's offices share one zone
    with ctx.reading() as conn:
        requests = store.requests(conn, [office.code for office in offices], query.period.first, query.period.last, terms)
    return {
        **query.header(),
        "service": query.service,
        "today": today.isoformat(),
        **deadlines.share(requests, terms, today, holidays).as_dict(),
        "by_office": [{"office": key, **found.as_dict()} for key, found in deadlines.by("office", requests, terms, today, holidays).items()],
        "by_service": [{"service": key, "term_days": terms[key].days, "working_days": terms[key].working, **found.as_dict()}
                       for key, found in deadlines.by("service", requests, terms, today, holidays).items()],
    }  # fmt: skip

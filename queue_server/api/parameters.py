"""Query strings, declared once as protocol messages: the registry reads them, the OpenAPI document lists them.

Each operation that takes a query names one of these types; the registry
reads `request.args` with `from_query` (texts turned into whole numbers,
days and times, then the same limits a JSON body gets: a 400 that names the
parameter, an unknown parameter refused) and hands the handler the typed
value as `query`. The document's parameters are generated from the same
fields, so a client generated from the document sends what the server takes.
Rules one schema cannot say (`from` not after `to`, a known service, a desk
of the board's office) stay the handler's, still a 400 that names the
parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from protocol.fields import Message, limits
from protocol.limits import CODE_LENGTH, DESK_ID_LENGTH

from ..reads.audit import DEFAULT_ENTRIES, MAX_ENTRIES
from ..reporting.period import MAX_DAYS
from ..reporting.queries import MAX_OPERATOR_NAME
from ..reporting.visits import GROUPS
from .bodies import MAX_ID, Language

# A day YYYY-MM-DD of the years a report covers (the calendar's own edges, year 1 or 9999, leave it in UTC)
REPORT_DAY = re.compile(r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
REPORT_DAY_SHAPE = "a date YYYY-MM-DD from 2000 to 2100"
TICKET_NUMBER = re.compile(r"^[А-ЩЬЮЯҐЄІЇ]{0,2}[0-9]{1,3}$")  # ASCII digits, nothing after
A_TIME = "2026-11-24T08:00:00Z"
ReportGrouping = StrEnum("ReportGrouping", {group.upper(): group for group in GROUPS})  # type: ignore[misc]


class AlertMoment(StrEnum):
    """What a board says of an air-raid alert: that it began, or that it ended."""

    START = "start"
    END = "end"


def code(doc: str) -> str | None:
    """An office, service or desk-profile code, optional: an unknown one is a 400 (or 404) that names it."""
    return limits(None, min_length=1, max_length=CODE_LENGTH, doc=doc)  # type: ignore[no-any-return]


@dataclass(frozen=True, kw_only=True)
class NoParameters(Message):
    """An operation that takes no query at all: any parameter is refused (a typo must not pass unnoticed)."""


@dataclass(frozen=True, kw_only=True)
class AuditQuery(Message):
    since: dt.datetime | None = limits(None, example=A_TIME, doc="entries at or after this time (ISO 8601, e.g. 2026-11-24T08:00:00Z; UTC if no offset)")
    until: dt.datetime | None = limits(None, example=A_TIME, doc="entries before this time (ISO 8601; later than `since`)")
    actor: str | None = limits(None, min_length=1, max_length=80, doc="only this actor, e.g. user:olena or device:3")
    action: str | None = limits(None, min_length=1, max_length=40, doc="only this action, e.g. call_next or login_failed")
    before: int | None = limits(None, minimum=1, maximum=MAX_ID, doc="entries older than this id: the next page after the last entry seen")
    limit: int = limits(DEFAULT_ENTRIES, minimum=1, maximum=MAX_ENTRIES, doc=f"at most this many entries (default {DEFAULT_ENTRIES})")


@dataclass(frozen=True, kw_only=True)
class OfficeFilter(Message):
    office: str | None = code("only this office (a supervisor sees only their own offices anyway)")


@dataclass(frozen=True, kw_only=True)
class DevicesQuery(Message):
    office: str | None = code("only this office's devices")


@dataclass(frozen=True, kw_only=True)
class Announcement(Message):
    number: str = limits(pattern=TICKET_NUMBER.pattern, shape="a ticket number such as А015", example="А015", doc="the ticket number, e.g. А015")
    desk: str = limits(min_length=1, max_length=DESK_ID_LENGTH, example="main-1", doc="the desk id, e.g. main-3, of the board's office")


@dataclass(frozen=True, kw_only=True)
class AlertAnnouncement(Message):
    state: AlertMoment = limits(doc="start: the alert began (go to the shelter); end: it is over (service resumes)")


def _day(wire: str, example: str, doc: str) -> dt.date:
    """A day of a report's period; `from` is a word of Python, so the fields are `first` and `last` on the wire's `from` and `to`."""
    return limits(pattern=REPORT_DAY.pattern, shape=REPORT_DAY_SHAPE, example=example, wire=wire, doc=doc)  # type: ignore[no-any-return]


@dataclass(frozen=True, kw_only=True)
class ReportPeriod(Message):
    """An office (or the whole network) and a period of days."""

    office: str | None = code("office code; without it, the whole network (managers and admins only)")
    first: dt.date = _day("from", "2026-01-01", "first day, YYYY-MM-DD, in the office's time zone")
    last: dt.date = _day("to", "2026-01-31", f"last day, YYYY-MM-DD, included (at most {MAX_DAYS} days from `from`, not before it)")


@dataclass(frozen=True, kw_only=True)
class OperatorsQuery(ReportPeriod):
    operator: str | None = limits(None, min_length=1, max_length=MAX_OPERATOR_NAME, not_blank=True, doc="only tickets called by this administrator (user name)")


@dataclass(frozen=True, kw_only=True)
class SummaryQuery(ReportPeriod):
    service: str | None = code("only tickets of this service (code)")
    operator: str | None = limits(None, min_length=1, max_length=MAX_OPERATOR_NAME, not_blank=True, doc="only tickets called by this administrator (user name)")
    hour: int | None = limits(None, minimum=0, maximum=23, doc="only tickets issued in this local hour, 0 to 23")
    weekday: int | None = limits(None, minimum=1, maximum=7, doc="only tickets issued on this weekday, 1 (Monday) to 7 (Sunday)")


@dataclass(frozen=True, kw_only=True)
class DeadlinesQuery(ReportPeriod):
    service: str | None = code("only requests of this service (code; it must have a statutory term)")


@dataclass(frozen=True, kw_only=True)
class FiguresQuery(SummaryQuery):
    group: ReportGrouping = limits(doc="the grouping of the rows")


@dataclass(frozen=True, kw_only=True)
class ExportQuery(SummaryQuery):
    group: ReportGrouping | None = limits(None, doc="CSV only: just this grouping")


@dataclass(frozen=True, kw_only=True)
class AnnualQuery(Message):
    office: str | None = code("office code; without it, the whole network (managers and admins only)")
    year: int = limits(minimum=2000, maximum=2100, example=2026, doc="the calendar year")


@dataclass(frozen=True, kw_only=True)
class WaitsQuery(Message):
    lang: Language = limits(Language.UK, doc="the language of the names and addresses: uk (the default) or en")


@dataclass(frozen=True, kw_only=True)
class BookingDay(Message):
    date: dt.date = limits(pattern=REPORT_DAY.pattern, shape=REPORT_DAY_SHAPE, example="2026-11-25", doc="the office's local day, YYYY-MM-DD")


class ComplaintStatus(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, kw_only=True)
class ComplaintsQuery(Message):
    status: ComplaintStatus | None = limits(None, doc="only complaints of this status")
    overdue: str | None = limits(None, pattern=r"^(true|false)$", shape="true or false", doc="true: only overdue ones; false: only the others")

"""Complaints: their channels, life cycle, due date and the overdue rule (docs/complaints.md).

Pure: the register's rows are stored by `store/complaints.py` and changed by
`commands/complaints.py`; what may follow what, and when a complaint is
late, is decided here once so the commands, the lists and the tests agree.
The law on citizens' appeals gives an office 30 days to answer; the term is
`[rules] complaint_answer_days` of network.toml (`QueueRules.complaint_days`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from .errors import InvalidRequest, InvalidTransition

TEXT_MAX = 2000
ANSWER_MAX = 4000


class Channel(StrEnum):
    """How the complaint reached the office."""

    SURVEY = "survey"  # the desk's survey (filed by the survey's command)
    TICKET_PAGE = "ticket_page"  # the visitor's own ticket page, by its token
    HOTLINE = "hotline"  # a call, entered by staff
    WRITTEN = "written"  # a letter or a form, entered by staff


class Status(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"  # someone has been assigned to answer
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


# Closed: nothing more happens to it, and it is never overdue.
CLOSED = frozenset({Status.ANSWERED, Status.WITHDRAWN})

# What each action may start from. Assigning again (another staff member) is allowed while it is open;
# an answer may be recorded straight from `received` (the supervisor answers it themselves).
_FROM: dict[str, frozenset[Status]] = {
    "assign": frozenset({Status.RECEIVED, Status.IN_PROGRESS}),
    "answer": frozenset({Status.RECEIVED, Status.IN_PROGRESS}),
    "withdraw": frozenset({Status.RECEIVED, Status.IN_PROGRESS}),
}
_TO = {"assign": Status.IN_PROGRESS, "answer": Status.ANSWERED, "withdraw": Status.WITHDRAWN}


@dataclass(frozen=True)
class ComplaintRecord:
    """One complaint of the register, as stored (docs/complaints.md has each field)."""

    id: int
    office: str
    channel: Channel
    desk: str | None
    ticket_id: int | None
    text: str
    received_at: dt.datetime
    due: dt.date
    status: Status
    entered_by: str | None
    assignee: str | None
    answer: str | None
    answered_at: dt.datetime | None
    closed_by: str | None


def next_status(status: Status, action: str) -> Status:
    """The status after `action` (assign, answer, withdraw), or InvalidTransition (HTTP 409) saying why not."""
    if status not in _FROM[action]:
        raise InvalidTransition(f"a complaint that is {status.value} cannot be given the action {action!r}", status=status.value)
    return _TO[action]


def clean_text(text: str, *, field: str = "text", most: int = TEXT_MAX) -> str:
    """The text without surrounding blanks, 1 to `most` characters; InvalidRequest otherwise."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidRequest(f"{field} must not be empty", field=field)
    if len(cleaned) > most:
        raise InvalidRequest(f"{field} has at most {most} characters", field=field)
    return cleaned


def due_date(received_at: dt.datetime, timezone: str, days: int) -> dt.date:
    """The last day of the term: the office's local date of receipt plus `days`."""
    return received_at.astimezone(ZoneInfo(timezone)).date() + dt.timedelta(days=days)


def is_overdue(status: Status, due: dt.date, now: dt.datetime, timezone: str) -> bool:
    """Not answered or withdrawn by the end of its due date, on the office's clock."""
    return status not in CLOSED and now.astimezone(ZoneInfo(timezone)).date() > due


def overdue_since(now: dt.datetime, timezone: str) -> dt.date:
    """The due dates that are overdue at `now` are those before this day (the office's today)."""
    return now.astimezone(ZoneInfo(timezone)).date()

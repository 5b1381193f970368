"""Complaints as the API shows them: the staff's full row, and what the visitor is told after filing one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.complaints import Channel, ComplaintRecord, Status
from ..domain.views import JSON, render
from .fields import meta


@dataclass(frozen=True)
class ComplaintView:
    """One complaint of the register; times UTC, the due date the office's."""

    id: int
    office: str
    channel: Channel
    desk: str | None = field(metadata=meta("the desk it is about; null: not known"))
    ticket_id: int | None = field(metadata=meta("the visit (ticket) it is about; null: not known"))
    text: str
    received_at: dt.datetime
    due: dt.date = field(metadata=meta("the last day of the term to answer, on the office's calendar"))
    status: Status
    overdue: bool = field(metadata=meta("neither answered nor withdrawn by the end of its due date"))
    entered_by: str | None = field(metadata=meta("the staff member (user:NAME) who entered it; null: filed by the visitor"))
    assignee: str | None = field(metadata=meta("the user name of who answers it"))
    answer: str | None
    answered_at: dt.datetime | None
    closed_by: str | None = field(metadata=meta("who recorded the answer or the withdrawal (user:NAME)"))

    @classmethod
    def of(cls, record: ComplaintRecord, overdue: bool) -> ComplaintView:
        return cls(
            record.id, record.office, record.channel, record.desk, record.ticket_id, record.text, record.received_at,
            record.due, record.status, overdue, record.entered_by, record.assignee, record.answer, record.answered_at,
            record.closed_by,
        )  # fmt: skip


@dataclass(frozen=True)
class FiledComplaintView:
    """What the visitor is told: the complaint's number, that it was received, and by when it is answered."""

    id: int
    status: Status
    received_at: dt.datetime
    due: dt.date = field(metadata=meta("the office answers by the end of this day"))

    @classmethod
    def of(cls, record: ComplaintRecord) -> FiledComplaintView:
        return cls(record.id, record.status, record.received_at, record.due)


def complaint_json(view: ComplaintView | FiledComplaintView) -> JSON:
    return render(view)

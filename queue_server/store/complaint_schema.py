"""The register of complaints (docs/complaints.md), part of `schema.metadata` (version 16)."""

from __future__ import annotations

import sqlalchemy as sa

from .schema import metadata
from .types import UTCDateTime

# One complaint: its office (and desk and ticket when known), how it came, its text, when it came and the
# last day of its term (the office's date), its status, who answers it (a user name of the office's
# staff), the answer and when. Rows are never deleted; withdrawn ones stay in the register.
complaints = sa.Table(
    "complaints",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("desk", sa.String(60)),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id")),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("entered_by", sa.String(80)),  # None: filed by the visitor (ticket page, survey)
    sa.Column("assignee", sa.String(80)),
    sa.Column("answer", sa.Text),
    sa.Column("answered_at", UTCDateTime),
    sa.Column("closed_by", sa.String(80)),
    sa.Index("ix_complaints_office_received", "office", "received_at"),
    sa.Index("ix_complaints_status_due", "status", "due"),
    sa.Index("ix_complaints_ticket", "ticket_id"),
)

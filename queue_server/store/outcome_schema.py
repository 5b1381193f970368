"""The outcomes of requests (docs/deadlines.md), part of `schema.metadata` (version 17)."""

from __future__ import annotations

import sqlalchemy as sa

from .schema import metadata
from .types import UTCDateTime

# The day a request's result was ready (the decision made, the document issued), one row per step of a
# visit: `step` is the index of the step in the ticket's steps (0 for a visit of one service) and
# `service` its service, kept so that reports need not read the steps' JSON. `source` is "desk" (recorded
# by staff) or "import" (a CSV of the registers or the case system). A different date later replaces
# the row's and the change is written in the audit log (docs/deadlines.md).
request_outcomes = sa.Table(
    "request_outcomes",
    metadata,
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), primary_key=True),
    sa.Column("step", sa.Integer, primary_key=True),
    sa.Column("service", sa.String(60), nullable=False),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("outcome_date", sa.Date, nullable=False),
    sa.Column("recorded_by", sa.String(80), nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Column("source", sa.String(10), nullable=False),
    sa.Index("ix_request_outcomes_office", "office"),
)

"""A visitor's call for help at a kiosk (docs/kiosk.md), part of `schema.metadata` (version 19)."""

from __future__ import annotations

import sqlalchemy as sa

from .schema import metadata
from .types import UTCDateTime

# One row per call: open until a member of staff says they are going (`handled_at`, `handled_by`).
help_requests = sa.Table(
    "help_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("kiosk", sa.String(80), nullable=False),
    sa.Column("asked_at", UTCDateTime, nullable=False),
    sa.Column("handled_at", UTCDateTime, nullable=True),
    sa.Column("handled_by", sa.String(80), nullable=True),
    sa.Index("ix_help_requests_office_open", "office", "handled_at"),
)

"""The tables of office nodes (docs/nodes.md), part of `schema.metadata` (version 15)."""

from __future__ import annotations

import sqlalchemy as sa

from .schema import metadata
from .types import UTCDateTime

# Office nodes (docs/nodes.md), version 15. At the centre: the offices a node has adopted, the range of
# ticket ids each node numbers in, and what it has sent (the cursors of its append-only rows; its last
# contact and the events it says are waiting). A released office keeps its row (and its range, for the
# next adoption); `device_id` is then NULL.
office_nodes = sa.Table(
    "office_nodes",
    metadata,
    sa.Column("office", sa.String(40), primary_key=True),
    sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id")),
    sa.Column("address", sa.String(300), nullable=False, server_default=""),  # where the office's devices find the node
    sa.Column("tickets_from", sa.Integer, nullable=False, unique=True),
    sa.Column("adopted_at", UTCDateTime, nullable=False),
    sa.Column("adopted_by", sa.String(80), nullable=False),
    sa.Column("released_at", UTCDateTime),
    sa.Column("released_by", sa.String(80)),
    sa.Column("last_contact_at", UTCDateTime),
    sa.Column("waiting", sa.Integer, nullable=False, server_default="0"),  # events the node has not sent, as it said last
    sa.Column("audit_log_cursor", sa.Integer, nullable=False, server_default="0"),  # the node's last audit entry received
    sa.Column("turned_away_cursor", sa.Integer, nullable=False, server_default="0"),
)

# At a node: its one office, the centre it reports to and its token, its range of ticket ids, and how far
# the sync has come. No row: this database is not a node.
node_link = sa.Table(
    "node_link",
    metadata,
    sa.Column("office", sa.String(40), primary_key=True),
    sa.Column("centre", sa.String(300), nullable=False),
    sa.Column("token", sa.String(100), nullable=False),
    sa.Column("tickets_from", sa.Integer, nullable=False),
    sa.Column("tickets_to", sa.Integer, nullable=False),
    sa.Column("paired_at", UTCDateTime, nullable=False),
    sa.Column("sent_seq", sa.Integer, nullable=False, server_default="0"),  # the last seq the centre holds
    sa.Column("audit_log_sent", sa.Integer, nullable=False, server_default="0"),
    sa.Column("turned_away_sent", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_sent_at", UTCDateTime),
    sa.Column("last_received_at", UTCDateTime),
    sa.Column("last_error", sa.String(300)),
    sa.Column("received", sa.JSON),  # the hash of each kind of the centre's data last applied here
)

# At a node: the rows changed since the centre last took them (filled by triggers, store/node_changes.py).
# AUTOINCREMENT: an id is never given twice, so "forget the keys up to N" never forgets a newer one.
node_changes = sa.Table(
    "node_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("tbl", sa.String(40), nullable=False),
    sa.Column("key", sa.JSON, nullable=False),
    sqlite_autoincrement=True,
)

"""The tables, described once with SQLAlchemy Core for SQLite and PostgreSQL alike.

Offices, services and desks are not tables: they live in the configuration
files and are validated as a whole at start. The database holds what happens
during the day — tickets, desk states, the outbox of events — and the
accounts. Every row names its office, so an office's live queue depends on
no other office's data.
"""

from __future__ import annotations

import sqlalchemy as sa

from .types import UTCDateTime

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)

tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("token", sa.String(64), nullable=False, unique=True),
    sa.Column("number", sa.String(16), nullable=False),
    sa.Column("prefix", sa.String(4), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("service", sa.String(60), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("priority", sa.String(40)),
    sa.Column("lang", sa.String(5), nullable=False, server_default="uk"),
    sa.Column("issued_at", UTCDateTime, nullable=False),
    sa.Column("called_at", UTCDateTime),
    sa.Column("started_at", UTCDateTime),
    sa.Column("finished_at", UTCDateTime),
    sa.Column("desk", sa.String(60)),
    sa.Column("target_desk", sa.String(60)),
    sa.Column("held_by", sa.String(60)),
    sa.Column("recalls", sa.Integer, nullable=False, server_default="0"),
    sa.Column("transfers", sa.Integer, nullable=False, server_default="0"),
    sa.Column("note", sa.String(500)),
    sa.Column("appointment_at", UTCDateTime),
    sa.Column("served_by", sa.String(60)),
    sa.Column("issued_by", sa.String(80), nullable=False),
    sa.Column("idempotency_key", sa.String(100)),
    sa.Column("remote", sa.Boolean, nullable=False, server_default=sa.false()),  # taken from a phone
    sa.Column("arrived_at", UTCDateTime),  # a remote ticket's arrival, confirmed at the kiosk or the door
    sa.Column("steps", sa.JSON),  # a visit of several services: its steps (store/ticket_steps.py); NULL for one
    sa.Column("step", sa.Integer, nullable=False, server_default="0"),  # the index of the current step
    sa.Column("package", sa.String(60)),  # the life-situation package the visit was issued for
    sa.Column("paper", sa.Boolean, nullable=False, server_default=sa.false()),  # a number of the paper roll, typed at a desk
    sa.Column("issued_at_estimated", sa.Boolean, nullable=False, server_default=sa.false()),  # issued_at is an estimate
    sa.UniqueConstraint("office", "day", "prefix", "sequence", name="uq_ticket_number"),
    sa.UniqueConstraint("office", "issued_by", "idempotency_key", name="uq_ticket_idempotency"),
    sa.Index("ix_tickets_office_status", "office", "status"),
    sa.Index("ix_tickets_desk_called", "desk", "called_at"),
    sa.Index("ix_tickets_office_issued", "office", "issued_at"),  # reports: an office's tickets of a period
)

# Call-next's candidates (store/tickets.call_candidates, version 14): the callable waiting tickets of an
# office, split in two partial indexes. The plain ones (one step, no package, no appointment, not sent to a
# desk, not remote) are ordered by (service, priority category, time of issue), so the first of each group is
# one seek; the others are few and read whole. The conditions are SQL text written once here and in the
# query alike: SQLite uses a partial index only where the query's terms are the index's own, word for word.
# A category's code is never empty, so coalesce(priority, '') keeps "no category" a group of its own.
CALLABLE_WAITING = "status = 'waiting' AND held_by IS NULL"
PLAIN_TICKET = (
    "coalesce(CAST(steps AS TEXT), 'null') = 'null' AND package IS NULL AND appointment_at IS NULL"
    " AND target_desk IS NULL AND NOT remote"
)
_PLAIN_WAITING = sa.text(f"{CALLABLE_WAITING} AND {PLAIN_TICKET}")
_OTHER_WAITING = sa.text(f"{CALLABLE_WAITING} AND NOT ({PLAIN_TICKET})")
sa.Index(
    "ix_tickets_waiting_plain",
    tickets.c.office, tickets.c.service, sa.func.coalesce(tickets.c.priority, sa.literal_column("''")), tickets.c.issued_at, tickets.c.id,
    sqlite_where=_PLAIN_WAITING, postgresql_where=_PLAIN_WAITING,
)  # fmt: skip
# (office, status, held_by): the equalities the query has, so SQLite prefers it to (office, status) without statistics
sa.Index("ix_tickets_waiting_other", tickets.c.office, tickets.c.status, tickets.c.held_by, sqlite_where=_OTHER_WAITING, postgresql_where=_OTHER_WAITING)

ticket_counters = sa.Table(
    "ticket_counters",
    metadata,
    sa.Column("office", sa.String(40), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("prefix", sa.String(4), primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)

desk_states = sa.Table(
    "desk_states",
    metadata,
    sa.Column("desk", sa.String(60), primary_key=True),
    sa.Column("office", sa.String(40), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("operator", sa.String(60)),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id")),
    sa.Column("reason", sa.String(200)),
    sa.Column("since", UTCDateTime),
)

office_sequences = sa.Table(
    "office_sequences",
    metadata,
    sa.Column("office", sa.String(40), primary_key=True),
    sa.Column("last_seq", sa.Integer, nullable=False),
    # version 15: who else writes the office's queue: NULL, this database; at the centre, the name of the
    # office node that adopted it; at a node, `centre` once released (store/outbox.lock_office refuses)
    sa.Column("writer", sa.String(100)),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("office", sa.String(40), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
)

ratings = sa.Table(
    "ratings",
    metadata,
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), primary_key=True),
    sa.Column("office", sa.String(40), nullable=False, index=True),
    sa.Column("service", sa.String(60), nullable=False),
    sa.Column("desk", sa.String(60)),
    sa.Column("served_by", sa.String(60)),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("comment", sa.String(1000)),
    sa.Column("rated_at", UTCDateTime, nullable=False),
    # version 18, the national questionnaire (domain/survey.py); NULL in the ratings given before it
    sa.Column("recommend", sa.Integer),  # «would you recommend us», 0–10
    sa.Column("reasons", sa.String(200)),  # the reasons' codes, space-separated in the list's order
    sa.Column("channel", sa.String(16)),  # ticket_page or desk_qr
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(60), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

user_offices = sa.Table(
    "user_offices",
    metadata,
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("office", sa.String(40), primary_key=True),
)

staff_tokens = sa.Table(
    "staff_tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime),
)

devices = sa.Table(
    "devices",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime),
    sa.Column("last_seen_at", UTCDateTime),  # its token last used (at most once a minute is written)
    # a name belongs to one *active* device: a revoked kiosk's name is free for its new token
    sa.Index(
        "uq_device_active_name",
        "office",
        "kind",
        "name",
        unique=True,
        sqlite_where=sa.text("revoked_at IS NULL"),
        postgresql_where=sa.text("revoked_at IS NULL"),
    ),
)

print_jobs = sa.Table(
    "print_jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("kiosk", sa.String(100), nullable=False),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False, unique=True),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason", sa.String(300)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("done_at", UTCDateTime),
    sa.Index("ix_print_jobs_kiosk_status", "office", "kiosk", "status"),
)

# Every staff action, as it happened: who, what, where, from which address.
# Rows are only ever added: the database refuses UPDATE and DELETE on this
# table (triggers made by the migration and by `create_audit_guards`).
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),  # user:NAME or device:ID, or the name tried at a failed login
    sa.Column("role", sa.String(20)),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("office", sa.String(40)),
    sa.Column("desk", sa.String(60)),
    sa.Column("ticket", sa.Integer),
    sa.Column("ticket_number", sa.String(16)),
    sa.Column("details", sa.JSON),
    sa.Column("address", sa.String(64)),
    sa.Index("ix_audit_office_at", "office", "at"),
)

# Login attempts, for the rate limit per address and the lockout per account.
login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(80), nullable=False),
    sa.Column("address", sa.String(64)),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Index("ix_login_attempts_username_at", "username", "at"),
    sa.Index("ix_login_attempts_address_at", "address", "at"),
)

# A supervisor's change of the services a desk serves today; it wins over
# the desk's configured profile until removed (or the office's day closes).
desk_services = sa.Table(
    "desk_services",
    metadata,
    sa.Column("desk", sa.String(60), primary_key=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("weights", sa.JSON, nullable=False),  # {service: weight}
    sa.Column("changed_by", sa.String(80), nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
)

# Messages to visitors, written in the transaction of what they tell (a
# booking, a ticket) and sent after its commit by the delivery loop
# (commands/messages.py). A row holds the recipient's phone or e-mail only
# until the message is done and its retention has passed.
message_outbox = sa.Table(
    "message_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("template", sa.String(40), nullable=False),
    sa.Column("lang", sa.String(5), nullable=False),
    sa.Column("phone", sa.String(20)),
    sa.Column("email", sa.String(254)),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("text", sa.String(1000), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # pending, sent, failed, expired, skipped
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("queued_at", UTCDateTime, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),  # not before; a claimed message's lease end
    sa.Column("expires_at", UTCDateTime, nullable=False),  # its useful life's end: dropped, never sent late
    sa.Column("channel", sa.String(8)),  # the channel of its last attempt
    sa.Column("reason", sa.String(300)),  # why the last attempt did not send it
    sa.Column("done_at", UTCDateTime),
    sa.Index("ix_message_outbox_due", "status", "next_attempt_at"),
)


air_raids = sa.Table(
    "air_raids",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("started_by", sa.String(80), nullable=False),
    sa.Column("ended_at", UTCDateTime),
    sa.Column("ended_by", sa.String(80)),
    sa.Index("ix_air_raids_office_started", "office", "started_at"),
)

paper_modes = sa.Table(
    "paper_modes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("started_by", sa.String(80), nullable=False),
    sa.Column("ended_at", UTCDateTime),
    sa.Column("ended_by", sa.String(80)),
    sa.Index("ix_paper_modes_office_started", "office", "started_at"),
)
service_caps_today = sa.Table(  # a supervisor's caps of one day for a service at an office (commands/caps.py)
    "service_caps_today",
    metadata,
    sa.Column("office", sa.String(40), primary_key=True),
    sa.Column("service", sa.String(60), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("daily_cap", sa.Integer),  # NULL: no daily cap today
    sa.Column("hourly_cap", sa.Integer),  # NULL: no hourly cap today
    sa.Column("changed_by", sa.String(80), nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
)
turned_away = sa.Table(  # one visitor refused a ticket, and why (a cap, the cut-off, …): reports count them
    "turned_away",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("service", sa.String(60), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("reason", sa.String(40), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index("ix_turned_away_office_day", "office", "day"),
)


# What visitors arrange from afar — bookings, their closures and lifted blocks, remote tickets — and the
# office nodes' tables (version 15) are described in modules of their own; imported here so that
# `metadata` holds every table wherever the schema is used.
from . import booking_schema, node_schema  # noqa: E402

appointments = booking_schema.appointments
remote_tickets = booking_schema.remote_tickets
remote_keys = booking_schema.remote_keys
booking_closures = booking_schema.booking_closures
booking_block_lifts = booking_schema.booking_block_lifts

node_changes = node_schema.node_changes
node_link = node_schema.node_link
office_nodes = node_schema.office_nodes

# The register of complaints (version 16), beside its own code as well.
from . import complaint_schema  # noqa: E402

complaints = complaint_schema.complaints

# The outcomes of requests (version 17), beside their own code like the nodes' tables.
from . import outcome_schema  # noqa: E402

request_outcomes = outcome_schema.request_outcomes

# A visitor's call for help at a kiosk (version 19), beside its own code as well.
from . import help_schema  # noqa: E402

help_requests = help_schema.help_requests

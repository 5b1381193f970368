"""The tables of what visitors arrange from afar: bookings, the office's closures of them and lifted
no-show blocks (docs/booking.md), and remote tickets (docs/remote-tickets.md); part of `schema.metadata`."""

from __future__ import annotations

import sqlalchemy as sa

from .schema import metadata
from .types import UTCDateTime

# Bookings of a time at an office (pre-registration). The least personal data
# needed: the name as given, the phone normalised (+380…), and `person`, a keyed
# hash of the phone that the per-person limits count on without reading the
# phone itself. A code is typed at the kiosk, so it is unique among the live
# (`booked`) bookings only and may come back once a booking is over.
appointments = sa.Table(
    "appointments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("service", sa.String(60), nullable=False),
    sa.Column("start", UTCDateTime, nullable=False),
    sa.Column("code", sa.String(8), nullable=False),
    sa.Column("token", sa.String(64), nullable=False, unique=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("phone", sa.String(20), nullable=False),
    sa.Column("person", sa.String(64), nullable=False),
    sa.Column("booked_at", UTCDateTime, nullable=False),
    sa.Column("booked_by", sa.String(80), nullable=False),  # `public`, or the staff member or device that booked
    sa.Column("cancelled_at", UTCDateTime),
    sa.Column("checked_in_at", UTCDateTime),
    sa.Column("checked_in_by", sa.String(80)),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id")),
    sa.Column("missed_at", UTCDateTime),
    # version 9: the visitor's language (for a message sent later: a cancellation by the office), and the
    # reminder queued in the message outbox, withdrawn when the booking is cancelled
    sa.Column("lang", sa.String(5), nullable=False, server_default="uk"),
    sa.Column("reminder_id", sa.Integer),
    sa.Index("ix_appointments_slot", "office", "service", "start"),
    sa.Index("ix_appointments_person", "person", "booked_at"),
    sa.Index(
        "uq_appointments_live_code",
        "code",
        unique=True,
        sqlite_where=sa.text("status = 'booked'"),
        postgresql_where=sa.text("status = 'booked'"),
    ),
)


# A remote ticket's own facts, beside its row in `tickets`: the code typed at
# the kiosk, a keyed hash of the phone (one live ticket per phone), the phone
# itself only until the "your turn is near" message is queued, and when that
# was (its grace to arrive counts from then).
remote_tickets = sa.Table(
    "remote_tickets",
    metadata,
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), primary_key=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("service", sa.String(60), nullable=False),
    sa.Column("code", sa.String(12), nullable=False),
    sa.Column("phone_key", sa.String(64), nullable=False),
    sa.Column("phone", sa.String(20)),
    sa.Column("link", sa.String(300), nullable=False),  # the ticket's page, as the message names it
    sa.Column("told_near_at", UTCDateTime),
    sa.UniqueConstraint("office", "day", "code", name="uq_remote_ticket_code"),
    sa.Index("ix_remote_tickets_office_day_service", "office", "day", "service"),
    sa.Index("ix_remote_tickets_phone_key", "phone_key"),
)

# Keys the server keeps for remote tickets: `phone` (the key of the phones'
# hashes) and `door:OFFICE` (the key printed in an office's door QR code).
remote_keys = sa.Table(
    "remote_keys",
    metadata,
    sa.Column("name", sa.String(60), primary_key=True),
    sa.Column("value", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)


# A supervisor's closure of an office's bookings (version 9): the whole office (`desk` NULL) or one desk,
# over [start, end). The slots leave out what a closure covers; the bookings of slots that no longer
# exist were cancelled when it was made. Withdrawn closures stay, for the record.
booking_closures = sa.Table(
    "booking_closures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("desk", sa.String(60)),
    sa.Column("start", UTCDateTime, nullable=False),
    sa.Column("end", UTCDateTime, nullable=False),
    sa.Column("reason", sa.String(200), nullable=False, server_default=""),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("created_by", sa.String(80), nullable=False),
    sa.Column("withdrawn_at", UTCDateTime),
    sa.Index("ix_booking_closures_office", "office", "end"),
)


# A supervisor's lift of a person's no-show block (version 9): only the misses after the newest lift count.
booking_block_lifts = sa.Table(
    "booking_block_lifts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("person", sa.String(64), nullable=False),
    sa.Column("office", sa.String(40), nullable=False),
    sa.Column("lifted_at", UTCDateTime, nullable=False),
    sa.Column("lifted_by", sa.String(80), nullable=False),
    sa.Index("ix_booking_block_lifts_person", "person", "lifted_at"),
)

"""The outbox of messages to visitors: queued in a command's transaction, claimed and settled by the delivery loop.

A message is claimed by moving its `next_attempt_at` a lease ahead, in a
short transaction of its own; the sending happens outside any transaction,
and a second short one settles it. A server that dies while sending leaves
the message to be tried again when the lease ends; two server processes
never claim the same message (the claim's UPDATE checks the time it read).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from .schema import message_outbox

REASON_LENGTH = 300


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of attempts
    EXPIRED = "expired"  # its useful life ended before it could be sent
    SKIPPED = "skipped"  # no sender is configured for its recipient


@dataclass(frozen=True)
class QueuedMessage:
    id: int
    office: str
    template: str
    lang: str
    phone: str | None
    email: str | None
    subject: str
    text: str
    status: MessageStatus
    attempts: int
    queued_at: dt.datetime
    next_attempt_at: dt.datetime
    expires_at: dt.datetime
    channel: str | None
    reason: str | None
    done_at: dt.datetime | None


def _message(row: Any) -> QueuedMessage:
    return QueuedMessage(
        id=row.id,
        office=row.office,
        template=row.template,
        lang=row.lang,
        phone=row.phone,
        email=row.email,
        subject=row.subject,
        text=row.text,
        status=MessageStatus(row.status),
        attempts=row.attempts,
        queued_at=row.queued_at,
        next_attempt_at=row.next_attempt_at,
        expires_at=row.expires_at,
        channel=row.channel,
        reason=row.reason,
        done_at=row.done_at,
    )


def add(
    conn: sa.Connection,
    *,
    office: str,
    template: str,
    lang: str,
    phone: str | None,
    email: str | None,
    subject: str,
    text: str,
    now: dt.datetime,
    send_at: dt.datetime,
    expires_at: dt.datetime,
) -> int:
    inserted = conn.execute(
        message_outbox.insert().values(
            office=office,
            template=template,
            lang=lang,
            phone=phone,
            email=email,
            subject=subject,
            text=text,
            status=MessageStatus.PENDING.value,
            attempts=0,
            queued_at=now,
            next_attempt_at=send_at,
            expires_at=expires_at,
        )
    )
    key = inserted.inserted_primary_key
    assert key is not None  # an INSERT of one row
    return int(key[0])


def by_id(conn: sa.Connection, message_id: int) -> QueuedMessage | None:
    row = conn.execute(sa.select(message_outbox).where(message_outbox.c.id == message_id)).first()
    return _message(row) if row else None


def all_messages(conn: sa.Connection) -> list[QueuedMessage]:
    """Every message kept, oldest first (for the CLI and the tests)."""
    return [_message(row) for row in conn.execute(sa.select(message_outbox).order_by(message_outbox.c.id))]


def expire_overdue(conn: sa.Connection, now: dt.datetime) -> int:
    """Drop the pending messages whose useful life has ended: a late "your turn is near" only misleads."""
    pending = message_outbox.c.status == MessageStatus.PENDING.value
    return conn.execute(
        message_outbox.update()
        .where(pending & (message_outbox.c.expires_at <= now))
        .values(status=MessageStatus.EXPIRED.value, done_at=now, reason="its useful life ended before it could be sent")
    ).rowcount


def withdraw(conn: sa.Connection, message_id: int, now: dt.datetime, reason: str) -> bool:
    """Drop a pending message that is no longer true (a reminder of a cancelled booking); whether it was pending."""
    pending = message_outbox.c.status == MessageStatus.PENDING.value
    dropped = conn.execute(
        message_outbox.update()
        .where(pending & (message_outbox.c.id == message_id))
        .values(status=MessageStatus.EXPIRED.value, done_at=now, reason=reason[:REASON_LENGTH])
    ).rowcount
    return bool(dropped)


def claim_due(conn: sa.Connection, now: dt.datetime, *, limit: int, lease: dt.timedelta) -> list[QueuedMessage]:
    """The due messages, oldest first, each held for `lease` against another process's claim."""
    due = conn.execute(
        sa.select(message_outbox)
        .where((message_outbox.c.status == MessageStatus.PENDING.value) & (message_outbox.c.next_attempt_at <= now))
        .order_by(message_outbox.c.next_attempt_at, message_outbox.c.id)
        .limit(limit)
    ).all()
    claimed = []
    for row in due:
        taken = conn.execute(
            message_outbox.update()
            .where(
                (message_outbox.c.id == row.id)
                & (message_outbox.c.status == MessageStatus.PENDING.value)
                & (message_outbox.c.next_attempt_at == row.next_attempt_at)
            )
            .values(next_attempt_at=now + lease)
        ).rowcount
        if taken:
            claimed.append(_message(row))
    return claimed


def settle(
    conn: sa.Connection,
    message_id: int,
    *,
    status: MessageStatus,
    attempts: int,
    channel: str | None,
    reason: str | None,
    now: dt.datetime,
    next_attempt_at: dt.datetime | None = None,
) -> None:
    """Write how an attempt went: done (sent, failed, skipped), or pending again until `next_attempt_at`."""
    values: dict[str, Any] = {
        "status": status.value,
        "attempts": attempts,
        "channel": channel,
        "reason": reason[:REASON_LENGTH] if reason else None,
    }
    if status is MessageStatus.PENDING:
        if next_attempt_at is None:
            raise ValueError("a message pending again needs the time of its next attempt")
        values["next_attempt_at"] = next_attempt_at
    else:
        values["done_at"] = now
    conn.execute(
        message_outbox.update()
        .where((message_outbox.c.id == message_id) & (message_outbox.c.status == MessageStatus.PENDING.value))
        .values(**values)
    )


def prune(conn: sa.Connection, before: dt.datetime) -> int:
    """Forget messages done before `before`: their phones and addresses are kept no longer than needed."""
    return conn.execute(
        message_outbox.delete().where((message_outbox.c.status != MessageStatus.PENDING.value) & (message_outbox.c.done_at < before))
    ).rowcount

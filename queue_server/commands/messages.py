"""Messages to visitors: queued in the transaction of what they tell, sent after its commit.

`queue_message` only writes a row of the message outbox, in the caller's
transaction: a booking rolled back takes its confirmation with it, and no
request ever waits for a mail server or an SMS gateway. The delivery loop
(`MessageDelivery.round`, started with the server) claims the due messages in
a short transaction, sends them outside any transaction, and settles each in
another: sent, tried again later with a growing wait, failed for good, or
skipped when no sender is configured. A message past its useful life ("your
turn is near" after 30 minutes) is dropped, never sent late.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, fields

from ..messaging.message import Delivery, MessageValues, Outcome, Outgoing, Recipient, Template
from ..messaging.retry import retry_delay
from ..messaging.senders import Senders
from ..messaging.texts import render
from ..store import messages as outbox
from ..store.messages import MessageStatus, QueuedMessage
from .context import CommandContext, Transaction

log = logging.getLogger(__name__)

BATCH = 20  # messages claimed by one round; a round with more due goes on at once
ROUNDS_AT_ONCE = 10  # at most this many batches before the loop pauses
LEASE = dt.timedelta(minutes=2)  # longer than any sender's timeout: a claim outlives its sending
PRUNE_EVERY = dt.timedelta(hours=1)

SETTLED_AS = {
    Outcome.SENT: MessageStatus.SENT,
    Outcome.FAILED: MessageStatus.FAILED,
    Outcome.SKIPPED: MessageStatus.SKIPPED,
}


def queue_message(
    tx: Transaction,
    *,
    to: Recipient,
    template: Template,
    values: MessageValues,
    lang: str,
    send_at: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
) -> int:
    """Put a message in the outbox, in the caller's transaction; returns its id.

    `send_at` holds it until then (a reminder the day before); it is dropped
    once the template's useful life after that has passed, or at
    `expires_at` if that comes first (a reminder is useless after the
    booking's start). The text is rendered now, so a value the template
    needs and the caller left out fails the caller's transaction, not a
    delivery hours later.
    """
    text = render(template, values, lang)
    start = max(send_at or tx.now, tx.now)
    end = start + template.useful_life
    if expires_at is not None:
        end = min(end, expires_at)
    return outbox.add(
        tx.connection,
        office=values.office.code,
        template=template.value,
        lang=text.lang,
        phone=to.phone,
        email=to.email,
        subject=text.subject,
        text=text.body,
        now=tx.now,
        send_at=start,
        expires_at=end,
    )


@dataclass
class RoundReport:
    """What one round did, by outcome (the expired ones were dropped before sending)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    expired: int = 0
    claimed: int = 0

    def count(self, outcome: Outcome) -> None:
        name = {Outcome.SENT: "sent", Outcome.RETRY: "retried", Outcome.FAILED: "failed", Outcome.SKIPPED: "skipped"}[outcome]
        setattr(self, name, getattr(self, name) + 1)

    def add(self, other: RoundReport) -> None:
        for counter in fields(self):
            setattr(self, counter.name, getattr(self, counter.name) + getattr(other, counter.name))


def _attempt(senders: Senders, message: QueuedMessage) -> tuple[str | None, Delivery]:
    """Send one message by its recipient's channel; a sender that raises is a retry, not a stopped loop."""
    channel = None
    try:
        chosen, address, sender = senders.pick(Recipient(phone=message.phone, email=message.email))
        channel = chosen.value
        outgoing = Outgoing(
            key=f"cherga-message-{message.id}",
            channel=chosen,
            address=address,
            subject=message.subject,
            text=message.text,
            lang=message.lang,
        )
        return channel, sender.send(outgoing)
    except Exception as error:
        log.exception("sending message %d failed", message.id)
        return channel, Delivery.retry(f"sending failed: {error!r}")


def _settle(ctx: CommandContext, message: QueuedMessage, channel: str | None, delivery: Delivery, max_attempts: int) -> Outcome:
    attempts = message.attempts + (0 if delivery.outcome is Outcome.SKIPPED else 1)
    outcome = delivery.outcome
    reason = delivery.reason or None
    if outcome is Outcome.RETRY and attempts >= max_attempts:
        outcome, reason = Outcome.FAILED, f"no success in {attempts} attempts; the last: {delivery.reason}"
    with ctx.transaction() as tx:
        if outcome is Outcome.RETRY:
            outbox.settle(
                tx.connection,
                message.id,
                status=MessageStatus.PENDING,
                attempts=attempts,
                channel=channel,
                reason=reason,
                now=tx.now,
                next_attempt_at=tx.now + retry_delay(attempts),
            )
        else:
            outbox.settle(tx.connection, message.id, status=SETTLED_AS[outcome], attempts=attempts, channel=channel, reason=reason, now=tx.now)
    if outcome is Outcome.FAILED:
        log.warning("message %d (%s) failed: %s", message.id, message.template, reason)
    return outcome


def deliver_due_messages(ctx: CommandContext, senders: Senders, *, max_attempts: int, batch: int = BATCH) -> RoundReport:
    """One round: drop the expired, claim up to `batch` due messages, send each, settle each."""
    report = RoundReport()
    with ctx.transaction() as tx:
        report.expired = outbox.expire_overdue(tx.connection, tx.now)
        due = outbox.claim_due(tx.connection, tx.now, limit=batch, lease=LEASE)
    report.claimed = len(due)
    for message in due:
        channel, delivery = _attempt(senders, message)
        report.count(_settle(ctx, message, channel, delivery, max_attempts))
    return report


def prune_messages(ctx: CommandContext, retention: dt.timedelta) -> int:
    with ctx.transaction() as tx:
        return outbox.prune(tx.connection, tx.now - retention)


@dataclass
class MessageDelivery:
    """The server's delivery of the outbox, one `round` at a time (the loop calls it every few seconds)."""

    ctx: CommandContext
    senders: Senders
    max_attempts: int
    retention: dt.timedelta
    batch: int = BATCH
    last_prune: dt.datetime | None = field(default=None, init=False)

    def round(self) -> RoundReport:
        """Prune hourly, then deliver batch after batch while a whole batch was due (up to ROUNDS_AT_ONCE)."""
        now = self.ctx.clock()
        if self.last_prune is None or now - self.last_prune >= PRUNE_EVERY:
            removed = prune_messages(self.ctx, self.retention)
            self.last_prune = now
            if removed:
                log.info("forgot %d messages to visitors past their retention", removed)
        total = RoundReport()
        for _ in range(ROUNDS_AT_ONCE):
            report = deliver_due_messages(self.ctx, self.senders, max_attempts=self.max_attempts, batch=self.batch)
            total.add(report)
            if report.claimed < self.batch:
                break
        return total

"""The message outbox: queued in the caller's transaction, delivered after its commit with retries and back-off."""

from __future__ import annotations

import datetime as dt

import pytest

from message_fakes import SmsGateway, booking_values, ticket_values
from queue_server.commands.context import CommandContext
from queue_server.commands.messages import MessageDelivery, deliver_due_messages, queue_message
from queue_server.messaging.loop import run_forever
from queue_server.messaging.message import Channel, Delivery, Outgoing, Recipient, Template
from queue_server.messaging.retry import retry_delay
from queue_server.messaging.senders import Senders
from queue_server.messaging.sms_gateway import BodyTemplate, SmsGatewayConfig, SmsGatewaySender
from queue_server.store import messages as outbox
from queue_server.store.messages import MessageStatus, QueuedMessage

PHONE = Recipient(phone="067 123 45 67")


class ScriptedSender:
    """A sender that answers from a script and keeps what it was given (the real ones are tested against fakes)."""

    configured = True

    def __init__(self, *answers: Delivery | Exception) -> None:
        self.answers = list(answers)
        self.sent: list[Outgoing] = []

    def describe(self) -> str:
        return "scripted"

    def send(self, message: Outgoing) -> Delivery:
        self.sent.append(message)
        answer = self.answers.pop(0) if self.answers else Delivery.sent()
        if isinstance(answer, Exception):
            raise answer
        return answer


def queue(ctx: CommandContext, template: Template = Template.BOOKING_CONFIRMED, to: Recipient = PHONE, **options: object) -> int:
    values = ticket_values() if template is Template.TURN_NEAR else booking_values()
    with ctx.transaction() as tx:
        return queue_message(tx, to=to, template=template, values=values, lang="uk", **options)  # type: ignore[arg-type]


def messages(ctx: CommandContext) -> list[QueuedMessage]:
    with ctx.reading() as conn:
        return outbox.all_messages(conn)


def deliver(ctx: CommandContext, sms: object = None, email: object = None, max_attempts: int = 5) -> object:
    senders = Senders(**{name: sender for name, sender in (("sms", sms), ("email", email)) if sender is not None})  # type: ignore[arg-type]
    return deliver_due_messages(ctx, senders, max_attempts=max_attempts)


def test_a_queued_message_waits_in_the_outbox_rendered(ctx, clock) -> None:
    queue(ctx)
    (message,) = messages(ctx)
    assert (message.status, message.phone, message.office, message.lang) == (MessageStatus.PENDING, "+380671234567", "alpha", "uk")
    assert message.text.startswith("Ви записані: Послуга passport, Альфа, 25.11.2026 о 09:30")
    assert message.expires_at == clock.now + Template.BOOKING_CONFIRMED.useful_life


def test_a_rolled_back_transaction_sends_nothing(ctx) -> None:
    with pytest.raises(RuntimeError), ctx.transaction() as tx:
        queue_message(tx, to=PHONE, template=Template.BOOKING_CONFIRMED, values=booking_values(), lang="uk")
        raise RuntimeError("the booking failed after its message was queued")
    sms = ScriptedSender()
    deliver(ctx, sms)
    assert messages(ctx) == [] and sms.sent == []


def test_a_missing_value_fails_the_caller_s_transaction_not_a_delivery_later(ctx) -> None:
    with pytest.raises(ValueError, match="code"), ctx.transaction() as tx:
        queue_message(tx, to=PHONE, template=Template.BOOKING_CONFIRMED, values=booking_values(code=None), lang="uk")
    assert messages(ctx) == []


def test_a_due_message_is_sent_after_the_commit_and_marked_sent(ctx, clock) -> None:
    message_id = queue(ctx)
    sms = ScriptedSender()
    report = deliver(ctx, sms)
    (sent,) = sms.sent
    assert (sent.channel, sent.address, sent.key) == (Channel.SMS, "+380671234567", f"cherga-message-{message_id}")
    (message,) = messages(ctx)
    assert (message.status, message.attempts, message.channel, message.done_at) == (MessageStatus.SENT, 1, "sms", clock.now)
    assert report.sent == 1  # type: ignore[attr-defined]
    deliver(ctx, sms)
    assert len(sms.sent) == 1  # never twice


def test_a_retry_waits_longer_each_time_then_the_message_fails(ctx, clock) -> None:
    queue(ctx)
    sms = ScriptedSender(*[Delivery.retry("gateway busy")] * 3)
    deliver(ctx, sms, max_attempts=3)
    (message,) = messages(ctx)
    assert (message.status, message.attempts, message.reason) == (MessageStatus.PENDING, 1, "gateway busy")
    assert message.next_attempt_at == clock.now + retry_delay(1) == clock.now + dt.timedelta(seconds=30)
    deliver(ctx, sms, max_attempts=3)
    assert len(sms.sent) == 1  # not due yet
    clock.advance(minutes=0.5)
    deliver(ctx, sms, max_attempts=3)
    assert messages(ctx)[0].next_attempt_at == clock.now + dt.timedelta(minutes=1)
    clock.advance(minutes=1)
    deliver(ctx, sms, max_attempts=3)
    (message,) = messages(ctx)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    assert message.reason is not None and "3 attempts" in message.reason and "gateway busy" in message.reason


def test_a_message_refused_for_good_is_not_tried_again(ctx, clock) -> None:
    queue(ctx)
    sms = ScriptedSender(Delivery.failed("400 number blocked"))
    deliver(ctx, sms)
    clock.advance(minutes=60)
    deliver(ctx, sms)
    assert len(sms.sent) == 1 and messages(ctx)[0].status is MessageStatus.FAILED


def test_your_turn_is_near_is_dropped_after_30_minutes_not_sent_late(ctx, clock) -> None:
    queue(ctx, Template.TURN_NEAR)
    deliver(ctx, ScriptedSender(Delivery.retry("gateway down")))
    clock.advance(minutes=31)
    sms = ScriptedSender()
    report = deliver(ctx, sms)
    assert sms.sent == [] and report.expired == 1  # type: ignore[attr-defined]
    assert messages(ctx)[0].status is MessageStatus.EXPIRED


def test_a_reminder_waits_for_its_time_and_is_useless_after_the_booking(ctx, clock) -> None:
    evening = clock.now + dt.timedelta(hours=10)
    queue(ctx, Template.BOOKING_REMINDER, send_at=evening, expires_at=evening + dt.timedelta(hours=2))
    sms = ScriptedSender()
    deliver(ctx, sms)
    assert sms.sent == []
    clock.now = evening
    deliver(ctx, sms)
    assert len(sms.sent) == 1
    queue(ctx, Template.BOOKING_REMINDER, send_at=evening, expires_at=evening + dt.timedelta(hours=2))
    clock.now = evening + dt.timedelta(hours=2)
    deliver(ctx, sms)
    assert len(sms.sent) == 1 and messages(ctx)[1].status is MessageStatus.EXPIRED


def test_without_a_configured_sender_a_message_is_skipped_and_nothing_errors(ctx) -> None:
    queue(ctx)
    queue(ctx, to=Recipient(email="olena@example.org"))
    report = deliver(ctx)
    assert [message.status for message in messages(ctx)] == [MessageStatus.SKIPPED, MessageStatus.SKIPPED]
    assert report.skipped == 2 and messages(ctx)[0].attempts == 0  # type: ignore[attr-defined]


def test_sms_goes_first_and_e_mail_serves_when_sms_is_not_configured(ctx) -> None:
    both = Recipient(phone="0671234567", email="olena@example.org")
    queue(ctx, to=both)
    sms, email = ScriptedSender(), ScriptedSender()
    deliver(ctx, sms, email)
    queue(ctx, to=both)
    deliver(ctx, None, email)
    assert [m.channel for m in sms.sent] == [Channel.SMS] and [m.address for m in email.sent] == ["olena@example.org"]
    assert email.sent[0].subject == "Запис на 25.11.2026 о 09:30: код K7M4Q"


def test_a_sender_that_raises_is_a_retry_and_the_others_still_go(ctx) -> None:
    queue(ctx)
    queue(ctx)
    sms = ScriptedSender(RuntimeError("bug in a gateway library"))
    report = deliver(ctx, sms)
    first, second = messages(ctx)
    assert first.status is MessageStatus.PENDING and "bug in a gateway library" in (first.reason or "")
    assert second.status is MessageStatus.SENT
    assert (report.retried, report.sent) == (1, 1)  # type: ignore[attr-defined]


def test_a_claimed_message_is_not_claimed_again_while_it_is_being_sent(ctx, clock) -> None:
    queue(ctx)
    with ctx.transaction() as tx:
        assert len(outbox.claim_due(tx.connection, tx.now, limit=10, lease=dt.timedelta(minutes=2))) == 1
    sms = ScriptedSender()
    deliver(ctx, sms)
    assert sms.sent == []
    clock.advance(minutes=2)  # the sending server died: after the lease another round takes it
    deliver(ctx, sms)
    assert len(sms.sent) == 1


def test_the_loop_survives_a_round_that_raises() -> None:
    rounds: list[int] = []
    pauses: list[float] = []

    def deliver_round() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 2:
            raise RuntimeError("database busy")

    run_forever(deliver_round, interval=5, sleep=pauses.append, running=lambda: len(rounds) < 4)
    assert rounds == [0, 1, 2, 3] and pauses == [5, 5, 5, 5]


def test_a_round_takes_batch_after_batch_and_forgets_old_messages(ctx, clock) -> None:
    for _ in range(5):
        queue(ctx)
    sms = ScriptedSender()
    delivery = MessageDelivery(ctx, Senders(sms=sms), max_attempts=3, retention=dt.timedelta(days=30), batch=2)
    assert delivery.round().sent == 5
    clock.advance(minutes=60 * 24 * 31)
    queue(ctx)
    delivery.round()
    assert [message.status for message in messages(ctx)] == [MessageStatus.SENT]  # the old five are forgotten


def test_end_to_end_through_the_local_sms_gateway(ctx, clock, sms_gateway: SmsGateway) -> None:
    """A booking's confirmation and a remote ticket's call, through the real gateway: 500, then 200; 400 fails."""
    sms_gateway.answers = [500, 400]
    queue(ctx)
    queue(ctx, Template.TURN_NEAR, to=Recipient(phone="+380501112233"))
    gateway = SmsGatewaySender(SmsGatewayConfig(url=sms_gateway.url, body=BodyTemplate.parse('{"phone": "{phone}", "text": "{text}"}')))
    delivery = MessageDelivery(ctx, Senders(sms=gateway), max_attempts=5, retention=dt.timedelta(days=30))
    delivery.round()
    assert [m.status for m in messages(ctx)] == [MessageStatus.PENDING, MessageStatus.FAILED]
    clock.advance(minutes=1)
    delivery.round()
    assert [m.status for m in messages(ctx)] == [MessageStatus.SENT, MessageStatus.FAILED]
    assert [request.body["phone"] for request in sms_gateway.received] == ["+380671234567", "+380501112233", "+380671234567"]
    assert sms_gateway.received[-1].body["text"] == messages(ctx)[0].text


def test_a_row_no_sender_could_use_is_a_retry_not_a_stopped_round(ctx, clock) -> None:
    """A phone written into the table by hand (not through a Recipient) fails its attempt, and the round goes on."""
    with ctx.transaction() as tx:
        outbox.add(tx.connection, office="alpha", template="turn_near", lang="uk", phone="not a phone", email=None, subject="s", text="t",
                   now=tx.now, send_at=tx.now, expires_at=tx.now + dt.timedelta(minutes=30))
    queue(ctx)
    sms = ScriptedSender()
    report = deliver(ctx, sms)
    broken, fine = messages(ctx)
    assert broken.status is MessageStatus.PENDING and "not a phone" in (broken.reason or "")
    assert fine.status is MessageStatus.SENT and (report.retried, report.sent) == (1, 1)  # type: ignore[attr-defined]

"""The settings choose the senders; the composition root hands them to the delivery, and the log names them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from message_fakes import MailServer, SmsGateway, booking_values
from queue_server import create_app
from queue_server.commands.messages import MessageDelivery, queue_message
from queue_server.messaging.configured import configured_senders
from queue_server.messaging.message import Recipient, Template
from queue_server.messaging.senders import NullSender
from queue_server.messaging.sms_gateway import SmsGatewaySender
from queue_server.messaging.smtp import SmtpSender
from queue_server.settings import MessageSettings, Settings
from queue_server.store import messages as outbox
from queue_server.store.messages import MessageStatus


def test_nothing_configured_means_the_null_senders() -> None:
    senders = configured_senders(MessageSettings())
    assert isinstance(senders.email, NullSender) and isinstance(senders.sms, NullSender)
    assert not senders.any_configured
    assert senders.describe() == "messages to visitors: e-mail none; SMS none"


def test_an_smtp_host_and_a_gateway_url_configure_their_senders() -> None:
    settings = MessageSettings(smtp_host="mail.kr.gov.ua", smtp_from="noreply@viza.kr.gov.ua", sms_url="https://sms.kr.gov.ua/send").validated()
    senders = configured_senders(settings)
    assert isinstance(senders.email, SmtpSender) and isinstance(senders.sms, SmsGatewaySender)
    assert senders.describe() == (
        "messages to visitors: e-mail by SMTP mail.kr.gov.ua:587 (starttls); SMS by the HTTP gateway https://sms.kr.gov.ua/send"
    )


def test_the_server_s_delivery_sends_by_the_configured_senders(
    settings: Settings, network, clock, mail_server: MailServer, sms_gateway: SmsGateway
) -> None:
    messages = MessageSettings(
        smtp_host="127.0.0.1", smtp_port=mail_server.port, smtp_security="plain", smtp_from="noreply@viza.example.org", sms_url=sms_gateway.url
    )
    app = create_app(replace(settings, messages=messages.validated()), clock=clock, network=network)
    try:
        delivery: MessageDelivery = app.extensions["cherga.messages"]
        ctx = app.extensions["cherga"]
        with ctx.transaction() as tx:
            queue_message(tx, to=Recipient(email="olena@example.org"), template=Template.BOOKING_CONFIRMED, values=booking_values(), lang="en")
            queue_message(tx, to=Recipient(phone="0671234567"), template=Template.BOOKING_CONFIRMED, values=booking_values(), lang="uk")
        assert delivery.round().sent == 2
        assert mail_server.mails[0].message["Subject"] == "Your booking on 25.11.2026 at 09:30: code K7M4Q"
        assert sms_gateway.received[0].body["phone"] == "+380671234567"
        with ctx.reading() as conn:
            assert {message.status for message in outbox.all_messages(conn)} == {MessageStatus.SENT}
        assert delivery.retention == dt.timedelta(days=30)
    finally:
        ctx.engine.dispose()

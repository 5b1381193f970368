"""The senders a deployment's settings configure: e-mail if an SMTP host is set, SMS if a gateway's URL is."""

from __future__ import annotations

from ..settings import MessageSettings
from .message import Channel
from .senders import NullSender, Sender, Senders
from .sms_gateway import BodyTemplate, SmsGatewayConfig, SmsGatewaySender
from .smtp import SmtpConfig, SmtpSender


def configured_senders(settings: MessageSettings) -> Senders:
    email: Sender = NullSender(Channel.EMAIL)
    sms: Sender = NullSender(Channel.SMS)
    if settings.smtp_host is not None and settings.smtp_from is not None:
        email = SmtpSender(
            SmtpConfig(
                host=settings.smtp_host,
                sender=settings.smtp_from,
                security=settings.smtp_security,
                port=settings.smtp_port,
                user=settings.smtp_user,
                password=settings.smtp_password,
                timeout_seconds=settings.smtp_timeout_seconds,
                ca_file=settings.smtp_ca_file,
            )
        )
    if settings.sms_url is not None:
        sms = SmsGatewaySender(
            SmsGatewayConfig(
                url=settings.sms_url,
                body=BodyTemplate.parse(settings.sms_body),
                token_header=settings.sms_token_header,
                token=settings.sms_token,
                timeout_seconds=settings.sms_timeout_seconds,
            )
        )
    return Senders(email=email, sms=sms)
